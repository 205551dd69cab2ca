//! Human-labelled alignments of real document versions: `tests/alignment/<name>/` holds
//! `old.yaml`, `new.yaml` and `expected.txt` (`kind old_ids -> new_ids` per line).
//!
//! The aligner must reproduce every fixture exactly. Pairings are scored per fixture
//! (precision: share of the aligner's pairings that a human made too; recall: share of the
//! human's pairings the aligner found), and every mismatch is printed. `unchanged` and
//! `changed` are one pairing kind: which of the two applies is decided by the texts (and
//! titles), so that label is checked against the texts rather than compared as a kind.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use draftdiff::model::{Draft, Provision};

use crate::common::{entries_of, load, parse_entries, subfolders, tests_dir, Entry};

/// An entry with unchanged/changed folded into one pairing kind.
fn key(e: &Entry) -> (String, Vec<String>, Vec<String>) {
    let kind = match e.kind.as_str() {
        "unchanged" | "changed" => "paired",
        other => other,
    };
    (kind.to_string(), e.old.clone(), e.new.clone())
}

fn is_pairing(e: &Entry) -> bool {
    !e.old.is_empty() && !e.new.is_empty()
}

/// What the texts say a 1:1 pair is: unchanged only when text and title are identical.
fn label_by_text(old: &Provision, new: &Provision) -> &'static str {
    if old.text == new.text && old.title == new.title {
        "unchanged"
    } else {
        "changed"
    }
}

fn by_id(draft: &Draft) -> BTreeMap<&str, &Provision> {
    draft
        .provisions
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect()
}

/// Every id of both drafts must be in exactly one entry, and no entry may name an unknown id.
fn coverage_problems(expected: &[Entry], old: &Draft, new: &Draft) -> Vec<String> {
    let mut problems = Vec::new();
    for (side, draft, ids) in [
        (
            "old",
            old,
            expected.iter().flat_map(|e| &e.old).collect::<Vec<_>>(),
        ),
        (
            "new",
            new,
            expected.iter().flat_map(|e| &e.new).collect::<Vec<_>>(),
        ),
    ] {
        let known = by_id(draft);
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for id in ids {
            *count.entry(id.as_str()).or_default() += 1;
        }
        for (id, n) in &count {
            if !known.contains_key(id) {
                problems.push(format!(
                    "expected.txt names {side} id {id:?}, which is not in {side}.yaml"
                ));
            } else if *n > 1 {
                problems.push(format!("expected.txt names {side} id {id:?} {n} times"));
            }
        }
        for id in known.keys() {
            if !count.contains_key(id) {
                problems.push(format!(
                    "expected.txt does not say what became of {side} id {id:?}"
                ));
            }
        }
    }
    problems
}

struct Outcome {
    name: String,
    precision: f64,
    recall: f64,
    problems: Vec<String>,
}

fn check_fixture(dir: &Path) -> Outcome {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let expected_path = dir.join("expected.txt");
    let text = std::fs::read_to_string(&expected_path)
        .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
    let expected =
        parse_entries(&text).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
    let (old, new) = (load(&dir.join("old.yaml")), load(&dir.join("new.yaml")));
    let report = draftdiff::report::Report::compare(&old, &new);
    let actual = entries_of(&report);

    let mut problems = coverage_problems(&expected, &old, &new);
    let (old_ids, new_ids) = (by_id(&old), by_id(&new));

    // Labels: the human's unchanged/changed must agree with the texts, and so must the tool's.
    for (who, list) in [("expected.txt", &expected), ("draftdiff", &actual)] {
        for e in list
            .iter()
            .filter(|e| e.kind == "unchanged" || e.kind == "changed")
        {
            let (Some(o), Some(n)) = (
                old_ids.get(e.old[0].as_str()),
                new_ids.get(e.new[0].as_str()),
            ) else {
                continue; // reported by coverage_problems
            };
            let by_text = label_by_text(o, n);
            if e.kind != by_text {
                problems.push(format!("{who} says `{e}` but the texts make it {by_text}"));
            }
        }
    }

    let expected_keys: BTreeSet<_> = expected.iter().map(key).collect();
    let actual_keys: BTreeSet<_> = actual.iter().map(key).collect();
    let show = |list: &[Entry], k: &(String, Vec<String>, Vec<String>)| {
        list.iter()
            .find(|e| &key(e) == k)
            .map(|e| {
                Entry {
                    flags: vec![],
                    ..e.clone()
                }
                .to_string()
            })
            .unwrap_or_default()
    };
    for k in expected_keys.difference(&actual_keys) {
        problems.push(format!(
            "expected `{}`, draftdiff did not find it",
            show(&expected, k)
        ));
    }
    for k in actual_keys.difference(&expected_keys) {
        problems.push(format!(
            "draftdiff found `{}`, not in expected.txt",
            show(&actual, k)
        ));
    }

    let pairs = |list: &[Entry]| -> BTreeSet<_> {
        list.iter().filter(|e| is_pairing(e)).map(key).collect()
    };
    let (want, got) = (pairs(&expected), pairs(&actual));
    let hits = want.intersection(&got).count() as f64;
    let ratio = |n: usize| if n == 0 { 1.0 } else { hits / n as f64 };
    Outcome {
        name,
        precision: ratio(got.len()),
        recall: ratio(want.len()),
        problems,
    }
}

#[test]
fn labelled_real_world_alignments() {
    let dirs = subfolders(&tests_dir().join("alignment"));
    assert!(!dirs.is_empty(), "no fixtures under tests/alignment");
    let outcomes: Vec<Outcome> = dirs.iter().map(|d| check_fixture(d)).collect();
    let mut summary = String::from("\nalignment fixtures (pairings: precision / recall)\n");
    for o in &outcomes {
        summary.push_str(&format!(
            "  {:<50} {:>5.1}% / {:>5.1}%  {}\n",
            o.name,
            o.precision * 100.0,
            o.recall * 100.0,
            if o.problems.is_empty() {
                "ok".to_string()
            } else {
                format!("{} mismatches", o.problems.len())
            }
        ));
        for p in &o.problems {
            summary.push_str(&format!("      {p}\n"));
        }
    }
    let failed = outcomes.iter().filter(|o| !o.problems.is_empty()).count();
    assert!(
        failed == 0,
        "{failed} of {} alignment fixtures differ:{summary}",
        outcomes.len()
    );
    println!("{summary}");
}
