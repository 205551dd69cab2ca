//! Synthetic draft pairs with known ground truth, for the benchmarks and the accuracy test.
//!
//! A pair is an old draft of `provisions` legal-sounding provisions and a new draft made
//! from it by the edits the performance issue names: a few words reworded in some
//! provisions, some removed, some added, some moved far away, and every provision numbered
//! by its new position (so everything after the first removal is renumbered). The truth
//! says what became of each provision. Everything is deterministic for a given seed: the
//! random numbers come from a hand-written SplitMix64, and the vocabulary from a fixed seed.

use std::fmt::Write;

/// What to generate. The rates are shares of the old draft's provisions.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    pub provisions: usize,
    pub seed: u64,
    pub reword: f64,
    pub remove: f64,
    pub add: f64,
    pub moved: f64,
}

impl SynthOptions {
    /// The edit rates of the performance issue: 5% reworded, 2% removed, 2% added, 3% moved.
    pub fn new(provisions: usize, seed: u64) -> Self {
        SynthOptions {
            provisions,
            seed,
            reword: 0.05,
            remove: 0.02,
            add: 0.02,
            moved: 0.03,
        }
    }
}

/// What became of one provision, per the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TruthKind {
    Unchanged,
    Reworded,
    Moved,
    Removed,
    Added,
}

impl TruthKind {
    pub fn name(self) -> &'static str {
        match self {
            TruthKind::Unchanged => "unchanged",
            TruthKind::Reworded => "reworded",
            TruthKind::Moved => "moved",
            TruthKind::Removed => "removed",
            TruthKind::Added => "added",
        }
    }
}

/// One line of the ground truth: an old id, a new id, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthPair {
    pub old: Option<String>,
    pub new: Option<String>,
    pub kind: TruthKind,
}

/// A generated pair of drafts with its ground truth.
#[derive(Debug, Clone)]
pub struct SynthPair {
    /// The drafts as YAML.
    pub old_yaml: String,
    pub new_yaml: String,
    /// The same texts as plain paragraphs, for `git diff --word-diff`.
    pub old_text: String,
    pub new_text: String,
    /// In old order, then the added provisions in new order.
    pub truth: Vec<TruthPair>,
}

impl SynthPair {
    /// The truth as JSON: `{"pairs": [{"old": "1", "new": "1", "kind": "unchanged"}, ...]}`.
    pub fn truth_json(&self) -> String {
        let mut out = String::from("{\n  \"pairs\": [\n");
        for (i, t) in self.truth.iter().enumerate() {
            let id = |s: &Option<String>| s.as_ref().map_or("null".into(), |s| format!("{s:?}"));
            let _ = write!(
                out,
                "    {{\"old\": {}, \"new\": {}, \"kind\": \"{}\"}}",
                id(&t.old),
                id(&t.new),
                t.kind.name()
            );
            out.push_str(if i + 1 < self.truth.len() {
                ",\n"
            } else {
                "\n"
            });
        }
        out.push_str("  ]\n}\n");
        out
    }
}

/// Pair precision and recall of an alignment against the truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub truth_pairs: usize,
    pub predicted_pairs: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
}

/// Scores predicted `(old id, new id)` pairs against the truth's pairs (removed and added
/// provisions are not pairs). A split or merge predicts one pair per old and new member.
pub fn score(truth: &[TruthPair], predicted: &[(String, String)]) -> Score {
    let expected: std::collections::HashSet<(&str, &str)> = truth
        .iter()
        .filter_map(|t| Some((t.old.as_deref()?, t.new.as_deref()?)))
        .collect();
    let predicted: std::collections::HashSet<(&str, &str)> = predicted
        .iter()
        .map(|(o, n)| (o.as_str(), n.as_str()))
        .collect();
    let correct = predicted.intersection(&expected).count();
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Score {
        truth_pairs: expected.len(),
        predicted_pairs: predicted.len(),
        correct,
        precision: ratio(correct, predicted.len()),
        recall: ratio(correct, expected.len()),
    }
}

/// Reads the `pairs` of a truth file written by [`SynthPair::truth_json`].
pub fn parse_truth(json: &str) -> Option<Vec<TruthPair>> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    value
        .get("pairs")?
        .as_array()?
        .iter()
        .map(|p| {
            let id = |key: &str| p.get(key).and_then(|v| v.as_str()).map(str::to_string);
            let kind = match p.get("kind")?.as_str()? {
                "unchanged" => TruthKind::Unchanged,
                "reworded" => TruthKind::Reworded,
                "moved" => TruthKind::Moved,
                "removed" => TruthKind::Removed,
                "added" => TruthKind::Added,
                _ => return None,
            };
            Some(TruthPair {
                old: id("old"),
                new: id("new"),
                kind,
            })
        })
        .collect()
}

/// The `(old id, new id)` pairs a JSON report makes: every old id of a change with every
/// new id of it.
pub fn report_pairs(report_json: &str) -> Option<Vec<(String, String)>> {
    let value: serde_json::Value = serde_json::from_str(report_json).ok()?;
    let ids = |c: &serde_json::Value, key: &str| -> Vec<String> {
        c.get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for c in value.get("changes")?.as_array()? {
        let (old, new) = (ids(c, "old_ids"), ids(c, "new_ids"));
        for o in &old {
            for n in &new {
                out.push((o.clone(), n.clone()));
            }
        }
    }
    Some(out)
}

/// SplitMix64: tiny, fast, and good enough for test data (not for anything secret).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`); the modulo bias is irrelevant at these sizes.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// The most frequent words of legal drafting, most frequent first; the generated words of
/// [`Vocabulary`] follow them in the Zipf ranking.
const COMMON: &str = "\
    the of and to shall in a or any by be for this parties party such with on as agreement \
    which not that its all other is under may provided from article each at state states \
    within an provisions accordance paragraph measures including where without their have \
    has been take necessary appropriate authority authorities referred relevant subject \
    respect concerned competent information period date entry force treaty commission \
    council member implementation obligations rights procedure notify request decision \
    committee applicable law national public security territory cooperation application \
    purposes means case following than no between into those these there upon after before \
    against ensure basis terms conditions set out annex protocol convention government \
    governments signatory ratification amendment dispute settlement arbitration tribunal \
    court jurisdiction person persons natural legal entity entities goods services trade \
    customs duties tariff origin certificate compliance review report reports year years \
    days months thereof herein hereby pursuant notwithstanding unless otherwise agreed \
    consent written notice paragraphs subparagraph section chapter title part schedule \
    effect effective termination withdrawal suspension obligation liable liability damages \
    compensation fund funds financial contribution budget costs expenses personnel forces \
    military civilian border boundary line zone area region regional international \
    organisation organization united nations secretary general depositary text language \
    languages authentic equally done signed witness whereof";

/// Consonant and vowel pieces for generated words: enough combinations that words of six
/// characters (the matching stem) stay mostly distinct.
const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "pr",
    "tr", "st", "br", "gr", "sh", "ch", "th",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ea", "ou"];
const CODAS: &[&str] = &["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st"];
const SUFFIXES: &[&str] = &[
    "", "", "", "", "", "", "ation", "ment", "ity", "ance", "ive", "al", "ous", "ing", "ed", "ory",
    "ure", "ion",
];

/// Words ranked by frequency, sampled with probability proportional to `1 / rank^1.05`.
struct Vocabulary {
    words: Vec<String>,
    /// Cumulative weights, ascending, for sampling by binary search.
    cumulative: Vec<f64>,
}

/// Generated words after the common ones: a large legal text uses tens of thousands.
const VOCABULARY_SIZE: usize = 40_000;
const ZIPF_EXPONENT: f64 = 1.05;

impl Vocabulary {
    fn new() -> Self {
        // A fixed seed: the vocabulary is the same whatever the pair's seed.
        let mut rng = Rng::new(0x5eed_0f1a_0077);
        let mut words: Vec<String> = COMMON.split_whitespace().map(str::to_string).collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < VOCABULARY_SIZE {
            let syllables = if rng.below(3) == 0 { 3 } else { 2 };
            let mut word = String::new();
            for _ in 0..syllables {
                word.push_str(ONSETS[rng.below(ONSETS.len())]);
                word.push_str(VOWELS[rng.below(VOWELS.len())]);
                word.push_str(CODAS[rng.below(CODAS.len())]);
            }
            word.push_str(SUFFIXES[rng.below(SUFFIXES.len())]);
            if word.len() >= 4 && seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|rank| {
                total += 1.0 / ((rank + 1) as f64).powf(ZIPF_EXPONENT);
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let target = rng.unit() * total;
        let i = self.cumulative.partition_point(|&c| c < target);
        &self.words[i.min(self.words.len() - 1)]
    }

    /// A word from the less common part of the ranking, for titles.
    fn sample_rare(&self, rng: &mut Rng) -> &str {
        let lo = COMMON.split_whitespace().count();
        &self.words[lo + rng.below(self.words.len() - lo)]
    }
}

/// One generated provision.
#[derive(Debug, Clone)]
struct SynthProvision {
    title: String,
    text: String,
}

/// Generates a pair of drafts and its truth. Deterministic for the same options.
pub fn generate(options: &SynthOptions) -> SynthPair {
    let vocabulary = Vocabulary::new();
    let mut rng = Rng::new(options.seed);
    let n = options.provisions;
    let old: Vec<SynthProvision> = (0..n)
        .map(|_| provision(&vocabulary, &mut rng, n))
        .collect();

    let (new, truth) = evolve(&old, options, &vocabulary, &mut rng);
    SynthPair {
        old_yaml: yaml("old", options, &old),
        new_yaml: yaml("new", options, &new),
        old_text: plain(&old),
        new_text: plain(&new),
        truth,
    }
}

/// A document's successive versions: the first generated as the old side of a pair, each
/// next one made from the one before by the same edits (`versions` YAML files, dated a
/// day apart from 2025-01-01, labelled `v001`, `v002`, ...). For the pipeline benchmarks.
pub fn series(options: &SynthOptions, versions: usize) -> Vec<String> {
    let vocabulary = Vocabulary::new();
    let mut rng = Rng::new(options.seed);
    let n = options.provisions;
    let mut current: Vec<SynthProvision> = (0..n)
        .map(|_| provision(&vocabulary, &mut rng, n))
        .collect();
    let mut out = Vec::with_capacity(versions);
    for k in 0..versions {
        if k > 0 {
            current = evolve(&current, options, &vocabulary, &mut rng).0;
        }
        let version = format!("v{:03}", k + 1);
        let mut text = yaml(&version, options, &current);
        let date = day_after_new_year(k);
        text = text.replacen(
            "provisions:\n",
            &format!("date: \"{date}\"\nprovisions:\n"),
            1,
        );
        out.push(text);
    }
    out
}

/// `2025-01-01` plus `days` days, as `YYYY-MM-DD` (a proleptic Gregorian count, enough for
/// a benchmark's few hundred versions).
fn day_after_new_year(days: usize) -> String {
    let mut year = 2025;
    let mut day = days;
    loop {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let length = if leap { 366 } else { 365 };
        if day < length {
            let months = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            let mut month = 0;
            while day >= months[month] {
                day -= months[month];
                month += 1;
            }
            return format!("{year}-{:02}-{:02}", month + 1, day + 1);
        }
        day -= length;
        year += 1;
    }
}

/// The next version of `old` by the edits of `options`, and what became of each provision.
fn evolve(
    old: &[SynthProvision],
    options: &SynthOptions,
    vocabulary: &Vocabulary,
    rng: &mut Rng,
) -> (Vec<SynthProvision>, Vec<TruthPair>) {
    let n = old.len();
    // Pick disjoint sets of provisions for each edit, with exact counts.
    let count = |rate: f64| ((n as f64) * rate).round() as usize;
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut fate = vec![TruthKind::Unchanged; n];
    let mut k = 0;
    for (kind, rate) in [
        (TruthKind::Removed, options.remove),
        (TruthKind::Reworded, options.reword),
        (TruthKind::Moved, options.moved),
    ] {
        for &i in order.iter().skip(k).take(count(rate)) {
            fate[i] = kind;
        }
        k += count(rate);
    }

    // The new order: the provisions that stay in place, then the moved ones and the added
    // ones each inserted at a random position. `None` marks an added provision.
    let mut new_order: Vec<Option<usize>> = (0..n)
        .filter(|&i| !matches!(fate[i], TruthKind::Removed | TruthKind::Moved))
        .map(Some)
        .collect();
    for i in (0..n).filter(|&i| fate[i] == TruthKind::Moved) {
        let at = rng.below(new_order.len() + 1);
        new_order.insert(at, Some(i));
    }
    let mut added = Vec::new();
    for _ in 0..count(options.add) {
        let at = rng.below(new_order.len() + 1);
        new_order.insert(at, None);
        added.push(provision(vocabulary, rng, n));
    }

    let mut new: Vec<SynthProvision> = Vec::with_capacity(new_order.len());
    let mut new_id_of_old: Vec<Option<usize>> = vec![None; n];
    let mut added_ids = Vec::new();
    let mut added_iter = added.into_iter();
    for (position, slot) in new_order.iter().enumerate() {
        match *slot {
            Some(i) => {
                new_id_of_old[i] = Some(position + 1);
                let mut p = old[i].clone();
                if fate[i] == TruthKind::Reworded {
                    p.text = reword(&p.text, vocabulary, rng);
                }
                new.push(p);
            }
            None => {
                added_ids.push(position + 1);
                new.push(added_iter.next().unwrap_or_else(|| SynthProvision {
                    title: String::new(),
                    text: String::new(),
                }));
            }
        }
    }

    let mut truth: Vec<TruthPair> = (0..n)
        .map(|i| TruthPair {
            old: Some((i + 1).to_string()),
            new: new_id_of_old[i].map(|id| id.to_string()),
            kind: fate[i],
        })
        .collect();
    truth.extend(added_ids.into_iter().map(|id| TruthPair {
        old: None,
        new: Some(id.to_string()),
        kind: TruthKind::Added,
    }));

    (new, truth)
}

/// A provision of two to five sentences with an occasional number or cross-reference.
fn provision(vocabulary: &Vocabulary, rng: &mut Rng, provisions: usize) -> SynthProvision {
    let title_words = rng.range(1, 3);
    let title = capitalise(
        &(0..title_words)
            .map(|_| vocabulary.sample_rare(rng))
            .collect::<Vec<_>>()
            .join(" "),
    );
    let sentences = rng.range(2, 5);
    let mut text = String::new();
    for s in 0..sentences {
        if s > 0 {
            text.push(' ');
        }
        let words = rng.range(6, 18);
        let mut sentence = String::new();
        for w in 0..words {
            if w > 0 {
                sentence.push(' ');
            }
            match rng.below(40) {
                0 => {
                    let _ = write!(sentence, "Article {}", 1 + rng.below(provisions.max(1)));
                }
                1 => {
                    let _ = write!(sentence, "{} days", 5 * rng.range(1, 40));
                }
                2 => {
                    let _ = write!(sentence, "{},000", rng.range(1, 999));
                }
                _ => sentence.push_str(vocabulary.sample(rng)),
            }
            if w + 1 < words && rng.below(12) == 0 {
                sentence.push(',');
            }
        }
        text.push_str(&capitalise(&sentence));
        text.push(if rng.below(8) == 0 { ';' } else { '.' });
    }
    SynthProvision { title, text }
}

/// Changes one to three words: mostly replacements, sometimes an insertion or deletion.
fn reword(text: &str, vocabulary: &Vocabulary, rng: &mut Rng) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
    for _ in 0..rng.range(1, 3) {
        let i = rng.below(words.len());
        // Keep the punctuation that ends a word where it was.
        let tail: String = words[i]
            .chars()
            .rev()
            .take_while(|c| matches!(c, ',' | '.' | ';'))
            .collect();
        let replacement = format!("{}{tail}", vocabulary.sample_rare(rng));
        match rng.below(6) {
            0 if words.len() > 8 && tail.is_empty() => {
                words.remove(i);
            }
            1 => words.insert(i, vocabulary.sample_rare(rng).to_string()),
            _ => words[i] = replacement,
        }
    }
    words.join(" ")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The draft as YAML, texts as literal blocks wrapped near 88 columns as an editor would.
fn yaml(version: &str, options: &SynthOptions, provisions: &[SynthProvision]) -> String {
    let mut out = String::with_capacity(provisions.len() * 450);
    let _ = writeln!(out, "# Synthetic draft written by `draftdiff synth`.");
    let _ = writeln!(out, "document: \"synthetic\"");
    let _ = writeln!(out, "version: \"{version}\"");
    let _ = writeln!(
        out,
        "title: \"Synthetic draft of {} provisions (seed {})\"",
        options.provisions, options.seed
    );
    let _ = writeln!(out, "provisions:");
    for (i, p) in provisions.iter().enumerate() {
        let _ = writeln!(out, "  - id: \"{}\"", i + 1);
        let _ = writeln!(out, "    title: \"{}\"", p.title);
        let _ = writeln!(out, "    text: |-");
        let mut line_len = 0;
        for word in p.text.split(' ') {
            if line_len == 0 {
                out.push_str("      ");
            } else if line_len + 1 + word.len() > 88 {
                out.push_str("\n      ");
                line_len = 0;
            } else {
                out.push(' ');
                line_len += 1;
            }
            out.push_str(word);
            line_len += word.len();
        }
        out.push('\n');
    }
    out
}

/// The draft as plain paragraphs: a heading line and a text line each, a blank line between.
fn plain(provisions: &[SynthProvision]) -> String {
    let mut out = String::with_capacity(provisions.len() * 420);
    for (i, p) in provisions.iter().enumerate() {
        let _ = write!(out, "{}. {}\n{}\n\n", i + 1, p.title, p.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_counts_match_the_rates() {
        let a = generate(&SynthOptions::new(500, 7));
        let b = generate(&SynthOptions::new(500, 7));
        assert_eq!(a.old_yaml, b.old_yaml);
        assert_eq!(a.new_yaml, b.new_yaml);
        assert_eq!(a.truth, b.truth);
        assert_ne!(a.old_yaml, generate(&SynthOptions::new(500, 8)).old_yaml);
        let count = |k: TruthKind| a.truth.iter().filter(|t| t.kind == k).count();
        assert_eq!(count(TruthKind::Removed), 10);
        assert_eq!(count(TruthKind::Added), 10);
        assert_eq!(count(TruthKind::Reworded), 25);
        assert_eq!(count(TruthKind::Moved), 15);
        assert_eq!(a.truth.len(), 510);
    }

    #[test]
    fn drafts_load_and_truth_round_trips() {
        let pair = generate(&SynthOptions::new(200, 1));
        let defaults = crate::load::PathDefaults::default();
        let old = crate::load::load_bytes(pair.old_yaml.as_bytes(), "old", &defaults).unwrap();
        let new = crate::load::load_bytes(pair.new_yaml.as_bytes(), "new", &defaults).unwrap();
        assert_eq!(old.provisions.len(), 200);
        assert_eq!(new.provisions.len(), 200);
        assert_eq!(parse_truth(&pair.truth_json()).unwrap(), pair.truth);
    }

    #[test]
    fn scoring() {
        let truth = vec![
            TruthPair {
                old: Some("1".into()),
                new: Some("1".into()),
                kind: TruthKind::Unchanged,
            },
            TruthPair {
                old: Some("2".into()),
                new: None,
                kind: TruthKind::Removed,
            },
            TruthPair {
                old: Some("3".into()),
                new: Some("2".into()),
                kind: TruthKind::Reworded,
            },
        ];
        let predicted = vec![("1".into(), "1".into()), ("2".into(), "2".into())];
        let s = score(&truth, &predicted);
        assert_eq!((s.correct, s.truth_pairs, s.predicted_pairs), (1, 2, 2));
        assert_eq!((s.precision, s.recall), (0.5, 0.5));
    }
}
