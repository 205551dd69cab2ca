//! Scoring: what a candidate pair's content and its evidence (same id while numbering is
//! in step, same title, same place) are worth together, and whether that is enough to
//! call the two one provision. The measure itself is in `similarity`; this is the rule.

use super::order::Place;
use super::similarity::{fixed, Corpus, Overlap, PARALLEL_SCORE};
use super::threshold;
use crate::model::Provision;
use crate::parallel::by_halves;

/// A candidate pair that may be accepted, with the score that ranks it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scored {
    pub(super) score: i64,
    pub(super) old: usize,
    pub(super) new: usize,
}

/// The pieces of evidence besides the text that speak for one pair.
pub(super) struct Evidence {
    same_id: bool,
    same_title: bool,
    same_place: bool,
}

impl Evidence {
    pub(super) fn of(
        old: &Provision,
        new: &Provision,
        o: usize,
        n: usize,
        place: &Place,
    ) -> Evidence {
        Evidence {
            same_id: old.id == new.id
                && (same_name(old, new) || place.old_in_step[o] && place.new_in_step[n]),
            same_title: old.title.is_some() && old.title == new.title,
            same_place: place.old_gap[o] == place.new_gap[n],
        }
    }

    /// What the evidence adds to the content score: [`threshold::BONUS`] for each piece.
    fn bonus(&self) -> f64 {
        self.bonus_besides_place()
            + if self.same_place {
                threshold::BONUS
            } else {
                0.0
            }
    }

    /// What the id and title add, place aside.
    pub(super) fn bonus_besides_place(&self) -> f64 {
        threshold::BONUS * (u32::from(self.same_id) + u32::from(self.same_title)) as f64
    }
}

/// The score of a pair, or `None` when the two are not one provision. Content alone
/// carries a pair at [`threshold::PAIR`], but a pair away from its place (a move) must
/// share more than one word of substance: two short provisions that only share a name
/// ("Ukraine shall not join NATO." and "NATO shall not expand further.") are not one.
/// Evidence lifts a weaker overlap, down to [`threshold::PAIR_WITH_EVIDENCE`].
fn decide(overlap: &Overlap, evidence: &Evidence) -> Option<f64> {
    let content = overlap.content();
    if content < threshold::PAIR_WITH_EVIDENCE {
        return None;
    }
    let score = content + evidence.bonus();
    let moved_alone = !evidence.same_place && overlap.content_words < threshold::MOVED_WORDS;
    (score >= threshold::PAIR && !moved_alone).then_some(score)
}

/// Scores every candidate of `pool`, keeps those that may be accepted, best first; equal
/// scores in an order that reads the same in both directions.
pub(super) fn rank(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    place: &Place,
    pool: &[(usize, usize)],
) -> Vec<Scored> {
    // Each candidate is scored alone, so the two halves can be scored side by side.
    let mut scored = by_halves(pool.len() >= PARALLEL_SCORE, pool, |_, pairs| {
        pairs
            .iter()
            .filter_map(|&(o, n)| {
                let evidence = Evidence::of(&old[o], &new[n], o, n, place);
                let score = decide(&corpus.overlap(o, n), &evidence)?;
                Some(Scored {
                    score: fixed(score),
                    old: o,
                    new: n,
                })
            })
            .collect()
    });
    sort_best_first(&mut scored);
    scored
}

/// Best first; equal scores by a key that reads the same in both directions.
pub(super) fn sort_best_first(scored: &mut [Scored]) {
    scored.sort_unstable_by(|a, b| {
        let key = |s: &Scored| (s.old.min(s.new), s.old.max(s.new), s.old);
        b.score.cmp(&a.score).then(key(a).cmp(&key(b)))
    });
}

/// Whether the two carry the same written id that is a name, not a number: a slug of a
/// heading (`status-of-this-memo`, `version`) means the same section wherever it stands,
/// while `7` after a renumbering is a coincidence. A name is an id whose last part holds
/// more than three letters (`a`, `iv` and `2b` are numbering).
pub(super) fn same_name(old: &Provision, new: &Provision) -> bool {
    let last = old.id.rsplit('.').next().unwrap_or("");
    old.id_explicit
        && new.id_explicit
        && old.id == new.id
        && last.chars().filter(|c| c.is_alphabetic()).count() > 3
}
