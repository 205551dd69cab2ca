//! A document's history goes on from its saved state (`reports/.draftdiff-cache/`) when a
//! version is added, instead of comparing every pair again; the state is a cache: one per
//! current history, ignored by git, and a bad one only costs a rebuild.

use std::path::PathBuf;

use super::common::*;

/// Document `doc` with its first `versions` versions (of three), not yet run.
fn document(versions: usize) -> Tree {
    let tree = Tree::new();
    for (v, word) in ["one", "two", "three"].iter().enumerate().take(versions) {
        let n = v + 1;
        tree.write(
            &format!("doc/v{n}.yaml"),
            &small(&format!("v{n}"), &format!("2025-01-0{n}"), word),
        );
    }
    tree
}

/// Adds the third version of [`document`].
fn add_third(tree: &Tree) {
    tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
}

/// The bytes of every entry of the cache.
fn cache_of(tree: &Tree) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(&tree.reports().join(CACHE))
        .into_iter()
        .map(|(rel, s)| (rel, s.bytes))
        .collect()
}

/// The saved states of a document's history.
fn states(tree: &Tree, folder: &str) -> Vec<PathBuf> {
    let Ok(listing) = std::fs::read_dir(tree.reports().join(CACHE).join(folder)) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = listing.map(|e| e.expect("entry").path()).collect();
    out.sort();
    out
}

/// The saved state of a document's current history, and that of the history without its
/// newest version, as the manifest names them.
fn saved_states(tree: &Tree, folder: &str) -> (PathBuf, Option<PathBuf>) {
    let manifest: serde_json::Value =
        serde_json::from_str(&tree.report(MANIFEST)).expect("manifest");
    let entry = &manifest["histories"][folder];
    let path = |key: &serde_json::Value| {
        let key = key.as_str()?;
        Some(
            tree.reports()
                .join(CACHE)
                .join(folder)
                .join(format!("{key}.json")),
        )
    };
    let found = states(tree, folder);
    let (now, before) = (
        path(&entry["key"]).expect("a key"),
        path(&entry["before_last"]),
    );
    let mut named: Vec<PathBuf> = before.iter().chain([&now]).cloned().collect();
    named.sort();
    assert_eq!(
        found, named,
        "the states of {folder} are those the manifest names"
    );
    (now, before)
}

fn only_state(tree: &Tree, folder: &str) -> PathBuf {
    saved_states(tree, folder).0
}

/// Replaces `from` by `to` in a saved state.
fn edit_state(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {text}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// The state is what the history is built on: a text changed in it (by hand, here) shows
/// in the history written after the next version, which it would not if every pair were
/// compared again.
#[test]
fn an_added_version_goes_on_from_the_saved_history() {
    let tree = document(2);
    tree.run_ok();
    edit_state(&only_state(&tree, "doc"), "basis one", "basis uno");
    add_third(&tree);
    tree.run_ok();
    let history = tree.report("doc/history.md");
    assert!(history.contains("basis uno"), "{history}");
    assert!(!tree.fresh_reports()[&"doc/history.md".to_string()]
        .windows(4)
        .any(|w| w == b"uno "));
}

/// Something done to a saved state file.
type Spoil = fn(&std::path::Path);

/// The state of the history without its newest version is kept too, so a newest draft
/// edited (or replaced) goes on from it: here an edit made in that state shows.
#[test]
fn an_edited_newest_version_goes_on_from_the_history_before_it() {
    let tree = document(3);
    tree.run_ok();
    let (_, before) = saved_states(&tree, "doc");
    edit_state(
        &before.expect("a state before v3"),
        "basis one",
        "basis uno",
    );
    tree.write(
        "doc/v3.yaml",
        &small("v3", "2025-01-03", "three, corrected"),
    );
    tree.run_ok();
    let history = tree.report("doc/history.md");
    assert!(history.contains("basis uno"), "{history}");
    assert!(history.contains("three, corrected"), "{history}");
    // Both states now: the history with the corrected v3, and the one before it.
    let (_, before) = saved_states(&tree, "doc");
    assert!(before.is_some());
}

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
        let tree = document(2);
        tree.run_ok();
        let (now, before) = saved_states(&tree, "doc");
        for state in before.iter().chain([&now]) {
            spoil(state);
        }
        add_third(&tree);
        tree.run_ok();
        assert_same_files(&tree.fresh_reports(), &contents(&tree.reports()), how);
    }
}

/// Per document, the states of its current history and of the one before its newest
/// version, so a tree grown version by version holds the same cache as one built from
/// scratch; a document that is gone takes its state with it; git is told to ignore it.
#[test]
fn the_cache_holds_the_states_of_the_current_histories() {
    let tree = document(2);
    tree.write("other/v1.yaml", &small("v1", "2025-01-01", "one"));
    tree.write("other/v2.yaml", &small("v2", "2025-01-02", "two"));
    tree.run_ok();
    let first = only_state(&tree, "doc");
    add_third(&tree);
    tree.run_ok();
    assert_ne!(
        only_state(&tree, "doc"),
        first,
        "the state of the new history"
    );
    only_state(&tree, "other");
    let fresh = tree.copy_drafts();
    fresh.run_ok();
    assert_same_files(
        &cache_of(&fresh),
        &cache_of(&tree),
        "the cache of a grown tree",
    );
    let ignore = tree.report(&format!("{CACHE}/.gitignore"));
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    tree.remove("other/v1.yaml");
    tree.remove("other/v2.yaml");
    tree.run_ok();
    assert!(!tree.reports().join(CACHE).join("other").exists());
    only_state(&tree, "doc");
}

/// `--dry-run` writes no state (nor anything else), and says when a history would go on
/// from one.
#[test]
fn a_dry_run_saves_no_history() {
    let tree = document(2);
    tree.run_expect(0, &["--dry-run"]);
    assert!(!tree.reports().join(CACHE).exists());
    // Once there is one, the plan says the history goes on from it.
    tree.run_ok();
    add_third(&tree);
    let before = contents(&tree.reports());
    let plan = String::from_utf8(tree.run_expect(0, &["--dry-run"]).stdout).unwrap();
    assert!(
        plan.contains(
            "update doc/history.{md,json,html}: 2 of 3 versions from its saved state, 1 to add"
        ),
        "{plan}"
    );
    assert_same_files(&before, &contents(&tree.reports()), "after a dry run");
}

/// A state that does not read back is removed when it is tried, and the state the
/// rebuild passes by is saved in its place: one rebuild, not one per pass.
#[test]
fn a_state_that_does_not_read_back_costs_one_rebuild() {
    let tree = document(3);
    tree.run_ok();
    let (_, before) = saved_states(&tree, "doc");
    let before = before.expect("a state before v3");
    std::fs::write(&before, b"{\"schema\":1,").unwrap();
    tree.write(
        "doc/v3.yaml",
        &small("v3", "2025-01-03", "three, corrected"),
    );
    tree.run_ok();
    let (_, again) = saved_states(&tree, "doc");
    let again = again.expect("saved again");
    assert_eq!(again, before, "the same history, the same key");
    assert!(
        std::fs::metadata(&again).unwrap().len() > 100,
        "a whole state again"
    );
    let fresh = tree.copy_drafts();
    fresh.run_ok();
    assert_same_files(
        &cache_of(&fresh),
        &cache_of(&tree),
        "the cache after the rebuild",
    );
}

/// A symlink where the cache folder belongs is not followed: the states behind it are
/// not read (an edit in them does not show), the link is replaced by a real folder, and
/// nothing behind it is touched.
#[test]
fn a_symlinked_cache_folder_is_not_followed() {
    let tree = document(2);
    tree.run_ok();
    let elsewhere = tree.root().join("elsewhere");
    std::fs::rename(tree.reports().join(CACHE), &elsewhere).unwrap();
    for entry in std::fs::read_dir(elsewhere.join("doc")).unwrap() {
        edit_state(&entry.unwrap().path(), "basis one", "basis uno");
    }
    std::os::unix::fs::symlink(&elsewhere, tree.reports().join(CACHE)).unwrap();
    let outside = snapshot(&elsewhere);
    add_third(&tree);
    tree.run_ok();
    assert!(!tree.report("doc/history.md").contains("uno"));
    let link = std::fs::symlink_metadata(tree.reports().join(CACHE)).unwrap();
    assert!(link.is_dir(), "a real folder in place of the link");
    assert_unchanged(
        &outside,
        &snapshot(&elsewhere),
        "the folder behind the link",
    );
    only_state(&tree, "doc");
}

/// A corrections file for the newest step leaves the key of the versions before it as it
/// was, so the history goes on from their state: correcting the comparison just read
/// costs that comparison, and the history is the one a fresh run writes.
#[test]
fn a_correction_of_the_newest_step_goes_on_from_the_history_before_it() {
    let tree = document(3);
    tree.run_ok();
    tree.write(
        "doc/corrections/v2-v3.yaml",
        "old: v2\nnew: v3\nremoved:\n  - {id: \"2\", note: \"Dropped\"}\nadded:\n  - \"2\"\n",
    );
    let plan = String::from_utf8(tree.run_expect(0, &["--dry-run"]).stdout).unwrap();
    assert!(
        plan.contains("update doc/history.{md,json,html}: 2 of 3 versions from its saved state"),
        "{plan}"
    );
    tree.run_ok();
    let history = tree.report("doc/history.md");
    assert!(history.contains("dropped"), "{history}");
    assert_same_files(
        &tree.fresh_reports(),
        &contents(&tree.reports()),
        "corrected",
    );
}
