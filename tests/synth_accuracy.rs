//! Alignment accuracy on a synthetic pair with known truth (rewordings, removals,
//! additions, moves, renumbering). The benchmark script measures the same at 10,000 and
//! 100,000 provisions; this keeps a small size so the debug build stays quick.

use draftdiff::align::align;
use draftdiff::load::{load_bytes, PathDefaults};
use draftdiff::synth::{generate, score, SynthOptions};

#[test]
fn synthetic_alignment_precision_and_recall_at_least_0_99() {
    for seed in [1, 2] {
        let pair = generate(&SynthOptions::new(1_500, seed));
        let defaults = PathDefaults::default();
        let old = load_bytes(pair.old_yaml.as_bytes(), "old.yaml", &defaults).expect("old loads");
        let new = load_bytes(pair.new_yaml.as_bytes(), "new.yaml", &defaults).expect("new loads");
        let alignment = align(&old.provisions, &new.provisions);
        let mut predicted: Vec<(String, String)> = Vec::new();
        for link in &alignment.links {
            for &o in &link.old {
                for &n in &link.new {
                    let ids = (&old.provisions[o].id, &new.provisions[n].id);
                    predicted.push((ids.0.clone(), ids.1.clone()));
                }
            }
        }
        let s = score(&pair.truth, &predicted);
        assert!(
            s.precision >= 0.99 && s.recall >= 0.99,
            "seed {seed}: {s:?}"
        );
        let moved = alignment.links.iter().filter(|l| l.moved).count();
        let truly_moved = pair
            .truth
            .iter()
            .filter(|t| t.kind == draftdiff::synth::TruthKind::Moved)
            .count();
        assert_eq!(moved, truly_moved, "seed {seed}: moved provisions");
    }
}

/// Above 1,024 identical pairs the aligner estimates document frequencies from a sample of
/// the unchanged provisions (`align::Corpus::build`). The estimate must neither cost
/// accuracy nor break symmetry: aligning the versions the other way round pairs the mirror
/// image, because the sample is chosen by text alone.
#[test]
fn sampled_document_frequencies_stay_accurate_and_symmetric() {
    let pair = generate(&SynthOptions::new(4_000, 3));
    let defaults = PathDefaults::default();
    let old = load_bytes(pair.old_yaml.as_bytes(), "old.yaml", &defaults).expect("old loads");
    let new = load_bytes(pair.new_yaml.as_bytes(), "new.yaml", &defaults).expect("new loads");
    let pairs_of = |links: &[draftdiff::align::Link], flip: bool| {
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for link in links {
            for &a in &link.old {
                for &b in &link.new {
                    pairs.push(if flip { (b, a) } else { (a, b) });
                }
            }
        }
        pairs.sort_unstable();
        pairs
    };
    let forward = align(&old.provisions, &new.provisions);
    let backward = align(&new.provisions, &old.provisions);
    let forward_pairs = pairs_of(&forward.links, false);
    assert_eq!(forward_pairs, pairs_of(&backward.links, true));

    let predicted: Vec<(String, String)> = forward_pairs
        .iter()
        .map(|&(o, n)| (old.provisions[o].id.clone(), new.provisions[n].id.clone()))
        .collect();
    let s = score(&pair.truth, &predicted);
    assert!(s.precision >= 0.99 && s.recall >= 0.99, "{s:?}");
}
