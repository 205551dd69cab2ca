//! `draftdiff check`: exit codes, and for every kind of invalid draft the message and its
//! exact `file:line:col`.

use std::path::Path;

use crate::common::{draftdiff, subfolders, tests_dir};

/// Writes `bytes` to `draft.yaml` in a fresh folder named `doc` and runs `check draft.yaml`
/// there (`doc/` so that a draft without `document` could take it from the folder).
fn check_bytes(bytes: &[u8]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc");
    std::fs::create_dir(&doc).unwrap();
    std::fs::write(doc.join("draft.yaml"), bytes).unwrap();
    let out = draftdiff()
        .current_dir(&doc)
        .args(["check", "draft.yaml"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const HEAD: &str = "document: d\nversion: v\n";

/// (name, draft, expected location prefix after `draft.yaml`, expected message fragment).
/// Locations are 1-based line:column of the offending character, counted in characters.
const INVALID: &[(&str, &[u8], &str, &str)] = &[
    (
        "syntax: unclosed quote (points at the opening quote)",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: \"unterminated\n",
        ":5:11: ",
        "unclosed quote",
    ),
    (
        "syntax: key indented past its mapping",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n     text: bad indent\n",
        ":5:6: ",
        "did not find expected key",
    ),
    (
        "wrong type: text is a mapping",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: ok\n  - id: \"2\"\n    text:\n      nested: map\n",
        ":8:7: ",
        "expected a plain value (a string)",
    ),
    (
        "wrong type: provisions is a string",
        b"document: d\nversion: v\nprovisions: \"just text\"\n",
        ":3:13: ",
        "expected a list",
    ),
    (
        "wrong type: a provision is a bare number",
        b"document: d\nversion: v\nprovisions:\n  - 1.50\n",
        ":4:5: ",
        "quote it",
    ),
    (
        "wrong type: a provision is a list",
        b"document: d\nversion: v\nprovisions:\n  - [a, b]\n",
        ":4:5: ",
        "expected a provision",
    ),
    (
        "wrong type: document is a list",
        b"document: [d]\nversion: v\nprovisions:\n  - ok\n",
        ":1:11: ",
        "expected a plain value (a string)",
    ),
    (
        "unknown key: provsions typo",
        b"document: d\nversion: v\nprovsions:\n  - id: \"1\"\n    text: ok\n",
        ":3:1: ",
        "unknown field `provsions`",
    ),
    (
        "unknown key in a provision: txt typo",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    txt: ok\n",
        ":5:5: ",
        "unknown field `txt`",
    ),
    (
        "duplicate key in a provision",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: ok\n    text: dup\n",
        ":6:5: ",
        "duplicate key",
    ),
    (
        "missing text (points at the provision)",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: ok\n  - id: \"2\"\n    title: t\n",
        ":6:5: ",
        "provision \"2\" has no text",
    ),
    (
        "empty text: blanks only",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: ok\n  - id: \"2\"\n    text: \"   \"\n",
        ":6:5: ",
        "provision \"2\" has no text",
    ),
    (
        "empty text: empty string",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: \"\"\n",
        ":4:5: ",
        "provision \"1\" has no text",
    ),
    (
        "duplicate id",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: ok\n  - id: \"1\"\n    text: again\n",
        ":6:5: ",
        "duplicate id \"1\" (first used at line 4)",
    ),
    (
        "duplicate sub-provision id",
        b"document: d\nversion: v\nprovisions:\n  - id: \"6\"\n    text: ok\n    provisions:\n      - id: a\n        text: x\n      - id: a\n        text: y\n",
        ":9:9: ",
        "duplicate id \"6.a\" (first used at line 7)",
    ),
    (
        "duplicate sub-provision id: full and short form of the same id",
        b"document: d\nversion: v\nprovisions:\n  - id: \"6\"\n    text: ok\n    provisions:\n      - id: \"6.a\"\n        text: x\n      - id: a\n        text: y\n",
        ":9:9: ",
        "duplicate id \"6.a\" (first used at line 7)",
    ),
    (
        "empty provisions list",
        b"document: d\nversion: v\nprovisions: []\n",
        ":3:13: ",
        "`provisions` is empty",
    ),
    (
        "non-UTF-8 byte (column counts characters: `café` is 4)",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: caf\xc3\xa9 \xff\n",
        ":5:16: ",
        "not valid UTF-8",
    ),
    (
        "non-UTF-8 byte at the start of a line",
        b"document: d\nversion: v\nprovisions:\n\xfe  - id: \"1\"\n",
        ":4:1: ",
        "not valid UTF-8",
    ),
    (
        "alias to an unknown anchor",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: *t\n",
        ":5:11: ",
        "alias",
    ),
    (
        "invalid date: 30 February",
        b"document: d\nversion: v\ndate: 2025-02-30\nprovisions:\n  - text: ok\n",
        ":3:7: ",
        "date \"2025-02-30\" is not a valid YYYY-MM-DD date",
    ),
    (
        "invalid date: month 13",
        b"document: d\nversion: v\ndate: \"2025-13-01\"\nprovisions:\n  - text: ok\n",
        ":3:7: ",
        "date \"2025-13-01\" is not a valid YYYY-MM-DD date",
    ),
    (
        "invalid date: day first",
        b"document: d\nversion: v\ndate: 01-02-2025\nprovisions:\n  - text: ok\n",
        ":3:7: ",
        "is not a valid YYYY-MM-DD date",
    ),
    (
        "multiple YAML documents (points at the separator)",
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: ok\n---\ndocument: e\n",
        ":6:1: ",
        "only one YAML document",
    ),
    (
        "control characters in the version",
        b"document: d\nversion: \"v\\e[31m\"\nprovisions:\n  - text: ok\n",
        ":2:10: ",
        "`version` contains control characters",
    ),
    (
        "empty id",
        b"document: d\nversion: v\nprovisions:\n  - id: \"  \"\n    text: ok\n",
        ":4:9: ",
        "empty `id`",
    ),
];

#[test]
fn each_invalid_draft_is_located_exactly() {
    let mut failures = Vec::new();
    for &(name, bytes, location, message) in INVALID {
        let (code, stdout, stderr) = check_bytes(bytes);
        let want_prefix = format!("draft.yaml{location}");
        let lines = problem_lines(&stderr);
        let ok = code == 1
            && stdout.is_empty()
            && lines.len() == 1
            && lines[0].starts_with(&want_prefix)
            && lines[0].contains(message);
        if !ok {
            failures.push(format!(
                "{name}:\n  want exit 1 and one line `{want_prefix}...{message}...`\n  got exit {code}, stderr {stderr:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The `file:line:col: message` lines of check's output, without the source excerpts
/// under them (indented) and the note that reading stopped.
fn problem_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.ends_with("later ones may be hidden"))
        .collect()
}

/// Runs one case of the table above on its own, so that a known failure has its own name.
fn assert_located(bytes: &[u8], location: &str, message: &str) {
    let (code, stdout, stderr) = check_bytes(bytes);
    let want_prefix = format!("draft.yaml{location}");
    assert_eq!((code, stdout.as_str()), (1, ""), "{stderr}");
    assert_eq!(problem_lines(&stderr).len(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&want_prefix) && stderr.contains(message),
        "want `{want_prefix}...{message}...`, got {stderr:?}"
    );
}

/// `u32::from_str` takes a leading `+`: "2025-+1-01" is no date.
#[test]
fn a_date_with_a_sign_is_refused() {
    assert_located(
        b"document: d\nversion: v\ndate: 2025-+1-01\nprovisions:\n  - ok\n",
        ":3:7: ",
        "is not a valid YYYY-MM-DD date",
    );
}

/// A label with a bidi override or a zero-width space would look like another label, or
/// reorder the index line it is shown on: refused, located, named by its code point.
#[test]
fn invisible_formatting_characters_in_labels_are_refused() {
    assert_located(
        "document: d\nversion: \"v1\\u202Efdp\"\nprovisions:\n  - ok\n".as_bytes(),
        ":2:10: ",
        "`version` contains an invisible formatting character (U+202E)",
    );
    assert_located(
        "document: \"plan\\u200Bb\"\nversion: v\nprovisions:\n  - ok\n".as_bytes(),
        ":1:11: ",
        "`document` contains an invisible formatting character (U+200B)",
    );
    // Scripts that need the zero-width non-joiner keep it (Persian "می‌خواهم").
    let (code, _, stderr) =
        check_bytes("document: d\nversion: \"می\u{200c}خواهم\"\nprovisions:\n  - ok\n".as_bytes());
    assert_eq!(code, 0, "{stderr}");
}

/// Regression: an anchor was reported at the value after it (5:14), not at the `&` (5:11)
/// that the author has to remove.
#[test]
fn anchor_is_located_at_its_ampersand() {
    assert_located(
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: &t ok\n  - id: \"2\"\n    text: *t\n",
        ":5:11: ",
        "anchors and aliases",
    );
}

/// Regression: a tab in the indentation was reported one column to the right of the tab.
#[test]
fn tab_indentation_is_located_at_the_tab() {
    assert_located(
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n\ttext: tab\n",
        ":5:1: ",
        "tabs disallowed",
    );
    assert_located(
        b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n  \ttext: tab\n",
        ":5:3: ",
        "tabs disallowed",
    );
}

/// Problems without a place in the file are reported against the file alone.
#[test]
fn whole_file_problems() {
    for (bytes, want) in [
        (
            &b"document: d\nversion: v\n"[..],
            "draft.yaml: missing `provisions`: a draft needs at least one\n",
        ),
        (
            b"",
            "draft.yaml: empty draft: expected a mapping with `provisions`\n",
        ),
        (
            b"# only a comment\n\n",
            "draft.yaml: empty draft: expected a mapping with `provisions`\n",
        ),
    ] {
        let (code, stdout, stderr) = check_bytes(bytes);
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (1, "", want),
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn every_problem_of_a_draft_is_reported() {
    let draft = format!(
        "{HEAD}date: 2025-02-29\nprovisions:\n  - id: \"1\"\n    text: ok\n  - id: \"1\"\n    text: again\n  - id: \"2\"\n"
    );
    let (code, _, stderr) = check_bytes(draft.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "draft.yaml:3:7: date \"2025-02-29\" is not a valid YYYY-MM-DD date\n \
         3 | date: 2025-02-29\n   \
         |       ^\n\
         draft.yaml:7:5: duplicate id \"1\" (first used at line 5)\n \
         7 |   - id: \"1\"\n   \
         |     ^\n\
         draft.yaml:9:5: provision \"2\" has no text\n \
         9 |   - id: \"2\"\n   \
         |     ^\n"
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let (code, stdout, stderr) =
        check_bytes(b"\xef\xbb\xbfdocument: d\r\nversion: v\r\nprovisions:\r\n  - id: \"1\"\r\n    text: ok\r\n");
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "draft.yaml: ok (d v, 1 provision)\n", "")
    );
}

/// Neither the BOM nor the CRs shift the reported location.
#[test]
fn bom_and_crlf_keep_locations_right() {
    let (code, _, stderr) = check_bytes(
        b"\xef\xbb\xbfversion: v\r\ndocument: \"x\\ay\"\r\nprovisions:\r\n  - id: \"1\"\r\n    text: ok\r\n  - id: \"1\"\r\n    text: again\r\n",
    );
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "draft.yaml:2:11: `document` contains control characters\n \
         2 | document: \"x\\ay\"\n   \
         |           ^\n\
         draft.yaml:6:5: duplicate id \"1\" (first used at line 4)\n \
         6 |   - id: \"1\"\n   \
         |     ^\n"
    );
}

#[test]
fn valid_edge_cases_are_accepted() {
    for (what, bytes) in [
        ("leap day", &b"document: d\nversion: v\ndate: 2024-02-29\nprovisions:\n  - text: ok\n"[..]),
        ("explicit document markers", b"---\ndocument: d\nversion: v\nprovisions:\n  - text: ok\n...\n"),
        ("plain strings", b"document: d\nversion: v\nprovisions:\n  - first\n  - second\n"),
        ("empty sub-provision list", b"document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: ok\n    provisions: []\n"),
    ] {
        let (code, _, stderr) = check_bytes(bytes);
        assert_eq!((code, stderr.as_str()), (0, ""), "{what}");
    }
}

/// Builds a draft whose provisions nest `levels` deep (1 = no sub-provisions).
fn nested(levels: usize) -> String {
    let mut s = format!("{HEAD}provisions:\n");
    for level in 0..levels {
        let pad = " ".repeat(2 + 4 * level);
        s.push_str(&format!(
            "{pad}- id: \"{level}\"\n{pad}  text: level {level}\n"
        ));
        if level + 1 < levels {
            s.push_str(&format!("{pad}  provisions:\n"));
        }
    }
    s
}

#[test]
fn nesting_limit() {
    // Depth 8 (nine levels) is the most a draft may nest.
    let (code, _, stderr) = check_bytes(nested(9).as_bytes());
    assert_eq!((code, stderr.as_str()), (0, ""));
    // One level more: refused at the provision whose sub-provisions are too deep.
    // Provision "8" is on line 4 + 3 * 8 = 28, its `id` at column 5 + 4 * 8 = 37.
    let (code, _, stderr) = check_bytes(nested(10).as_bytes());
    assert_eq!(code, 1);
    assert_eq!(problem_lines(&stderr), ["draft.yaml:28:37: provision \"0.1.2.3.4.5.6.7.8\" nests sub-provisions deeper than 8 levels"]);
}

#[test]
fn deep_nesting_is_refused_by_the_parser() {
    // 200 levels never reach validation: the parser's depth budget stops them. The first
    // node past the budget is provision "10", line 4 + 3 * 10 = 34, column 5 + 4 * 10 = 45.
    let (code, _, stderr) = check_bytes(nested(200).as_bytes());
    assert_eq!(code, 1);
    assert_eq!(problem_lines(&stderr).len(), 1, "{stderr}");
    assert!(stderr.starts_with("draft.yaml:34:45: "), "{stderr}");
    assert!(stderr.ends_with("draft.yaml: reading stopped at this problem; fix it and check again, later ones may be hidden\n"), "{stderr}");
    assert!(stderr.contains("nested too deeply"), "{stderr}");
}

/// Regression: `document` defaults to the folder holding the draft, but only when the path
/// named a folder: `check drafts/peace/02.yaml` was valid while `cd drafts/peace && check
/// 02.yaml` said "missing `document` and none can be taken from the path".
#[test]
fn document_defaults_to_the_folder_even_for_a_bare_file_name() {
    let (code, stdout, stderr) = check_bytes(b"version: v\nprovisions:\n  - text: ok\n");
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "draft.yaml: ok (doc v, 1 provision)\n", "")
    );
}

#[test]
fn version_defaults_to_the_file_name() {
    let (code, stdout, _) = check_bytes(b"document: d\nprovisions:\n  - text: ok\n");
    assert_eq!(
        (code, stdout.as_str()),
        (0, "draft.yaml: ok (d draft, 1 provision)\n")
    );
}

mod exit_codes {
    use super::*;

    fn write(dir: &Path, name: &str, body: &str) {
        std::fs::write(dir.join(name), body).unwrap();
    }

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "good.yaml",
            "document: d\nversion: v1\nprovisions:\n  - text: ok\n",
        );
        write(
            dir.path(),
            "bad.yaml",
            "document: d\nversion: v2\nprovisions: []\n",
        );
        dir
    }

    #[test]
    fn all_valid_exits_0() {
        let dir = folder();
        draftdiff()
            .current_dir(dir.path())
            .args(["check", "good.yaml", "good.yaml"])
            .assert()
            .code(0)
            .stdout("good.yaml: ok (d v1, 1 provision)\ngood.yaml: ok (d v1, 1 provision)\n")
            .stderr("");
    }

    #[test]
    fn quiet_prints_nothing_for_valid_files() {
        let dir = folder();
        draftdiff()
            .current_dir(dir.path())
            .args(["check", "-q", "good.yaml"])
            .assert()
            .code(0)
            .stdout("")
            .stderr("");
        draftdiff()
            .current_dir(dir.path())
            .args(["check", "--quiet", "good.yaml", "bad.yaml"])
            .assert()
            .code(1)
            .stdout("")
            .stderr(
                "bad.yaml:3:13: `provisions` is empty: a draft needs at least one\n \
                 3 | provisions: []\n   \
                 |             ^\n",
            );
    }

    #[test]
    fn one_invalid_exits_1_and_still_checks_the_rest() {
        let dir = folder();
        draftdiff()
            .current_dir(dir.path())
            .args(["check", "bad.yaml", "good.yaml"])
            .assert()
            .code(1)
            .stdout("good.yaml: ok (d v1, 1 provision)\n")
            .stderr(
                "bad.yaml:3:13: `provisions` is empty: a draft needs at least one\n \
                 3 | provisions: []\n   \
                 |             ^\n",
            );
    }

    #[test]
    fn missing_file_exits_2_even_with_invalid_ones() {
        let dir = folder();
        for args in [
            ["check", "missing.yaml", "bad.yaml"],
            ["check", "bad.yaml", "missing.yaml"],
        ] {
            let out = draftdiff()
                .current_dir(dir.path())
                .args(args)
                .assert()
                .code(2)
                .get_output()
                .clone();
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(stderr.contains("missing.yaml: no such file\n"), "{stderr}");
            assert!(stderr.contains("bad.yaml:3:13: "), "{stderr}");
        }
    }

    #[test]
    fn a_directory_without_drafts_exits_2() {
        let dir = folder();
        std::fs::create_dir(dir.path().join("drafts.yaml")).unwrap();
        draftdiff()
            .current_dir(dir.path())
            .args(["check", "drafts.yaml"])
            .assert()
            .code(2)
            .stderr(
                "drafts.yaml: no drafts here (YAML files in this folder or one folder down, \
                 as `run` reads them)\n",
            );
    }

    #[test]
    fn no_files_is_a_usage_error() {
        draftdiff().arg("check").assert().code(2);
    }

    #[test]
    fn file_over_the_size_limit_exits_2_without_reading_it() {
        let dir = folder();
        let big = dir.path().join("big.yaml");
        // Sparse: no disk space or reading time is spent on the 64 MiB.
        let file = std::fs::File::create(&big).unwrap();
        let size = draftdiff::load::MAX_FILE_BYTES + 1;
        assert_eq!(size, 64 * 1024 * 1024 + 1);
        file.set_len(size).unwrap();
        drop(file);
        let started = std::time::Instant::now();
        draftdiff()
            .current_dir(dir.path())
            .args(["check", "big.yaml"])
            .assert()
            .code(2)
            .stdout("")
            .stderr("big.yaml: file is 67108865 bytes, over the limit of 67108864 bytes\n");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

/// Every shipped fixture is itself a valid draft.
#[test]
fn all_fixtures_are_valid() {
    let mut files = Vec::new();
    for root in ["fixtures", "alignment"] {
        for dir in subfolders(&tests_dir().join(root)) {
            files.push(dir.join("old.yaml"));
            files.push(dir.join("new.yaml"));
        }
    }
    draftdiff()
        .arg("check")
        .arg("--quiet")
        .args(&files)
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

fn sample_drafts() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts")
}

#[test]
fn a_folder_means_every_draft_and_corrections_file_run_would_read() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("treaty");
    std::fs::create_dir_all(doc.join("corrections")).unwrap();
    for name in ["2025-11-20-leaked.yaml", "2025-11-23-post-geneva.yaml"] {
        std::fs::copy(
            sample_drafts().join("peace-plan").join(name),
            doc.join(name),
        )
        .unwrap();
    }
    std::fs::write(doc.join("broken.yaml"), "version: x\nprovisions: [\n").unwrap();
    std::fs::write(doc.join("notes.txt"), "not a draft").unwrap();
    std::fs::write(
        doc.join("corrections/geneva.yaml"),
        "old: leaked-28-point\nnew: post-geneva\nremoved: [\"3\"]\n",
    )
    .unwrap();
    let out = draftdiff().arg("check").arg(dir.path()).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("2025-11-20-leaked.yaml: ok"), "{stdout}");
    assert!(
        stdout.contains("2025-11-23-post-geneva.yaml: ok"),
        "{stdout}"
    );
    assert!(
        stdout.contains("geneva.yaml: ok (corrections leaked-28-point → post-geneva"),
        "{stdout}"
    );
    assert!(stderr.contains("broken.yaml:"), "{stderr}");
    assert!(!stdout.contains("notes") && !stderr.contains("notes"));
    // The document's own folder works too.
    let out = draftdiff().arg("check").arg(&doc).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("geneva.yaml: ok (corrections"));
    // A folder without drafts checked nothing: that is trouble, not success.
    let empty = tempfile::tempdir().unwrap();
    let out = draftdiff().arg("check").arg(empty.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no drafts here"));
}

#[test]
fn a_dash_checks_standard_input() {
    let text =
        std::fs::read(sample_drafts().join("peace-plan/2025-11-23-post-geneva.yaml")).unwrap();
    let out = draftdiff()
        .args(["check", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "<stdin>: ok (peace-plan post-geneva, 19 provisions)\n"
    );
    let out = draftdiff()
        .args(["check", "-"])
        .write_stdin("version: v\nprovisions:\n  - id: \"1\"\n     text: x\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("<stdin>:4:"),
        "{out:?}"
    );
}

/// The mistakes people make most, each shown with its source line, a caret under the
/// column and the cause in plain words, and the note that reading stopped there.
#[test]
fn yaml_mistakes_are_shown_at_their_line_with_a_caret_and_a_plain_hint() {
    for (draft, at, source, caret, hint) in [
        (
            "version: v\nprovisions:\n  - id: \"1\"\n    text: One.\n   - id: \"2\"\n",
            "draft.yaml:5:4: ",
            " 5 |    - id: \"2\"",
            "   |    ^",
            "indented 1 space more than the lines it belongs with: start it at column 3",
        ),
        (
            "version: v\nprovisions:\n  - id: \"1\"\n    text: \"He said \"no\" loudly\"\n",
            "draft.yaml:4:21: ",
            " 4 |     text: \"He said \"no\" loudly\"",
            "   |                     ^",
            "a `\"` inside a text in double quotes ends it",
        ),
        (
            "version: v\nprovisions:\n  - id: \"1\"\n    text: One.\n      tags: [x]\n",
            "draft.yaml:5:11: ",
            " 5 |       tags: [x]",
            "   |           ^",
            "indented 2 spaces more than the lines it belongs with: start it at column 5",
        ),
        (
            "version: v\nprovisions:\n  - One.\n  - Three: with colon\n",
            "draft.yaml:4:5: ",
            " 4 |   - Three: with colon",
            "   |     ^",
            "put it in quotes (`- \"Three: with colon\"`)",
        ),
        (
            "version: v\nprovisions:\n  - id: \"1\"\n    txt: One\n",
            "draft.yaml:4:5: ",
            " 4 |     txt: One",
            "   |     ^",
            "did you mean `text`?",
        ),
    ] {
        let (code, _, stderr) = check_bytes(draft.as_bytes());
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(code, 1, "{stderr}");
        assert_eq!(lines.len(), 4, "{stderr}");
        assert!(
            lines[0].starts_with(at) && lines[0].contains(hint),
            "{stderr}"
        );
        assert_eq!(&lines[1..3], [source, caret], "{stderr}");
        assert!(lines[3].contains("later ones may be hidden"), "{stderr}");
        // The hint says what to do, not that a `: ` needs quotes, unless it does.
        if hint.contains("indented") {
            assert!(!lines[0].contains("in quotes"), "{stderr}");
        }
    }
}

#[test]
fn standard_input_can_be_named_only_once() {
    let out = draftdiff()
        .args(["check", "-", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("can be given only once"));
}

/// As `run` would: given a folder, an undated version beside dated ones is a problem.
#[test]
fn a_folder_check_refuses_an_undated_version_beside_dated_ones() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("treaty");
    std::fs::create_dir_all(&doc).unwrap();
    std::fs::write(
        doc.join("a.yaml"),
        "version: a\ndate: 2025-01-01\nprovisions: [One.]\n",
    )
    .unwrap();
    std::fs::write(doc.join("b.yaml"), "version: b\nprovisions: [Two.]\n").unwrap();
    let out = draftdiff().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("b.yaml: no `date`, while the other versions"),
        "{stderr}"
    );
    assert!(!stderr.contains("a.yaml"), "{stderr}");
    // All undated: an order by file name, no problem.
    std::fs::write(doc.join("a.yaml"), "version: a\nprovisions: [One.]\n").unwrap();
    let out = draftdiff().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// `check` holds a folder to the same timeline rule as `run`: a version label used twice
/// is a problem of the later file, said as `run` says it.
#[test]
fn a_folder_check_refuses_a_version_label_used_twice() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("treaty");
    std::fs::create_dir_all(&doc).unwrap();
    std::fs::write(doc.join("1.yaml"), "version: draft\nprovisions: [One.]\n").unwrap();
    std::fs::write(doc.join("2.yaml"), "version: draft\nprovisions: [Two.]\n").unwrap();
    let out = draftdiff().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2.yaml: version \"draft\" is already used by")
            && stderr.contains("1.yaml"),
        "{stderr}"
    );
    // Each file on its own is fine: the rule is about a document's versions together.
    let out = draftdiff()
        .arg("check")
        .arg(doc.join("2.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
