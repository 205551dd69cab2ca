//! The loader's fast reader against serde-saphyr, the reference: wherever the fast reader
//! answers, it must give exactly the draft serde-saphyr's reading gives (line numbers
//! included), and `load_bytes` must give what the two together give. It may decline
//! anything; the tables below pin down which shapes it takes, so that a change that makes
//! it decline the common shapes (and the loader slow) shows too.

use std::path::{Path, PathBuf};

use draftdiff::load::{load_bytes, load_bytes_fast, load_bytes_reference, PathDefaults};
use draftdiff::synth::{generate, Rng, SynthOptions};

fn defaults() -> PathDefaults {
    PathDefaults {
        document: Some("doc".into()),
        version: Some("v0".into()),
    }
}

/// True when the fast reader takes the draft; then both readers must agree exactly.
fn agree(text: &str) -> bool {
    let bytes = text.as_bytes();
    let fast = load_bytes_fast(bytes, "t.yaml", &defaults());
    let reference = load_bytes_reference(bytes, "t.yaml", &defaults());
    let loaded = load_bytes(bytes, "t.yaml", &defaults());
    match fast {
        Some(draft) => {
            assert_eq!(
                reference.as_ref(),
                Ok(&draft),
                "readers disagree on:\n{text}"
            );
            assert_eq!(loaded, Ok(draft));
            true
        }
        None => {
            assert_eq!(
                loaded, reference,
                "load_bytes is not the reference on:\n{text}"
            );
            false
        }
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn agrees_on_the_samples_and_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "drafts",
        "tests/alignment",
        "tests/fixtures",
        "tests/import",
    ] {
        yaml_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 50, "only {} drafts found", files.len());
    let mut declined = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if !agree(&text) {
            declined.push(file.strip_prefix(root).unwrap().display().to_string());
        }
    }
    eprintln!(
        "declined {} of {} drafts: {declined:?}",
        declined.len(),
        files.len()
    );
    // The sample drafts and the fixtures are written in the plain shape: if the fast
    // reader stops taking them, it stops taking real drafts too.
    assert!(
        declined.len() * 10 <= files.len(),
        "the fast reader declined {} of {} drafts: {declined:#?}",
        declined.len(),
        files.len()
    );
    for sample in [
        "drafts/peace-plan/2025-11-20-leaked.yaml",
        "drafts/peace-plan/2025-11-23-post-geneva.yaml",
    ] {
        assert!(!declined.iter().any(|d| d == sample), "{sample} declined");
    }
}

#[test]
fn agrees_on_synthetic_drafts() {
    for seed in 1..5 {
        let pair = generate(&SynthOptions::new(300, seed));
        assert!(agree(&pair.old_yaml), "seed {seed}: old declined");
        assert!(agree(&pair.new_yaml), "seed {seed}: new declined");
    }
}

#[test]
fn shapes_taken_and_declined() {
    let head = "document: d\nversion: v1\n";
    for (body, taken) in [
        ("provisions:\n  - id: 6\n    text: Plain, with comma\n", true),
        ("provisions:\n- id: 6.10\n  text: '1e3 it''s'\n", true),
        ("provisions:\n  - text: >-\n      folded\n      text\n\n      para\n", true),
        ("provisions:\n  - text: |\n      a\n        deeper\n      b\n\n", true),
        ("provisions:\n  - \"bare # not a comment\"\n  - plain bare # comment\n", true),
        ("title: ~\nstatus: null\nprovisions:\n  - text: \"x\" # c\n", true),
        ("title: Null\nsource: NULL\nprovisions:\n  - text: x\n    title: ~\n", true),
        ("provisions: # c\n  # c\n  - id: a\n    tags: [a, \"b c\", 007]\n    text: x\n    provisions:\n    - id: b\n      text: y\n", true),
        ("provisions:\r\n  - id: \"1\"\r\n    text: |-\r\n      a\r\n      b\r\n", true),
        ("date: 2025-11-20\nsource: yes\nprovisions:\n  - text: 0x1F\n", true),
        ("provisions:\n  - text: déjà vu — “quoted” \u{e2}\u{2014}\n", true),
        ("provisions:\n  - \"6\"\n  - six\n", true),
        ("provisions:\n  - text: a [b] {c}, d:e x#y 50% back\\slash\n", true),
        ("provisions:\n  - text: +.inf\n  - text: 1e999\n", true),
        ("provisions:\n  - id: 1_000\n    text: 0o17\n  - id: +1\n    text: 1.0e+3\n  - id: .5\n    text: ~x\n", true),
        ("provisions:\n  - yes sir\n  - No.\n  - e1\n  - Article 6\n", true),
        ("provisions:\n  - id: \"6\"\n    text: a\n    provisions:\n      - id: \"6.1\"\n        text: b\n", true),
        ("provisions:\n  - text: a\n    tags: [\"\", x]\n", true),
        ("provisions:\n  - text: a\n    title: \"\"\n", true),
        ("provisions:\n  - text: >+\n      kept\n\n\n", true),
        ("provisions:\n  - text: |\n      a\n      # not a comment\n", true),
        ("provisions:\n  - text: \u{a0}padded\u{3000}\n", true),
        ("provisions:\n  - text: \"say \\\"no\\\" \\\\ a\\nb\\tc\"\n", true),
        ("provisions:\n  - id: \"\\\"1\\\"\"\n    text: x\n", true),
        ("provisions:\n  - >-\n      folded\n      bare\n  - |\n    literal\n", true),
        ("provisions:\n- |-\n a\n- >\n  b\n", true),
        // Anything the fast reader does not fully understand goes to serde-saphyr.
        ("provisions:\n  - id: &a 1\n    text: x\n", false),
        ("provisions:\n  - id: \"1\"\n    text: *a\n", false),
        ("base: &b {text: t}\nprovisions:\n  - <<: *b\n", false),
        ("provisions:\n  - text: !!str x\n", false),
        ("provisions:\n  - text: \"a\\x41b\"\n", false),
        ("provisions:\n  - text: \"a\\u0041\\e\"\n", false),
        ("provisions:\n  - text: \"a\\\n      b\"\n", false),
        ("provisions:\n  - text: a\n    tags: [\"a\\\"b\"]\n", false),
        ("provisions:\n  - |\n  - a\n", false),
        ("provisions:\n  - text: plain\n      continued\n", false),
        ("provisions:\n  - text: 'quoted\n      continued'\n", false),
        ("provisions:\n  - text: a\tb\n", false),
        ("provisions:\n\t- text: a\n", false),
        ("provisions:\n  - text: a\u{85}b\n", false),
        ("provisions:\n  - text: a\u{2028}b\n", false),
        ("provisions:\n  - text: a\u{feff}b\n", false),
        ("provisions:\n  - text: a\u{fffe}b\n", false),
        ("provisions:\n  - text: a\u{ffff}b\n", false),
        ("provisions:\n  - text: a\rb\n", false),
        ("provisions:\n  - text: a\u{1b}[31mb\n", false),
        ("provisions:\n  - text: a\u{0}b\n", false),
        ("provisions:\n  - txt: a\n", false),
        ("provisions:\n  - text: a\n    text: b\n", false),
        ("provisions:\n  - {text: a}\n", false),
        ("provisions:\n  - text: a\n    tags:\n      - x\n", false),
        ("provisions:\n  - text: a: b\n", false),
        ("provisions:\n  - text: true\n", false),
        ("provisions:\n  - text: |2\n      a\n", false),
        ("provisions:\n  - text: |\n  a\n", false),
        ("provisions:\n  - id: null\n    text: a\n", false),
        ("provisions:\n  - \"a\"\n  - ~\n", false),
        ("provisions:\n  - ? text\n    : a\n", false),
        ("provisions:\n  - \"text\": a\n", false),
        ("provisions:\n  - text: a\n    tags: [a, , b]\n", false),
        ("provisions:\n  - text: a\n    tags: [a, [b]]\n", false),
        ("provisions: []\n", false),
        ("provisions:\n  - a\n...\n", false),
        // Bare items are read as any value: numbers and booleans are refused, with
        // serde-saphyr's message.
        ("provisions:\n  - 6\n", false),
        ("provisions:\n  - 1.50\n", false),
        ("provisions:\n  - 0x1F\n", false),
        ("provisions:\n  - yes\n", false),
        ("provisions:\n  - Off\n", false),
        ("provisions:\n  - .inf\n", false),
        // Drafts with a problem go to serde-saphyr even when the fast reader can read them.
        ("provisions:\n  - text: a\n  - text: \"\"\n", false),
        ("provisions:\n  - id: \"1\"\n    text: a\n  - id: \"1\"\n    text: b\n", false),
        ("date: 2025-02-30\nprovisions:\n  - a\n", false),
    ] {
        let text = format!("{head}{body}");
        assert_eq!(agree(&text), taken, "{text}");
    }
    for (text, taken) in [
        ("---\nprovisions:\n  - a\n", false),
        ("%YAML 1.2\n---\nprovisions:\n  - a\n", false),
        ("# c\nprovisions:\n  - a\n", true),
        // No document or version in the file: taken from the path, as serde-saphyr's is.
        ("provisions:\n  - a\n", true),
        ("document: \"\"\nprovisions:\n  - a\n", false),
        ("document: ~\nprovisions:\n  - a\n", false),
        (
            "document: d\n  # deeper comment\nprovisions:\n  - a\n",
            false,
        ),
    ] {
        assert_eq!(agree(text), taken, "{text}");
    }
}

/// Nesting: the fast reader takes what the format allows and declines anything deeper,
/// which the validator (or serde-saphyr's depth budget) refuses.
#[test]
fn nesting_at_and_past_the_limit() {
    let nested = |levels: usize| {
        let mut out = String::from("document: d\nversion: v\nprovisions:\n");
        for depth in 0..levels {
            let pad = "  ".repeat(2 * depth);
            out.push_str(&format!("{pad}  - text: level {depth}\n"));
            if depth + 1 < levels {
                out.push_str(&format!("{pad}    provisions:\n"));
            }
        }
        out
    };
    let limit = draftdiff::load::MAX_PROVISION_DEPTH + 1;
    assert!(agree(&nested(limit)));
    assert!(!agree(&nested(limit + 1)));
    assert!(!agree(&nested(limit + 5)));
}

/// A file of very short lines would make the fast reader's line table many times the size
/// of the file: it is left to serde-saphyr, which streams.
#[test]
fn very_short_lines_are_declined() {
    let short = |n: usize| {
        format!(
            "document: d\nversion: v\nprovisions:\n{}",
            "- a\n".repeat(n)
        )
    };
    assert!(agree(&short(500)));
    assert!(!agree(&short(20_000)));
}

/// Random drafts in every style the fast reader knows and a few it does not: wherever
/// it answers, it must answer as serde-saphyr does. `LOAD_FAST_SEED` and
/// `LOAD_FAST_ROUNDS` run other and more drafts than the default 2,000 from seed 7.
#[test]
fn agrees_on_random_drafts() {
    const WORDS: &[&str] = &[
        "the",
        "parties",
        "shall",
        "Article",
        "6",
        "600,000",
        "it's",
        "a:b",
        "x#y",
        "#tag",
        "“quoted”",
        "é",
        "—",
        "key:",
        "a: b",
        "-dash",
        "[br]",
        "{c}",
        "50%",
        "@at",
        "q\"",
        "back\\slash",
        "~",
        "null",
        "true",
        "yes",
        "1.50",
        "'s",
        "*star",
        "&amp",
        "!bang",
        "|pipe",
        ">gt",
        "\u{a0}",
        "\u{3000}",
        "x\u{2028}y",
        "\t",
        "---",
        "...",
        "? q",
    ];
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut rng = Rng::new(env("LOAD_FAST_SEED", 7));
    let rounds = env("LOAD_FAST_ROUNDS", 2000) as usize;
    let mut taken = 0;
    for _ in 0..rounds {
        let text = random_draft(&mut rng, WORDS);
        taken += usize::from(agree(&text));
    }
    eprintln!("taken {taken} of {rounds} random drafts");
    assert!(
        taken > rounds / 5,
        "only {taken} of {rounds} random drafts were taken"
    );
}

fn random_draft(rng: &mut Rng, words: &[&str]) -> String {
    // Some drafts from tame words only, so that many are taken and compared.
    let words = &words[..[12, 24, words.len()][rng.below(3)]];
    let mut out = String::new();
    if rng.below(3) == 0 {
        out.push_str("# a comment\n");
    }
    out.push_str(["document: d\n", "document: \"d\"\n", ""][rng.below(3)]);
    out.push_str(["version: v1\n", "version: 1.0\n", ""][rng.below(3)]);
    if rng.below(4) == 0 {
        out.push_str(["date: 2025-11-20\n", "date: 2025-02-29\n"][rng.below(2)]);
    }
    if rng.below(2) == 0 {
        out.push_str(&format!("title: {}\n", scalar(rng, words, 0)));
    }
    out.push_str(["provisions:\n", "provisions: # list\n"][rng.below(2)]);
    let indent = [0, 2, 4][rng.below(3)];
    let n = 1 + rng.below(4);
    provisions(rng, words, &mut out, indent, n, 0);
    if rng.below(8) == 0 {
        out.push_str(&format!("status: {}\n", scalar(rng, words, 0)));
    }
    if rng.below(8) == 0 {
        out = out.replace('\n', "\r\n");
    }
    out
}

fn provisions(
    rng: &mut Rng,
    words: &[&str],
    out: &mut String,
    indent: usize,
    n: usize,
    depth: usize,
) {
    let pad = " ".repeat(indent);
    for i in 0..n {
        if rng.below(6) == 0 {
            out.push_str(&format!("{}# note\n", " ".repeat(rng.below(indent + 4))));
        }
        if rng.below(8) == 0 {
            out.push('\n');
        }
        if rng.below(5) == 0 {
            out.push_str(&format!("{pad}- {}\n", scalar(rng, words, indent + 2)));
            continue;
        }
        let key_pad = " ".repeat(indent + 2);
        let mut first = true;
        let mut line = |out: &mut String, s: String| {
            if first {
                out.push_str(&format!("{pad}- {s}\n"));
                first = false;
            } else {
                out.push_str(&format!("{key_pad}{s}\n"));
            }
        };
        match rng.below(5) {
            0 => {}
            1 => line(out, format!("id: {}", i + 1)),
            2 => line(out, format!("id: \"{}.{}\"", depth, i + 1)),
            3 => line(
                out,
                format!("id: {}", ["1", "a b", "6.10", "x", "1"][rng.below(5)]),
            ),
            _ => line(out, format!("id: '{}'", i + 1)),
        }
        if rng.below(3) == 0 {
            line(out, format!("title: {}", scalar(rng, words, indent + 2)));
        }
        if rng.below(20) != 0 {
            line(out, format!("text: {}", scalar(rng, words, indent + 2)));
        }
        match rng.below(5) {
            0 => line(out, "tags: []".into()),
            1 => line(out, "tags: [peace, \"two words\", 7]".into()),
            2 => line(out, format!("tags: [{}]", words[rng.below(words.len())])),
            _ => {}
        }
        if depth < 2 && rng.below(4) == 0 {
            line(out, "provisions:".into());
            let child = indent + 2 + [0, 2][rng.below(2)];
            let n = 1 + rng.below(2);
            provisions(rng, words, out, child, n, depth + 1);
        }
    }
}

/// A scalar in a random style; blocks are indented deeper than `column`.
fn scalar(rng: &mut Rng, words: &[&str], column: usize) -> String {
    let n = 1 + rng.below(8);
    let text: Vec<&str> = (0..n).map(|_| words[rng.below(words.len())]).collect();
    let joined = text.join(" ");
    let comment = [" # c", "", "", "  ", ""][rng.below(5)];
    match rng.below(6) {
        0 => format!("\"{joined}\"{comment}"),
        1 => format!("'{}'{comment}", joined.replace('\'', "''")),
        2 | 3 => {
            let header = ["|", "|-", ">", ">-", "|+", ">+"][rng.below(6)];
            let pad = " ".repeat(column + 2 + rng.below(2));
            let mut block = format!("{header}{}", [" # c", ""][rng.below(2)]);
            for chunk in text.chunks(3) {
                match rng.below(6) {
                    // A blank line, with or without spaces, and a more-indented line.
                    0 => block.push_str(&format!("\n{}", " ".repeat(rng.below(column + 4)))),
                    1 => block.push_str("\n "),
                    _ => {}
                }
                block.push('\n');
                block.push_str(&pad);
                block.push_str(&chunk.join(" "));
            }
            block
        }
        _ => format!("{joined}{comment}"),
    }
}
