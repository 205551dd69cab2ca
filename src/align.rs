//! Alignment: deciding, for every provision of the old and new versions, what became of it.
//!
//! The id printed in a draft is a hint, never the key: drafters renumber everything after a
//! deletion, and the same number can hold a different provision in the next version. We
//! match by content and use ids, titles and order as supporting evidence:
//!
//! 1. identical texts are paired first (in order, preferring the same id); the longest
//!    in-order chain of them is the skeleton that the other evidence is measured against;
//! 2. every other old provision gets a handful of candidates from an inverted index over
//!    rare words (near-linear: common words are not indexed), plus the new provision with
//!    the same id and the ones in the same gap of the skeleton;
//! 3. candidates are scored by IDF-weighted word overlap, plus small bonuses for the same
//!    id, the same title and a consistent position, and paired greedily, best first, above
//!    a threshold that an unrelated pair of texts does not reach;
//! 4. what is left is checked for splits (one old provision whose words went into several
//!    new ones) and merges (the reverse), by containment rather than overlap;
//! 5. pairs off the longest in-order chain are `moved`; pairs with different ids are
//!    `renumbered`.
//!
//! `docs/alignment.md` walks through the tricky cases and why each threshold is where it is.

use std::collections::HashMap;

use crate::model::Provision;
use crate::text::match_words;

/// What became of a group of provisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Unchanged,
    Changed,
    Added,
    Removed,
    Split,
    Merged,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::Removed,
        ChangeKind::Added,
        ChangeKind::Changed,
        ChangeKind::Split,
        ChangeKind::Merged,
        ChangeKind::Unchanged,
    ];

    /// The stable snake_case name used in JSON and reports.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Unchanged => "unchanged",
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Split => "split",
            ChangeKind::Merged => "merged",
        }
    }
}

/// One entry of an alignment: indexes into the old and new provision lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: ChangeKind,
    /// Indexes into the old draft's provisions, ascending.
    pub old: Vec<usize>,
    /// Indexes into the new draft's provisions, ascending.
    pub new: Vec<usize>,
    /// 0..=1: how much of the text the two sides share (see `docs/alignment.md`).
    pub similarity: f64,
    pub renumbered: bool,
    pub moved: bool,
}

/// Every provision of both versions appears in exactly one link. Links are in reading
/// order of the new version, with removed provisions where they stood in the old one.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub links: Vec<Link>,
}

/// Thresholds, named so that `docs/alignment.md` can explain them.
mod threshold {
    /// Weighted overlap at which two provisions are the same provision reworded, with no
    /// other evidence. Unrelated provisions of one document rarely pass 0.2 once common
    /// words are discounted by IDF; a heavy rewording of the same provision stays above 0.4.
    pub const PAIR: f64 = 0.45;
    /// The lowest overlap that evidence (same id, same title, same place) can lift to a pair.
    pub const PAIR_WITH_EVIDENCE: f64 = 0.25;
    /// Worth of each piece of evidence.
    pub const BONUS: f64 = 0.1;
    /// A part of a split (or merge) must take at least this share of its words from the
    /// whole, so a new provision that merely quotes a phrase is not called a part.
    pub const PART_CONTAINMENT: f64 = 0.45;
    /// A part that stands next to another part of the same group needs less.
    pub const ADJACENT_PART_CONTAINMENT: f64 = 0.35;
    /// All the parts together must cover this share of the whole...
    pub const GROUP_COVERAGE: f64 = 0.6;
    /// ...and the extra parts must add at least this much coverage to the main part.
    pub const GROUP_GAIN: f64 = 0.15;
    /// Candidates kept per old provision from the word index.
    pub const CANDIDATES: usize = 8;
}

/// A provision as a weighted bag of words.
struct Bag {
    /// (word id, count), sorted by word id.
    words: Vec<(u32, u32)>,
    /// Σ count × idf.
    weight: f64,
}

struct Corpus {
    old: Vec<Bag>,
    new: Vec<Bag>,
    idf: Vec<f64>,
}

impl Corpus {
    fn build(old: &[Provision], new: &[Provision]) -> Corpus {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut raw = |provisions: &[Provision]| -> Vec<Vec<(u32, u32)>> {
            provisions
                .iter()
                .map(|p| {
                    let title = p.title.as_deref().unwrap_or("");
                    let mut words: Vec<u32> = match_words(&p.text)
                        .into_iter()
                        .chain(match_words(title))
                        .map(match_key)
                        .map(|w| {
                            let next = ids.len() as u32;
                            *ids.entry(w).or_insert(next)
                        })
                        .collect();
                    words.sort_unstable();
                    let mut bag: Vec<(u32, u32)> = Vec::new();
                    for w in words {
                        match bag.last_mut() {
                            Some((last, count)) if *last == w => *count += 1,
                            _ => bag.push((w, 1)),
                        }
                    }
                    if df.len() < ids.len() {
                        df.resize(ids.len(), 0);
                    }
                    for &(w, _) in &bag {
                        df[w as usize] += 1;
                    }
                    bag
                })
                .collect()
        };
        let old_raw = raw(old);
        let new_raw = raw(new);
        let n = (old.len() + new.len()) as f64;
        let idf: Vec<f64> = df.iter().map(|&d| (1.0 + n / d as f64).ln()).collect();
        let bag = |words: Vec<(u32, u32)>| {
            let weight = words.iter().map(|&(w, c)| c as f64 * idf[w as usize]).sum();
            Bag { words, weight }
        };
        Corpus {
            old: old_raw.into_iter().map(bag).collect(),
            new: new_raw.into_iter().map(bag).collect(),
            idf,
        }
    }

    /// Σ min(count) × idf over the words two bags share.
    fn shared(&self, a: &Bag, b: &Bag) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < a.words.len() && j < b.words.len() {
            let (wa, ca) = a.words[i];
            let (wb, cb) = b.words[j];
            match wa.cmp(&wb) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += ca.min(cb) as f64 * self.idf[wa as usize];
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// Weighted Dice overlap of old `o` and new `n`, in 0..=1.
    fn similarity(&self, o: usize, n: usize) -> f64 {
        let (a, b) = (&self.old[o], &self.new[n]);
        let total = a.weight + b.weight;
        if total == 0.0 {
            return 0.0;
        }
        2.0 * self.shared(a, b) / total
    }

    /// Share of `whole`'s weight covered by the union of `parts` (counts added up).
    fn coverage(&self, whole: &Bag, parts: &[&Bag]) -> f64 {
        if whole.weight == 0.0 {
            return 0.0;
        }
        let mut merged: HashMap<u32, u32> = HashMap::new();
        for part in parts {
            for &(w, c) in &part.words {
                *merged.entry(w).or_insert(0) += c;
            }
        }
        let covered: f64 = whole
            .words
            .iter()
            .map(|&(w, c)| c.min(*merged.get(&w).unwrap_or(&0)) as f64 * self.idf[w as usize])
            .sum();
        covered / whole.weight
    }

    /// Share of `part`'s weight that also occurs in `whole`.
    fn containment(&self, part: &Bag, whole: &Bag) -> f64 {
        if part.weight == 0.0 {
            return 0.0;
        }
        self.shared(part, whole) / part.weight
    }
}

/// The form of a word used for matching: words are cut to their first six characters, a
/// crude but language-agnostic stemmer that makes "guarantee", "guarantees" and
/// "guaranteed" one word while keeping most distinct words apart. Numbers stay whole:
/// 600,000 and 800,000 must not look alike.
fn match_key(word: String) -> String {
    if word.chars().any(|c| c.is_ascii_digit()) || word.chars().count() <= STEM_CHARS {
        word
    } else {
        word.chars().take(STEM_CHARS).collect()
    }
}

const STEM_CHARS: usize = 6;

/// Aligns two versions' provisions. Never fails; deterministic for the same input.
pub fn align(old: &[Provision], new: &[Provision]) -> Alignment {
    let corpus = Corpus::build(old, new);
    let mut old_to: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_to: Vec<Option<usize>> = vec![None; new.len()];

    pair_identical(old, new, &mut old_to, &mut new_to);
    let skeleton = in_order_chain(&old_to);
    pair_by_content(old, new, &corpus, &skeleton, &mut old_to, &mut new_to);
    // A second pass with every pair made so far as the skeleton lets a heavily reworded
    // provision that sits alone between two paired ones be recognised by its place.
    let skeleton = in_order_chain(&old_to);
    pair_by_content(old, new, &corpus, &skeleton, &mut old_to, &mut new_to);

    let groups = find_groups(&corpus, &mut old_to, &mut new_to);
    build_links(old, new, &corpus, &old_to, &new_to, groups)
}

/// Pairs provisions with identical text (and title). Among several copies of one text,
/// copies with the same id pair first, then the rest in order.
fn pair_identical(
    old: &[Provision],
    new: &[Provision],
    old_to: &mut [Option<usize>],
    new_to: &mut [Option<usize>],
) {
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in new.iter().enumerate() {
        by_text.entry(p.text.as_str()).or_default().push(i);
    }
    let mut olds_by_text: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, p) in old.iter().enumerate() {
        if by_text.contains_key(p.text.as_str()) {
            let slot = *index.entry(p.text.as_str()).or_insert_with(|| {
                olds_by_text.push((p.text.as_str(), Vec::new()));
                olds_by_text.len() - 1
            });
            olds_by_text[slot].1.push(i);
        }
    }
    for (text, olds) in olds_by_text {
        let news = &by_text[text];
        // The copies under each id, first last so that `pop` hands them out in order: each
        // copy is under one id, so none is offered twice, and a text repeated 100,000
        // times costs 100,000 steps rather than a scan of every copy for every copy.
        let mut news_by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        for &n in news.iter().rev() {
            news_by_id.entry(new[n].id.as_str()).or_default().push(n);
        }
        for &o in &olds {
            if let Some(n) = news_by_id.get_mut(old[o].id.as_str()).and_then(Vec::pop) {
                old_to[o] = Some(n);
                new_to[n] = Some(o);
            }
        }
        let free: Vec<usize> = news
            .iter()
            .copied()
            .filter(|&n| new_to[n].is_none())
            .collect();
        let waiting: Vec<usize> = olds
            .iter()
            .copied()
            .filter(|&o| old_to[o].is_none())
            .collect();
        for (o, n) in waiting.into_iter().zip(free) {
            old_to[o] = Some(n);
            new_to[n] = Some(o);
        }
    }
}

/// The longest chain of pairs that is in order in both versions (pairs as `old → new`),
/// returned as `(old, new)` sorted by old index. Ties resolve to the earliest pairs, so the
/// result is deterministic.
fn in_order_chain(old_to: &[Option<usize>]) -> Vec<(usize, usize)> {
    let pairs: Vec<(usize, usize)> = old_to
        .iter()
        .enumerate()
        .filter_map(|(o, n)| n.map(|n| (o, n)))
        .collect();
    let keep = longest_increasing(&pairs.iter().map(|&(_, n)| n).collect::<Vec<_>>());
    keep.into_iter().map(|i| pairs[i]).collect()
}

/// Indexes of a longest strictly increasing subsequence (patience sorting, O(n log n)).
pub(crate) fn longest_increasing(values: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new(); // index into values of the tail of each length
    let mut prev: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let len = tails.partition_point(|&t| values[t] < v);
        prev[i] = if len > 0 { Some(tails[len - 1]) } else { None };
        if len == tails.len() {
            tails.push(i);
        } else {
            tails[len] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cursor = tails.last().copied();
    while let Some(i) = cursor {
        out.push(i);
        cursor = prev[i];
    }
    out.reverse();
    out
}

/// For each old index, the range of new indexes between the skeleton pairs around it:
/// where the old provision would stand if it had not moved.
fn gaps(old_len: usize, new_len: usize, skeleton: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(old_len);
    let mut k = 0;
    for o in 0..old_len {
        while k < skeleton.len() && skeleton[k].0 < o {
            k += 1;
        }
        let lo = if k > 0 { skeleton[k - 1].1 + 1 } else { 0 };
        let hi = match skeleton.get(k) {
            Some(&(so, sn)) if so == o => sn + 1,
            Some(&(_, sn)) => sn,
            None => new_len,
        };
        out.push((lo, hi.max(lo)));
    }
    out
}

/// For each old provision, whether its id still means the same place in the new version:
/// true where the nearest skeleton pair before it kept its id (or there is none). After a
/// deletion or insertion drafters renumber everything that follows, and from there on an
/// equal id is a coincidence, not evidence.
fn numbering_in_step(
    old: &[Provision],
    new: &[Provision],
    skeleton: &[(usize, usize)],
) -> Vec<bool> {
    let mut out = Vec::with_capacity(old.len());
    let mut k = 0;
    let mut in_step = true;
    for (o, provision) in old.iter().enumerate() {
        while k < skeleton.len() && skeleton[k].0 < o {
            let (so, sn) = skeleton[k];
            in_step = old[so].id == new[sn].id;
            k += 1;
        }
        out.push(in_step && provision.id_explicit);
    }
    out
}

fn pair_by_content(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    skeleton: &[(usize, usize)],
    old_to: &mut [Option<usize>],
    new_to: &mut [Option<usize>],
) {
    // Inverted index over the unpaired new provisions. Words in more than `cap` of them
    // say little about which is which and would make candidate search quadratic.
    let cap = 16usize.max((new.len() as f64).sqrt() as usize);
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    for (n, bag) in corpus.new.iter().enumerate() {
        if new_to[n].is_some() {
            continue;
        }
        for &(w, _) in &bag.words {
            postings.entry(w).or_default().push(n);
        }
    }
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (n, p) in new.iter().enumerate() {
        if new_to[n].is_none() {
            by_id.entry(p.id.as_str()).or_insert(n);
        }
    }
    let gap = gaps(old.len(), new.len(), skeleton);
    let id_is_evidence = numbering_in_step(old, new, skeleton);

    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    let mut accumulator: HashMap<usize, f64> = HashMap::new();
    for o in 0..old.len() {
        if old_to[o].is_some() {
            continue;
        }
        accumulator.clear();
        for &(w, c) in &corpus.old[o].words {
            if let Some(list) = postings.get(&w) {
                if list.len() <= cap {
                    for &n in list {
                        *accumulator.entry(n).or_insert(0.0) += c as f64 * corpus.idf[w as usize];
                    }
                }
            }
        }
        let mut candidates: Vec<(f64, usize)> = accumulator.iter().map(|(&n, &s)| (s, n)).collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.truncate(threshold::CANDIDATES);
        let mut pool: Vec<usize> = candidates.into_iter().map(|(_, n)| n).collect();
        if let Some(&n) = by_id.get(old[o].id.as_str()) {
            pool.push(n);
        }
        let (lo, hi) = gap[o];
        // A small gap is cheap to search in full and is where a rewording usually sits.
        if hi - lo <= threshold::CANDIDATES {
            pool.extend((lo..hi).filter(|&n| new_to[n].is_none()));
        }
        pool.sort_unstable();
        pool.dedup();
        for n in pool {
            let similarity = corpus.similarity(o, n);
            if similarity < threshold::PAIR_WITH_EVIDENCE {
                continue;
            }
            let mut score = similarity;
            if id_is_evidence[o] && old[o].id == new[n].id {
                score += threshold::BONUS;
            }
            if old[o].title.is_some() && old[o].title == new[n].title {
                score += threshold::BONUS;
            }
            if (lo..hi).contains(&n) {
                score += threshold::BONUS;
            }
            if score >= threshold::PAIR {
                scored.push((score, o, n));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, o, n) in scored {
        if old_to[o].is_none() && new_to[n].is_none() {
            old_to[o] = Some(n);
            new_to[n] = Some(o);
        }
    }
}

/// A split (one old, several new) or merge (several old, one new).
struct Group {
    kind: ChangeKind,
    old: Vec<usize>,
    new: Vec<usize>,
    coverage: f64,
}

/// Finds splits and merges among what pairing left over. Each unpaired provision is offered
/// to the provision on the other side that contains most of its words; a provision that
/// collects enough parts to be covered well, and better than by its pair alone, becomes a
/// group, and its parts (and pair) leave the pairing.
fn find_groups(
    corpus: &Corpus,
    old_to: &mut [Option<usize>],
    new_to: &mut [Option<usize>],
) -> Vec<Group> {
    let mut groups = Vec::new();
    // Splits: unpaired new provisions as parts of an old one.
    let offers = best_container(&corpus.new, &corpus.old, new_to, corpus);
    let mut parts_of: Vec<Vec<(usize, f64)>> = vec![Vec::new(); corpus.old.len()];
    for (n, o, c) in offers {
        parts_of[o].push((n, c));
    }
    for (o, extra) in parts_of.into_iter().enumerate() {
        if extra.is_empty() {
            continue;
        }
        let parts = qualifying_parts(old_to[o].into_iter().collect(), extra);
        if parts.len() < 2 {
            continue;
        }
        let whole = &corpus.old[o];
        let bags: Vec<&Bag> = parts.iter().map(|&n| &corpus.new[n]).collect();
        let coverage = corpus.coverage(whole, &bags);
        let base = old_to[o].map_or(0.0, |n| corpus.coverage(whole, &[&corpus.new[n]]));
        if coverage >= threshold::GROUP_COVERAGE && coverage - base >= threshold::GROUP_GAIN {
            if let Some(n) = old_to[o].take() {
                new_to[n] = None;
            }
            groups.push(Group {
                kind: ChangeKind::Split,
                old: vec![o],
                new: parts,
                coverage,
            });
        }
    }
    // Merges: unpaired old provisions as parts of a new one. Provisions already in a split
    // are marked so they are not offered twice.
    let in_split: Vec<bool> = {
        let mut v = vec![false; corpus.old.len()];
        for g in &groups {
            v[g.old[0]] = true;
        }
        v
    };
    let new_in_split: Vec<bool> = {
        let mut v = vec![false; corpus.new.len()];
        for g in &groups {
            for &n in &g.new {
                v[n] = true;
            }
        }
        v
    };
    let available_old: Vec<Option<usize>> = old_to
        .iter()
        .enumerate()
        .map(|(o, to)| if in_split[o] { Some(usize::MAX) } else { *to })
        .collect();
    let offers = best_container(&corpus.old, &corpus.new, &available_old, corpus);
    let mut parts_of: Vec<Vec<(usize, f64)>> = vec![Vec::new(); corpus.new.len()];
    for (o, n, c) in offers {
        if !new_in_split[n] {
            parts_of[n].push((o, c));
        }
    }
    for (n, extra) in parts_of.into_iter().enumerate() {
        if extra.is_empty() {
            continue;
        }
        let parts = qualifying_parts(new_to[n].into_iter().collect(), extra);
        if parts.len() < 2 {
            continue;
        }
        let whole = &corpus.new[n];
        let bags: Vec<&Bag> = parts.iter().map(|&o| &corpus.old[o]).collect();
        let coverage = corpus.coverage(whole, &bags);
        let base = new_to[n].map_or(0.0, |o| corpus.coverage(whole, &[&corpus.old[o]]));
        if coverage >= threshold::GROUP_COVERAGE && coverage - base >= threshold::GROUP_GAIN {
            if let Some(o) = new_to[n].take() {
                old_to[o] = None;
            }
            groups.push(Group {
                kind: ChangeKind::Merged,
                old: parts,
                new: vec![n],
                coverage,
            });
        }
    }
    groups
}

/// For each unpaired provision of `parts` (those with `taken[i] == None`), the provision of
/// `wholes` that contains most of its words, if it contains enough, with that share.
fn best_container(
    parts: &[Bag],
    wholes: &[Bag],
    taken: &[Option<usize>],
    corpus: &Corpus,
) -> Vec<(usize, usize, f64)> {
    let cap = 16usize.max((wholes.len() as f64).sqrt() as usize);
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, bag) in wholes.iter().enumerate() {
        for &(w, _) in &bag.words {
            postings.entry(w).or_default().push(i);
        }
    }
    let mut offers = Vec::new();
    let mut accumulator: HashMap<usize, f64> = HashMap::new();
    for (p, bag) in parts.iter().enumerate() {
        if taken[p].is_some() {
            continue;
        }
        accumulator.clear();
        for &(w, c) in &bag.words {
            if let Some(list) = postings.get(&w) {
                if list.len() <= cap {
                    for &i in list {
                        *accumulator.entry(i).or_insert(0.0) += c as f64 * corpus.idf[w as usize];
                    }
                }
            }
        }
        let mut candidates: Vec<(f64, usize)> = accumulator.iter().map(|(&i, &s)| (s, i)).collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.truncate(threshold::CANDIDATES);
        let best = candidates
            .into_iter()
            .map(|(_, i)| (corpus.containment(bag, &wholes[i]), i))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((containment, i)) = best {
            if containment >= threshold::ADJACENT_PART_CONTAINMENT {
                offers.push((p, i, containment));
            }
        }
    }
    offers
}

/// Keeps the offered parts that qualify: those that take most of their words from the
/// whole, and those that take fewer but stand right next to another part (merged and split
/// provisions are nearly always neighbours; a distant one needs stronger evidence).
fn qualifying_parts(mut members: Vec<usize>, offers: Vec<(usize, f64)>) -> Vec<usize> {
    let (strong, weak): (Vec<_>, Vec<_>) = offers
        .into_iter()
        .partition(|&(_, c)| c >= threshold::PART_CONTAINMENT);
    members.extend(strong.into_iter().map(|(p, _)| p));
    let mut weak: std::collections::HashSet<usize> = weak.into_iter().map(|(p, _)| p).collect();
    // Grow outwards from the members, one neighbour at a time: every weak part joined to a
    // member through a run of neighbouring weak parts. Each part is looked at once.
    let mut frontier = members.clone();
    while let Some(m) = frontier.pop() {
        for p in [m.wrapping_sub(1), m + 1] {
            if weak.remove(&p) {
                members.push(p);
                frontier.push(p);
            }
        }
    }
    members.sort_unstable();
    members
}

fn build_links(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    old_to: &[Option<usize>],
    new_to: &[Option<usize>],
    groups: Vec<Group>,
) -> Alignment {
    let mut links: Vec<Link> = Vec::new();
    for (o, n) in old_to
        .iter()
        .enumerate()
        .filter_map(|(o, n)| n.map(|n| (o, n)))
    {
        let same = old[o].text == new[n].text && old[o].title == new[n].title;
        links.push(Link {
            kind: if same {
                ChangeKind::Unchanged
            } else {
                ChangeKind::Changed
            },
            old: vec![o],
            new: vec![n],
            similarity: if same {
                1.0
            } else {
                round3(corpus.similarity(o, n))
            },
            renumbered: old[o].id != new[n].id,
            moved: false,
        });
    }
    let mut in_group_old = vec![false; old.len()];
    let mut in_group_new = vec![false; new.len()];
    for g in groups {
        g.old.iter().for_each(|&o| in_group_old[o] = true);
        g.new.iter().for_each(|&n| in_group_new[n] = true);
        let renumbered = match g.kind {
            ChangeKind::Split => !g.new.iter().any(|&n| new[n].id == old[g.old[0]].id),
            _ => !g.old.iter().any(|&o| old[o].id == new[g.new[0]].id),
        };
        links.push(Link {
            kind: g.kind,
            old: g.old,
            new: g.new,
            similarity: round3(g.coverage),
            renumbered,
            moved: false,
        });
    }
    for o in 0..old.len() {
        if old_to[o].is_none() && !in_group_old[o] {
            links.push(Link {
                kind: ChangeKind::Removed,
                old: vec![o],
                new: vec![],
                similarity: 0.0,
                renumbered: false,
                moved: false,
            });
        }
    }
    for n in 0..new.len() {
        if new_to[n].is_none() && !in_group_new[n] {
            links.push(Link {
                kind: ChangeKind::Added,
                old: vec![],
                new: vec![n],
                similarity: 0.0,
                renumbered: false,
                moved: false,
            });
        }
    }
    mark_moved(&mut links);
    order_for_reading(&mut links, old.len());
    Alignment { links }
}

/// Links with both sides that are off the longest in-order chain have moved.
fn mark_moved(links: &mut [Link]) {
    let mut matched: Vec<(usize, usize, usize)> = links
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.old.is_empty() && !l.new.is_empty())
        .map(|(i, l)| (l.old[0], l.new[0], i))
        .collect();
    matched.sort_unstable();
    let chain = longest_increasing(&matched.iter().map(|m| m.1).collect::<Vec<_>>());
    let mut on_chain = vec![false; matched.len()];
    chain.into_iter().for_each(|i| on_chain[i] = true);
    for (k, &(_, _, i)) in matched.iter().enumerate() {
        links[i].moved = !on_chain[k];
    }
}

/// Sorts links into the new version's reading order; removed provisions follow the new
/// position of the nearest earlier old provision that survived.
fn order_for_reading(links: &mut [Link], old_len: usize) {
    let mut new_of_old: Vec<Option<usize>> = vec![None; old_len];
    for l in links.iter() {
        if let Some(&n) = l.new.first() {
            for &o in &l.old {
                new_of_old[o] = Some(n);
            }
        }
    }
    // Key: (slot, tier, old index). A link with new provisions sits in slot 2n+1; a removed
    // provision after surviving neighbour at n sits in slot 2n+2, before the next one.
    let mut last_new: Option<usize> = None;
    let mut removed_slot: Vec<usize> = vec![0; old_len];
    for (o, slot) in removed_slot.iter_mut().enumerate() {
        if let Some(n) = new_of_old[o] {
            last_new = Some(n);
        }
        *slot = last_new.map_or(0, |n| 2 * n + 2);
    }
    links.sort_by_key(|l| match l.new.first() {
        Some(&n) => (2 * n + 1, l.old.first().copied().unwrap_or(0)),
        None => (removed_slot[l.old[0]], l.old[0]),
    });
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provision(id: &str, text: &str) -> Provision {
        Provision {
            id: id.into(),
            id_explicit: true,
            title: None,
            text: text.into(),
            tags: vec![],
            depth: 0,
            line: 0,
        }
    }

    /// Runs `f` on a thread and fails if it takes more than a minute: a regression of the
    /// fixes below would otherwise hang the test run.
    fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || send.send(f()));
        receive
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("alignment did not finish within a minute")
    }

    #[test]
    fn identical_copies_with_the_same_id_pair_first() {
        let old = [
            provision("1", "x"),
            provision("2", "x"),
            provision("3", "x"),
        ];
        let new = [
            provision("2", "x"),
            provision("9", "x"),
            provision("1", "x"),
        ];
        let mut old_to = vec![None; 3];
        let mut new_to = vec![None; 3];
        pair_identical(&old, &new, &mut old_to, &mut new_to);
        assert_eq!(old_to, [Some(2), Some(0), Some(1)]);
    }

    // Found while measuring hostile inputs: a text repeated 100,000 times under different
    // ids made pair_identical scan every copy for every copy (72 s for a 2.6 MB pair).
    #[test]
    fn repeated_text_was_quadratic_in_pair_identical() {
        let old: Vec<Provision> = (0..100_000)
            .map(|i| provision(&i.to_string(), "x"))
            .collect();
        let new: Vec<Provision> = (0..100_000)
            .map(|i| provision(&format!("a{i}"), "x"))
            .collect();
        let alignment = within_a_minute(move || align(&old, &new));
        assert_eq!(alignment.links.len(), 100_000);
        assert!(alignment
            .links
            .iter()
            .all(|l| l.kind == ChangeKind::Unchanged && l.old == l.new));
    }

    #[test]
    fn weak_parts_join_only_through_neighbours() {
        // 5 is strong; 4 and 6 touch it, 3 touches 4; 9 stands alone; 0 is the pair.
        let offers = vec![(5, 0.9), (4, 0.4), (6, 0.4), (3, 0.4), (9, 0.4)];
        assert_eq!(qualifying_parts(vec![0], offers), [0, 3, 4, 5, 6]);
        assert_eq!(
            qualifying_parts(vec![], vec![(1, 0.4), (2, 0.4)]),
            [] as [usize; 0]
        );
    }

    // Found while measuring hostile inputs: 20,000 weak parts of one provision, in a run
    // that grows from its far end, made qualifying_parts cubic (over 5 minutes, release).
    #[test]
    fn a_long_run_of_weak_parts_was_cubic() {
        let parts = 20_000;
        let mut offers: Vec<(usize, f64)> = (0..parts).map(|p| (p, 0.4)).collect();
        offers.push((parts, 0.9));
        let members = within_a_minute(move || qualifying_parts(vec![], offers));
        assert_eq!(members, (0..=parts).collect::<Vec<_>>());
    }
}
