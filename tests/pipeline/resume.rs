//! A document's history goes on from its saved state (`reports/.draftdiff-cache/`) when a
//! version is added, instead of comparing every pair again; the state is a cache: one per
//! current history, ignored by git, and a bad one only costs a rebuild.

use std::path::PathBuf;

use super::common::*;

/// The saved states of a document's history.
fn states(tree: &Tree, folder: &str) -> Vec<PathBuf> {
    let Ok(listing) = std::fs::read_dir(tree.reports().join(CACHE).join(folder)) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = listing.map(|e| e.expect("entry").path()).collect();
    out.sort();
    out
}

fn only_state(tree: &Tree, folder: &str) -> PathBuf {
    let found = states(tree, folder);
    assert_eq!(found.len(), 1, "one state for {folder}: {found:?}");
    found[0].clone()
}

/// The state is what the history is built on: a text changed in it (by hand, here) shows
/// in the history written after the next version, which it would not if every pair were
/// compared again.
#[test]
fn an_added_version_goes_on_from_the_saved_history() {
    let tree = Tree::new();
    tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
    tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
    tree.run_ok();
    let state = only_state(&tree, "doc");
    let text = std::fs::read_to_string(&state).unwrap();
    assert!(text.contains("all-for-all basis one"), "{text}");
    std::fs::write(&state, text.replace("basis one", "basis uno")).unwrap();
    tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
    tree.run_ok();
    let history = tree.report("doc/history.md");
    assert!(history.contains("basis uno"), "{history}");
    assert!(!tree.fresh_reports()[&"doc/history.md".to_string()]
        .windows(4)
        .any(|w| w == b"uno "));
}

/// Something done to a saved state file.
type Spoil = fn(&std::path::Path);

/// A truncated, foreign or misplaced state is not used: the history is built from the
/// first version and comes out as a run from scratch writes it.
#[test]
fn a_damaged_saved_history_is_built_again() {
    let damage: [(&str, Spoil); 3] = [
        ("truncated", |p| {
            let bytes = std::fs::read(p).unwrap();
            std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("another layout", |p| {
            let text = std::fs::read_to_string(p).unwrap();
            std::fs::write(p, text.replacen("\"schema\":1", "\"schema\":7", 1)).unwrap();
        }),
        ("a folder in its place", |p| {
            std::fs::remove_file(p).unwrap();
            std::fs::create_dir(p).unwrap();
        }),
    ];
    for (how, spoil) in damage {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree.run_ok();
        spoil(&only_state(&tree, "doc"));
        tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
        tree.run_ok();
        assert_same_files(&tree.fresh_reports(), &contents(&tree.reports()), how);
    }
}

/// One state per document's current history, whatever the order of events that led to
/// it, so a tree grown version by version holds the same cache as one built from
/// scratch; a document that is gone takes its state with it; git is told to ignore it.
#[test]
fn the_cache_holds_one_state_per_current_history() {
    let tree = Tree::new();
    tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
    tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
    tree.write("other/v1.yaml", &small("v1", "2025-01-01", "one"));
    tree.write("other/v2.yaml", &small("v2", "2025-01-02", "two"));
    tree.run_ok();
    let first = only_state(&tree, "doc");
    tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
    tree.run_ok();
    assert_ne!(
        only_state(&tree, "doc"),
        first,
        "the state of the new history"
    );
    only_state(&tree, "other");
    let fresh = tree.copy_drafts();
    fresh.run_ok();
    let cache = |t: &Tree| {
        snapshot(&t.reports().join(CACHE))
            .into_iter()
            .map(|(rel, s)| (rel, s.bytes))
            .collect()
    };
    assert_same_files(&cache(&fresh), &cache(&tree), "the cache of a grown tree");
    let ignore = tree.report(&format!("{CACHE}/.gitignore"));
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    tree.remove("other/v1.yaml");
    tree.remove("other/v2.yaml");
    tree.run_ok();
    assert!(!tree.reports().join(CACHE).join("other").exists());
    only_state(&tree, "doc");
}

/// `--dry-run` writes no state (nor anything else).
#[test]
fn a_dry_run_saves_no_history() {
    let tree = Tree::new();
    tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
    tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
    tree.run_expect(0, &["--dry-run"]);
    assert!(!tree.reports().join(CACHE).exists());
}
