use super::align;
use super::groups::qualifying_parts;
use super::identical::{pair_identical, TextHashes};
use super::link::ChangeKind;
use super::order::in_order_chain;
use super::pairing::Pairing;
use crate::model::Provision;

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
    // A part may stand one provision away from a member (a sub-provision between them),
    // not two.
    assert_eq!(qualifying_parts(vec![0], vec![(2, 0.4)]), [0, 2]);
    assert_eq!(qualifying_parts(vec![0], vec![(3, 0.4)]), [0]);
}

// Found while measuring hostile inputs: 20,000 weak parts of one provision, in a run
// that grows from its far end, made qualifying_parts cubic (over 5 minutes, release).
#[test]
fn a_long_run_of_weak_parts_was_cubic() {
    let parts = 20_000;
    let mut offers: Vec<(usize, f64)> = (0..parts).map(|p| (p, 0.4)).collect();
    offers.push((parts, 0.9));
    let members = crate::test_support::within_a_minute(move || qualifying_parts(vec![], offers));
    assert_eq!(members, (0..=parts).collect::<Vec<_>>());
}

#[test]
fn a_decision_by_hand_stands_against_an_identical_twin() {
    use super::{align_decided, Decided, Ground};
    let old = [
        provision("1", "Monitors report weekly."),
        provision("2", "Other text."),
    ];
    let new = [
        provision("1", "Monitors report weekly."),
        provision("2", "Else."),
    ];
    // By hand: old 1 became new 2, though new 1 is its identical twin.
    let decided = [Decided {
        old: vec![0],
        new: vec![1],
    }];
    let links = align_decided(&old, &new, &decided).links;
    let pair = links.iter().find(|l| l.old == [0]).unwrap();
    assert_eq!(pair.new, [1]);
    assert_eq!(pair.basis.evidence[0], Ground::Corrected);
    assert_eq!(pair.basis.decided, Some(0));
    // Every provision once, the twin included.
    let mut olds: Vec<usize> = links.iter().flat_map(|l| l.old.clone()).collect();
    let mut news: Vec<usize> = links.iter().flat_map(|l| l.new.clone()).collect();
    olds.sort();
    news.sort();
    assert_eq!((olds, news), (vec![0, 1], vec![0, 1]));
}

#[test]
fn decisions_that_overlap_or_fall_outside_are_not_carried_out() {
    use super::{align_decided, Decided};
    let old = [
        provision("1", "Alpha beta gamma."),
        provision("2", "Delta."),
    ];
    let new = [
        provision("1", "Alpha beta gamma."),
        provision("2", "Delta."),
    ];
    let decided = [
        Decided {
            old: vec![9],
            new: vec![0],
        },
        Decided {
            old: vec![0],
            new: vec![1],
        },
        Decided {
            old: vec![0],
            new: vec![],
        },
        Decided {
            old: vec![0, 1],
            new: vec![0, 1],
        },
    ];
    let links = align_decided(&old, &new, &decided).links;
    // Only the second stands; the rest pair as the texts say.
    let pairs: Vec<(Vec<usize>, Vec<usize>, Option<usize>)> = links
        .iter()
        .map(|l| (l.old.clone(), l.new.clone(), l.basis.decided))
        .collect();
    assert!(pairs.contains(&(vec![0], vec![1], Some(1))), "{pairs:?}");
    assert_eq!(
        links.iter().filter(|l| l.basis.decided.is_some()).count(),
        1
    );
}
