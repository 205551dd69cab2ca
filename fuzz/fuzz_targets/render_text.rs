//! Arbitrary text in a minimal pair of drafts, through every renderer, with the output
//! invariants that keep a hostile draft from reaching a terminal or a Markdown viewer raw:
//!
//! - terminal, colour off: no ESC at all, no control character but `\n` and `\t` (the
//!   two that `terminal_safe` lets through; a loaded draft has neither, since load
//!   collapses whitespace), and no bidi control;
//! - terminal, colour on: the same once the renderer's own SGR codes are taken out;
//! - Markdown: outside code spans (where tags are written), no `<` but the renderer's own
//!   `<del>`/`<ins>` tags and no `[`, `]` or `!` without an escaping backslash; nowhere a
//!   raw control character but `\n` or a bidi control;
//! - JSON: parses, holds the texts unchanged, and has no raw control or bidi character
//!   but the newlines of its pretty-printing.
#![no_main]

use draftdiff::model::{Draft, Provision};
use draftdiff::report::{json, markdown, terminal, Report};
use draftdiff::text::is_bidi_control;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    document: String,
    old_text: String,
    new_text: String,
    old_title: Option<String>,
    new_title: Option<String>,
    id: String,
    tags: Vec<String>,
    /// Also keep an unrelated provision, so that the report has several changes.
    second: bool,
}

fn provision(id: &str, title: Option<String>, text: &str, tags: &[String]) -> Provision {
    Provision {
        id: id.to_string(),
        id_explicit: true,
        title,
        text: text.to_string(),
        tags: tags.to_vec(),
        depth: 0,
        line: 1,
    }
}

fn draft(document: &str, version: &str, provisions: Vec<Provision>) -> Draft {
    Draft {
        document: document.to_string(),
        version: version.to_string(),
        date: None,
        title: None,
        source: None,
        status: None,
        provisions,
        origin: format!("{version}.yaml"),
    }
}

const SGR: [&str; 5] = ["\x1b[31;9m", "\x1b[32;4m", "\x1b[1m", "\x1b[2m", "\x1b[0m"];

fn check_terminal(out: &str, colour: bool) {
    let mut plain = out.to_string();
    if colour {
        for code in SGR {
            plain = plain.replace(code, "");
        }
    }
    for c in plain.chars() {
        assert!(
            (!c.is_control() || c == '\n' || c == '\t') && !is_bidi_control(c),
            "raw control character {c:?} in terminal output (colour {colour}): {out:?}"
        );
    }
}

/// The line with its code spans (CommonMark: a run of n unescaped backticks up to the next
/// run of exactly n) taken out: inside one, nothing is markup. Tags are written as code
/// spans, in the `Tags:` lines and in the key changes.
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
            let mut close = None;
            while j < chars.len() {
                if chars[j] == '`' {
                    let m = run_at(j);
                    if m == n {
                        close = Some(j);
                        break;
                    }
                    j += m;
                } else {
                    j += 1;
                }
            }
            match close {
                Some(j) => i = j + n,
                None => {
                    // An unmatched run is literal text (an empty tag gives "``"): inert.
                    i += n;
                }
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn check_markdown(out: &str) {
    for line in out.lines() {
        for c in line.chars() {
            assert!(
                !c.is_control() && !is_bidi_control(c),
                "raw control character {c:?} in Markdown: {line:?}"
            );
        }
        let outside = outside_code_spans(line);
        let plain = ["<del>", "</del>", "<ins>", "</ins>"]
            .iter()
            .fold(outside.clone(), |s, tag| s.replace(tag, ""));
        assert!(!plain.contains('<'), "raw `<` in Markdown: {line:?}");
        let chars: Vec<char> = outside.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if matches!(c, '[' | ']' | '!') {
                let backslashes = chars[..i].iter().rev().take_while(|&&b| b == '\\').count();
                assert!(
                    backslashes % 2 == 1,
                    "unescaped {c:?} in Markdown: {line:?}"
                );
            }
        }
    }
}

fuzz_target!(|input: Input| {
    let mut old = vec![provision(
        &input.id,
        input.old_title,
        &input.old_text,
        &input.tags,
    )];
    let mut new = vec![provision(
        &input.id,
        input.new_title,
        &input.new_text,
        &input.tags,
    )];
    if input.second {
        let text = "The parties shall meet within one hundred days.";
        old.push(provision("99", None, text, &[]));
        new.insert(0, provision("99", None, text, &[]));
    }
    let old = draft(&input.document, "old", old);
    let new = draft(&input.document, "new", new);
    let report = Report::compare(&old, &new);

    for colour in [false, true] {
        check_terminal(&terminal::render(&report, colour), colour);
    }
    check_markdown(&markdown::render(&report));
    let rendered = json::render(&report);
    let raw = |c: char| (c.is_control() && c != '\n') || is_bidi_control(c);
    assert!(
        !rendered.chars().any(raw),
        "raw control or bidi character in JSON"
    );
    let value: serde_json::Value = match serde_json::from_str(&rendered) {
        Ok(v) => v,
        Err(e) => panic!("JSON report does not parse: {e}"),
    };
    let texts: Vec<&str> = value["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["new"].as_array().into_iter().flatten())
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert!(
        texts.contains(&input.new_text.as_str()),
        "new text survives JSON unchanged"
    );
});
