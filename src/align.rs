//! Alignment: deciding, for every provision of the old and new versions, what became of it.
//!
//! The id printed in a draft is a hint, never the key: drafters renumber everything after a
//! deletion, and the same number can hold a different provision in the next version. We
//! match by content and use ids, titles and order as supporting evidence:
//!
//! 1. identical texts are paired first; texts that occur once in each version form the
//!    skeleton (the longest in-order chain of pairs), and repeated texts then pair by id,
//!    by place between skeleton pairs, and in order;
//! 2. every other provision gets a handful of candidates on the other side from an
//!    inverted index over rare words (near-linear: common words are not indexed), plus the
//!    provision with the same id and those in the same small stretch of the skeleton;
//! 3. candidates are scored by IDF-weighted word overlap, plus small bonuses for the same
//!    id (only where numbering is still in step), the same title and the same place, and
//!    paired greedily, best first, above a threshold that unrelated texts do not reach;
//!    this runs twice, the second time with every pair as the skeleton;
//! 4. what is left is checked for splits (one old provision whose words went into several
//!    new ones) and merges (the reverse), by containment, ranked together;
//! 5. pairs off the longest in-order chain are `moved`; pairs with different ids are
//!    `renumbered`.
//!
//! Every step treats the two versions alike (the skeleton, for one, is the pairs common
//! to every longest in-order chain), so aligning B with A pairs exactly the mirror image
//! of aligning A with B (which of two swapped provisions is called `moved`
//! is a tie that may fall either way; how many moved is not). `docs/alignment.md` walks
//! through the tricky cases and why each threshold is where it is.

use foldhash::{HashMap, HashMapExt};

use crate::model::Provision;
use crate::parallel::{both, by_halves};
use crate::words::{for_each_word, match_key};

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
    /// words are discounted by IDF; a rewording that keeps most of the substance stays
    /// above it, and a heavier one needs evidence (below).
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
    /// Candidates kept per provision from the word index, in each direction.
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
    /// Reads the bags of the provisions that identical texts left unpaired: only those are
    /// ever compared by content (an identical pair never is, and its empty bag keeps it out
    /// of the word index). The document frequencies behind the IDF weights still count the
    /// whole document, each identical pair on both sides, so a word is as rare as it is in
    /// the drafts, not in what is left of them.
    ///
    /// In a large draft most text survives unchanged, and reading every unchanged
    /// provision was most of the cost of aligning (9,300 of 10,000 provisions in the
    /// benchmark). Above [`IDF_SAMPLE`] identical pairs, a sample of them chosen by a hash
    /// of their text stands for all of them, each sampled pair counting for the pairs it
    /// represents; at or below it (every fixture, most real drafts) the frequencies are
    /// exact. The sample depends on the text alone, so it is the same whichever version
    /// is called old.
    ///
    /// Word ids follow the sorted vocabulary, not the order of appearance, so every sum
    /// runs in the same order whichever version is called old: comparing B with A gives
    /// exactly the mirror of comparing A with B.
    fn build(
        old: &[Provision],
        new: &[Provision],
        hashes: &TextHashes,
        pairing: &Pairing,
    ) -> Corpus {
        // The two sides are read on two threads when there is enough to read, each with
        // its own vocabulary; the new side's ids are then mapped onto the old side's.
        let large = pairing.free_count() >= PARALLEL_READ;
        let ((mut vocabulary, old_raw), (new_vocabulary, mut new_raw)) = both(
            large,
            || read_side(old, &pairing.old_to),
            || read_side(new, &pairing.new_to),
        );
        let onto: Vec<u32> = new_vocabulary
            .keys()
            .into_iter()
            .map(|k| vocabulary.id(k))
            .collect();
        for words in &mut new_raw {
            words.iter_mut().for_each(|w| *w = onto[*w as usize]);
        }
        let (background, scale) =
            count_background(old, new, &hashes.old, pairing, &vocabulary, large);

        let rank = vocabulary.ranks();
        let mut held: Vec<u32> = vec![0; rank.len()];
        let mut to_bag = |words: Vec<u32>| -> Vec<(u32, u32)> {
            let mut ids: Vec<u32> = words.into_iter().map(|w| rank[w as usize]).collect();
            ids.sort_unstable();
            let mut bag: Vec<(u32, u32)> = Vec::new();
            for w in ids {
                match bag.last_mut() {
                    Some((last, count)) if *last == w => *count += 1,
                    _ => bag.push((w, 1)),
                }
            }
            for &(w, _) in &bag {
                held[w as usize] += 1;
            }
            bag
        };
        let old_raw: Vec<Vec<(u32, u32)>> = old_raw.into_iter().map(&mut to_bag).collect();
        let new_raw: Vec<Vec<(u32, u32)>> = new_raw.into_iter().map(&mut to_bag).collect();
        // Counts stay integers until here, so no order of adding can change a weight.
        let mut df: Vec<f64> = held.iter().map(|&h| h as f64).collect();
        for (word, &count) in background.iter().enumerate() {
            df[rank[word] as usize] += count as f64 * scale;
        }
        let n = (old.len() + new.len()) as f64;
        let idf: Vec<f64> = df.iter().map(|&d| (1.0 + n / d).ln()).collect();
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

/// Scores compared at a fixed precision, so that float rounding never decides a tie.
fn fixed(x: f64) -> i64 {
    (x * 1e9).round() as i64
}

/// Above this many identical pairs, a sample of them stands for all in the document
/// frequencies (see [`Corpus::build`]).
const IDF_SAMPLE: usize = 1024;

/// From this many unpaired provisions on, reading words and searching candidates are
/// split over two threads.
const PARALLEL_READ: usize = 256;

/// From this many candidate pairs on, scoring them is split over two threads.
const PARALLEL_SCORE: usize = 2048;

/// The distinct match keys read, each numbered in order of first appearance.
#[derive(Default)]
struct Vocabulary {
    short: HashMap<ShortKey, u32>,
    long: HashMap<Box<str>, u32>,
}

/// A match key of up to 15 bytes, kept inline. Nearly every key is a six-character stem or
/// a short number; a heap string for each, made and then freed, was a fifth of the time
/// spent reading words.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ShortKey {
    bytes: [u8; 15],
    len: u8,
}

impl ShortKey {
    fn of(key: &str) -> Option<ShortKey> {
        let mut bytes = [0; 15];
        bytes.get_mut(..key.len())?.copy_from_slice(key.as_bytes());
        Some(ShortKey {
            bytes,
            len: key.len() as u8,
        })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).expect("made from a str")
    }
}

impl Vocabulary {
    fn id(&mut self, key: &str) -> u32 {
        let next = self.len() as u32;
        match ShortKey::of(key) {
            Some(short) => *self.short.entry(short).or_insert(next),
            None => match self.long.get(key) {
                Some(&id) => id,
                None => {
                    self.long.insert(key.into(), next);
                    next
                }
            },
        }
    }

    fn get(&self, key: &str) -> Option<u32> {
        match ShortKey::of(key) {
            Some(short) => self.short.get(&short).copied(),
            None => self.long.get(key).copied(),
        }
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    fn entries(&self) -> impl Iterator<Item = (&str, u32)> {
        let short = self.short.iter().map(|(k, &id)| (k.as_str(), id));
        short.chain(self.long.iter().map(|(k, &id)| (&**k, id)))
    }

    /// The keys by id.
    fn keys(&self) -> Vec<&str> {
        let mut keys = vec![""; self.len()];
        for (key, id) in self.entries() {
            keys[id as usize] = key;
        }
        keys
    }

    /// For each id, its rank in the sorted vocabulary.
    fn ranks(&self) -> Vec<u32> {
        // Byte order, compared eight bytes at a time: a key's first eight bytes as a
        // big-endian number (zero-padded; keys hold no NUL) sort exactly as the bytes do,
        // and only keys that share them are compared further.
        let prefix = |k: &str| {
            let mut bytes = [0u8; 8];
            let n = k.len().min(8);
            bytes[..n].copy_from_slice(&k.as_bytes()[..n]);
            u64::from_be_bytes(bytes)
        };
        let mut sorted: Vec<(u64, &str, u32)> =
            self.entries().map(|(k, id)| (prefix(k), k, id)).collect();
        sorted.sort_unstable();
        let mut rank = vec![0; sorted.len()];
        for (r, &(_, _, id)) in sorted.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        rank
    }
}

/// Calls `f` with the match key of each word of a provision's text and title, built in
/// the reused buffer `key`.
fn for_each_key(p: &Provision, key: &mut String, mut f: impl FnMut(&str)) {
    let title = p.title.as_deref().unwrap_or("");
    for text in [p.text.as_str(), title] {
        for_each_word(text, |word| {
            match_key(word, key);
            f(key);
        });
    }
}

/// The word ids of each provision of one side that has no partner (an empty list for the
/// others), with the vocabulary that numbers them.
fn read_side(side: &[Provision], partner: &[Option<usize>]) -> (Vocabulary, Vec<Vec<u32>>) {
    let mut vocabulary = Vocabulary::default();
    let mut key = String::new();
    let words = side
        .iter()
        .zip(partner)
        .map(|(p, to)| {
            let mut words = Vec::new();
            if to.is_none() {
                for_each_key(p, &mut key, |k| words.push(vocabulary.id(k)));
            }
            words
        })
        .collect();
    (vocabulary, words)
}

/// For each word of the vocabulary, how many provisions of the identical pairs hold it,
/// and how many pairs each counted pair stands for. Both sides of a pair count, read once
/// when its title did not change. Above [`IDF_SAMPLE`] pairs only a sample is read. Words
/// found only here are never compared, so they are not looked for.
fn count_background(
    old: &[Provision],
    new: &[Provision],
    old_hashes: &[u64],
    pairing: &Pairing,
    vocabulary: &Vocabulary,
    parallel: bool,
) -> (Vec<u32>, f64) {
    let pairs = pairing.pairs();
    let (keep, scale) = if pairs.len() <= IDF_SAMPLE {
        (u64::MAX, 1.0)
    } else {
        let share = IDF_SAMPLE as f64 / pairs.len() as f64;
        ((share * u64::MAX as f64) as u64, 1.0 / share)
    };
    let sampled: Vec<(usize, usize)> = pairs
        .into_iter()
        .filter(|&(o, _)| keep == u64::MAX || old_hashes[o] <= keep)
        .collect();
    let count = |pairs: &[(usize, usize)]| -> Vec<u32> {
        let mut held = vec![0u32; vocabulary.len()];
        // The last provision each word was counted for: a word counts once per provision.
        let mut counted_in = vec![usize::MAX; vocabulary.len()];
        let mut key = String::new();
        for (k, &(o, n)) in pairs.iter().enumerate() {
            let sides = if old[o].title == new[n].title {
                vec![(&old[o], 2)]
            } else {
                vec![(&old[o], 1), (&new[n], 1)]
            };
            for (side, (p, times)) in sides.into_iter().enumerate() {
                let stamp = 2 * k + side;
                for_each_key(p, &mut key, |key| {
                    if let Some(id) = vocabulary.get(key) {
                        if counted_in[id as usize] != stamp {
                            counted_in[id as usize] = stamp;
                            held[id as usize] += times;
                        }
                    }
                });
            }
        }
        held
    };
    // Integer counts add up the same in any order, so the halves can be counted apart.
    let (first, second) = sampled.split_at(sampled.len() / 2);
    let (mut held, other) = both(parallel, || count(first), || count(second));
    held.iter_mut().zip(other).for_each(|(h, o)| *h += o);
    (held, scale)
}

/// Who is paired with whom so far.
struct Pairing {
    old_to: Vec<Option<usize>>,
    new_to: Vec<Option<usize>>,
    /// By old index: paired because the texts are identical, so they need no comparing.
    same_text: Vec<bool>,
}

impl Pairing {
    fn new(old_len: usize, new_len: usize) -> Pairing {
        Pairing {
            old_to: vec![None; old_len],
            new_to: vec![None; new_len],
            same_text: vec![false; old_len],
        }
    }

    fn pair(&mut self, o: usize, n: usize) {
        self.old_to[o] = Some(n);
        self.new_to[n] = Some(o);
    }

    fn pair_same_text(&mut self, o: usize, n: usize) {
        self.pair(o, n);
        self.same_text[o] = true;
    }

    /// Provisions of either side without a partner.
    fn free_count(&self) -> usize {
        let free = |to: &[Option<usize>]| to.iter().filter(|t| t.is_none()).count();
        free(&self.old_to) + free(&self.new_to)
    }

    fn pairs(&self) -> Vec<(usize, usize)> {
        self.old_to
            .iter()
            .enumerate()
            .filter_map(|(o, n)| n.map(|n| (o, n)))
            .collect()
    }
}

/// Aligns two versions' provisions. Never fails; deterministic for the same input, and
/// symmetric: aligning new with old gives the mirror image of the pairs.
pub fn align(old: &[Provision], new: &[Provision]) -> Alignment {
    let mut pairing = Pairing::new(old.len(), new.len());
    let hashes = TextHashes::of(old, new);
    pair_identical(old, new, &hashes, &mut pairing);
    let corpus = Corpus::build(old, new, &hashes, &pairing);
    // The second pass, with every pair of the first as the skeleton, lets a heavily
    // reworded provision that sits alone between two paired ones be recognised by its place.
    for _ in 0..2 {
        let skeleton = in_order_chain(&pairing.pairs());
        pair_by_content(old, new, &corpus, &skeleton, &mut pairing);
    }
    let groups = find_groups(&corpus, &mut pairing);
    build_links(old, new, &corpus, &pairing, groups)
}

/// Each provision's text hashed with XXH64. Pairing identical texts and choosing the
/// background sample both go by it; on a large draft, reading every text is most of the
/// cost of each, and the two versions are hashed side by side.
struct TextHashes {
    old: Vec<u64>,
    new: Vec<u64>,
}

/// From this many provisions (or pairs), steps that read every provision's text run on
/// two threads: hashing the texts, looking the new ones up, making the pairs' links.
const PARALLEL_TEXTS: usize = 4096;

impl TextHashes {
    fn of(old: &[Provision], new: &[Provision]) -> TextHashes {
        let hash = |side: &[Provision]| -> Vec<u64> {
            side.iter()
                .map(|p| crate::hash::xxh64(p.text.as_bytes()))
                .collect()
        };
        let (old, new) = both(
            old.len() + new.len() >= PARALLEL_TEXTS,
            || hash(old),
            || hash(new),
        );
        TextHashes { old, new }
    }
}

/// Pairs provisions with identical text. Texts that occur once in each version pair first
/// and form a skeleton; copies of a repeated text ("Reserved.", "Deleted.") then pair by
/// id, then within the same stretch between skeleton pairs, then in order.
fn pair_identical(
    old: &[Provision],
    new: &[Provision],
    hashes: &TextHashes,
    pairing: &mut Pairing,
) {
    // Nearly every text occurs once on each side, so texts are counted first and lists of
    // members are made only for the few that repeat (a list per text was a tenth of the
    // cost of aligning a large draft).
    #[derive(Default)]
    struct Text {
        olds: usize,
        news: usize,
        first_old: usize,
        first_new: usize,
    }
    fn add(texts: &mut Vec<Text>, first_old: usize) -> usize {
        texts.push(Text {
            first_old,
            ..Text::default()
        });
        texts.len() - 1
    }
    // Texts by hash, checked against the text itself. A text whose hash an other text
    // already holds is kept by its text in `collided`: hardly ever, but a draft could be
    // made so.
    let mut text_of: HashMap<u64, usize> = HashMap::with_capacity(old.len());
    let mut collided: HashMap<&str, usize> = HashMap::default();
    let mut texts: Vec<Text> = Vec::new();
    let old_text: Vec<usize> = old
        .iter()
        .enumerate()
        .map(|(o, p)| {
            use std::collections::hash_map::Entry;
            let t = match text_of.entry(hashes.old[o]) {
                Entry::Vacant(e) => *e.insert(add(&mut texts, o)),
                Entry::Occupied(e) if old[texts[*e.get()].first_old].text == p.text => *e.get(),
                Entry::Occupied(_) => *collided
                    .entry(p.text.as_str())
                    .or_insert_with(|| add(&mut texts, o)),
            };
            texts[t].olds += 1;
            t
        })
        .collect();
    // Looking the new texts up only reads the table, and on a large draft it is mostly
    // waiting for memory (each found text is compared with its old twin), so the two
    // halves of the new version are looked up side by side.
    let new_text = by_halves(new.len() >= PARALLEL_TEXTS, new, |from, half| {
        half.iter()
            .zip(&hashes.new[from..])
            .map(|(p, hash)| {
                let t = *text_of.get(hash)?;
                if old[texts[t].first_old].text == p.text {
                    Some(t)
                } else {
                    collided.get(p.text.as_str()).copied()
                }
            })
            .collect()
    });
    for (n, t) in new_text.iter().enumerate() {
        if let &Some(t) = t {
            if texts[t].news == 0 {
                texts[t].first_new = n;
            }
            texts[t].news += 1;
        }
    }
    let repeats = |t: &Text| t.news > 0 && (t.olds > 1 || t.news > 1);
    for t in texts.iter().filter(|t| t.olds == 1 && t.news == 1) {
        pairing.pair_same_text(t.first_old, t.first_new);
    }
    // By text in order of first appearance in the old version: the same order whichever
    // way the copies are then paired.
    let mut members: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        std::collections::BTreeMap::new();
    for (o, &t) in old_text.iter().enumerate() {
        if repeats(&texts[t]) {
            members.entry(t).or_default().0.push(o);
        }
    }
    for (n, t) in new_text.iter().enumerate() {
        if let Some(t) = t.filter(|&t| repeats(&texts[t])) {
            members.entry(t).or_default().1.push(n);
        }
    }
    let repeated: Vec<(Vec<usize>, Vec<usize>)> = members.into_values().collect();
    if repeated.is_empty() {
        return;
    }
    let skeleton = in_order_chain(&pairing.pairs());
    let (old_gap, new_gap) = gap_numbers(old.len(), new.len(), &skeleton);
    for (olds, news) in repeated {
        let by_id: HashMap<&str, usize> = news.iter().map(|&n| (new[n].id.as_str(), n)).collect();
        for &o in &olds {
            if let Some(&n) = by_id.get(old[o].id.as_str()) {
                pairing.pair_same_text(o, n);
            }
        }
        let mut by_gap: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for &o in olds.iter().filter(|&&o| pairing.old_to[o].is_none()) {
            by_gap.entry(old_gap[o]).or_default().0.push(o);
        }
        for &n in news.iter().filter(|&&n| pairing.new_to[n].is_none()) {
            by_gap.entry(new_gap[n]).or_default().1.push(n);
        }
        for (gap_olds, gap_news) in by_gap.into_values() {
            for (o, n) in gap_olds.into_iter().zip(gap_news) {
                pairing.pair_same_text(o, n);
            }
        }
        let free_olds = olds
            .iter()
            .copied()
            .filter(|&o| pairing.old_to[o].is_none());
        let free_news: Vec<usize> = news
            .iter()
            .copied()
            .filter(|&n| pairing.new_to[n].is_none())
            .collect();
        for (o, n) in free_olds.collect::<Vec<_>>().into_iter().zip(free_news) {
            pairing.pair_same_text(o, n);
        }
    }
}

/// The pairs that lie on every longest chain of pairs in order in both versions, as
/// `(old, new)` sorted by old index: the skeleton that places the other provisions.
///
/// Where several longest chains exist (two provisions swapped), picking one would depend
/// on which version is called old; the pairs common to all of them do not, so the
/// alignment stays the mirror image when the versions are swapped.
fn in_order_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut pairs = pairs.to_vec();
    pairs.sort_unstable();
    let values: Vec<usize> = pairs.iter().map(|&(_, n)| n).collect();
    let ending = chain_lengths(&values);
    // Chains starting at each pair: the same computation on the reversed, mirrored order.
    let reversed: Vec<usize> = values.iter().rev().map(|&v| usize::MAX - v).collect();
    let mut starting = chain_lengths(&reversed);
    starting.reverse();
    let longest = ending.iter().copied().max().unwrap_or(0);
    let on_some: Vec<bool> = (0..pairs.len())
        .map(|i| ending[i] + starting[i] == longest + 1)
        .collect();
    // A pair is on every longest chain when no other pair on one shares its place in it.
    let mut at_place = vec![0usize; longest + 1];
    for i in (0..pairs.len()).filter(|&i| on_some[i]) {
        at_place[ending[i]] += 1;
    }
    (0..pairs.len())
        .filter(|&i| on_some[i] && at_place[ending[i]] == 1)
        .map(|i| pairs[i])
        .collect()
}

/// For each value, the length of the longest strictly increasing run of values that ends
/// with it (patience sorting, O(n log n)).
fn chain_lengths(values: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new(); // smallest tail value of a chain of each length
    values
        .iter()
        .map(|&v| {
            let len = tails.partition_point(|&t| t < v);
            if len == tails.len() {
                tails.push(v);
            } else {
                tails[len] = v;
            }
            len + 1
        })
        .collect()
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

/// For every provision of each version, the number of skeleton pairs before it: two
/// unpaired provisions with the same number stand in the same stretch between skeleton
/// pairs, that is, in the same place.
fn gap_numbers(
    old_len: usize,
    new_len: usize,
    skeleton: &[(usize, usize)],
) -> (Vec<usize>, Vec<usize>) {
    let count = |len: usize, mut marks: Vec<usize>| -> Vec<usize> {
        marks.sort_unstable();
        let mut k = 0;
        (0..len)
            .map(|i| {
                while k < marks.len() && marks[k] < i {
                    k += 1;
                }
                k
            })
            .collect()
    };
    (
        count(old_len, skeleton.iter().map(|s| s.0).collect()),
        count(new_len, skeleton.iter().map(|s| s.1).collect()),
    )
}

/// For each provision of each version, whether its id still means the same place in the
/// other version: true where the nearest skeleton pair before it kept its id (or there is
/// none). After a deletion or insertion drafters renumber everything that follows, and
/// from there on an equal id is a coincidence, not evidence.
fn numbering_in_step(
    old: &[Provision],
    new: &[Provision],
    skeleton: &[(usize, usize)],
) -> (Vec<bool>, Vec<bool>) {
    let side = |len: usize, explicit: &dyn Fn(usize) -> bool, marks: Vec<(usize, bool)>| {
        let mut out = Vec::with_capacity(len);
        let (mut k, mut in_step) = (0, true);
        for i in 0..len {
            while k < marks.len() && marks[k].0 < i {
                in_step = marks[k].1;
                k += 1;
            }
            out.push(in_step && explicit(i));
        }
        out
    };
    let kept = |&(o, n): &(usize, usize)| old[o].id == new[n].id;
    let mut old_marks: Vec<(usize, bool)> = skeleton.iter().map(|s| (s.0, kept(s))).collect();
    let mut new_marks: Vec<(usize, bool)> = skeleton.iter().map(|s| (s.1, kept(s))).collect();
    old_marks.sort_unstable();
    new_marks.sort_unstable();
    (
        side(old.len(), &|i| old[i].id_explicit, old_marks),
        side(new.len(), &|i| new[i].id_explicit, new_marks),
    )
}

/// For each free provision of `from`, up to `CANDIDATES` free provisions of `to` sharing
/// the most weight of rare words. Words in more than `cap` provisions say little about
/// which is which and would make the search quadratic, so they are not indexed.
fn word_candidates(
    corpus: &Corpus,
    from: &[Bag],
    from_free: &[bool],
    to: &[Bag],
    to_free: &[bool],
) -> Vec<(usize, usize)> {
    // Relative to the provisions indexed, not to the whole version: in a large draft where
    // most text is unchanged, a word in a hundred of the few hundred unpaired provisions
    // is common among them, and scanning its list for each of them was most of the search.
    let indexed = (0..to.len())
        .filter(|&i| to_free[i] && !to[i].words.is_empty())
        .count();
    let cap = ((indexed as f64).sqrt() as usize).clamp(16, MAX_POSTINGS);
    let postings = Postings::of(corpus.idf.len(), to, to_free);
    // Scores for every provision of `to`, dense; only those touched are ranked and reset.
    let mut score: Vec<f64> = vec![0.0; to.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut ranked: Vec<(i64, usize)> = Vec::new();
    let mut out = Vec::new();
    for (f, bag) in from.iter().enumerate().filter(|(f, _)| from_free[*f]) {
        for &(w, c) in &bag.words {
            let list = postings.of_word(w);
            if list.len() > cap {
                continue;
            }
            for &t in list {
                let t = t as usize;
                if score[t] == 0.0 {
                    touched.push(t);
                }
                score[t] += c as f64 * corpus.idf[w as usize];
            }
        }
        ranked.clear();
        ranked.extend(
            touched
                .drain(..)
                .map(|t| (fixed(std::mem::take(&mut score[t])), t)),
        );
        // Best first, ties by index; only the best few need sorting.
        let order = |a: &(i64, usize), b: &(i64, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if ranked.len() > threshold::CANDIDATES {
            ranked.select_nth_unstable_by(threshold::CANDIDATES - 1, order);
            ranked.truncate(threshold::CANDIDATES);
        }
        ranked.sort_unstable_by(order);
        out.extend(ranked.iter().map(|&(_, t)| (f, t)));
    }
    out
}

/// The posting cap never grows past this: a cap growing with the square root of the
/// provisions would make the search grow as n^1.5. A word in more than 64 of the unpaired
/// provisions rarely tells two of them apart.
const MAX_POSTINGS: usize = 64;

/// An inverted index: for each word id, the free provisions whose bags hold it, in index
/// order, all in one flat list.
struct Postings {
    /// `list[start[w]..start[w + 1]]` are the provisions holding word `w`.
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Postings {
    fn of(vocabulary: usize, bags: &[Bag], free: &[bool]) -> Postings {
        let indexed = || bags.iter().enumerate().filter(|(i, _)| free[*i]);
        let mut start = vec![0u32; vocabulary + 1];
        for (_, bag) in indexed() {
            for &(w, _) in &bag.words {
                start[w as usize + 1] += 1;
            }
        }
        for w in 0..vocabulary {
            start[w + 1] += start[w];
        }
        let mut next = start.clone();
        let mut list = vec![0u32; start[vocabulary] as usize];
        for (i, bag) in indexed() {
            for &(w, _) in &bag.words {
                list[next[w as usize] as usize] = i as u32;
                next[w as usize] += 1;
            }
        }
        Postings { start, list }
    }

    fn of_word(&self, w: u32) -> &[u32] {
        &self.list[self.start[w as usize] as usize..self.start[w as usize + 1] as usize]
    }
}

fn pair_by_content(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    skeleton: &[(usize, usize)],
    pairing: &mut Pairing,
) {
    let old_free: Vec<bool> = pairing.old_to.iter().map(Option::is_none).collect();
    let new_free: Vec<bool> = pairing.new_to.iter().map(Option::is_none).collect();
    let (old_gap, new_gap) = gap_numbers(old.len(), new.len(), skeleton);
    let (old_in_step, new_in_step) = numbering_in_step(old, new, skeleton);

    // Candidates from both directions, so that the result does not depend on which version
    // is called old; the two searches are independent, so they run side by side.
    let (mut pool, backward) = both(
        pairing.free_count() >= PARALLEL_READ,
        || word_candidates(corpus, &corpus.old, &old_free, &corpus.new, &new_free),
        || word_candidates(corpus, &corpus.new, &new_free, &corpus.old, &old_free),
    );
    pool.extend(backward.into_iter().map(|(n, o)| (o, n)));
    let mut new_by_id: HashMap<&str, usize> = HashMap::new();
    for (n, p) in new.iter().enumerate().filter(|(n, _)| new_free[*n]) {
        new_by_id.insert(p.id.as_str(), n);
    }
    for (o, p) in old.iter().enumerate().filter(|(o, _)| old_free[*o]) {
        if let Some(&n) = new_by_id.get(p.id.as_str()) {
            pool.push((o, n));
        }
    }
    // A small stretch between skeleton pairs is cheap to search in full, and it is where a
    // rewording usually sits.
    let mut stretches: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for o in (0..old.len()).filter(|&o| old_free[o]) {
        stretches.entry(old_gap[o]).or_default().0.push(o);
    }
    for n in (0..new.len()).filter(|&n| new_free[n]) {
        stretches.entry(new_gap[n]).or_default().1.push(n);
    }
    for (olds, news) in stretches.values() {
        if olds.len() <= threshold::CANDIDATES && news.len() <= threshold::CANDIDATES {
            for &o in olds {
                pool.extend(news.iter().map(|&n| (o, n)));
            }
        }
    }
    pool.sort_unstable();
    pool.dedup();

    // Each candidate is scored alone, so the two halves can be scored side by side.
    let mut scored = by_halves(pool.len() >= PARALLEL_SCORE, &pool, |_, pairs| {
        let mut scored = Vec::new();
        for &(o, n) in pairs {
            let similarity = corpus.similarity(o, n);
            if similarity < threshold::PAIR_WITH_EVIDENCE {
                continue;
            }
            let mut score = similarity;
            if old_in_step[o] && new_in_step[n] && old[o].id == new[n].id {
                score += threshold::BONUS;
            }
            if old[o].title.is_some() && old[o].title == new[n].title {
                score += threshold::BONUS;
            }
            if old_gap[o] == new_gap[n] {
                score += threshold::BONUS;
            }
            if score >= threshold::PAIR {
                scored.push((fixed(score), o, n));
            }
        }
        scored
    });
    // Best first; equal scores by a key that reads the same in both directions.
    scored.sort_unstable_by(|a, b| {
        b.0.cmp(&a.0)
            .then((a.1.min(a.2), a.1.max(a.2)).cmp(&(b.1.min(b.2), b.1.max(b.2))))
            .then(a.1.cmp(&b.1))
    });
    for (_, o, n) in scored {
        if pairing.old_to[o].is_none() && pairing.new_to[n].is_none() {
            pairing.pair(o, n);
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
/// collects enough parts to be covered well, and better than by its pair alone, is a
/// candidate group. Candidates are accepted best covered first, each provision in at most
/// one group, and a group's members leave the pairing. Splits and merges are weighed
/// together, so comparing the versions the other way round gives the mirror image.
fn find_groups(corpus: &Corpus, pairing: &mut Pairing) -> Vec<Group> {
    let old_free: Vec<bool> = pairing.old_to.iter().map(Option::is_none).collect();
    let new_free: Vec<bool> = pairing.new_to.iter().map(Option::is_none).collect();
    let mut candidates: Vec<(i64, i64, Group)> = Vec::new();
    // Splits: free new provisions offered as parts of an old one; merges the other way.
    // Finding each part's container is independent in the two directions.
    let (split_containers, merge_containers) = both(
        pairing.free_count() >= PARALLEL_READ,
        || best_container(corpus, &corpus.new, &new_free, &corpus.old),
        || best_container(corpus, &corpus.old, &old_free, &corpus.new),
    );
    for (kind, parts_side, wholes_side, containers, partner) in [
        (
            ChangeKind::Split,
            &corpus.new,
            &corpus.old,
            split_containers,
            &pairing.old_to,
        ),
        (
            ChangeKind::Merged,
            &corpus.old,
            &corpus.new,
            merge_containers,
            &pairing.new_to,
        ),
    ] {
        let mut offers: Vec<Vec<(usize, f64)>> = vec![Vec::new(); wholes_side.len()];
        for (part, whole, containment) in containers {
            offers[whole].push((part, containment));
        }
        for (whole, extra) in offers.into_iter().enumerate() {
            if extra.is_empty() {
                continue;
            }
            let parts = qualifying_parts(partner[whole].into_iter().collect(), extra);
            if parts.len() < 2 {
                continue;
            }
            let whole_bag = &wholes_side[whole];
            let bags: Vec<&Bag> = parts.iter().map(|&p| &parts_side[p]).collect();
            let coverage = corpus.coverage(whole_bag, &bags);
            let base =
                partner[whole].map_or(0.0, |p| corpus.coverage(whole_bag, &[&parts_side[p]]));
            if coverage >= threshold::GROUP_COVERAGE && coverage - base >= threshold::GROUP_GAIN {
                let (old, new) = match kind {
                    ChangeKind::Split => (vec![whole], parts),
                    _ => (parts, vec![whole]),
                };
                candidates.push((
                    fixed(coverage),
                    fixed(coverage - base),
                    Group {
                        kind,
                        old,
                        new,
                        coverage,
                    },
                ));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| (&a.2.old, &a.2.new).cmp(&(&b.2.old, &b.2.new)))
    });
    let mut old_used = vec![false; corpus.old.len()];
    let mut new_used = vec![false; corpus.new.len()];
    let mut groups = Vec::new();
    for (_, _, group) in candidates {
        // A member already in a group, or paired outside this group, is not available.
        let old_ok = group
            .old
            .iter()
            .all(|&o| !old_used[o] && pairing.old_to[o].is_none_or(|n| group.new.contains(&n)));
        let new_ok = group
            .new
            .iter()
            .all(|&n| !new_used[n] && pairing.new_to[n].is_none_or(|o| group.old.contains(&o)));
        if !(old_ok && new_ok) {
            continue;
        }
        for &o in &group.old {
            old_used[o] = true;
            if let Some(n) = pairing.old_to[o].take() {
                pairing.new_to[n] = None;
                pairing.same_text[o] = false;
            }
        }
        for &n in &group.new {
            new_used[n] = true;
        }
        groups.push(group);
    }
    groups
}

/// For each free provision of `parts` the provision of `wholes` that contains most of its
/// words, if it contains enough, with that share.
fn best_container(
    corpus: &Corpus,
    parts: &[Bag],
    parts_free: &[bool],
    wholes: &[Bag],
) -> Vec<(usize, usize, f64)> {
    let everything = vec![true; wholes.len()];
    let mut best: HashMap<usize, (i64, usize, f64)> = HashMap::new();
    for (p, w) in word_candidates(corpus, parts, parts_free, wholes, &everything) {
        let containment = corpus.containment(&parts[p], &wholes[w]);
        let key = fixed(containment);
        match best.get(&p) {
            Some(&(k, i, _)) if (k, std::cmp::Reverse(i)) >= (key, std::cmp::Reverse(w)) => {}
            _ => {
                best.insert(p, (key, w, containment));
            }
        }
    }
    let mut out: Vec<(usize, usize, f64)> = best
        .into_iter()
        .filter(|(_, (_, _, c))| *c >= threshold::ADJACENT_PART_CONTAINMENT)
        .map(|(p, (_, w, c))| (p, w, c))
        .collect();
    out.sort_unstable_by_key(|&(p, w, _)| (p, w));
    out
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
    // Grow outwards from the members: every weak part joined to a member through a run of
    // neighbouring weak parts. Each part is looked at once.
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
    pairing: &Pairing,
    groups: Vec<Group>,
) -> Alignment {
    // Each pair's link reads both provisions, far apart in memory on a large draft: the
    // two halves are made side by side.
    let pairs = pairing.pairs();
    let mut links = by_halves(pairs.len() >= PARALLEL_TEXTS, &pairs, |_, pairs| {
        pairs
            .iter()
            .map(|&(o, n)| {
                let (a, b) = (&old[o], &new[n]);
                let same_text = pairing.same_text[o] || a.text == b.text;
                // Titles and tags are part of a provision: a changed heading is a change.
                let same = same_text && a.title == b.title && a.tags == b.tags;
                Link {
                    kind: if same {
                        ChangeKind::Unchanged
                    } else {
                        ChangeKind::Changed
                    },
                    old: vec![o],
                    new: vec![n],
                    similarity: if same_text {
                        1.0
                    } else {
                        round3(corpus.similarity(o, n))
                    },
                    renumbered: a.id != b.id,
                    moved: false,
                }
            })
            .collect()
    });
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
    for o in (0..old.len()).filter(|&o| pairing.old_to[o].is_none() && !in_group_old[o]) {
        links.push(Link {
            kind: ChangeKind::Removed,
            old: vec![o],
            new: vec![],
            similarity: 0.0,
            renumbered: false,
            moved: false,
        });
    }
    for n in (0..new.len()).filter(|&n| pairing.new_to[n].is_none() && !in_group_new[n]) {
        links.push(Link {
            kind: ChangeKind::Added,
            old: vec![],
            new: vec![n],
            similarity: 0.0,
            renumbered: false,
            moved: false,
        });
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

/// Sorts links into the new version's reading order. A removed provision follows the new
/// position of the nearest earlier old provision that survived in place (a neighbour that
/// moved far away would drag it out of context).
fn order_for_reading(links: &mut [Link], old_len: usize) {
    let mut anchor_of_old: Vec<Option<usize>> = vec![None; old_len];
    for l in links.iter().filter(|l| !l.moved) {
        if let Some(&n) = l.new.first() {
            for &o in &l.old {
                anchor_of_old[o] = Some(n);
            }
        }
    }
    // Key: (slot, old index). A link with new provisions sits in slot 2n+1; a removed
    // provision after a surviving neighbour at n sits in slot 2n+2, before the next one.
    let mut last: Option<usize> = None;
    let mut removed_slot: Vec<usize> = vec![0; old_len];
    for (o, slot) in removed_slot.iter_mut().enumerate() {
        if let Some(n) = anchor_of_old[o] {
            last = Some(n);
        }
        *slot = last.map_or(0, |n| 2 * n + 2);
    }
    // Keys computed once: each reads the link's lists, which live apart from the links,
    // and a sort asks for keys O(n log n) times (a fifth of building 100,000 links).
    links.sort_by_cached_key(|l| match l.new.first() {
        Some(&n) => (2 * n + 1, l.old.first().copied().unwrap_or(0)),
        None => (removed_slot[l.old[0]], l.old[0]),
    });
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_skeleton_is_what_every_longest_chain_shares() {
        // (0,0) and (1,2) or (0,0) and (3,1): only (0,0) is certain.
        assert_eq!(in_order_chain(&[(0, 0), (1, 2), (3, 1)]), [(0, 0)]);
        // The mirror image gives the mirror skeleton.
        assert_eq!(in_order_chain(&[(0, 0), (2, 1), (1, 3)]), [(0, 0)]);
        assert_eq!(
            in_order_chain(&[(0, 0), (1, 1), (2, 3), (3, 2), (4, 4)]),
            [(0, 0), (1, 1), (4, 4)]
        );
        assert_eq!(in_order_chain(&[]), []);
    }

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
        let mut pairing = Pairing::new(3, 3);
        pair_identical(&old, &new, &TextHashes::of(&old, &new), &mut pairing);
        assert_eq!(pairing.old_to, [Some(2), Some(0), Some(1)]);
    }

    /// Texts are found by their hash and checked against the text: with every hash the
    /// same (as colliding texts would have), the pairing is the one real hashes give.
    #[test]
    fn texts_whose_hashes_collide_still_pair_by_text() {
        let old = [
            provision("1", "a"),
            provision("2", "b"),
            provision("3", "c"),
            provision("4", "b"),
            provision("5", "only old"),
        ];
        let new = [
            provision("1", "b"),
            provision("2", "c"),
            provision("3", "only new"),
            provision("4", "a"),
            provision("5", "b"),
        ];
        let pairing_with = |hashes: &TextHashes| {
            let mut pairing = Pairing::new(old.len(), new.len());
            pair_identical(&old, &new, hashes, &mut pairing);
            pairing.old_to
        };
        let real = pairing_with(&TextHashes::of(&old, &new));
        assert_eq!(real, [Some(3), Some(0), Some(1), Some(4), None]);
        let colliding = TextHashes {
            old: vec![7; old.len()],
            new: vec![7; new.len()],
        };
        assert_eq!(pairing_with(&colliding), real);
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
        let alignment = crate::test_support::within_a_minute(move || align(&old, &new));
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
        let members =
            crate::test_support::within_a_minute(move || qualifying_parts(vec![], offers));
        assert_eq!(members, (0..=parts).collect::<Vec<_>>());
    }
}
