//! The similarity measure: provisions as weighted bags of words and of word pairs, and
//! how much two of them share. Nothing here decides a pairing; `scoring` and
//! `assignment` do, from these numbers and the evidence of ids, titles and place.

use foldhash::{HashMap, HashMapExt};

use super::function_words;
use super::identical::TextHashes;
use super::pairing::Pairing;
use super::threshold;
use super::vocabulary::{for_each_key, read_side, Vocabulary};
use crate::model::Provision;
use crate::parallel::both;

/// A provision as a weighted bag of words.
pub(super) struct Bag {
    /// (word id, count), sorted by word id.
    pub(super) words: Vec<(u32, u32)>,
    /// Σ count × idf.
    pub(super) weight: f64,
    /// Neighbouring word pairs (first id << 32 | second id), sorted, each once: what
    /// survives of a text in order, so that a grown or cut provision is told from one
    /// that merely uses the same words in other sentences.
    pairs: Vec<u64>,
    /// Σ weight of `pairs` (a pair weighs the mean of its two words).
    pairs_weight: f64,
    /// How many of `pairs` hold a word that is not a function word.
    content_pairs: u32,
}

/// A provision's words in reading order (rank ids), before weighting.
struct Raw {
    words: Vec<(u32, u32)>,
    pairs: Vec<u64>,
}

impl Raw {
    fn of(read: Vec<u32>, rank: &[u32], held: &mut [u32]) -> Raw {
        let ids: Vec<u32> = read.into_iter().map(|w| rank[w as usize]).collect();
        let mut pairs: Vec<u64> = ids
            .windows(2)
            .map(|w| (w[0] as u64) << 32 | w[1] as u64)
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut sorted = ids;
        sorted.sort_unstable();
        let mut words: Vec<(u32, u32)> = Vec::new();
        for w in sorted {
            match words.last_mut() {
                Some((last, count)) if *last == w => *count += 1,
                _ => words.push((w, 1)),
            }
        }
        for &(w, _) in &words {
            held[w as usize] += 1;
        }
        Raw { words, pairs }
    }
}

impl Bag {
    fn of(raw: Raw, idf: &[f64], function: &[bool]) -> Bag {
        let weight = raw
            .words
            .iter()
            .map(|&(w, c)| c as f64 * idf[w as usize])
            .sum();
        let pairs_weight = raw.pairs.iter().map(|&p| pair_weight(p, idf)).sum();
        let content_pairs = raw
            .pairs
            .iter()
            .filter(|&&p| !function[(p >> 32) as usize] || !function[p as u32 as usize])
            .count() as u32;
        Bag {
            words: raw.words,
            weight,
            pairs: raw.pairs,
            pairs_weight,
            content_pairs,
        }
    }
}

/// What two bags' words share: Σ min(count) × idf, the distinct content words (not
/// function words), and of those the words of three characters or more.
#[derive(Default)]
struct Shared {
    weight: f64,
    content_words: u32,
    long_words: u32,
}

/// Calls `f` with each element of `a` and its match in `b` whose keys are equal; both
/// lists sorted by key, each key once.
fn each_common<T, K: Ord>(a: &[T], b: &[T], key: impl Fn(&T) -> K, mut f: impl FnMut(&T, &T)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match key(&a[i]).cmp(&key(&b[j])) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                f(&a[i], &b[j]);
                i += 1;
                j += 1;
            }
        }
    }
}

fn pair_weight(pair: u64, idf: &[f64]) -> f64 {
    (idf[(pair >> 32) as usize] + idf[pair as u32 as usize]) / 2.0
}

/// What two provisions share, in the measures the decision weighs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Overlap {
    /// Weighted Dice overlap of the words, 0..=1: how alike the two texts are as wholes.
    pub(super) dice: f64,
    /// Share of the lighter text's word pairs found in the other, 0..=1: how much of the
    /// shorter text survives in the longer one, in order. Zero when the lighter text has
    /// too few word pairs of substance to say (a one-word heading is in everything).
    pub(super) contained: f64,
    /// Share of the lighter text's word weight found in the other, 0..=1, in any order.
    pub(super) kept: f64,
    /// Distinct shared words that are not function words.
    pub(super) content_words: u32,
    /// Of those, the words of at least three characters. In a script written without
    /// spaces (Chinese, Japanese) each character is a word of its own, and many shared
    /// characters are not many shared words.
    pub(super) long_words: u32,
}

impl Overlap {
    /// The content score the decision starts from: Dice, or containment a little
    /// discounted when one text grew or was cut, since length asymmetry is not
    /// dissimilarity.
    pub(super) fn content(&self) -> f64 {
        self.dice.max(self.contained * threshold::CONTAINED_WORTH)
    }
}

pub(super) struct Corpus {
    pub(super) old: Vec<Bag>,
    pub(super) new: Vec<Bag>,
    pub(super) idf: Vec<f64>,
    /// By word id: a function word ("the", "shall", "not"), weighed far below the rest.
    function: Vec<bool>,
    /// By word id: a match key of at least three characters.
    long: Vec<bool>,
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
    pub(super) fn build(
        old: &[Provision],
        new: &[Provision],
        hashes: &TextHashes,
        pairing: &Pairing,
    ) -> Corpus {
        // The two sides are read on two threads when there is enough to read, each with
        // its own vocabulary; the new side's ids are then mapped onto the old side's.
        let large = pairing.free_count() >= PARALLEL_READ;
        let (old_read, new_read) = pairing.read_masks();
        let ((mut vocabulary, old_raw), (new_vocabulary, mut new_raw)) = both(
            large,
            || read_side(old, &old_read),
            || read_side(new, &new_read),
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
        let (mut function, mut long) = (vec![false; rank.len()], vec![false; rank.len()]);
        for (key, id) in vocabulary.entries() {
            let at = rank[id as usize] as usize;
            function[at] = function_words::is_function_word(key);
            long[at] = key.chars().nth(2).is_some();
        }
        let mut held: Vec<u32> = vec![0; rank.len()];
        let old_raw: Vec<Raw> = old_raw
            .into_iter()
            .map(|w| Raw::of(w, &rank, &mut held))
            .collect();
        let new_raw: Vec<Raw> = new_raw
            .into_iter()
            .map(|w| Raw::of(w, &rank, &mut held))
            .collect();
        // Counts stay integers until here, so no order of adding can change a weight.
        let mut df: Vec<f64> = held.iter().map(|&h| h as f64).collect();
        for (word, &count) in background.iter().enumerate() {
            df[rank[word] as usize] += count as f64 * scale;
        }
        let n = (old.len() + new.len()) as f64;
        let idf: Vec<f64> = df
            .iter()
            .zip(&function)
            .map(|(&d, &f)| (1.0 + n / d).ln() * if f { threshold::FUNCTION_WORD } else { 1.0 })
            .collect();
        let corpus_bag = |raw: Raw| Bag::of(raw, &idf, &function);
        Corpus {
            old: old_raw.into_iter().map(corpus_bag).collect(),
            new: new_raw.into_iter().map(corpus_bag).collect(),
            idf,
            function,
            long,
        }
    }

    /// Σ min(count) × idf over the words two bags share.
    fn shared(&self, a: &Bag, b: &Bag) -> f64 {
        self.shared_words(a, b).weight
    }

    /// Weighted Dice overlap of old `o` and new `n`, in 0..=1.
    pub(super) fn similarity(&self, o: usize, n: usize) -> f64 {
        let (a, b) = (&self.old[o], &self.new[n]);
        let total = a.weight + b.weight;
        if total == 0.0 {
            return 0.0;
        }
        2.0 * self.shared(a, b) / total
    }

    /// Everything the decision weighs about the content of old `o` and new `n`. Word
    /// pairs are compared only when the words allow containment to matter: a text sharing
    /// less than [`threshold::IN_PLACE`] of the lighter one's word weight is not kept in it
    /// (most candidates, on a large draft).
    pub(super) fn overlap(&self, o: usize, n: usize) -> Overlap {
        let (a, b) = (&self.old[o], &self.new[n]);
        let Shared {
            weight: shared,
            content_words,
            long_words,
        } = self.shared_words(a, b);
        let total = a.weight + b.weight;
        let dice = if total == 0.0 {
            0.0
        } else {
            2.0 * shared / total
        };
        let lighter = if a.pairs_weight <= b.pairs_weight {
            a
        } else {
            b
        };
        let words_kept = shared / a.weight.min(b.weight).max(f64::MIN_POSITIVE);
        let contained = if lighter.content_pairs < threshold::CONTAINED_PAIRS
            || words_kept < threshold::IN_PLACE
        {
            0.0
        } else {
            self.shared_pairs(a, b) / lighter.pairs_weight
        };
        Overlap {
            dice,
            contained,
            kept: words_kept.min(1.0),
            content_words,
            long_words,
        }
    }

    /// What two bags' words share.
    fn shared_words(&self, a: &Bag, b: &Bag) -> Shared {
        let mut shared = Shared::default();
        each_common(
            &a.words,
            &b.words,
            |w| w.0,
            |&(w, ca), &(_, cb)| {
                let w = w as usize;
                shared.weight += ca.min(cb) as f64 * self.idf[w];
                if !self.function[w] {
                    shared.content_words += 1;
                    shared.long_words += u32::from(self.long[w]);
                }
            },
        );
        shared
    }

    /// Σ weight over the word pairs two bags share.
    fn shared_pairs(&self, a: &Bag, b: &Bag) -> f64 {
        let mut sum = 0.0;
        each_common(
            &a.pairs,
            &b.pairs,
            |&p| p,
            |&p, _| sum += pair_weight(p, &self.idf),
        );
        sum
    }

    /// Share of `whole`'s weight covered by the union of `parts` (counts added up).
    pub(super) fn coverage(&self, whole: &Bag, parts: &[&Bag]) -> f64 {
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
    pub(super) fn containment(&self, part: &Bag, whole: &Bag) -> f64 {
        if part.weight == 0.0 {
            return 0.0;
        }
        self.shared(part, whole) / part.weight
    }
}

/// Scores compared at a fixed precision, so that float rounding never decides a tie.
/// Rounded to three decimals, as reports show it.
pub(super) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub(super) fn fixed(x: f64) -> i64 {
    (x * 1e9).round() as i64
}

/// Above this many identical pairs, a sample of them stands for all in the document
/// frequencies (see [`Corpus::build`]).
const IDF_SAMPLE: usize = 1024;

/// From this many unpaired provisions on, reading words and searching candidates are
/// split over two threads.
pub(super) const PARALLEL_READ: usize = 256;

/// From this many candidate pairs on, scoring them is split over two threads.
pub(super) const PARALLEL_SCORE: usize = 2048;

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
    // Only identical pairs: every other provision is read, and counted, as a bag.
    let pairs: Vec<(usize, usize)> = pairing
        .pairs()
        .into_iter()
        .filter(|&(o, _)| pairing.same_text[o])
        .collect();
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
