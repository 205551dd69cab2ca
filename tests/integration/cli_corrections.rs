//! Confidence, evidence, `--explain` and corrections, through the binary: the JSON fields,
//! the marks in text, Markdown and HTML, and every rule of a corrections file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::draftdiff;

/// The shipped sample: a leaked plan and its cut-down revision.
fn sample() -> [PathBuf; 2] {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts/peace-plan");
    [
        dir.join("2025-11-20-leaked.yaml"),
        dir.join("2025-11-23-post-geneva.yaml"),
    ]
}

fn diff(args: &[&str], corrections: Option<&Path>) -> (i32, String, String) {
    let [old, new] = sample();
    let mut cmd = draftdiff();
    cmd.arg("diff").arg(&old).arg(&new).args(args);
    if let Some(c) = corrections {
        cmd.arg("--corrections").arg(c);
    }
    let out = cmd.output().expect("run draftdiff");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(corrections: Option<&Path>) -> Value {
    let (code, stdout, stderr) = diff(&["--format", "json"], corrections);
    assert_eq!(code, 1, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON parses")
}

fn changes(report: &Value) -> &Vec<Value> {
    report["changes"].as_array().unwrap()
}

/// The change holding old `old` (or new `new` when `old` is empty).
fn change<'a>(report: &'a Value, old: &str, new: &str) -> &'a Value {
    changes(report)
        .iter()
        .find(|c| {
            let has = |side: &str, id: &str| {
                id.is_empty() || c[side].as_array().unwrap().iter().any(|v| v == id)
            };
            has("old_ids", old) && has("new_ids", new)
        })
        .unwrap_or_else(|| panic!("no change with old {old} new {new}"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const VOCABULARY: [&str; 8] = [
    "corrected",
    "identical-text",
    "similar-text",
    "contained-text",
    "shared-words",
    "same-id",
    "same-title",
    "same-place",
];

#[test]
fn every_change_carries_confidence_and_evidence_from_the_vocabulary() {
    let report = json(None);
    for c in changes(&report) {
        let both = !c["old_ids"].as_array().unwrap().is_empty()
            && !c["new_ids"].as_array().unwrap().is_empty();
        assert!(
            matches!(c["confidence"].as_str(), Some("high" | "low")),
            "{c}"
        );
        let evidence: Vec<&str> = c["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for e in &evidence {
            assert!(VOCABULARY.contains(e), "{e} is not in the vocabulary");
        }
        // In the vocabulary's order, each once.
        let positions: Vec<usize> = evidence
            .iter()
            .map(|e| VOCABULARY.iter().position(|v| v == e).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{evidence:?}");
        if both {
            assert!(!evidence.is_empty(), "{c}");
            assert!(c["nearest"].is_null());
        } else {
            assert!(evidence.is_empty() && c["runner_up"].is_null(), "{c}");
        }
        if c["kind"] == "unchanged" {
            assert_eq!(evidence[0], "identical-text");
            assert_eq!(c["confidence"], "high");
        }
        assert!(c["correction_note"].is_null());
    }
}

#[test]
fn a_pairing_resting_on_title_and_place_is_low_and_says_so() {
    let report = json(None);
    // 6 → 4: the figure went, the title stayed; the texts share little.
    let c = change(&report, "6", "4");
    assert_eq!(c["kind"], "changed");
    assert_eq!(c["confidence"], "low");
    let evidence = c["evidence"].as_array().unwrap();
    assert!(evidence.iter().any(|e| e == "same-title"), "{c}");
    assert!(!evidence.iter().any(|e| e == "similar-text"), "{c}");
    // Its key changes say so too.
    let flagged = report["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["old_ids"] == serde_json::json!(["6"]))
        .collect::<Vec<_>>();
    assert!(!flagged.is_empty());
    for h in flagged {
        let check = h["check"]
            .as_str()
            .expect("check on a key change of a low pairing");
        assert!(check.starts_with("probably the same provision, reworded: check"));
        assert!(h["text"].as_str().unwrap().contains(check));
    }
}

#[test]
fn a_removal_with_a_close_candidate_names_it() {
    let report = json(None);
    let c = change(&report, "15", "");
    assert_eq!(c["kind"], "removed");
    let nearest = &c["nearest"];
    assert_eq!(nearest["old_id"], "15");
    assert!(nearest["new_id"].is_string());
    let similarity = nearest["similarity"].as_f64().unwrap();
    assert!(similarity > 0.0 && similarity <= 1.0);
    assert_eq!(c["confidence"], "low");
}

#[test]
fn text_markdown_and_html_mark_low_pairings_and_html_filters_them() {
    let (_, text, _) = diff(&["--color", "never"], None);
    assert!(text.contains("⚠ probably the same provision, reworded: check"));
    assert!(text.contains("⚠ check: may be reworded, not removed: new"));
    let (_, md, _) = diff(&["--format", "markdown"], None);
    assert!(md.contains("⚠ *Probably the same provision, reworded: check"));
    let (_, html, _) = diff(&["--format", "html"], None);
    assert!(html.contains("id=\"show-check\""));
    assert!(html.contains("<label for=\"show-check\">To check"));
    assert!(html.contains("#show-check:checked~.list .change:not(.f-check)"));
    let flagged = html
        .matches("class=\"change k-changed f-renumbered f-check\"")
        .count()
        + html.matches("class=\"change k-removed f-check\"").count();
    assert!(flagged >= 2, "{flagged}");
    assert!(html.contains("<span class=\"badge b-check\">Check</span>"));
}

#[test]
fn explain_prints_why_for_every_change() {
    let (code, text, _) = diff(&["--explain", "--color", "never"], None);
    assert_eq!(code, 1);
    let why = text
        .split("\nWhy: what each pairing rests on\n")
        .nth(1)
        .expect("a Why section");
    let report = json(None);
    let blocks = why
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .count();
    assert_eq!(blocks, changes(&report).len());
    assert!(why.contains("  6 → 4 (changed, confidence low)\n    evidence: shared-words, same-title, same-place\n    similarity "));
    assert!(why.contains("nearest: old 15 with new "));
    assert!(why.contains("runner-up: old "));
}

#[test]
fn explain_is_refused_outside_the_text_format() {
    let (code, _, stderr) = diff(&["--explain", "--format", "json"], None);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--explain adds to the text format"),
        "{stderr}"
    );
}

const CORRECTIONS: &str = "\
old: leaked-28-point
new: post-geneva
same:
  - {old: \"27\", new: \"18\", note: \"Binding force and the Peace Council, reworded\"}
  - {old: [\"21\", \"22\"], new: \"13\"}
  - {old: 5, new: [\"3\"]}
removed:
  - {id: \"6\", note: \"Dropped: confirmed with the delegation\"}
added:
  - \"4\"
";

#[test]
fn corrections_are_carried_out_and_marked_set_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "fixes.yaml", CORRECTIONS);
    let report = json(Some(&file));
    let pair = change(&report, "27", "18");
    assert_eq!(pair["kind"], "changed");
    assert_eq!(pair["evidence"][0], "corrected");
    assert_eq!(pair["confidence"], "high");
    assert_eq!(
        pair["correction_note"],
        "Binding force and the Peace Council, reworded"
    );
    let merge = change(&report, "21", "13");
    assert_eq!(merge["kind"], "merged");
    assert_eq!(merge["old_ids"], serde_json::json!(["21", "22"]));
    assert_eq!(merge["evidence"][0], "corrected");
    assert!(merge["correction_note"].is_null());
    let removed = change(&report, "6", "");
    assert_eq!(removed["kind"], "removed");
    assert_eq!(removed["evidence"], serde_json::json!(["corrected"]));
    let added = change(&report, "", "4");
    assert_eq!(added["kind"], "added");
    assert_eq!(added["old_ids"], serde_json::json!([]));
    // Every provision still in exactly one change.
    for (side, n) in [("old_ids", 28), ("new_ids", 19)] {
        let mut ids: Vec<String> = changes(&report)
            .iter()
            .flat_map(|c| c[side].as_array().unwrap().clone())
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{side}");
    }
    let (_, text, _) = diff(&["--color", "never"], Some(&file));
    assert!(text.contains("✎ set by hand: Binding force and the Peace Council, reworded"));
    assert!(text.contains("✎ set by hand: Dropped: confirmed with the delegation"));
    let (_, html, _) = diff(&["--format", "html"], Some(&file));
    assert!(html.contains("id=\"show-by-hand\""));
    assert!(html.contains("✎ Set by hand: Binding force and the Peace Council, reworded"));
    let (_, md, _) = diff(&["--format", "markdown"], Some(&file));
    assert!(md.contains("✎ *Set by hand: Dropped: confirmed with the delegation*"));
}

#[test]
fn a_corrected_pair_places_its_neighbours() {
    // Old 1 2 3 and new 1 2 3, where 2 was rewritten beyond recognition and 3 is a close
    // rewording of old 2's words: without the correction 2 → 3 could look right; with it,
    // old 3 is paired in the gap after it.
    let dir = tempfile::tempdir().unwrap();
    let old = write(
        dir.path(),
        "old.yaml",
        "version: a\nprovisions:\n  - {id: \"1\", text: \"The ceasefire begins at dawn on the first day.\"}\n  - {id: \"2\", text: \"Monitors from neutral states watch the line every week.\"}\n  - {id: \"3\", text: \"Prisoners are exchanged all for all within thirty days.\"}\n",
    );
    let new = write(
        dir.path(),
        "new.yaml",
        "version: b\nprovisions:\n  - {id: \"1\", text: \"The ceasefire begins at dawn on the first day.\"}\n  - {id: \"2\", text: \"A joint commission replaces the observers.\"}\n  - {id: \"3\", text: \"Prisoners are exchanged all for all within sixty days.\"}\n",
    );
    let fixes = write(
        dir.path(),
        "fixes.yaml",
        "old: a\nnew: b\nsame:\n  - {old: \"2\", new: \"2\", note: \"Monitoring moved to the commission\"}\n",
    );
    let out = draftdiff()
        .args(["diff", "--format", "json"])
        .arg(&old)
        .arg(&new)
        .arg("--corrections")
        .arg(&fixes)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<String> = changes(&report)
        .iter()
        .map(|c| format!("{} {} {}", c["kind"], c["old_ids"], c["new_ids"]))
        .collect();
    assert_eq!(
        kinds,
        [
            "\"unchanged\" [\"1\"] [\"1\"]",
            "\"changed\" [\"2\"] [\"2\"]",
            "\"changed\" [\"3\"] [\"3\"]"
        ]
    );
}

#[test]
fn a_wrong_corrections_file_is_refused_whole_with_every_location() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "bad.yaml",
        "old: leaked\nnew: post-geneva\nsame:\n  - {old: \"15\", new: \"99\"}\n  - {old: [\"21\", \"22\"], new: [\"13\", \"14\"]}\n  - {old: \"15\", new: \"2\"}\n  - {old: [], new: \"3\"}\nadded:\n  - \"3\"\n",
    );
    let (code, stdout, stderr) = diff(&[], Some(&file));
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "", "nothing is reported from a half-applied file");
    let name = file.display().to_string();
    for expected in [
        format!("{name}:1:6: these corrections are for version \"leaked\", but the older draft compared is \"leaked-28-point\""),
        format!("{name}:4:22: version \"post-geneva\" has no provision \"99\""),
        format!("{name}:5:5: a correction is a pair, a split (one old, several new) or a merge (several old, one new), not several old into several new"),
        format!("{name}:6:11: old provision \"15\" is already decided on line 4"),
        format!("{name}:7:5: `old` needs at least one provision id"),
        format!("{name}:9:5: new provision \"3\" is already decided on line 7"),
    ] {
        assert!(stderr.contains(&expected), "missing {expected}\nin\n{stderr}");
    }
}

#[test]
fn a_corrections_file_with_a_yaml_mistake_names_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for (text, expected) in [
        (
            "old: a\nnew: b\nsame:\n  - {old: \"1\", new: \"2\", nte: x}\n",
            ":4:26: unknown field `nte`",
        ),
        (
            "old: leaked-28-point\nnew: post-geneva\nremoved:\n  - 1.5\n",
            ":4:5: expected a provision id: quote ids",
        ),
        (
            "# nothing decided yet\n\n",
            "bad.yaml: the corrections file is empty: it needs at least `old:` and `new:`",
        ),
        (
            "old: a\nnew: b\nremoved:\n  - &x \"1\"\n  - *x\n",
            ":4:5: YAML anchors and aliases (&name, *name) are not allowed in corrections files",
        ),
    ] {
        let file = write(dir.path(), "bad.yaml", text);
        let (code, _, stderr) = diff(&[], Some(&file));
        assert_eq!(code, 2);
        assert!(stderr.contains(expected), "{stderr}");
    }
}

#[test]
fn a_twice_decided_id_points_back_to_the_earlier_line_whichever_list_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let text = "old: leaked-28-point\nnew: post-geneva\nremoved: [\"7\"]\nsame:\n  - {old: \"7\", new: \"6\"}\n";
    let file = write(dir.path(), "twice.yaml", text);
    let (code, _, stderr) = diff(&[], Some(&file));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("twice.yaml:5:11: old provision \"7\" is already decided on line 3"),
        "{stderr}"
    );
}

#[test]
fn a_corrections_file_that_is_not_utf8_names_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.yaml");
    std::fs::write(&file, b"old: a\nnew: b\nremoved: [\"caf\xe9\"]\n").unwrap();
    let (code, _, stderr) = diff(&[], Some(&file));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("latin1.yaml:3:15: not valid UTF-8 (corrections files must be UTF-8 text)"),
        "{stderr}"
    );
}

#[test]
fn check_validates_a_corrections_file_against_the_drafts_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("peace-plan");
    std::fs::create_dir_all(doc.join("corrections")).unwrap();
    for p in sample() {
        std::fs::copy(&p, doc.join(p.file_name().unwrap())).unwrap();
    }
    let good = write(&doc.join("corrections"), "geneva.yaml", CORRECTIONS);
    let out = draftdiff().arg("check").arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("ok (corrections leaked-28-point → post-geneva, 5 decisions)"),
        "{stdout}"
    );
    let bad = write(
        &doc.join("corrections"),
        "bad.yaml",
        "old: leaked-28-point\nnew: post-geneva\nremoved:\n  - \"99\"\n",
    );
    let out = draftdiff().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("bad.yaml:4:5: version \"leaked-28-point\" has no provision \"99\""),
        "{stderr}"
    );
    let unknown = write(
        &doc.join("corrections"),
        "unknown.yaml",
        "old: first\nnew: post-geneva\n",
    );
    let out = draftdiff().arg("check").arg(&unknown).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("unknown.yaml:1:6: \"first\" → \"post-geneva\" is not a pair of consecutive valid versions"), "{stderr}");
    // A second valid file for the same pair: run applies the first by name only.
    let second = write(&doc.join("corrections"), "later.yaml", CORRECTIONS);
    let out = draftdiff().arg("check").arg(&second).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "later.yaml: \"leaked-28-point\" → \"post-geneva\" already has corrections in"
        ) && stderr.contains("geneva.yaml; run applies only that one"),
        "{stderr}"
    );
    // The first is still fine: the invalid bad.yaml before it claims nothing.
    let out = draftdiff().arg("check").arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_id_written_as_a_number_is_kept_as_written_as_in_a_draft() {
    // YAML reads 0x1, +7 and 7_0 as the numbers 1, 7 and 70; a draft keeps such an id as
    // written, so a correction naming 0x1 must not silently decide provision 1.
    let dir = tempfile::tempdir().unwrap();
    for (written, shown) in [("0x1", "\"0x1\""), ("+7", "\"+7\""), ("7_0", "\"7_0\"")] {
        let text = format!("old: leaked-28-point\nnew: post-geneva\nremoved:\n  - {written}\n");
        let file = write(dir.path(), "fixes.yaml", &text);
        let (code, _, stderr) = diff(&[], Some(&file));
        assert_eq!(code, 2, "{written}: {stderr}");
        assert!(
            stderr.contains(&format!(
                ":4:5: version \"leaked-28-point\" has no provision {shown}"
            )),
            "{written}: {stderr}"
        );
    }
    // 007 does not read as a whole number at all: refused, never taken as 7.
    let file = write(
        dir.path(),
        "fixes.yaml",
        "old: leaked-28-point\nnew: post-geneva\nremoved:\n  - 007\n",
    );
    let (code, _, stderr) = diff(&[], Some(&file));
    assert_eq!(code, 2);
    assert!(
        stderr.contains(":4:5: expected a provision id: quote ids"),
        "{stderr}"
    );
    // A plain whole number still names the id it reads as, in lists and flow mappings too.
    let file = write(
        dir.path(),
        "fixes.yaml",
        "old: leaked-28-point\nnew: post-geneva\nsame:\n  - {old: 27, new: 18}\nremoved:\n  - 6\n",
    );
    let report = json(Some(&file));
    assert_eq!(change(&report, "27", "18")["evidence"][0], "corrected");
    assert_eq!(change(&report, "6", "")["evidence"][0], "corrected");
}

#[test]
fn check_names_a_corrections_file_outside_a_corrections_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "fixes.yaml", CORRECTIONS);
    let out = draftdiff().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("fixes.yaml: this is a corrections file, not a draft")
            && stderr.contains("drafts/<document>/corrections/"),
        "{stderr}"
    );
}

#[test]
fn key_changes_mark_a_decision_by_hand_as_set_by_hand_not_as_doubt() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "fixes.yaml", CORRECTIONS);
    let report = json(Some(&file));
    let by_hand: Vec<&Value> = report["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| !h["set_by_hand"].is_null())
        .collect();
    assert!(!by_hand.is_empty(), "no key change built on a correction");
    for h in &by_hand {
        let note = h["set_by_hand"].as_str().unwrap();
        assert!(note.starts_with("set by hand"), "{h}");
        assert!(h["check"].is_null() || !h["check"].as_str().unwrap().contains("set by hand"));
    }
    let (_, text, _) = diff(&["--color", "never"], Some(&file));
    assert!(!text.contains("⚠ set by hand"), "{text}");
    let (_, md, _) = diff(&["--format", "markdown"], Some(&file));
    assert!(!md.contains("⚠ *set by hand"), "{md}");
    assert!(md.contains("✎ *set by hand"), "{md}");
}
