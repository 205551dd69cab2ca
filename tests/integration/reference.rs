//! The two reference matchers the aligner is measured against: the simplest methods that
//! could work. Both compare provisions as sets of lowercased words (text and title) by
//! Jaccard overlap, and know nothing of ids, titles as such, splits or merges.
//!
//! - `greedy`: every pair at or above a threshold, best first, each provision once.
//! - `gap_fill`: `greedy`, then, between each two neighbouring pairs of its longest
//!   in-order chain, the provisions still free on both sides are paired in order when
//!   they share at least a little (an analyst's "the one between 6 and 8 is 7, amended").
//!
//! Their thresholds are chosen on the tuning pairs, the same pairs draftdiff was tuned on,
//! so each reference is at its best on them, not set up to lose.

use std::collections::BTreeSet;

use draftdiff::model::Provision;

/// `(old, new)` index pairs.
pub type Pairs = Vec<(usize, usize)>;

/// Pairing floors tried for `greedy` (and for the first step of `gap_fill`).
pub const GREEDY_FLOORS: [f64; 9] = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6];
/// Floors tried for the in-gap pairs of `gap_fill`.
pub const GAP_FLOORS: [f64; 4] = [0.0, 0.05, 0.1, 0.15];

fn word_set(p: &Provision) -> BTreeSet<String> {
    let title = p.title.as_deref().unwrap_or("");
    format!("{} {title}", p.text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        1.0
    } else {
        shared as f64 / union as f64
    }
}

/// Word-set Jaccard of every old provision with every new one.
pub fn scores(old: &[Provision], new: &[Provision]) -> Vec<Vec<f64>> {
    let new_sets: Vec<_> = new.iter().map(word_set).collect();
    old.iter()
        .map(|o| {
            let o = word_set(o);
            new_sets.iter().map(|n| jaccard(&o, n)).collect()
        })
        .collect()
}

pub fn greedy(scores: &[Vec<f64>], floor: f64) -> Pairs {
    let mut all: Vec<(f64, usize, usize)> = Vec::new();
    for (o, row) in scores.iter().enumerate() {
        for (n, &s) in row.iter().enumerate() {
            if s >= floor && s > 0.0 {
                all.push((s, o, n));
            }
        }
    }
    all.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let new_len = scores.first().map_or(0, Vec::len);
    let (mut old_used, mut new_used) = (vec![false; scores.len()], vec![false; new_len]);
    let mut pairs = Vec::new();
    for (_, o, n) in all {
        if !old_used[o] && !new_used[n] {
            (old_used[o], new_used[n]) = (true, true);
            pairs.push((o, n));
        }
    }
    pairs.sort_unstable();
    pairs
}

pub fn gap_fill(scores: &[Vec<f64>], floor: f64, gap_floor: f64) -> Pairs {
    let mut pairs = greedy(scores, floor);
    let new_len = scores.first().map_or(0, Vec::len);
    let chain = longest_chain(&pairs);
    let (mut old_used, mut new_used) = (vec![false; scores.len()], vec![false; new_len]);
    for &(o, n) in &pairs {
        (old_used[o], new_used[n]) = (true, true);
    }
    // Gaps: before the first chain pair, between each two, after the last.
    let mut bounds = vec![(None, None)];
    bounds.extend(chain.iter().map(|&(o, n)| (Some(o), Some(n))));
    bounds.push((None, None));
    for w in bounds.windows(2) {
        let lo = (w[0].0.map_or(0, |o| o + 1), w[0].1.map_or(0, |n| n + 1));
        let hi = (w[1].0.unwrap_or(scores.len()), w[1].1.unwrap_or(new_len));
        let olds = (lo.0..hi.0).filter(|&o| !old_used[o]);
        let news: Vec<usize> = (lo.1..hi.1).filter(|&n| !new_used[n]).collect();
        for (o, n) in olds.zip(news) {
            if scores[o][n] > gap_floor {
                pairs.push((o, n));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// A longest chain of pairs increasing in both indexes (pairs sorted by old index).
fn longest_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut best: Vec<(usize, Option<usize>)> = Vec::with_capacity(pairs.len());
    for i in 0..pairs.len() {
        let prev = (0..i)
            .filter(|&j| pairs[j].1 < pairs[i].1)
            .max_by_key(|&j| (best[j].0, std::cmp::Reverse(j)));
        best.push(prev.map_or((1, None), |j| (best[j].0 + 1, Some(j))));
    }
    let mut at = (0..pairs.len()).max_by_key(|&i| (best[i].0, std::cmp::Reverse(i)));
    let mut chain = Vec::new();
    while let Some(i) = at {
        chain.push(pairs[i]);
        at = best[i].1;
    }
    chain.reverse();
    chain
}

#[test]
fn gap_fill_pairs_the_lone_provision_between_matched_neighbours() {
    // 0-0 and 2-2 match well; 1 and 1 share a little; 3 has no partner.
    let scores = vec![
        vec![0.9, 0.0, 0.0],
        vec![0.0, 0.05, 0.0],
        vec![0.0, 0.0, 0.8],
        vec![0.0, 0.0, 0.0],
    ];
    assert_eq!(greedy(&scores, 0.3), [(0, 0), (2, 2)]);
    assert_eq!(gap_fill(&scores, 0.3, 0.0), [(0, 0), (1, 1), (2, 2)]);
    assert_eq!(gap_fill(&scores, 0.3, 0.1), [(0, 0), (2, 2)]);
}
