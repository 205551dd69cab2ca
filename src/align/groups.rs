//! Splits and merges: among what pairing left over, one provision whose words went into
//! several on the other side.

use std::cmp::Reverse;

use foldhash::{HashMap, HashMapExt};

use super::candidates::word_candidates;
use super::link::ChangeKind;
use super::pairing::Pairing;
use super::similarity::{fixed, Bag, Corpus, PARALLEL_READ};
use super::threshold;
use crate::parallel::both;

/// A split (one old, several new) or merge (several old, one new).
pub(super) struct Group {
    pub(super) kind: ChangeKind,
    pub(super) old: Vec<usize>,
    pub(super) new: Vec<usize>,
    pub(super) coverage: f64,
}

/// Finds splits and merges among what pairing left over. Each unpaired provision is offered
/// to the provision on the other side that contains most of its words; a provision that
/// collects enough parts to be covered well, and better than by its pair alone, is a
/// candidate group. Candidates are accepted best covered first, each provision in at most
/// one group, and a group's members leave the pairing. Splits and merges are weighed
/// together, so comparing the versions the other way round gives the mirror image.
pub(super) fn find_groups(corpus: &Corpus, pairing: &mut Pairing) -> Vec<Group> {
    let old_free = pairing.old_free_mask();
    let new_free = pairing.new_free_mask();
    // A whole may be free or paired, but not held or in a pair set by hand.
    let old_whole: Vec<bool> = (0..old_free.len())
        .map(|o| !pairing.held_old[o] && pairing.may_unpair(o))
        .collect();
    let new_whole: Vec<bool> = (0..new_free.len())
        .map(|n| !pairing.held_new[n] && pairing.new_to[n].is_none_or(|o| pairing.may_unpair(o)))
        .collect();
    let mut candidates: Vec<(i64, i64, Group)> = Vec::new();
    // Splits: free new provisions offered as parts of an old one; merges the other way.
    // Finding each part's container is independent in the two directions.
    let (split_containers, merge_containers) = both(
        pairing.free_count() >= PARALLEL_READ,
        || {
            best_container(
                corpus,
                &corpus.new,
                &new_free,
                &corpus.old,
                &old_whole,
                &pairing.old_to,
            )
        },
        || {
            best_container(
                corpus,
                &corpus.old,
                &old_free,
                &corpus.new,
                &new_whole,
                &pairing.new_to,
            )
        },
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
            let whole_bag = &wholes_side[whole];
            let parts = qualifying_parts(partner[whole].into_iter().collect(), extra);
            let parts = without_redundant(corpus, whole_bag, parts_side, parts, partner[whole]);
            if parts.len() < 2 {
                continue;
            }
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
        let old_ok = group.old.iter().all(|&o| {
            !old_used[o] && old_whole[o] && pairing.old_to[o].is_none_or(|n| group.new.contains(&n))
        });
        let new_ok = group.new.iter().all(|&n| {
            !new_used[n] && new_whole[n] && pairing.new_to[n].is_none_or(|o| group.old.contains(&o))
        });
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
/// words, if it contains enough, with that share. A short part (a heading, "Definitions.")
/// is contained whole in many provisions; among equal containments the whole whose
/// partner stands nearest the part wins, then the earlier whole.
fn best_container(
    corpus: &Corpus,
    parts: &[Bag],
    parts_free: &[bool],
    wholes: &[Bag],
    may_be_whole: &[bool],
    partner: &[Option<usize>],
) -> Vec<(usize, usize, f64)> {
    type Key = (i64, Reverse<(usize, bool)>, Reverse<usize>);
    let mut best: HashMap<usize, (Key, f64)> = HashMap::new();
    for (p, w) in word_candidates(corpus, parts, parts_free, wholes, may_be_whole) {
        let containment = corpus.containment(&parts[p], &wholes[w]);
        // At equal distance the partner after the part wins: a heading leads into what
        // follows it.
        let distance = partner[w].map_or((usize::MAX, true), |q| (q.abs_diff(p), q < p));
        let key = (fixed(containment), Reverse(distance), Reverse(w));
        if best.get(&p).is_none_or(|(k, _)| key > *k) {
            best.insert(p, (key, containment));
        }
    }
    let mut out: Vec<(usize, usize, f64)> = best
        .into_iter()
        .filter(|(_, (_, c))| *c >= threshold::ADJACENT_PART_CONTAINMENT)
        .map(|(p, ((_, _, Reverse(w)), c))| (p, w, c))
        .collect();
    out.sort_unstable_by_key(|&(p, w, _)| (p, w));
    out
}

/// Drops, one at a time and least useful first, the parts (other than the whole's own
/// partner, and those taken nearly whole from it, like its heading) whose words the
/// other parts already cover: a new section that reuses the
/// vocabulary of its neighbours adds nothing to a split. Only for groups of up to
/// [`threshold::REDUNDANCY_CHECK`] parts: each check measures the coverage once per part.
fn without_redundant(
    corpus: &Corpus,
    whole: &Bag,
    side: &[Bag],
    mut parts: Vec<usize>,
    partner: Option<usize>,
) -> Vec<usize> {
    if parts.len() > threshold::REDUNDANCY_CHECK {
        return parts;
    }
    let coverage = |parts: &[usize]| {
        let bags: Vec<&Bag> = parts.iter().map(|&p| &side[p]).collect();
        corpus.coverage(whole, &bags)
    };
    while parts.len() > 2 {
        let all = coverage(&parts);
        let least = (0..parts.len())
            .filter(|&i| Some(parts[i]) != partner)
            .filter(|&i| {
                corpus.containment(&side[parts[i]], whole) < threshold::DISTANT_PART_CONTAINMENT
            })
            .map(|i| {
                let rest: Vec<usize> = parts.iter().copied().filter(|&p| p != parts[i]).collect();
                (fixed(all - coverage(&rest)), i)
            })
            .min();
        match least {
            Some((gain, i)) if gain < fixed(threshold::PART_GAIN) => {
                parts.remove(i);
            }
            _ => break,
        }
    }
    parts
}

/// Keeps the offered parts that qualify: those that take nearly all their words from the
/// whole, and those that take fewer but stand within one provision of another part (merged and split
/// provisions are nearly always neighbours; a distant one needs stronger evidence).
pub(super) fn qualifying_parts(mut members: Vec<usize>, offers: Vec<(usize, f64)>) -> Vec<usize> {
    // A part far from the others must be nearly all taken from the whole; one next to
    // another part needs less.
    let (strong, weak): (Vec<_>, Vec<_>) = offers
        .into_iter()
        .partition(|&(_, c)| c >= threshold::DISTANT_PART_CONTAINMENT);
    members.extend(strong.into_iter().map(|(p, _)| p));
    let mut weak: std::collections::HashSet<usize> = weak.into_iter().map(|(p, _)| p).collect();
    // Grow outwards from the members: every weak part joined to a member through a run of
    // weak parts each at most one provision from the next (a sub-provision, or a
    // provision that went elsewhere, may stand between two parts). Each part is looked at
    // once.
    let mut frontier = members.clone();
    while let Some(m) = frontier.pop() {
        for p in [m.wrapping_sub(2), m.wrapping_sub(1), m + 1, m + 2] {
            if weak.remove(&p) {
                members.push(p);
                frontier.push(p);
            }
        }
    }
    members.sort_unstable();
    members
}
