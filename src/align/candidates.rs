//! Candidates: for each unpaired provision, the few on the other side worth comparing,
//! found through an inverted index over rare words, the same id, and the same stretch
//! between skeleton pairs. Near-linear: common words are not indexed.

use foldhash::{HashMap, HashMapExt};

use super::order::Place;
use super::pairing::Pairing;
use super::similarity::{fixed, Bag, Corpus, PARALLEL_READ};
use super::threshold;
use crate::model::Provision;
use crate::parallel::both;

/// For each free provision of `from`, up to `CANDIDATES` free provisions of `to` sharing
/// the most weight of rare words. Words in more than `cap` provisions say little about
/// which is which and would make the search quadratic, so they are not indexed.
pub(super) fn word_candidates(
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

/// The candidate pairs `(old, new)` among the provisions still free, sorted, each once:
/// the best few by rare words in both directions (so that the pool does not depend on
/// which version is called old), the provision with the same id, and every pair within a
/// small stretch between skeleton pairs, where a rewording usually sits.
pub(super) fn pool(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    pairing: &Pairing,
    place: &Place,
) -> Vec<(usize, usize)> {
    let old_free = pairing.old_free_mask();
    let new_free = pairing.new_free_mask();
    // The two searches are independent, so they run side by side.
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
    for (olds, news) in stretches(&old_free, &new_free, place).values() {
        if olds.len() <= threshold::CANDIDATES && news.len() <= threshold::CANDIDATES {
            for &o in olds {
                pool.extend(news.iter().map(|&n| (o, n)));
            }
        }
    }
    pool.sort_unstable();
    pool.dedup();
    pool
}

/// The free provisions of each side, by the stretch between skeleton pairs they stand in.
pub(super) fn stretches(
    old_free: &[bool],
    new_free: &[bool],
    place: &Place,
) -> HashMap<usize, (Vec<usize>, Vec<usize>)> {
    let mut stretches: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for o in (0..old_free.len()).filter(|&o| old_free[o]) {
        stretches.entry(place.old_gap[o]).or_default().0.push(o);
    }
    for n in (0..new_free.len()).filter(|&n| new_free[n]) {
        stretches.entry(place.new_gap[n]).or_default().1.push(n);
    }
    stretches
}
