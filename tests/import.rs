//! `draftdiff import`, driven through the real CLI.
//!
//! Every folder under `tests/import/` holds an `input.txt` or `input.md`, optional `args`
//! (one command-line argument per line), and the golden `expected.yaml` and
//! `expected.stderr`. Regenerate the goldens with `DRAFTDIFF_BLESS=1 cargo test --test
//! import` and review the diff. Beyond the goldens: every output must load as a draft,
//! every non-blank input line must end up in a provision, the real public texts are checked
//! by hand, drafts written out as numbered text must import back to the same provisions,
//! and the error cases must exit 2.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

#[path = "support/words.rs"]
mod support_words;
use draftdiff::load::{load_bytes, PathDefaults};
use draftdiff::model::Draft;
use support_words::{words, NUMBERING_WORDS};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import")
}

fn draftdiff() -> Command {
    Command::cargo_bin("draftdiff").expect("binary built")
}

fn input_of(name: &str) -> String {
    for file in ["input.txt", "input.md"] {
        if fixtures_dir().join(name).join(file).exists() {
            return format!("{name}/{file}");
        }
    }
    panic!("fixture {name} has no input.txt or input.md");
}

/// Runs `draftdiff import` on a fixture from inside `tests/import`, so that the paths in
/// messages are short and stable.
fn import_fixture(name: &str) -> (String, String) {
    let dir = fixtures_dir().join(name);
    let args: Vec<String> = match std::fs::read_to_string(dir.join("args")) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        Err(_) => vec![
            "--document".into(),
            name.into(),
            "--version".into(),
            "fixture".into(),
        ],
    };
    let output = draftdiff()
        .current_dir(fixtures_dir())
        .arg("import")
        .arg(input_of(name))
        .args(&args)
        .output()
        .expect("ran draftdiff");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 messages");
    assert_eq!(output.status.code(), Some(0), "{name}: {stderr}");
    (stdout, stderr)
}

/// Runs a prepared command and checks its exit code and that its output contains `needle`.
fn expect(cmd: &mut Command, code: i32, needle: &str) -> (String, String) {
    let output = cmd.output().expect("ran draftdiff");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.contains(needle) || stderr.contains(needle),
        "{needle:?} in neither\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    (stdout, stderr)
}

fn load(yaml: &str, origin: &str) -> Draft {
    load_bytes(yaml.as_bytes(), origin, &PathDefaults::default())
        .unwrap_or_else(|e| panic!("{origin} does not load:\n{e}\n{yaml}"))
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("tests/import exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Imports `name` and checks its goldens (or writes them when blessing), that the output
/// is a valid draft and that no input line was dropped. Returns the loaded draft.
fn checked(name: &str) -> (Draft, String) {
    let (yaml, stderr) = import_fixture(name);
    let dir = fixtures_dir().join(name);
    for (file, actual) in [("expected.yaml", &yaml), ("expected.stderr", &stderr)] {
        let path = dir.join(file);
        if std::env::var_os("DRAFTDIFF_BLESS").is_some() {
            std::fs::write(&path, actual).expect("write golden");
        } else {
            let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
                panic!("{name}/{file} is missing; bless with DRAFTDIFF_BLESS=1")
            });
            assert!(
                expected == *actual,
                "{name}/{file} differs (bless with DRAFTDIFF_BLESS=1 and review):\n{actual}"
            );
        }
    }
    let draft = load(&yaml, name);
    let input = std::fs::read_to_string(fixtures_dir().join(input_of(name))).expect("input");
    if let Err(e) = nothing_dropped(&input, &draft) {
        panic!("{name}: {e}");
    }
    (draft, stderr)
}

#[test]
fn every_fixture_matches_its_goldens_loads_and_drops_nothing() {
    let names = fixture_names();
    assert!(names.len() >= 20, "fixtures missing: {names:?}");
    for name in names {
        checked(&name);
    }
}

// ---------------------------------------------------------------------------------------
// Nothing dropped: every non-blank line's words occur, in order, in one provision.

fn is_subsequence(needle: &[String], haystack: &[String]) -> bool {
    let mut rest = haystack.iter();
    needle.iter().all(|w| rest.any(|h| h == w))
}

fn nothing_dropped(input: &str, draft: &Draft) -> Result<(), String> {
    let streams: Vec<Vec<String>> = draft
        .provisions
        .iter()
        .map(|p| {
            let mut s = words(&p.id);
            s.extend(p.title.iter().flat_map(|t| words(t)));
            s.extend(words(&p.text));
            s
        })
        // The draft's own title (a leading `# Title`) is kept there.
        .chain(draft.title.iter().map(|t| words(t)))
        .collect();
    for (n, line) in input.lines().enumerate() {
        let line_words: Vec<String> = words(line)
            .into_iter()
            .filter(|w| !NUMBERING_WORDS.contains(&w.as_str()))
            .collect();
        if line_words.is_empty() {
            continue;
        }
        if !streams.iter().any(|s| is_subsequence(&line_words, s)) {
            return Err(format!("line {} is in no provision: {line:?}", n + 1));
        }
    }
    Ok(())
}

#[test]
fn the_dropped_line_check_catches_a_dropped_line() {
    let draft = load(
        "document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: One two.\n",
        "t",
    );
    assert!(nothing_dropped("1. One two.\n", &draft).is_ok());
    assert!(nothing_dropped("1. One two.\nThree.\n", &draft).is_err());
    assert!(nothing_dropped("1. Two one.\n", &draft).is_err());
}

// ---------------------------------------------------------------------------------------
// Real public texts, checked by hand.

fn ids(draft: &Draft) -> Vec<&str> {
    draft.provisions.iter().map(|p| p.id.as_str()).collect()
}

fn provision<'a>(draft: &'a Draft, id: &str) -> &'a draftdiff::model::Provision {
    draft
        .provisions
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no provision {id:?} in {:?}", ids(draft)))
}

#[test]
fn peace_plan_points_news_list() {
    let (draft, stderr) = checked("peace-plan-points");
    assert_eq!(draft.provisions.len(), 29);
    assert_eq!(draft.provisions[0].id, "preamble");
    let expected: Vec<String> = std::iter::once("preamble".to_string())
        .chain((1..=28).map(|n| n.to_string()))
        .collect();
    assert_eq!(ids(&draft), expected);
    assert_eq!(
        provision(&draft, "6").text,
        "Ukraine's armed forces limited to 600,000 personnel."
    );
    assert!(provision(&draft, "21")
        .text
        .starts_with("Territories: Crimea"));
    assert!(stderr.contains("28 × \"1.\""), "{stderr}");
    assert!(stderr.contains("no warnings"), "{stderr}");
    assert_eq!(draft.document, "peace-plan");
    assert_eq!(draft.date.as_deref(), Some("2025-11-20"));
}

#[test]
fn us_constitution_articles_and_sections() {
    let (draft, stderr) = checked("us-constitution");
    assert_eq!(draft.provisions.len(), 1 + 7 + 10 + 4 + 3 + 4);
    let top: Vec<&str> = draft
        .provisions
        .iter()
        .filter(|p| p.depth == 0)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(top, ["preamble", "I", "II", "III", "IV", "V", "VI", "VII"]);
    assert!(provision(&draft, "preamble")
        .text
        .starts_with("We the People"));
    // An article made only of sections takes its heading as title and lead-in text.
    let article_one = provision(&draft, "I");
    assert_eq!(article_one.title.as_deref(), Some("Article. I."));
    assert_eq!(article_one.text, "Article. I.");
    assert_eq!(provision(&draft, "I.10").depth, 1);
    assert!(provision(&draft, "I.8").text.contains("To borrow Money"));
    assert!(provision(&draft, "III.3")
        .text
        .starts_with("Treason against"));
    // Trailing matter (attestation, signatures) stays in the last provision.
    assert!(provision(&draft, "VII")
        .text
        .ends_with("James Wilson Gouv Morris"));
    assert!(stderr.contains("\"J.\" looks like numbering"), "{stderr}");
}

#[test]
fn apache_license_sections_and_lettered_conditions() {
    let (draft, _) = checked("apache-2.0");
    assert_eq!(
        ids(&draft),
        ["preamble", "1", "2", "3", "4", "4.a", "4.b", "4.c", "4.d", "5", "6", "7", "8", "9"]
    );
    assert!(provision(&draft, "preamble")
        .text
        .contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"));
    // "1. Definitions." over its paragraphs, and "2. Grant of Copyright License. Subject
    // to ..." run in: headings, not the start of the text.
    assert_eq!(provision(&draft, "1").title.as_deref(), Some("Definitions"));
    assert!(provision(&draft, "1")
        .text
        .starts_with("\"License\" shall mean"));
    let titles: Vec<Option<&str>> = ["2", "4", "7", "9"]
        .iter()
        .map(|id| provision(&draft, id).title.as_deref())
        .collect();
    assert_eq!(
        titles,
        [
            Some("Grant of Copyright License"),
            Some("Redistribution"),
            Some("Disclaimer of Warranty"),
            Some("Accepting Warranty or Additional Liability")
        ]
    );
    assert!(provision(&draft, "2")
        .text
        .starts_with("Subject to the terms"));
    // The paragraph after (d), back at the indentation of (a)-(d), belongs to section 4.
    assert!(provision(&draft, "4")
        .text
        .contains("You may add Your own copyright statement"));
    assert!(!provision(&draft, "4.d")
        .text
        .contains("You may add Your own copyright"));
    assert!(provision(&draft, "9")
        .text
        .ends_with("END OF TERMS AND CONDITIONS"));
}

#[test]
fn mpl_markdown_headings_bold_numbers_and_roman_items() {
    let (draft, stderr) = checked("mpl-2.0-markdown");
    assert_eq!(
        draft.title.as_deref(),
        Some("Mozilla Public License Version 2.0")
    );
    assert_eq!(provision(&draft, "1").title.as_deref(), Some("Definitions"));
    assert_eq!(
        provision(&draft, "1.1").title.as_deref(),
        Some("\"Contributor\"")
    );
    assert!(provision(&draft, "1.1")
        .text
        .starts_with("Means each individual"));
    assert_eq!(provision(&draft, "1.14").depth, 1);
    assert_eq!(provision(&draft, "1.5.b").depth, 2);
    assert_eq!(provision(&draft, "2.3.b.ii").depth, 3);
    assert_eq!(provision(&draft, "2.3.c").depth, 2);
    assert_eq!(
        provision(&draft, "10.2").title.as_deref(),
        Some("Effect of New Versions")
    );
    assert!(provision(&draft, "exhibit-a-in-the-source-code")
        .text
        .ends_with("https://mozilla.org/MPL/2.0/."));
    // This copy leaves out sections 3 to 9: the importer says so.
    assert!(
        stderr.contains("numbering skips from \"2\" to \"10\""),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------
// Styles and layouts, checked by hand beyond their goldens.

fn top_ids(name: &str) -> Vec<String> {
    let (draft, _) = checked(name);
    draft
        .provisions
        .iter()
        .filter(|p| p.depth == 0)
        .map(|p| p.id.clone())
        .collect()
}

#[test]
fn each_numbering_style() {
    for name in ["style-period", "style-paren", "style-parens", "style-dash"] {
        assert_eq!(top_ids(name), ["1", "2", "3"], "{name}");
    }
    assert_eq!(top_ids("style-point"), ["preamble", "1", "2", "3"]);
    assert_eq!(top_ids("style-article"), ["preamble", "1", "2", "2a", "3"]);
    assert_eq!(top_ids("style-paragraph-sign"), ["1", "2", "3", "3a"]);
    assert_eq!(top_ids("style-roman"), ["I", "II", "III", "IV"]);
    assert_eq!(top_ids("style-section-decimal"), ["1", "2"]);
    assert_eq!(top_ids("bullets-only"), ["1", "2", "3"]);

    let (article, _) = checked("style-article");
    assert_eq!(
        provision(&article, "1").title.as_deref(),
        Some("Sovereignty")
    );
    assert_eq!(
        provision(&article, "2").title.as_deref(),
        Some("Non-aggression")
    );
    let (roman, _) = checked("style-roman");
    assert_eq!(provision(&roman, "II").title.as_deref(), Some("ECONOMY"));
    assert_eq!(provision(&roman, "II.ii").text, "then, on finance.");
    let (decimal, _) = checked("style-section-decimal");
    assert_eq!(ids(&decimal), ["1", "1.1", "1.2", "2", "2.1"]);
}

#[test]
fn nested_sub_items_letters_romans_and_bullets() {
    let (draft, _) = checked("nested-sub-items");
    assert_eq!(
        ids(&draft),
        [
            "1", "1.a", "1.b", "1.b.i", "1.b.ii", "1.c", "2", "2.a", "2.b", "2.c", "3", "3.a",
            "3.b"
        ]
    );
    assert_eq!(
        provision(&draft, "2.b").text,
        "civilian detainees are returned;"
    );
}

#[test]
fn wrapped_lines_and_paragraphs_stay_in_their_provision() {
    let (draft, _) = checked("wrapped-lines-and-paragraphs");
    assert_eq!(ids(&draft), ["1", "2", "3"]);
    // "2025." at the start of a wrapped line is not provision 2025; the later paragraphs,
    // one of them indented, are still provision 1.
    assert_eq!(
        provision(&draft, "1").text,
        "Ukraine's armed forces will be limited to 600,000 personnel, a figure that was later \
         raised in the talks held in Geneva in 2025. This figure remained contested. The cap \
         applies to active personnel only. Reservists are not counted."
    );
    assert!(provision(&draft, "2").text.ends_with("considered settled."));
}

#[test]
fn markdown_headings_and_lists() {
    let (draft, _) = checked("markdown-headings");
    assert_eq!(draft.title.as_deref(), Some("Framework for peace"));
    assert_eq!(
        ids(&draft),
        [
            "preamble",
            "1",
            "1.1",
            "1.2",
            "2",
            "2.1",
            "2.2",
            "2.2.a",
            "2.2.b",
            "annex-monitoring"
        ]
    );
    assert_eq!(
        provision(&draft, "1.1").title.as_deref(),
        Some("Armed forces")
    );
    // A heading without text of its own is its own lead-in.
    assert_eq!(provision(&draft, "2").text, "Economy");

    let (list, _) = checked("markdown-list");
    assert_eq!(
        ids(&list),
        [
            "preamble",
            "1",
            "2",
            "2.a",
            "2.b",
            "3",
            "not-agreed",
            "not-agreed.a",
            "not-agreed.b"
        ]
    );
    let (facts, _) = checked("peace-plan-facts-markdown");
    assert_eq!(facts.provisions.len(), 1 + 1 + 28 + 1 + 5);
}

#[test]
fn numbering_that_skips_or_repeats_is_reported() {
    let (draft, stderr) = checked("numbering-problems");
    assert_eq!(ids(&draft), ["1", "2", "4", "4-2", "3"]);
    for expected in [
        ":4: warning: numbering skips from \"2\" to \"4\"",
        ":6: warning: numbering repeats \"4\"",
        ":6: warning: id \"4\" is already used; this one is imported as \"4-2\"",
        ":8: warning: numbering goes back from \"4\" to \"3\"",
    ] {
        assert!(stderr.contains(expected), "{expected} not in {stderr}");
    }
}

// ---------------------------------------------------------------------------------------
// Round trip: a draft written out as numbered plain text imports back to itself.

/// How a numbered text writes a provision's own number.
fn marker_for(local: &str) -> String {
    if local.bytes().all(|b| b.is_ascii_digit()) {
        format!("{local}.")
    } else if local.len() == 1 && local.bytes().all(|b| b.is_ascii_lowercase()) && local != "i" {
        format!("{local})")
    } else if local.bytes().all(|b| b"ivxlcdm".contains(&b)) {
        format!("({local})")
    } else if local.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        format!("{local}.")
    } else {
        panic!("no numbered form for id {local:?}")
    }
}

/// Wraps `text` at about 60 columns, never starting a line with something that reads as a
/// number (plain text cannot tell "(i) the power" wrapped from a sub-item (i)).
fn wrap(text: &str, first: &str, indent: &str) -> String {
    let mut out = String::from(first);
    let mut width = first.chars().count();
    for word in text.split(' ') {
        let risky = word
            .starts_with(|c: char| c.is_ascii_digit() || c == '(' || c == '-' || c == '*')
            || word.chars().count() <= 3 && word.ends_with(['.', ')']);
        if width > 60 && !risky {
            out.push('\n');
            out.push_str(indent);
            width = indent.len();
        } else if !out.ends_with(' ') && !out.is_empty() && width > 0 {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.chars().count();
    }
    out
}

fn render_numbered(draft: &Draft) -> String {
    let mut out = String::new();
    for p in &draft.provisions {
        if p.id == "preamble" {
            out.push_str(&wrap(&p.text, "", ""));
            out.push_str("\n\n");
            continue;
        }
        let local = p.id.rsplit('.').next().expect("an id");
        let indent = "    ".repeat(p.depth);
        let marker = format!("{indent}{} ", marker_for(local));
        let body = " ".repeat(marker.chars().count());
        match &p.title {
            Some(title) => {
                out.push_str(&format!("{marker}{title}\n"));
                if p.text != *title {
                    out.push('\n');
                    out.push_str(&wrap(&p.text, &body, &body));
                    out.push('\n');
                }
            }
            None => {
                out.push_str(&wrap(&p.text, &marker, &body));
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out
}

fn assert_round_trip(draft: &Draft, what: &str) {
    let text = render_numbered(draft);
    let output = draftdiff()
        .args(["import", "-", "--document", "d", "--version", "v"])
        .write_stdin(text.clone())
        .output()
        .expect("ran draftdiff");
    assert_eq!(output.status.code(), Some(0), "{what}");
    let again = load(&String::from_utf8(output.stdout).expect("UTF-8"), what);
    let shape = |d: &Draft| -> Vec<(String, Option<String>, String, usize)> {
        d.provisions
            .iter()
            .map(|p| (p.id.clone(), p.title.clone(), p.text.clone(), p.depth))
            .collect()
    };
    assert_eq!(
        shape(&again),
        shape(draft),
        "{what} as numbered text:\n{text}"
    );
}

#[test]
fn round_trip_through_numbered_plain_text() {
    for name in [
        "peace-plan-points",
        "apache-2.0",
        "style-roman",
        "nested-sub-items",
        "style-period",
    ] {
        let (draft, _) = checked(name);
        assert_round_trip(&draft, name);
    }
    let draft = load(
        r#"
document: peace-plan
version: post-geneva
provisions:
  - id: "1"
    text: Ukraine's sovereignty is confirmed.
  - id: "6"
    title: Armed forces
    text: The Armed Forces of Ukraine are limited to 800,000 personnel in peacetime.
    provisions:
      - id: a
        text: The limit applies from the signature of the agreement.
      - id: b
        text: It is reviewed after 5 years (2030) by the parties.
  - id: "7"
    title: Security guarantees
    text: Security guarantees
    provisions:
      - id: a
        text: Reliable guarantees are given.
"#,
        "hand-written",
    );
    assert_round_trip(&draft, "hand-written draft");
}

// ---------------------------------------------------------------------------------------
// The command: outputs, and errors that exit 2.

#[test]
fn standard_input_output_file_and_into() {
    let dir = tempfile::tempdir().expect("temp dir");
    expect(
        draftdiff()
            .args([
                "import",
                "-",
                "--document",
                "peace-plan",
                "--version",
                "leaked",
            ])
            .write_stdin("1. One.\n2. Two.\n"),
        0,
        "document: \"peace-plan\"",
    );

    let out = dir.path().join("out.yaml");
    expect(
        draftdiff()
            .args(["import", "-", "--date", "2025-11-20", "-o"])
            .arg(&out)
            .write_stdin("1. One.\n"),
        0,
        "wrote",
    );
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(written.contains("version: \"2025-11-20\""), "{written}");
    expect(draftdiff().arg("check").arg(&out), 0, "ok");

    let drafts = dir.path().join("drafts");
    std::fs::create_dir(&drafts).expect("mkdir");
    let into = |stdin: &str, code: i32, needle: &str| {
        expect(
            draftdiff()
                .args([
                    "import",
                    "-",
                    "--document",
                    "peace-plan",
                    "--version",
                    "leaked",
                    "--into",
                ])
                .arg(&drafts)
                .write_stdin(stdin.to_string()),
            code,
            needle,
        );
    };
    into("1. One.\n", 0, "wrote");
    let target = drafts.join("peace-plan").join("leaked.yaml");
    expect(draftdiff().arg("check").arg(&target), 0, "ok");
    // Never overwrite: a second import of the same version fails and leaves the file.
    into("1. Changed.\n", 2, "already exists");
    assert!(std::fs::read_to_string(&target)
        .expect("kept")
        .contains("One."));
    let leftovers: Vec<_> = std::fs::read_dir(drafts.join("peace-plan"))
        .expect("folder")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn errors_exit_2_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    expect(
        draftdiff().args(["import", "no-such-file.txt"]),
        2,
        "no-such-file.txt: no such file",
    );
    expect(
        draftdiff()
            .args(["import", "-", "--date", "2025-02-30"])
            .write_stdin("1. One.\n"),
        2,
        "--date \"2025-02-30\" is not a valid",
    );
    expect(
        draftdiff()
            .args(["import", "-"])
            .write_stdin(&b"1. caf\xe9\n"[..]),
        2,
        "not valid UTF-8",
    );
    expect(
        draftdiff().args(["import", "-"]).write_stdin("\n  \n"),
        2,
        "nothing to import",
    );
    expect(
        draftdiff()
            .args(["import", "-", "--version", "../escape", "--into"])
            .arg(dir.path())
            .write_stdin("1. One.\n"),
        2,
        "cannot be used as a file name",
    );
    expect(
        draftdiff()
            .args(["import", "-", "--into"])
            .arg(dir.path().join("missing"))
            .write_stdin("1. One.\n"),
        2,
        "no such folder",
    );
}

/// Debian ships licences as `Apache-2.0`, `MPL-2.0`: the `.0` is the version, not an
/// extension, and the document is named with it.
#[test]
fn a_document_named_from_a_versioned_file_keeps_its_dots() {
    let dir = tempfile::tempdir().unwrap();
    for (file, document) in [
        ("Apache-2.0", "apache-2.0"),
        ("MPL-2.0", "mpl-2.0"),
        ("LPPL-1.3c.txt", "lppl-1.3c"),
    ] {
        std::fs::write(dir.path().join(file), "1. One thing.\n2. Another thing.\n").unwrap();
        let (stdout, _) = expect(
            draftdiff().current_dir(dir.path()).args(["import", file]),
            0,
            &format!("no --document given: using {document:?}"),
        );
        assert!(
            stdout.contains(&format!("document: \"{document}\"")),
            "{stdout}"
        );
    }
}

#[test]
fn a_word_file_imports_with_its_automatic_numbers() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import-corpus");
    let output = draftdiff()
        .current_dir(&corpus)
        .args([
            "import",
            "digital-services-playbook-docx/input.docx",
            "--version",
            "v1",
        ])
        .output()
        .expect("ran draftdiff");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 messages");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // The document is named after the file without `.docx`.
    assert!(
        stderr.contains("no --document given: using \"input\""),
        "{stderr}"
    );
    let draft = load(&stdout, "docx");
    // The plays are numbered by Word, not in their text.
    assert!(draft.provisions.iter().any(|p| p.id == "1"), "{stdout}");
    // A file that is named .docx but is not one is refused in words, exit 2.
    refused_as(".docx", "not a Word document (.docx)");
}

#[test]
fn a_pdf_imports_without_its_running_header_footer_and_page_numbers() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import-corpus");
    let output = draftdiff()
        .current_dir(&corpus)
        .args([
            "import",
            "nist-sp800-63b-aal-pdf/input.pdf",
            "--document",
            "sp800-63b",
        ])
        .args(["--version", "v1"])
        .output()
        .expect("ran draftdiff");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 messages");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let draft = load(&stdout, "pdf");
    assert_eq!(ids(&draft)[0], "4", "{stdout}");
    for gone in ["DIGITAL IDENTITY GUIDELINES", "Page 1 of 6", "doi.org"] {
        assert!(
            !stdout.contains(gone),
            "{gone:?} is still in the draft:\n{stdout}"
        );
    }
    // A word hyphenated across a line break is one word again.
    assert!(
        stdout.contains("multi-factor authentication using"),
        "{stdout}"
    );
    refused_as(".pdf", "cannot read this PDF");
}

#[test]
fn a_text_of_more_provisions_than_a_draft_may_hold_is_refused_early() {
    // A Markdown list numbered `1.` throughout: every line an item with a repeated number.
    let input = tempfile::NamedTempFile::with_suffix(".txt").unwrap();
    std::fs::write(input.path(), "1. a\n".repeat(120_000)).unwrap();
    let output = draftdiff()
        .arg("import")
        .arg(input.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "the text holds more than 100000 provisions (reading stopped at line 100002)"
        ),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

/// `import` of a plain text file named with `extension` exits 2 with `message`.
fn refused_as(extension: &str, message: &str) {
    let fake = tempfile::NamedTempFile::with_suffix(extension).unwrap();
    std::fs::write(fake.path(), "plain text").unwrap();
    let output = draftdiff().arg("import").arg(fake.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(message), "{stderr}");
}
