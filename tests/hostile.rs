//! Hostile inputs against the real CLI (`draftdiff check` and `draftdiff diff`): malformed
//! and wrongly typed YAML, bombs, huge and deep files, things that are not files, and
//! drafts that try to inject escape sequences, links or HTML into the reports.
//!
//! Every run has a time limit, so a hang fails its test instead of blocking CI. Each input
//! must give a clear error with its location (or a correct report) and the documented exit
//! code: `check` exits 1 for an invalid draft and 2 for a file it cannot read; `diff` exits
//! 2 for either. Peak memory is measured by hand, not here (docs/security.md, "Measured").

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use draftdiff::load::MAX_FILE_BYTES;

/// Generous enough for a loaded debug build; a hang runs into it.
const QUICK: Duration = Duration::from_secs(30);
/// For the multi-megabyte inputs in a debug build.
const SLOW: Duration = Duration::from_secs(300);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn draftdiff<S: AsRef<std::ffi::OsStr>>(args: &[S], limit: Duration) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_draftdiff"))
        .args(args)
        .env_remove("NO_COLOR")
        .timeout(limit)
        .output()
        .expect("draftdiff runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code().unwrap_or_else(|| {
        panic!("draftdiff was killed (over {limit:?}: a hang?); stderr: {stderr}")
    });
    Run {
        code,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    }
}

fn check(path: &Path) -> Run {
    draftdiff(&["check".as_ref(), path.as_os_str()], QUICK)
}

/// A temporary `drafts/doc/` folder, so that `document` defaults to `doc`.
struct Drafts {
    _root: tempfile::TempDir,
    dir: PathBuf,
}

impl Drafts {
    fn new() -> Drafts {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("doc");
        std::fs::create_dir(&dir).expect("doc dir");
        Drafts { _root: root, dir }
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, contents).expect("write draft");
        path
    }
}

/// Asserts an invalid-draft outcome of `check`: exit 1 and `path:line:col: message` (or
/// `path:line:` / `path:` when `column` / `line` is 0).
#[track_caller]
fn assert_invalid(run: &Run, path: &Path, line: u64, column: u64, message: &str) {
    let located = match (line, column) {
        (0, _) => format!("{}: ", path.display()),
        (l, 0) => format!("{}:{l}: ", path.display()),
        (l, c) => format!("{}:{l}:{c}: ", path.display()),
    };
    assert_eq!(run.code, 1, "exit code; stderr: {}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{located}{message}")),
        "expected `{located}{message}` in stderr:\n{}",
        run.stderr
    );
}

/// `check` refused to read the file at all: exit 2 and `path: message`.
#[track_caller]
fn assert_unreadable(run: &Run, path: &Path, message: &str) {
    assert_eq!(run.code, 2, "exit code; stderr: {}", run.stderr);
    let expected = format!("{}: {message}", path.display());
    assert!(
        run.stderr.contains(&expected),
        "expected `{expected}` in stderr:\n{}",
        run.stderr
    );
}

fn sample_draft() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts/peace-plan/2025-11-20-leaked.yaml");
    std::fs::read_to_string(path).expect("sample draft")
}

#[test]
fn truncated_yaml_is_located_or_still_valid() {
    let drafts = Drafts::new();
    let sample = sample_draft();
    // Cut the sample at many points, on and off line boundaries: whatever is left is either
    // a valid (shorter) draft or an error with a location, never a crash or exit 2.
    let cuts: Vec<usize> = (1..40)
        .map(|i| sample.len() * i / 40)
        .filter(|&i| sample.is_char_boundary(i))
        .collect();
    for cut in cuts {
        let path = drafts.write("cut.yaml", &sample[..cut]);
        let run = check(&path);
        assert!(
            run.code <= 1,
            "cut at {cut}: exit {}: {}",
            run.code,
            run.stderr
        );
        if run.code == 1 {
            assert!(run.stderr.starts_with(&format!("{}:", path.display())));
        }
    }
    let path = drafts.write(
        "quote.yaml",
        "provisions:\n  - id: \"1\"\n    text: \"unterminated\n",
    );
    assert_invalid(&check(&path), &path, 3, 11, "unclosed quote");
    let path = drafts.write("flow.yaml", "provisions:\n  - {id: \"1\", text: [\n");
    assert_invalid(&check(&path), &path, 2, 21, "unclosed bracket '['");
}

#[test]
fn wrong_types_at_every_level() {
    let drafts = Drafts::new();
    for (name, yaml, line, column, message) in [
        (
            "top-level-list",
            "- a\n- b\n",
            1,
            1,
            "expected a mapping of `key: value` lines",
        ),
        (
            "top-level-scalar",
            "just some text\n",
            1,
            1,
            "expected a mapping of `key: value` lines",
        ),
        (
            "provisions-map",
            "provisions: {a: b}\n",
            1,
            13,
            "expected a list (`- item` lines or `[a, b]`)",
        ),
        (
            "provisions-string",
            "provisions: none\n",
            1,
            13,
            "expected a list (`- item` lines or `[a, b]`)",
        ),
        (
            "provision-list",
            "provisions:\n  - [a, b]\n",
            2,
            5,
            "invalid type: sequence, expected a provision",
        ),
        (
            "provision-number",
            "provisions:\n  - 42\n",
            2,
            5,
            "a provision written as a bare number or true/false: quote it",
        ),
        (
            "provision-null",
            "provisions:\n  -\n",
            2,
            4,
            "invalid type: null (an empty value), expected a provision",
        ),
        (
            "id-list",
            "provisions:\n  - {id: [1], text: x}\n",
            2,
            10,
            "expected a plain value (a string), found a list or mapping",
        ),
        (
            "tags-string",
            "provisions:\n  - {tags: x, text: x}\n",
            2,
            12,
            "expected a list (`- item` lines or `[a, b]`)",
        ),
        (
            "tag-null",
            "provisions:\n  - {tags: [null], text: x}\n",
            2,
            13,
            "expected a value, found null",
        ),
        (
            "text-map",
            "provisions:\n  - {text: {a: b}}\n",
            2,
            12,
            "expected a plain value (a string), found a list or mapping",
        ),
        (
            "text-null",
            "provisions:\n  - {id: \"1\", text: null}\n",
            2,
            5,
            "provision \"1\" has no text",
        ),
        (
            "title-list",
            "title: [a]\nprovisions: [a]\n",
            1,
            8,
            "expected a plain value (a string), found a list or mapping",
        ),
        (
            "date-number",
            "date: 20251123\nprovisions: [a]\n",
            1,
            7,
            "date \"20251123\" is not a valid YYYY-MM-DD date",
        ),
        (
            "unknown-key",
            "provsions: [a]\n",
            1,
            1,
            "unknown field `provsions`",
        ),
        (
            "binary-not-utf8",
            "provisions:\n  - !!binary //79\n",
            2,
            14,
            "this !!binary value is not UTF-8 text",
        ),
    ] {
        let path = drafts.write(&format!("{name}.yaml"), yaml);
        assert_invalid(&check(&path), &path, line, column, message);
    }
}

#[test]
fn scalars_where_text_is_expected_are_kept_as_written() {
    // Numbers, booleans and dates are accepted wherever a string is expected and kept
    // exactly as written: `6.10` stays "6.10", `007` stays "007". Null means "absent".
    let drafts = Drafts::new();
    let path = drafts.write(
        "scalars.yaml",
        "document: 5\nversion: 1.0\ndate: 2025-11-23\nprovisions:\n  - {id: 6.10, text: 3}\n  \
         - {id: 007, text: true, tags: [1, yes]}\n  - {id: 0x1F, text: 1e3, title: null}\n",
    );
    let run = draftdiff(
        &[
            "diff".as_ref(),
            path.as_os_str(),
            path.as_os_str(),
            "-f".as_ref(),
            "json".as_ref(),
        ],
        QUICK,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["document"], "5");
    assert_eq!(json["new"]["version"], "1.0");
    let provisions: Vec<(String, String)> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            let p = &c["new"][0];
            (
                p["id"].as_str().unwrap().into(),
                p["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        provisions,
        [("6.10", "3"), ("007", "true"), ("0x1F", "1e3")].map(|(a, b)| (a.into(), b.into()))
    );
    assert_eq!(
        json["changes"][1]["new"][0]["tags"],
        serde_json::json!(["1", "yes"])
    );
}

#[test]
fn empty_and_comment_only_files() {
    let drafts = Drafts::new();
    for (name, contents) in [
        ("empty", ""),
        ("blank", "\n\n   \n"),
        ("comments", "# a draft\n  # with only comments\n\n"),
        ("bom", "\u{feff}"),
    ] {
        let path = drafts.write(&format!("{name}.yaml"), contents);
        assert_invalid(&check(&path), &path, 0, 0, "empty draft");
    }
}

#[test]
fn non_utf8_nul_and_binary() {
    let drafts = Drafts::new();
    let path = drafts.write("latin1.yaml", b"provisions:\n  - caf\xe9\n");
    assert_invalid(&check(&path), &path, 2, 8, "not valid UTF-8");

    let path = drafts.write("nul.yaml", b"provisions:\n  - a\0b\n");
    assert_invalid(&check(&path), &path, 2, 6, "unexpected character");

    // Deterministic pseudo-random bytes (xorshift), named .yaml.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..65_536)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let path = drafts.write("random.yaml", &bytes);
    let run = check(&path);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!("{}:1:", path.display())),
        "{}",
        run.stderr
    );
}

#[test]
fn duplicate_keys_and_ids() {
    let drafts = Drafts::new();
    let path = drafts.write("keys.yaml", "provisions:\n  - {text: a, text: b}\n");
    assert_invalid(&check(&path), &path, 2, 15, "duplicate key: text");
    let path = drafts.write("top.yaml", "provisions: [a]\nprovisions: [b]\n");
    assert_invalid(&check(&path), &path, 2, 1, "duplicate key: provisions");
    let path = drafts.write(
        "ids.yaml",
        "provisions:\n  - {id: \"1\", text: a}\n  - {id: \"1\", text: b}\n",
    );
    assert_invalid(
        &check(&path),
        &path,
        3,
        5,
        "duplicate id \"1\" (first used at line 2)",
    );
    // A sub-provision's full id can collide with a top-level one.
    let path = drafts.write(
        "nested-ids.yaml",
        "provisions:\n  - id: \"6\"\n    text: a\n    provisions:\n      - {id: a, text: b}\n  \
         - {id: \"6.a\", text: c}\n",
    );
    assert_invalid(
        &check(&path),
        &path,
        6,
        5,
        "duplicate id \"6.a\" (first used at line 5)",
    );
}

#[test]
fn a_one_megabyte_line() {
    let drafts = Drafts::new();
    let long = "word ".repeat(200_000);
    let path = drafts.write("long.yaml", format!("provisions:\n  - {long}\n"));
    let run = check(&path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // An error after the long line is still located, to the column.
    let path = drafts.write(
        "long-bad.yaml",
        format!("provisions:\n  - {{text: {long}, bogus: 1}}\n"),
    );
    let column = "  - {text: ".len() + long.len() + ", ".len() + 1;
    assert_invalid(
        &check(&path),
        &path,
        2,
        column as u64,
        "unknown field `bogus`",
    );
}

/// About 5 MB of sentences that look like prose, deterministic.
fn five_megabytes_of_sentences() -> Vec<String> {
    let mut x: u64 = 42;
    let mut next = move |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let words: Vec<String> = (0..5_000)
        .map(|_| {
            (0..2 + next(8))
                .map(|_| (b'a' + next(26) as u8) as char)
                .collect()
        })
        .collect();
    let (mut sentences, mut size) = (Vec::new(), 0);
    while size < 5 * 1024 * 1024 {
        let length = 8 + next(22);
        let body: Vec<&str> = (0..length)
            .map(|_| words[next(5_000) as usize].as_str())
            .collect();
        let sentence = format!("{} {}.", body.join(" "), sentences.len());
        size += sentence.len() + 1;
        sentences.push(sentence);
    }
    sentences
}

#[test]
fn a_five_megabyte_provision_against_an_edited_copy() {
    let drafts = Drafts::new();
    let mut sentences = five_megabytes_of_sentences();
    let draft = |s: &[String]| format!("provisions:\n  - id: \"1\"\n    text: {}\n", s.join(" "));
    let old = drafts.write("old.yaml", draft(&sentences));
    let middle = sentences.len() / 2;
    sentences[middle] = format!("Quietly {}", sentences[middle]);
    sentences.remove(middle + 10);
    let new = drafts.write("new.yaml", draft(&sentences));
    let run = draftdiff(
        &[
            "diff".as_ref(),
            old.as_os_str(),
            new.as_os_str(),
            "-f".as_ref(),
            "json".as_ref(),
        ],
        SLOW,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["summary"]["changed"], 1);
    // The redline is precise (two small changes), not the whole text deleted and inserted.
    let diff = json["changes"][0]["diff"].as_array().expect("diff");
    let changed: Vec<&str> = diff
        .iter()
        .filter(|s| s["op"] != "equal")
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(changed[0].trim(), "Quietly");
    assert!(changed[1].len() < 400, "{}", changed[1]);
}

#[test]
fn a_short_provision_rewritten_at_length() {
    // Both once took Myers hours (its cost grows with the square of the longer side):
    // two words against 200,000 tokens, and one sentence against 100,000 sentences. The
    // texts share their words, so they are paired and the redline is computed.
    let drafts = Drafts::new();
    let draft = |text: &str| format!("provisions:\n  - id: \"1\"\n    text: \"{text}\"\n");
    for (name, old, new) in [
        (
            "lopsided",
            "alpha ; beta".to_string(),
            format!("alpha{} beta", " ,".repeat(100_000)),
        ),
        (
            "sentences",
            format!("Alpha. {}. Beta.", "gamma ".repeat(100_000)),
            format!("Alpha.{} Beta.", " gamma;".repeat(100_000)),
        ),
    ] {
        let old_path = drafts.write(&format!("{name}-old.yaml"), draft(&old));
        let new_path = drafts.write(&format!("{name}-new.yaml"), draft(&new));
        let run = draftdiff(
            &[
                "diff".as_ref(),
                old_path.as_os_str(),
                new_path.as_os_str(),
                "-f".as_ref(),
                "json".as_ref(),
            ],
            SLOW,
        );
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        let diff = json["changes"][0]["diff"].as_array().expect("diff");
        let side = |skip: &str| -> String {
            diff.iter()
                .filter(|s| s["op"] != skip)
                .map(|s| s["text"].as_str().unwrap())
                .collect()
        };
        assert_eq!((side("insert"), side("delete")), (old, new), "{name}");
    }
}

#[test]
fn repeated_texts_and_many_small_parts() {
    // Both were superlinear in the alignment: one text under 100,000 ids (quadratic, 72 s
    // in release), and one provision with 20,000 small parts of it (cubic, over 5 minutes).
    // A debug build gets a fifth of each; the module tests check the full sizes.
    let scale = if cfg!(debug_assertions) { 5 } else { 1 };
    let drafts = Drafts::new();
    let count = 100_000 / scale;
    let same = |prefix: &str| {
        let mut yaml = String::from("provisions:\n");
        for i in 0..count {
            // Padded to 40 bytes a line: a small file may hold fewer provisions.
            yaml.push_str(&format!(
                "  - {{id: \"{prefix}{i}\", text: one and the same text}}\n"
            ));
        }
        yaml
    };
    let old = drafts.write("same-old.yaml", same(""));
    let new = drafts.write("same-new.yaml", same("a"));
    let run = draftdiff(
        &[
            "diff".as_ref(),
            old.as_os_str(),
            new.as_os_str(),
            "-f".as_ref(),
            "json".as_ref(),
        ],
        SLOW,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["summary"]["unchanged"], count);
    assert_eq!(json["summary"]["renumbered"], count);

    // Each part holds two words of the whole and three of its own: weakly contained, and
    // joined to the group only through its neighbours, from the one strong part at the end.
    let parts = 20_000 / scale;
    let whole: Vec<String> = (0..2 * parts + 3).map(|i| format!("w{i}")).collect();
    let old = drafts.write(
        "parts-old.yaml",
        format!(
            "provisions:\n  - id: \"1\"\n    text: {}\n",
            whole.join(" ")
        ),
    );
    let mut yaml = String::from("provisions:\n");
    for i in 0..parts {
        let (a, b) = (2 * i, 2 * i + 1);
        yaml.push_str(&format!(
            "  - {{id: \"{i}\", text: w{a} w{b} u{i} v{i} x{i}}}\n"
        ));
    }
    let (a, b, c) = (2 * parts, 2 * parts + 1, 2 * parts + 2);
    yaml.push_str(&format!("  - {{id: \"last\", text: w{a} w{b} w{c}}}\n"));
    let new = drafts.write("parts-new.yaml", yaml);
    let run = draftdiff(
        &[
            "diff".as_ref(),
            old.as_os_str(),
            new.as_os_str(),
            "-f".as_ref(),
            "json".as_ref(),
        ],
        SLOW,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["summary"]["split"], 1);
    assert_eq!(
        json["changes"][0]["new_ids"].as_array().unwrap().len(),
        parts + 1
    );
}

#[test]
fn many_provisions() {
    // As many provisions as a draft may hold in a release build; 20,000 in a debug build,
    // where YAML parsing alone takes ~25 s for 100,000 (figures in docs/security.md).
    let count = if cfg!(debug_assertions) {
        20_000
    } else {
        100_000
    };
    let drafts = Drafts::new();
    let mut yaml = String::from("provisions:\n");
    for i in 1..=count {
        yaml.push_str(&format!(
            "  - id: \"{i}\"\n    text: Provision {i} says something about item {}.\n",
            i * 7 % 1000
        ));
    }
    let path = drafts.write("many.yaml", yaml);
    let run = draftdiff(&["check".as_ref(), path.as_os_str()], SLOW);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("{count} provisions")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_draft_over_the_provision_limit_is_refused_where_it_passes_it() {
    // Both readers: a block list (which the fast reader takes) and a flow list of
    // one-letter provisions, 2 bytes each, which used to cost 220 times its size. Small
    // files may hold 50,000.
    let drafts = Drafts::new();
    let block = format!("provisions:\n{}", "  - a\n".repeat(50_001));
    let flow = format!("provisions: [{}]\n", vec!["a"; 50_001].join(","));
    for (name, yaml, line, column) in [
        ("block.yaml", block, 50_002, 5),
        ("flow.yaml", flow, 1, 100_014),
    ] {
        let path = drafts.write(name, yaml);
        let run = check(&path);
        assert_invalid(
            &run,
            &path,
            line,
            column,
            "more than 50,000 provisions (sub-provisions included), the most a draft of this \
             size may hold",
        );
    }
    let nested = format!(
        "provisions:\n  - id: \"1\"\n    text: a\n    provisions:\n{}",
        "      - b\n".repeat(50_000)
    );
    let path = drafts.write("nested.yaml", nested);
    assert_invalid(
        &check(&path),
        &path,
        50_004,
        9,
        "more than 50,000 provisions",
    );
    // A large file, one provision per 40 bytes or more, may hold 100,000 and no more.
    let padded = |n: usize| {
        let mut yaml = String::from("provisions:\n");
        for i in 1..=n {
            yaml.push_str(&format!(
                "  - {{id: \"{i}\", text: Provision number {i} of many}}\n"
            ));
        }
        yaml
    };
    let path = drafts.write("padded.yaml", padded(100_001));
    assert_invalid(
        &check(&path),
        &path,
        100_002,
        5,
        "more than 100,000 provisions",
    );
}

#[test]
fn alias_bombs_are_refused_at_the_first_anchor() {
    let drafts = Drafts::new();
    // Billion laughs: ten levels of ten aliases each, 10^9 strings if expanded.
    let mut laughs = String::from("provisions:\n  - &a0 \"lol\"\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        laughs.push_str(&format!("  - &a{i} [{refs}]\n"));
    }
    let path = drafts.write("laughs.yaml", laughs);
    assert_invalid(
        &check(&path),
        &path,
        2,
        5,
        "YAML anchors and aliases (&name, *name) are not allowed in drafts",
    );
    // Quadratic: one 100 KB anchored string referenced 10,000 times (1 GB if copied).
    let mut quadratic = format!("title: &t \"{}\"\nprovisions:\n", "x".repeat(100_000));
    quadratic.push_str(&"  - *t\n".repeat(10_000));
    let path = drafts.write("quadratic.yaml", quadratic);
    assert_invalid(
        &check(&path),
        &path,
        1,
        8,
        "YAML anchors and aliases (&name, *name) are not allowed in drafts",
    );
    let path = drafts.write(
        "merge.yaml",
        "provisions:\n  - <<: {text: a}\n    id: \"1\"\n",
    );
    assert_invalid(
        &check(&path),
        &path,
        2,
        5,
        "YAML merge keys (<<) are not allowed in drafts",
    );
}

#[test]
fn ten_thousand_levels_of_nesting() {
    let drafts = Drafts::new();
    let deep = "nested too deeply (at most 8 levels of sub-provisions)";
    // Flow: lists, and provisions of provisions (the shape a draft allows).
    let path = drafts.write(
        "flow-lists.yaml",
        format!(
            "provisions: {}a{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    let run = check(&path);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{}:1:", path.display())));
    let path = drafts.write(
        "flow-provisions.yaml",
        format!(
            "provisions: {}{{text: x}}{}\n",
            "[{text: x, provisions: ".repeat(10_000),
            "]}".repeat(10_000)
        ),
    );
    let run = check(&path);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{}:1:", path.display())));
    assert!(run.stderr.contains(deep), "{}", run.stderr);
    // Block: a compact sequence of sequences, 10,000 deep on one line...
    let path = drafts.write(
        "block-compact.yaml",
        format!("provisions:\n  {}x\n", "- ".repeat(10_000)),
    );
    assert_invalid(&check(&path), &path, 2, 5, "invalid type: sequence");
    // ...and provisions of provisions, indented (2,000 levels: 10,000 would be 100 MB of
    // indentation, over the size limit).
    let mut block = String::from("provisions:\n");
    for level in 0..2_000 {
        let indent = "  ".repeat(2 * level + 1);
        block.push_str(&format!("{indent}- text: x\n{indent}  provisions:\n"));
    }
    block.push_str(&format!("{}- x\n", "  ".repeat(4_001)));
    let path = drafts.write("block-provisions.yaml", block);
    let run = check(&path);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(deep), "{}", run.stderr);
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let drafts = Drafts::new();
    let path = drafts.dir.join("huge.yaml");
    // Sparse: costs no disk space, and the loader must refuse it before reading.
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(MAX_FILE_BYTES + 1).expect("set_len");
    assert_unreadable(
        &check(&path),
        &path,
        &format!(
            "file is {} bytes, over the limit of {MAX_FILE_BYTES} bytes",
            MAX_FILE_BYTES + 1
        ),
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_read() {
    let drafts = Drafts::new();
    let path = drafts.dir.join("fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // Opening a FIFO for reading blocks until a writer comes: the loader must not open it.
    assert_unreadable(&check(&path), &path, "not a regular file");
    let good = drafts.write("good.yaml", "provisions: [a]\n");
    let run = draftdiff(
        &["diff".as_ref(), good.as_os_str(), path.as_os_str()],
        QUICK,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_and_a_folder() {
    let drafts = Drafts::new();
    let (a, b) = (drafts.dir.join("a.yaml"), drafts.dir.join("b.yaml"));
    std::os::unix::fs::symlink(&b, &a).expect("symlink");
    std::os::unix::fs::symlink(&a, &b).expect("symlink");
    assert_unreadable(&check(&a), &a, "Too many levels of symbolic links");
    let folder = drafts.dir.join("folder.yaml");
    std::fs::create_dir(&folder).expect("dir");
    // `check` takes a folder for the drafts in it (none here); `diff` needs a file.
    assert_unreadable(&check(&folder), &folder, "no drafts here");
    let good = drafts.write("good.yaml", "provisions: [a]\n");
    let run = draftdiff(
        &["diff".as_ref(), good.as_os_str(), folder.as_os_str()],
        QUICK,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    let missing = drafts.dir.join("missing.yaml");
    assert_unreadable(&check(&missing), &missing, "no such file");
}

#[test]
fn diff_exits_2_on_an_invalid_draft() {
    let drafts = Drafts::new();
    let good = drafts.write("good.yaml", "provisions: [a]\n");
    let bad = drafts.write("bad.yaml", "provisions: {a: b}\n");
    let run = draftdiff(&["diff".as_ref(), good.as_os_str(), bad.as_os_str()], QUICK);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run
        .stderr
        .contains(&format!("{}:1:13: expected a list", bad.display())));
}

// ---------------------------------------------------------------------------------------
// Output injection.

/// Draft texts that try to take over a terminal or a Markdown viewer. YAML double-quoted
/// escapes put the raw characters into the loaded text.
const HOSTILE: &[&str] = &[
    r"Clear \e[2J the screen \e[31mred\e[0m",
    r"A \e]8;;http://x\a hyperlink \e]8;;\a and a title \e]0;owned\a",
    r"Pay the \u202Eright\u202C party \u2066isolated\u2069 \u200F",
    r"Bell \a backspace \b carriage \r return, NUL \0 and DEL \x7F, C1 \x9B31m",
    "[x](javascript:alert(1)) and ![](http://tracker/pixel.png)",
    "<img src=x onerror=alert(1)> then <script>alert(1)</script>",
    "`code` and ``double`` | pipes | in | cells",
    "www.example.com and https://example.com/a_b_c autolinks",
    "<https://autolink.example> and <mailto:a@example.com>",
];

fn hostile_drafts(drafts: &Drafts) -> (PathBuf, PathBuf) {
    let provision = |i: usize, text: &str, extra: &str| {
        let quoted = text.replace('"', "\\\"");
        format!(
            "  - id: \"{i}\"\n    title: \"{quoted}\"\n    tags: [\"{quoted}\"]\n    text: \"{quoted}{extra}\"\n"
        )
    };
    let mut old = String::from("provisions:\n");
    let mut new = String::from("provisions:\n");
    for (i, text) in HOSTILE.iter().enumerate() {
        // Every text appears changed, removed and added, so each renderer path sees it.
        old.push_str(&provision(i + 1, text, " (old wording)"));
        new.push_str(&provision(i + 1, text, " (new wording)"));
        old.push_str(&provision(100 + i, &format!("{text} removed"), ""));
        new.push_str(&provision(200 + i, &format!("{text} added"), ""));
    }
    (drafts.write("old.yaml", old), drafts.write("new.yaml", new))
}

fn diff_output(old: &Path, new: &Path, extra: &[&str]) -> String {
    let mut args = vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = draftdiff(&args, QUICK);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stdout
}

#[test]
fn terminal_output_carries_no_control_characters() {
    let drafts = Drafts::new();
    let (old, new) = hostile_drafts(&drafts);
    let plain = diff_output(&old, &new, &["--color", "never"]);
    for c in plain.chars() {
        assert!(
            !c.is_control() || c == '\n',
            "raw {c:?} in terminal output:\n{plain}"
        );
        assert!(
            !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
            "raw bidi {c:?}"
        );
    }
    assert!(plain.contains(r"\u{1b}[2J"), "escapes are shown, visibly");
    // With colour, the only escape sequences are the renderer's own SGR codes.
    let coloured = diff_output(&old, &new, &["--color", "always"]);
    let mut rest = coloured.clone();
    for code in [
        "\x1b[31;9m",
        "\x1b[32;4m",
        "\x1b[33m",
        "\x1b[1m",
        "\x1b[2m",
        "\x1b[0m",
    ] {
        rest = rest.replace(code, "");
    }
    assert!(
        !rest.chars().any(|c| c.is_control() && c != '\n'),
        "{coloured:?}"
    );
}

/// The line with its code spans (CommonMark: a run of n unescaped backticks up to the next
/// run of exactly n) taken out. An unmatched run is literal text and stays.
fn outside_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|&&c| c == '`').count();
    let escaped = |i: usize| chars[..i].iter().rev().take_while(|&&b| b == '\\').count() % 2 == 1;
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' && !escaped(i) {
            let n = run_at(i);
            let mut j = i + n;
            while j < chars.len() && !(chars[j] == '`' && run_at(j) == n) {
                j += if chars[j] == '`' { run_at(j) } else { 1 };
            }
            if j < chars.len() {
                i = j + n;
                continue;
            }
            out.extend(&chars[i..i + n]);
            i += n;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[test]
fn markdown_output_has_no_live_link_image_or_html() {
    let drafts = Drafts::new();
    let (old, new) = hostile_drafts(&drafts);
    let markdown = diff_output(&old, &new, &["--format", "markdown"]);
    for line in markdown.lines() {
        assert!(
            !line.chars().any(char::is_control),
            "raw control character: {line:?}"
        );
        let bidi = line.chars().any(draftdiff::text::is_bidi_control);
        assert!(!bidi, "raw bidi control: {line:?}");
        if line.starts_with("Tags: ") {
            // Code spans: nothing inside is markup. A backtick inside would end one early.
            let inner = line.trim_start_matches("Tags: ");
            for span in inner.split(", ") {
                assert!(span.starts_with('`') && span.ends_with('`'), "{line}");
                assert!(!span[1..span.len() - 1].contains('`'), "{line}");
            }
            continue;
        }
        // Tags are also code spans in the key changes; nothing inside one is markup.
        let line = &outside_code_spans(line);
        let own_tags_removed = ["<del>", "</del>", "<ins>", "</ins>"]
            .iter()
            .fold(line.to_string(), |s, tag| s.replace(tag, ""));
        assert!(!own_tags_removed.contains('<'), "raw `<`: {line}");
        assert!(
            !line.contains("://"),
            "a bare URL would be autolinked: {line}"
        );
        assert!(
            !line.contains("www."),
            "a bare www. would be autolinked: {line}"
        );
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if matches!(c, '[' | ']' | '!' | '|') {
                let backslashes = chars[..i].iter().rev().take_while(|&&b| b == '\\').count();
                let table_border = c == '|' && (line.starts_with("| ") || line.starts_with("|-"));
                assert!(
                    backslashes % 2 == 1 || table_border,
                    "unescaped {c:?} at {i}: {line}"
                );
            }
        }
    }
    assert!(markdown.contains(r"&lt;script&gt;"));
    assert!(markdown.contains(r"\[x\](javascript:alert(1))"));
}

#[test]
fn json_output_escapes_control_characters_and_keeps_the_text() {
    let drafts = Drafts::new();
    let (old, new) = hostile_drafts(&drafts);
    let json = diff_output(&old, &new, &["--format", "json"]);
    let raw = |c: char| (c.is_control() && c != '\n') || draftdiff::text::is_bidi_control(c);
    assert!(
        !json.chars().any(raw),
        "raw control or bidi character in JSON"
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let texts: Vec<&str> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["new"].as_array().unwrap())
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    // The machine contract keeps the text exactly; escaping is the reader's business.
    assert!(texts.iter().any(|t| t.contains("\x1b[2J")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("<script>")), "{texts:?}");
}

#[test]
fn error_messages_carry_no_control_characters() {
    let drafts = Drafts::new();
    for (name, yaml) in [
        ("key", "\"\\e[2J\\e]0;owned\\a\": x\nprovisions: [a]\n"),
        (
            "duplicate",
            "provisions:\n  - {id: \"\\e[2J\", text: a}\n  - {id: \"\\e[2J\", text: b}\n",
        ),
        ("date", "date: \"\\e[2J\"\nprovisions: [a]\n"),
        ("version", "version: \"\\e[31m\"\nprovisions: [a]\n"),
        (
            "nested",
            "provisions:\n  - {\"\\e[2J\": 1, \"\\e[2J\": 2}\n",
        ),
    ] {
        let path = drafts.write(&format!("{name}.yaml"), yaml);
        let run = check(&path);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            !run.stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{name}: raw control character in {:?}",
            run.stderr
        );
    }
}

#[test]
fn code_spans_are_recognised_as_commonmark_does() {
    assert_eq!(outside_code_spans("a `b` c"), "a  c");
    assert_eq!(outside_code_spans("(``, `<x>`)"), "(``, )");
    assert_eq!(outside_code_spans(r"\`a` `b`"), r"\`ab`");
    assert_eq!(outside_code_spans("``a`b``!"), "!");
}

#[test]
fn a_refused_argument_is_quoted_without_its_control_characters() {
    // CLICOLOR_FORCE makes clap write as it would to a terminal, where it passes escape
    // sequences through; a C1 control and a bidi override survive even without it.
    let value = "json\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{202e}lmth";
    for force in ["0", "1"] {
        let output = Command::new(env!("CARGO_BIN_EXE_draftdiff"))
            .args(["diff", "--format", value, "a.yaml", "b.yaml"])
            .env("CLICOLOR_FORCE", force)
            .timeout(Duration::from_secs(20))
            .output()
            .expect("draftdiff runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("invalid value"), "{stderr}");
        assert!(
            !stderr
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "CLICOLOR_FORCE={force}: raw control or bidi character in {stderr:?}"
        );
        assert!(stderr.contains("\\u{202e}lmth"), "{stderr}");
    }
}
