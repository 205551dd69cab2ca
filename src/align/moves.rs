//! The links: every pair, group and lone provision as one entry, moves marked (pairs off
//! the longest in-order chain), in the new version's reading order.

use super::groups::Group;
use super::identical::PARALLEL_TEXTS;
use super::link::{Alignment, Basis, ChangeKind, Decided, Link};
use super::order::longest_increasing;
use super::pairing::Pairing;
use super::similarity::{round3, Corpus};
use crate::model::Provision;
use crate::parallel::by_halves;

pub(super) fn build_links(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    pairing: &Pairing,
    groups: Vec<Group>,
    decided: &[Decided],
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
                    basis: Basis::unassessed(),
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
            basis: Basis::unassessed(),
        });
    }
    for o in (0..old.len()).filter(|&o| pairing.old_free(o) && !in_group_old[o]) {
        links.push(lone(ChangeKind::Removed, vec![o], vec![]));
    }
    for n in (0..new.len()).filter(|&n| pairing.new_free(n) && !in_group_new[n]) {
        links.push(lone(ChangeKind::Added, vec![], vec![n]));
    }
    mark_decided(old, new, corpus, decided, &mut links);
    mark_moved(&mut links);
    order_for_reading(&mut links, old.len());
    Alignment { links }
}

fn lone(kind: ChangeKind, old: Vec<usize>, new: Vec<usize>) -> Link {
    Link {
        kind,
        old,
        new,
        similarity: 0.0,
        renumbered: false,
        moved: false,
        basis: Basis::unassessed(),
    }
}

/// Marks the pairs set by hand and adds a link for every other decision by hand (whose
/// provisions no stage saw): a removal, an addition, a split or a merge.
fn mark_decided(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    decided: &[Decided],
    links: &mut Vec<Link>,
) {
    let mut by_old: std::collections::HashMap<usize, usize> = Default::default();
    for (i, d) in decided.iter().enumerate() {
        if let ([o], [_]) = (d.old.as_slice(), d.new.as_slice()) {
            by_old.insert(*o, i);
        }
    }
    for link in links.iter_mut().filter(|l| l.kind != ChangeKind::Removed) {
        if let Some(&i) = link.old.first().and_then(|o| by_old.get(o)) {
            link.basis.decided = Some(i);
        }
    }
    for (i, d) in decided.iter().enumerate() {
        let kind = match (d.old.len(), d.new.len()) {
            (0, 0) => continue,
            (0, _) => ChangeKind::Added,
            (_, 0) => ChangeKind::Removed,
            (1, 1) => continue,
            (1, _) => ChangeKind::Split,
            _ => ChangeKind::Merged,
        };
        let mut link = lone(kind, d.old.clone(), d.new.clone());
        link.basis.decided = Some(i);
        if let Some((whole, parts)) = match kind {
            ChangeKind::Split => Some((&corpus.old[d.old[0]], &corpus.new)),
            ChangeKind::Merged => Some((&corpus.new[d.new[0]], &corpus.old)),
            _ => None,
        } {
            let members = if kind == ChangeKind::Split {
                &d.new
            } else {
                &d.old
            };
            let bags: Vec<_> = members.iter().map(|&p| &parts[p]).collect();
            link.similarity = round3(corpus.coverage(whole, &bags));
            link.renumbered = match kind {
                ChangeKind::Split => !d.new.iter().any(|&n| new[n].id == old[d.old[0]].id),
                _ => !d.old.iter().any(|&o| old[o].id == new[d.new[0]].id),
            };
        }
        links.push(link);
    }
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
