//! Crash consistency: `run` is killed (SIGKILL) at random moments while drafts are being
//! edited, added and deleted; then the drafts are restored (or left as they ended) and
//! `run` goes again. The reports must equal a clean run's, byte for byte, every trial.
//!
//! Quick by default (a few trials, for CI); `CRASH_TRIALS=500 cargo test --release --test
//! pipeline crash` runs a long campaign.

use std::time::{Duration, Instant};

use super::common::*;

/// A small deterministic generator, so that a failing trial can be replayed by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const DOCUMENTS: usize = 6;
const VERSIONS: usize = 3;
const PROVISIONS: usize = 40;

/// One edit of the kinds a drafts folder sees: a same-size rewording (the case a size
/// check cannot tell), a new version, a deleted version.
fn edit(tree: &Tree, rng: &mut Rng) {
    let document = format!("doc-{:02}", rng.below(DOCUMENTS as u64));
    let version = 1 + rng.below(VERSIONS as u64 + 1) as usize;
    let path = tree.drafts().join(format!("{document}/v{version}.yaml"));
    match rng.below(3) {
        0 if path.exists() => {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            save_atomically(&path, &text.replacen("Subject to", "Pursuant ", 1));
        }
        1 if !path.exists() => {
            save_atomically(&path, &generated(&document, version, PROVISIONS));
        }
        _ if path.exists() && version > 1 => {
            let _ = std::fs::remove_file(&path);
        }
        _ => {}
    }
}

#[test]
fn a_run_killed_while_drafts_change_leaves_nothing_a_clean_run_would_not() {
    let trials: u64 = std::env::var("CRASH_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let original = Tree::new();
    generate(&original, DOCUMENTS, VERSIONS, PROVISIONS);
    let started = Instant::now();
    let expected = original.fresh_reports();
    let full = started.elapsed().max(Duration::from_millis(5));
    for seed in 1..=trials {
        let mut rng = Rng(seed);
        let tree = original.copy_drafts();
        tree.run_ok();
        // Drafts change before and while the killed run reads them.
        for _ in 0..rng.below(4) {
            edit(&tree, &mut rng);
        }
        let mut child = tree.command("run").arg("--quiet").spawn().expect("spawn");
        let deadline = Instant::now() + full.mul_f64(rng.below(150) as f64 / 100.0);
        while Instant::now() < deadline {
            edit(&tree, &mut rng);
            std::thread::sleep(Duration::from_micros(rng.below(3000)));
        }
        child.kill().expect("kill");
        child.wait().expect("wait");
        let restore = rng.below(2) == 0;
        if restore {
            std::fs::remove_dir_all(tree.drafts()).expect("remove drafts");
            copy_dir(&original.drafts(), &tree.drafts());
        }
        let output = tree.run(&["--quiet"]);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "seed {seed}: {}",
            stderr(&output)
        );
        let want = if restore {
            expected.clone()
        } else {
            tree.fresh_reports()
        };
        assert_same_files(
            &want,
            &contents(&tree.reports()),
            &format!(
                "seed {seed} (drafts {})",
                if restore { "restored" } else { "as edited" }
            ),
        );
    }
}
