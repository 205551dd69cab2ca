//! The links: every pair, group and lone provision as one entry, moves marked (pairs off
//! the longest in-order chain), in the new version's reading order.

use super::groups::Group;
use super::identical::PARALLEL_TEXTS;
use super::link::{Alignment, ChangeKind, Link};
use super::order::longest_increasing;
use super::pairing::Pairing;
use super::similarity::Corpus;
use crate::model::Provision;
use crate::parallel::by_halves;

pub(super) fn build_links(
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
