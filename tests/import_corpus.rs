//! The import corpus (`tests/import-corpus/`): real documents whose outlines were written by
//! hand before the importer ran on them. Every document is imported and scored against its
//! outline, beside a simple baseline; the table is printed (`-- --nocapture`). What is
//! asserted: every import is a valid draft that keeps every word of its input, and every
//! document in `exact.txt` comes out exactly as its outline says (the list only grows: a
//! document that matched must keep matching).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use draftdiff::import::{self, ImportedProvision, Metadata};

#[path = "support/words.rs"]
mod support_words;
use support_words::{words, NUMBERING_WORDS};

const HELD_OUT: [&str; 5] = [
    "crc",
    "rfia-s4356-title-viii",
    "un-ga-res-80-51",
    "osl-technical-charter",
    "nasa-osa-1.3-docx",
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import-corpus")
}

/// One provision line of an outline: its depth, full id path and title.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    depth: usize,
    path: String,
    title: Option<String>,
}

struct Expected {
    full: bool,
    entries: Vec<Entry>,
}

fn expected(dir: &Path) -> Expected {
    let text = std::fs::read_to_string(dir.join("outline.txt")).expect("outline.txt");
    let mut lines = text.lines();
    let full = match lines.next() {
        Some("# full") => true,
        Some("# top-level") => false,
        other => panic!("{}: bad outline header {other:?}", dir.display()),
    };
    let mut stack: Vec<String> = Vec::new();
    let mut entries = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let depth = (line.len() - line.trim_start().len()) / 2;
        let (id, title) = match line.trim().split_once(" | ") {
            Some((id, title)) => (id.trim(), Some(title.trim().to_string())),
            None => (line.trim(), None),
        };
        stack.truncate(depth);
        // A decimal's local id is its full number (`2.1` under `2`); others join their
        // parent's (`a` under `2.1` is `2.1.a`), as drafts name them.
        let full = match stack.last() {
            Some(parent) if !id.starts_with(&format!("{parent}.")) => format!("{parent}.{id}"),
            _ => id.to_string(),
        };
        stack.push(full.clone());
        entries.push(Entry {
            depth,
            path: full,
            title,
        });
    }
    Expected { full, entries }
}

/// The input's text as the importer reads it (a Word file converted), or why not.
fn input_text(dir: &Path) -> Result<(String, String), String> {
    for name in ["input.txt", "input.md", "input.docx", "input.pdf"] {
        let path = dir.join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        return match name {
            "input.docx" => import::docx::to_text(&bytes).map(|c| (name.to_string(), c.text)),
            "input.pdf" => import::pdf::to_text(&bytes).map(|c| (name.to_string(), c.text)),
            _ => String::from_utf8(bytes)
                .map(|t| (name.to_string(), t))
                .map_err(|_| "not UTF-8".to_string()),
        };
    }
    Err("no input file".into())
}

fn imported_entries(list: &[ImportedProvision], depth: usize, prefix: &str, out: &mut Vec<Entry>) {
    for p in list {
        let path = if prefix.is_empty() {
            p.id.clone()
        } else {
            format!("{prefix}.{}", p.id)
        };
        out.push(Entry {
            depth,
            path: path.clone(),
            title: p.title.clone(),
        });
        imported_entries(&p.provisions, depth + 1, &path, out);
    }
}

/// F1 of two lists of keys, as multisets.
fn f1(expected: &[String], got: &[String]) -> f64 {
    if expected.is_empty() && got.is_empty() {
        return 1.0;
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for k in expected {
        *counts.entry(k).or_default() += 1;
    }
    let mut hits = 0;
    for k in got {
        if let Some(c) = counts.get_mut(k.as_str()).filter(|c| **c > 0) {
            *c -= 1;
            hits += 1;
        }
    }
    2.0 * hits as f64 / (expected.len() + got.len()) as f64
}

struct Score {
    exact: bool,
    ids: f64,
    titles: f64,
    /// The first differing lines, for the report.
    first_miss: Option<String>,
}

fn score(expected: &Expected, got: &[Entry]) -> Score {
    // The preamble carries the document's own `# Title` as its title where there is one;
    // the outlines give the preamble none. Its title is not scored.
    let untitled = |e: &Entry| Entry {
        title: if e.path == "preamble" {
            None
        } else {
            e.title.clone()
        },
        ..e.clone()
    };
    let keep = |e: &Entry| expected.full || e.depth == 0;
    let want: Vec<Entry> = expected
        .entries
        .iter()
        .filter(|e| keep(e))
        .map(untitled)
        .collect();
    let have: Vec<Entry> = got.iter().filter(|e| keep(e)).map(untitled).collect();
    let want: Vec<&Entry> = want.iter().collect();
    let have: Vec<&Entry> = have.iter().collect();
    let paths = |list: &[&Entry]| list.iter().map(|e| e.path.clone()).collect::<Vec<_>>();
    let titled = |list: &[&Entry]| {
        list.iter()
            .map(|e| format!("{} | {}", e.path, e.title.as_deref().unwrap_or("")))
            .collect::<Vec<_>>()
    };
    let first_miss = want
        .iter()
        .zip(&have)
        .find(|(w, h)| w.path != h.path || w.title != h.title)
        .map(|(w, h)| {
            format!(
                "expected `{} | {}`, got `{} | {}`",
                w.path,
                w.title.as_deref().unwrap_or(""),
                h.path,
                h.title.as_deref().unwrap_or("")
            )
        })
        .or_else(|| {
            (want.len() != have.len()).then(|| {
                format!(
                    "{} provisions expected, {} imported",
                    want.len(),
                    have.len()
                )
            })
        });
    Score {
        exact: first_miss.is_none(),
        ids: f1(&paths(&want), &paths(&have)),
        titles: f1(&titled(&want), &titled(&have)),
        first_miss,
    }
}

/// A word of the input (counted with its repeats) that the draft has lost: not in any
/// provision's id, title or text, nor in the draft's title. Numbering keywords become ids
/// and `o` bullets are markup.
fn first_dropped_word(input: &str, draft: &import::ImportedDraft) -> Option<String> {
    // Numbering keywords, `o` bullets, and `&nbsp;` (a space).
    let markup = |w: &str| NUMBERING_WORDS.contains(&w) || ["title", "o", "nbsp"].contains(&w);
    // Ids count in full (`4.1.1` holds the words of the marker `4.1.1.`).
    fn collect(list: &[ImportedProvision], prefix: &str, out: &mut HashMap<String, i64>) {
        for p in list {
            let full = format!("{prefix}.{}", p.id);
            for w in words(&full)
                .into_iter()
                .chain(p.title.iter().flat_map(|t| words(t)))
                .chain(words(&p.text))
            {
                *out.entry(w).or_default() += 1;
            }
            collect(&p.provisions, &full, out);
        }
    }
    let mut have = HashMap::new();
    collect(&draft.provisions, "", &mut have);
    for w in draft.meta.title.iter().flat_map(|t| words(t)) {
        *have.entry(w).or_default() += 1;
    }
    for w in words(input) {
        if markup(w.as_str()) {
            continue;
        }
        let left = have.entry(w.clone()).or_default();
        *left -= 1;
        if *left < 0 {
            return Some(w);
        }
    }
    None
}

/// The simplest method that could work: a line that starts (after `#`s and spaces) with a
/// number, a single letter or a Roman numeral, or a keyword and one, followed by `.`, `)`
/// or `:` or enclosed in `( )`, opens a provision; provisions nest by indentation; text
/// before the first is a preamble; no titles.
fn baseline(text: &str) -> Vec<Entry> {
    const KEYWORDS: [&str; 8] = [
        "article", "section", "sec.", "chapter", "part", "title", "§", "point",
    ];
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let mut rest = line.trim_start().trim_start_matches('#').trim_start();
        let lower = rest.to_lowercase();
        if let Some(k) = KEYWORDS.iter().find(|k| lower.starts_with(*k)) {
            rest = rest[k.len()..].trim_start();
        }
        let token = rest.split_whitespace().next().unwrap_or("");
        let label = if let Some(inner) = token.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            inner
        } else {
            token.trim_end_matches(['.', ')', ':'])
        };
        let delimited = token.len() > label.len();
        let numberish = !label.is_empty()
            && (label.chars().all(|c| c.is_ascii_digit() || c == '.')
                || (label.len() == 1 && label.chars().all(|c| c.is_ascii_alphabetic()))
                || label.chars().all(|c| "ivxlcIVXLC".contains(c)));
        if !(delimited && numberish) {
            if out.is_empty() && !line.trim().is_empty() {
                out.push(Entry {
                    depth: 0,
                    path: "preamble".into(),
                    title: None,
                });
            }
            continue;
        }
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let label = label.trim_end_matches('.');
        let full = match stack.last() {
            Some((_, parent)) if !label.starts_with(&format!("{parent}.")) => {
                format!("{parent}.{label}")
            }
            _ => label.to_string(),
        };
        stack.push((indent, full.clone()));
        out.push(Entry {
            depth: stack.len() - 1,
            path: full,
            title: None,
        });
    }
    out
}

#[test]
fn every_document_of_the_corpus_against_its_outline() {
    let mut names: Vec<String> = std::fs::read_dir(corpus())
        .expect("tests/import-corpus")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 15,
        "the corpus needs 15 documents: {names:?}"
    );
    let exact_list = std::fs::read_to_string(corpus().join("exact.txt")).unwrap_or_default();
    let must_match: Vec<&str> = exact_list.lines().filter(|l| !l.is_empty()).collect();
    let mut failures = Vec::new();
    let mut rows = Vec::new();
    for name in &names {
        let dir = corpus().join(name);
        let expected = expected(&dir);
        let held = if HELD_OUT.contains(&name.as_str()) {
            "held out"
        } else {
            "tuning"
        };
        let (file, text) = match input_text(&dir) {
            Ok(found) => found,
            Err(why) => {
                rows.push((
                    held,
                    format!("| {name} | {held} | — | 0.000 | 0.000 | — | {why} |"),
                ));
                if must_match.contains(&name.as_str()) {
                    failures.push(format!("{name}: {why}"));
                }
                continue;
            }
        };
        let result = import::import(
            &text,
            Metadata {
                document: "d".into(),
                version: "v".into(),
                ..Metadata::default()
            },
        );
        let mut got = Vec::new();
        imported_entries(&result.draft.provisions, 0, "", &mut got);
        let yaml = import::yaml::to_yaml(&result.draft);
        if let Err(e) = draftdiff::load::load_bytes(yaml.as_bytes(), name, &Default::default()) {
            failures.push(format!("{name}: the imported draft does not load: {e}"));
        }
        if let Some(word) = first_dropped_word(&text, &result.draft) {
            failures.push(format!(
                "{name}: the word {word:?} of the input is in no provision"
            ));
        }
        let ours = score(&expected, &got);
        let base = score(&expected, &baseline(&text));
        if must_match.contains(&name.as_str()) && !ours.exact {
            failures.push(format!(
                "{name} no longer matches its outline: {}",
                ours.first_miss.clone().unwrap_or_default()
            ));
        }
        rows.push((
            held,
            format!(
                "| {name} ({file}) | {held} | {} | {:.3} | {:.3} | {:.3} | {} |",
                if ours.exact { "yes" } else { "no" },
                ours.ids,
                ours.titles,
                base.ids,
                ours.first_miss.unwrap_or_default().replace('|', "\\|")
            ),
        ));
    }
    println!(
        "| document | set | exact | ids F1 | titles F1 | baseline ids F1 | first difference |"
    );
    println!("|---|---|---|---:|---:|---:|---|");
    for set in ["tuning", "held out"] {
        for (held, row) in &rows {
            if *held == set {
                println!("{row}");
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
