//! Order and place: the chain of pairs that stays in order in both versions, the
//! stretches between its pairs, and whether numbering is still in step.

use crate::model::Provision;

/// Where each provision stands relative to a skeleton of pairs.
pub(super) struct Place {
    /// By provision: how many skeleton pairs come before it. Two unpaired provisions with
    /// the same number stand in the same stretch, that is, in the same place.
    pub(super) old_gap: Vec<usize>,
    pub(super) new_gap: Vec<usize>,
    /// By provision: whether its id still means the same place in the other version.
    pub(super) old_in_step: Vec<bool>,
    pub(super) new_in_step: Vec<bool>,
}

impl Place {
    pub(super) fn of(old: &[Provision], new: &[Provision], skeleton: &[(usize, usize)]) -> Place {
        let (old_gap, new_gap) = gap_numbers(old.len(), new.len(), skeleton);
        let (old_in_step, new_in_step) = numbering_in_step(old, new, skeleton);
        Place {
            old_gap,
            new_gap,
            old_in_step,
            new_in_step,
        }
    }
}

/// The pairs that lie on every longest chain of pairs in order in both versions, as
/// `(old, new)` sorted by old index: the skeleton that places the other provisions.
///
/// Where several longest chains exist (two provisions swapped), picking one would depend
/// on which version is called old; the pairs common to all of them do not, so the
/// alignment stays the mirror image when the versions are swapped.
pub(super) fn in_order_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
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
pub(super) fn gap_numbers(
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
