//! Golden reports: `tests/fixtures/<scenario>/{old,new}.yaml` with the expected JSON and
//! Markdown reports beside them, one scenario per change kind.
//!
//! Each scenario is checked twice. `expected-kinds.txt` is written by hand (what the
//! alignment must be, flags included) and is never rewritten, so blessing cannot turn a wrong
//! alignment into an expected one. `expected.json` and `expected.md` are the byte-exact output
//! of `draftdiff diff --format json|markdown old.yaml new.yaml`, rewritten only by
//!
//!     DRAFTDIFF_BLESS=1 cargo test --test integration golden::
//!
//! and reviewed in the diff before committing.

use std::path::{Path, PathBuf};

use crate::common::{compare_folder, draftdiff, entries_of, parse_entries, subfolders, tests_dir};

fn fixtures_dir() -> PathBuf {
    tests_dir().join("fixtures")
}

fn blessing() -> bool {
    std::env::var_os("DRAFTDIFF_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Runs `draftdiff diff old.yaml new.yaml <args>` inside the scenario folder.
fn run_diff(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = draftdiff()
        .current_dir(dir)
        .args(["diff", "old.yaml", "new.yaml"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.is_empty(),
        "{}: unexpected stderr: {stderr}",
        dir.display()
    );
    let stdout = String::from_utf8(output.stdout).expect("report is UTF-8");
    (stdout, output.status.code().unwrap_or(-1))
}

/// A readable hint for a golden mismatch: the first differing lines as a unified diff.
fn mismatch_hint(path: &Path, expected: &str, actual: &str) -> String {
    let diff = similar::TextDiff::from_lines(expected, actual);
    let mut unified = diff
        .unified_diff()
        .context_radius(2)
        .header("expected", "actual")
        .to_string();
    const LIMIT: usize = 4000;
    if unified.len() > LIMIT {
        let mut cut = LIMIT;
        while !unified.is_char_boundary(cut) {
            cut -= 1;
        }
        unified.truncate(cut);
        unified.push_str("\n[... diff truncated ...]\n");
    }
    format!(
        "{} differs from the actual report.\n{unified}\nIf the new output is right, review it and run \
         `DRAFTDIFF_BLESS=1 cargo test --test integration golden::`.",
        path.display()
    )
}

fn check_scenario(name: &str) {
    let dir = fixtures_dir().join(name);
    let mut failures: Vec<String> = Vec::new();

    // 1. The hand-written alignment, flags and reading order included.
    let kinds_path = dir.join("expected-kinds.txt");
    let kinds_text = std::fs::read_to_string(&kinds_path)
        .unwrap_or_else(|e| panic!("{}: {e}", kinds_path.display()));
    let expected =
        parse_entries(&kinds_text).unwrap_or_else(|e| panic!("{}: {e}", kinds_path.display()));
    let report = compare_folder(&dir);
    let actual = entries_of(&report);
    let kinds_ok = actual == expected;
    if !kinds_ok {
        let show = |list: &[crate::common::Entry]| {
            list.iter().map(|e| format!("  {e}\n")).collect::<String>()
        };
        failures.push(format!(
            "{name}: alignment differs from {}\nexpected:\n{}actual:\n{}",
            kinds_path.display(),
            show(&expected),
            show(&actual)
        ));
    }

    // 2. Exit code: 1 as soon as anything a reader cares about differs.
    let identical = expected
        .iter()
        .all(|e| e.kind == "unchanged" && e.flags.is_empty());
    let want_code = if identical { 0 } else { 1 };

    // 3. The byte-exact reports.
    for (format, file) in [("json", "expected.json"), ("markdown", "expected.md")] {
        let (out, code) = run_diff(&dir, &["--format", format]);
        if code != want_code {
            failures.push(format!(
                "{name}: --format {format} exited {code}, expected {want_code}"
            ));
        }
        if format == "json" {
            json_agrees_with_library(name, &out, &actual, &mut failures);
        }
        let path = dir.join(file);
        if blessing() {
            if kinds_ok {
                std::fs::write(&path, &out).unwrap();
            } else {
                failures.push(format!(
                    "{name}: not blessing {file}: the alignment is wrong"
                ));
            }
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(golden) if golden == out => {}
            Ok(golden) => failures.push(mismatch_hint(&path, &golden, &out)),
            Err(e) => failures.push(format!(
                "{}: {e}; create it with `DRAFTDIFF_BLESS=1 cargo test --test integration golden::`",
                path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// The CLI's JSON says the same as the library's report (kinds, ids, flags, order).
fn json_agrees_with_library(
    name: &str,
    json: &str,
    entries: &[crate::common::Entry],
    failures: &mut Vec<String>,
) {
    let value: serde_json::Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => return failures.push(format!("{name}: JSON does not parse: {e}")),
    };
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let from_json: Vec<crate::common::Entry> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let mut flags = Vec::new();
            if c["renumbered"] == true {
                flags.push("renumbered".to_string());
            }
            if c["moved"] == true {
                flags.push("moved".to_string());
            }
            crate::common::Entry {
                kind: c["kind"].as_str().unwrap().to_string(),
                old: ids(&c["old_ids"]),
                new: ids(&c["new_ids"]),
                flags,
            }
        })
        .collect();
    if from_json != entries {
        failures.push(format!(
            "{name}: JSON changes differ from the library's report"
        ));
    }
}

macro_rules! scenarios {
    ($($test:ident => $folder:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_scenario($folder);
            }
        )*

        const SCENARIOS: &[&str] = &[$($folder),*];
    };
}

scenarios! {
    unchanged => "unchanged",
    reworded => "reworded",
    added => "added",
    removed => "removed",
    renumbered => "renumbered",
    moved => "moved",
    split => "split",
    merged => "merged",
    renumber_everything_after_a_deletion => "renumber-everything-after-a-deletion",
    same_id_different_provision => "same-id-different-provision",
    sub_provisions => "sub-provisions",
    cjk => "cjk",
    plain_strings => "plain-strings",
}

#[test]
fn every_fixture_folder_has_a_test() {
    let folders: Vec<String> = subfolders(&fixtures_dir())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut listed: Vec<String> = SCENARIOS.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        folders, listed,
        "add new scenario folders to `scenarios!` in golden.rs"
    );
}

/// Regression: a provision that is only moved or only renumbered (its text unchanged) is
/// counted in the summary but was left out of the Markdown and terminal reports, which
/// skip every `unchanged` change: the moved scenario said "1 moved" and then "No provision
/// was added, removed or changed." without saying which provision moved.
#[test]
fn reports_name_every_moved_or_renumbered_provision() {
    let mut missing = Vec::new();
    for name in [
        "moved",
        "renumbered",
        "renumber-everything-after-a-deletion",
        "split",
    ] {
        let dir = fixtures_dir().join(name);
        let report = compare_folder(&dir);
        let markdown = draftdiff::report::markdown::render(&report);
        let text = draftdiff::report::terminal::render(&report, false);
        for change in &report.changes {
            let flags: Vec<&str> = [("renumbered", change.renumbered), ("moved", change.moved)]
                .into_iter()
                .filter_map(|(f, on)| on.then_some(f))
                .collect();
            if flags.is_empty() {
                continue;
            }
            let label = change.id_label();
            let md_label = draftdiff::report::markdown::escape(&label);
            // A full section for a changed provision; a list item for one whose text did not
            // change (a renumbering of a hundred provisions must not give a hundred sections).
            let in_md = markdown.lines().any(|l| {
                (l.starts_with("### ") || l.starts_with("- "))
                    && l.contains(&md_label)
                    && flags.iter().all(|f| l.contains(f))
            });
            let in_text = text
                .lines()
                .any(|l| l.contains(&label) && flags.iter().all(|f| l.contains(f)));
            if !in_md {
                missing.push(format!(
                    "{name}: markdown has no heading for {label} ({})",
                    flags.join(", ")
                ));
            }
            if !in_text {
                missing.push(format!(
                    "{name}: text report has no line for {label} ({})",
                    flags.join(", ")
                ));
            }
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

/// The `line` of every provision (in JSON, and in messages) is the line of its list item.
/// Sub-provisions given as `a` under `6` are found by the short id.
#[test]
fn provision_lines_point_at_their_items() {
    let mut wrong = Vec::new();
    for dir in subfolders(&fixtures_dir()) {
        for file in ["old.yaml", "new.yaml"] {
            let path = dir.join(file);
            let source = std::fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = source.lines().collect();
            for p in crate::common::load(&path).provisions {
                let line = lines
                    .get(p.line.wrapping_sub(1) as usize)
                    .copied()
                    .unwrap_or("");
                let short_id = p.id.rsplit('.').next().unwrap();
                // A plain string in block style (`- >-`) is located at its first line of text.
                let previous = lines
                    .get(p.line.wrapping_sub(2) as usize)
                    .copied()
                    .unwrap_or("");
                let block_scalar =
                    !p.id_explicit && ["- >-", "- >", "- |-", "- |"].contains(&previous.trim());
                let ok = (line.trim_start().starts_with("- ") || block_scalar)
                    && (!p.id_explicit
                        || line.contains(&format!("id: \"{}\"", p.id))
                        || line.contains(&format!("id: \"{short_id}\"")));
                if !ok {
                    wrong.push(format!(
                        "{}:{}: provision {:?} is not here: {line:?}",
                        path.display(),
                        p.line,
                        p.id
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
