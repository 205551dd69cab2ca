//! The assignment: which candidate pairs are accepted. Two rounds of best-first pairing
//! against a skeleton (the second with every pair of the first in it, so a reworded
//! provision between two paired ones is placed); then the gaps of the final in-order
//! chain are filled in order (a provision standing between matched neighbours that shares
//! real content with one standing across is that provision, amended); then what is left
//! pairs with a neighbour one gap away.

use super::candidates::{pool, stretches};
use super::order::{in_order_chain, Place};
use super::pairing::Pairing;
use super::scoring::{rank, same_name, Evidence, Scored};
use super::similarity::{fixed, Corpus};
use super::threshold;
use crate::model::Provision;

/// What the assignment saw, for the assessment to reuse: the first round's candidates
/// (every provision still free then, against every other) and the place of each
/// provision between the pairs of the in-order chain before the gaps were filled.
pub(super) struct Seen {
    pub(super) candidates: Vec<(usize, usize)>,
    pub(super) place: Place,
}

pub(super) fn pair_by_content(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    pairing: &mut Pairing,
) -> Seen {
    let mut first = None;
    for _ in 0..2 {
        let skeleton = in_order_chain(&pairing.pairs());
        let place = Place::of(old, new, &skeleton);
        let candidates = pool(old, new, corpus, pairing, &place);
        accept(&rank(old, new, corpus, &place, &candidates), pairing);
        first.get_or_insert(candidates);
    }
    let skeleton = in_order_chain(&pairing.pairs());
    let place = Place::of(old, new, &skeleton);
    // The skeleton moves only if leftovers were paired (on most drafts none are).
    let place = if pair_leftovers(old, new, corpus, &place, pairing) {
        Place::of(old, new, &in_order_chain(&pairing.pairs()))
    } else {
        place
    };
    fill_gaps(corpus, &place, pairing);
    pair_neighbours(old, new, corpus, &place, pairing);
    Seen {
        candidates: first.unwrap_or_default(),
        place,
    }
}

/// Pairs, anywhere in the document, what is still free on both sides when the two share
/// a good deal of substance ([`threshold::LEFTOVER`] and [`threshold::LEFTOVER_WORDS`]
/// content words), or carry the same name as id and share real content: in a rewrite
/// from scratch few provisions stay in order, and a section moved to another place and
/// reworded keeps many of its words, or its heading, though not its sentences.
fn pair_leftovers(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    place: &Place,
    pairing: &mut Pairing,
) -> bool {
    let mut scored: Vec<Scored> = pool(old, new, corpus, pairing, place)
        .into_iter()
        .filter_map(|(o, n)| {
            let overlap = corpus.overlap(o, n);
            let content = overlap.content();
            let substantial =
                overlap.long_words >= threshold::LEFTOVER_WORDS && content >= threshold::LEFTOVER;
            // The same heading in the same place needs only a word of substance in common.
            let in_place = place.old_gap[o] == place.new_gap[n];
            let named = same_name(&old[o], &new[n])
                && overlap.content_words >= 1
                && (content >= threshold::IN_PLACE || in_place);
            (substantial || named).then(|| Scored {
                score: fixed(content),
                old: o,
                new: n,
            })
        })
        .collect();
    super::scoring::sort_best_first(&mut scored);
    accept(&scored, pairing) > 0
}

/// Pairs what is still free with a provision one stretch away (two neighbours swapped,
/// or one moved past a neighbour) when their content score, with what the same id and
/// the same title add, reaches [`threshold::NEAR_PLACE`] and they share real content: a
/// short move is nearly as strong a sign as the same place, and the in-order fill cannot
/// make a pair that crosses another.
fn pair_neighbours(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    place: &Place,
    pairing: &mut Pairing,
) {
    let old_free = pairing.old_free_mask();
    let new_free = pairing.new_free_mask();
    let by_gap = stretches(&old_free, &new_free, place);
    let mut scored: Vec<Scored> = Vec::new();
    for (&gap, (olds, _)) in &by_gap {
        let near = (gap.saturating_sub(1)..=gap + 1).filter_map(|g| by_gap.get(&g));
        let news: Vec<usize> = near.flat_map(|(_, news)| news.iter().copied()).collect();
        if olds.len() * news.len() > threshold::GAP_PAIRS {
            continue;
        }
        for &o in olds {
            for &n in &news {
                let overlap = corpus.overlap(o, n);
                let content = overlap.content();
                let evidence = Evidence::of(&old[o], &new[n], o, n, place);
                let score = content + evidence.bonus_besides_place();
                if overlap.content_words >= 1
                    && content >= threshold::IN_PLACE
                    && score >= threshold::NEAR_PLACE
                {
                    scored.push(Scored {
                        score: fixed(score),
                        old: o,
                        new: n,
                    });
                }
            }
        }
    }
    super::scoring::sort_best_first(&mut scored);
    accept(&scored, pairing);
}

/// Accepts pairs best first, each provision once; how many were made.
fn accept(scored: &[Scored], pairing: &mut Pairing) -> usize {
    let mut made = 0;
    for s in scored {
        if pairing.old_free(s.old) && pairing.new_free(s.new) {
            pairing.pair(s.old, s.new);
            made += 1;
        }
    }
    made
}

/// In each stretch between two pairs of the in-order chain, pairs the free provisions
/// that share real content ([`threshold::IN_PLACE`] and a word of substance), choosing
/// together the pairs that keep their order and share the most: inside a gap the order
/// still holds, so two rewordings in a row are both found even when the first also
/// resembles the second's successor.
fn fill_gaps(corpus: &Corpus, place: &Place, pairing: &mut Pairing) {
    let old_free = pairing.old_free_mask();
    let new_free = pairing.new_free_mask();
    let mut gaps: Vec<(Vec<usize>, Vec<usize>)> = stretches(&old_free, &new_free, place)
        .into_values()
        .filter(|(olds, news)| !olds.is_empty() && !news.is_empty())
        .collect();
    gaps.sort_unstable();
    for (olds, news) in gaps {
        if olds.len() * news.len() > threshold::GAP_PAIRS {
            continue;
        }
        let worth = |o: usize, n: usize| -> i64 {
            let overlap = corpus.overlap(o, n);
            let content = overlap.content();
            if overlap.content_words >= 1 && content >= threshold::IN_PLACE {
                // In place, a text mostly kept inside a grown one is that one amended,
                // even when its word pairs were broken up (a copyright line re-dated).
                fixed(content.max(overlap.kept * threshold::IN_PLACE_KEPT))
            } else {
                0
            }
        };
        let scores: Vec<Vec<i64>> = olds
            .iter()
            .map(|&o| news.iter().map(|&n| worth(o, n)).collect())
            .collect();
        for (i, j) in in_order_best(&scores) {
            pairing.pair(olds[i], news[j]);
        }
    }
}

/// The pairs `(i, j)` with a positive score that keep their order on both sides and have
/// the greatest total score (a longest common subsequence weighted by the scores).
/// Equal totals are settled by pairing as early as possible on both sides at once; where
/// that still leaves a choice (two exactly mirrored pairs of equal worth), the old side
/// is skipped first, so that tie, like a swap's `moved` flag, may fall the other way when
/// the versions are swapped.
fn in_order_best(scores: &[Vec<i64>]) -> Vec<(usize, usize)> {
    let (rows, cols) = (scores.len(), scores.first().map_or(0, Vec::len));
    // best[i][j]: the greatest total within rows i.. and columns j..
    let mut best = vec![vec![0i64; cols + 1]; rows + 1];
    for i in (0..rows).rev() {
        for j in (0..cols).rev() {
            let take = if scores[i][j] > 0 {
                scores[i][j] + best[i + 1][j + 1]
            } else {
                0
            };
            best[i][j] = take.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < rows && j < cols {
        if scores[i][j] > 0 && best[i][j] == scores[i][j] + best[i + 1][j + 1] {
            out.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if best[i][j] == best[i + 1][j] && best[i][j] != best[i][j + 1] {
            i += 1;
        } else if best[i][j] == best[i][j + 1] && best[i][j] != best[i + 1][j] {
            j += 1;
        } else {
            // Either skip keeps the best total: skip both only when that keeps it too.
            if best[i][j] == best[i + 1][j + 1] {
                (i, j) = (i + 1, j + 1);
            } else {
                i += 1;
            }
        }
    }
    out
}
