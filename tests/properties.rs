//! Properties of the comparison and its reports over generated drafts (proptest):
//!
//! - applying the JSON report's changes to the old draft rebuilds the new one exactly:
//!   every old provision is taken out by exactly one change, and the `new` sides of all
//!   changes, in the new draft's order, are its provisions (id, title, text);
//! - each change's redline rebuilds both sides: equal + delete segments give `old_text`,
//!   equal + insert segments give `new_text`, also for long texts that go through the
//!   sentence-level diff and its bounds;
//! - no text (control characters, right-to-left scripts, combining marks, emoji, CJK,
//!   empty) makes a renderer panic, and the terminal report never passes a control
//!   character but `\n` and `\t` through.
//!
//! Case counts are modest to keep `cargo test` quick; the fuzz targets go further.

use draftdiff::model::{Draft, Provision};
use draftdiff::report::{json, markdown, terminal, Report};
use proptest::prelude::*;
use serde_json::Value;

const WORDS: &[&str] = &[
    "the",
    "parties",
    "shall",
    "meet",
    "within",
    "100",
    "days",
    "ceasefire",
    "troops",
    "600,000",
    "800,000",
    "border",
    "guarantee",
    "security",
    "sanctions",
    "lifted",
    "elections",
    "held",
    "zone",
    "demilitarised",
    "and",
    "of",
    "not",
    "Ukraine",
    "Russia",
    "NATO",
    "Europe",
    "和平",
    "协议",
    "مجلس",
    "שלום",
    "café",
];

fn text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(WORDS), 1..14),
        prop::sample::select(&["", ".", ";", "!"][..]),
    )
        .prop_map(|(words, end)| format!("{}{end}", words.join(" ")))
}

fn title() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.3,
        prop::sample::select(&["Armed forces", "Sanctions", "Elections", "Security"][..])
            .prop_map(String::from),
    )
}

/// What happens to one old provision on its way into the new draft.
#[derive(Debug, Clone)]
enum Fate {
    Keep,
    Drop,
    /// Replace the word at this (wrapped) index with another.
    Reword(usize, &'static str),
    /// Cut the text in two at this (wrapped) word index.
    Split(usize),
    /// Join it with the next provision.
    MergeWithNext,
    /// Put a new provision after it.
    InsertAfter(String),
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![
        4 => Just(Fate::Keep),
        1 => Just(Fate::Drop),
        3 => (any::<usize>(), prop::sample::select(WORDS)).prop_map(|(i, w)| Fate::Reword(i, w)),
        1 => any::<usize>().prop_map(Fate::Split),
        1 => Just(Fate::MergeWithNext),
        1 => text().prop_map(Fate::InsertAfter),
    ]
}

fn provision(id: String, title: Option<String>, text: String, line: u64) -> Provision {
    Provision {
        id,
        id_explicit: true,
        title,
        text,
        tags: vec![],
        depth: 0,
        line,
    }
}

/// A provision on its way into a draft: the id it carries over (if any), title, text.
type Item = (Option<String>, Option<String>, String);

fn draft(version: &str, items: Vec<Item>, renumber: bool) -> Draft {
    let provisions = items
        .into_iter()
        .enumerate()
        .map(|(i, (id, title, text))| {
            let id = match id {
                Some(id) if !renumber => id,
                _ if renumber => (i + 1).to_string(),
                _ => format!("new-{}", i + 1),
            };
            provision(id, title, text, i as u64 + 1)
        })
        .collect();
    Draft {
        document: "doc".into(),
        version: version.into(),
        date: None,
        title: None,
        source: None,
        status: None,
        provisions,
        origin: format!("{version}.yaml"),
    }
}

/// An old draft and a new draft made from it by dropping, rewording, splitting, merging,
/// inserting and swapping provisions.
fn draft_pair() -> impl Strategy<Value = (Draft, Draft)> {
    (
        prop::collection::vec((title(), text(), fate()), 1..12),
        any::<bool>(),
        prop::option::of((any::<usize>(), any::<usize>())),
    )
        .prop_map(|(items, renumber, swap)| {
            let old: Vec<Item> = items
                .iter()
                .enumerate()
                .map(|(i, (t, x, _))| (Some((i + 1).to_string()), t.clone(), x.clone()))
                .collect();
            let mut new: Vec<Item> = Vec::new();
            let mut carry: Option<Item> = None;
            for ((id, title, text), (_, _, fate)) in old.iter().cloned().zip(items) {
                let (id, title, text) = match carry.take() {
                    Some((id, t, previous)) => (id, t, format!("{previous} {text}")),
                    None => (id, title, text),
                };
                let words: Vec<&str> = text.split(' ').collect();
                match fate {
                    Fate::Keep => new.push((id, title, text)),
                    Fate::Drop => {}
                    Fate::Reword(i, word) => {
                        let mut words = words;
                        let i = i % words.len();
                        words[i] = word;
                        new.push((id, title, words.join(" ")));
                    }
                    Fate::Split(i) if words.len() > 1 => {
                        let i = 1 + i % (words.len() - 1);
                        new.push((id, title, words[..i].join(" ")));
                        new.push((None, None, words[i..].join(" ")));
                    }
                    Fate::Split(_) => new.push((id, title, text)),
                    Fate::MergeWithNext => carry = Some((id, title, text)),
                    Fate::InsertAfter(extra) => {
                        new.push((id, title, text));
                        new.push((None, None, extra));
                    }
                }
            }
            new.extend(carry);
            if new.is_empty() {
                new.push((None, None, "A wholly new provision.".into()));
            }
            if let Some((a, b)) = swap {
                let len = new.len();
                new.swap(a % len, b % len);
            }
            (draft("old", old, true), draft("new", new, renumber))
        })
}

fn report_json(old: &Draft, new: &Draft) -> Value {
    let report = Report::compare(old, new);
    serde_json::from_str(&json::render(&report)).expect("the JSON report parses")
}

fn changes(json: &Value) -> &Vec<Value> {
    json["changes"].as_array().expect("changes")
}

/// (line, id, title, text) of the provisions on one side of every change.
fn side(json: &Value, key: &str) -> Vec<(u64, String, Option<String>, String)> {
    changes(json)
        .iter()
        .flat_map(|c| c[key].as_array().expect("side").iter())
        .map(|p| {
            (
                p["line"].as_u64().expect("line"),
                p["id"].as_str().expect("id").to_string(),
                p["title"].as_str().map(String::from),
                p["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

fn fields(draft: &Draft) -> Vec<(u64, String, Option<String>, String)> {
    draft
        .provisions
        .iter()
        .map(|p| (p.line, p.id.clone(), p.title.clone(), p.text.clone()))
        .collect()
}

/// The text of the segments whose op is not `skip`.
fn rebuilt(change: &Value, skip: &str) -> String {
    change["diff"]
        .as_array()
        .expect("diff")
        .iter()
        .filter(|s| s["op"] != skip)
        .map(|s| s["text"].as_str().expect("segment text"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn applying_the_changes_to_old_rebuilds_new((old, new) in draft_pair()) {
        let json = report_json(&old, &new);
        // Taking out every change's old side removes the old draft exactly...
        let mut taken = side(&json, "old");
        taken.sort();
        prop_assert_eq!(taken, fields(&old));
        // ...and putting in the new sides, in the new draft's order, gives the new draft.
        let mut put = side(&json, "new");
        put.sort();
        prop_assert_eq!(put, fields(&new));
    }

    #[test]
    fn redlines_rebuild_both_sides((old, new) in draft_pair()) {
        let json = report_json(&old, &new);
        for change in changes(&json) {
            match change["kind"].as_str().expect("kind") {
                "changed" | "split" | "merged" => {
                    prop_assert_eq!(&rebuilt(change, "insert"), change["old_text"].as_str().unwrap());
                    prop_assert_eq!(&rebuilt(change, "delete"), change["new_text"].as_str().unwrap());
                }
                _ => prop_assert!(change["diff"].as_array().unwrap().is_empty()),
            }
        }
    }
}

/// Characters from everywhere a hostile or just unusual draft might take them.
fn any_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        4 => proptest::char::range(' ', '~'),
        1 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => proptest::char::range('\u{7f}', '\u{9f}'),
        1 => proptest::char::range('\u{590}', '\u{6ff}'),   // Hebrew, Arabic
        1 => proptest::char::range('\u{200b}', '\u{206f}'), // zero-width, bidi controls
        1 => proptest::char::range('\u{300}', '\u{36f}'),   // combining marks
        1 => proptest::char::range('\u{1f300}', '\u{1faff}'), // emoji
        1 => proptest::char::range('\u{4e00}', '\u{9fff}'), // CJK
        1 => prop::sample::select(vec!['\u{feff}', '\u{fffd}', '\u{2028}', '\u{10ffff}', '\u{e0001}']),
    ];
    prop::collection::vec(c, 0..48).prop_map(String::from_iter)
}

fn terminal_is_clean(out: &str, colour: bool) -> bool {
    let mut plain = out.to_string();
    if colour {
        for code in [
            "\x1b[31;9m",
            "\x1b[32;4m",
            "\x1b[33m",
            "\x1b[1m",
            "\x1b[2m",
            "\x1b[0m",
        ] {
            plain = plain.replace(code, "");
        }
    }
    !plain
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || draftdiff::text::is_bidi_control(c))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn rendering_never_panics_on_any_text(
        old_text in any_text(),
        new_text in any_text(),
        title in prop::option::of(any_text()),
        id in any_text(),
        tag in any_text(),
    ) {
        let mut old = draft("old", vec![(None, title.clone(), old_text)], true);
        let mut new = draft("new", vec![(None, title, new_text.clone())], true);
        for d in [&mut old, &mut new] {
            d.provisions[0].id = id.clone();
            d.provisions[0].tags = vec![tag.clone()];
        }
        let report = Report::compare(&old, &new);
        for colour in [false, true] {
            let out = terminal::render(&report, colour);
            prop_assert!(terminal_is_clean(&out, colour), "{:?}", out);
        }
        let md = markdown::render(&report);
        prop_assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "{:?}", md);
        let json: Value = serde_json::from_str(&json::render(&report)).expect("JSON parses");
        let texts = side(&json, "new");
        prop_assert_eq!(&texts[0].3, &new_text);
    }

    #[test]
    fn redline_rebuilds_any_two_texts(old in any_text(), new in any_text()) {
        let segments = draftdiff::diff::redline(&old, &new);
        let side = |skip: draftdiff::diff::Op| -> String {
            segments.iter().filter(|s| s.op != skip).map(|s| s.text.as_str()).collect()
        };
        prop_assert_eq!(side(draftdiff::diff::Op::Insert), old);
        prop_assert_eq!(side(draftdiff::diff::Op::Delete), new);
    }
}

/// A long text of sentences drawn from a small pool, so that some repeat (no anchor) and
/// some are unique (anchors): over the word-diff limit, it goes through the sentence level.
fn long_text() -> impl Strategy<Value = String> {
    let sentence = (
        prop::collection::vec(prop::sample::select(WORDS), 3..12),
        0..40u32,
    )
        .prop_map(|(words, n)| format!("{} {n}.", words.join(" ")));
    prop::collection::vec(sentence, 400..700).prop_map(|s| s.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn long_redlines_rebuild_both_sides(
        old in long_text(),
        edits in prop::collection::vec((any::<usize>(), any::<usize>()), 0..30),
    ) {
        // The new text: the old one with some sentences deleted, duplicated or moved.
        let mut sentences: Vec<&str> = old.split_inclusive(". ").collect();
        for (a, b) in edits {
            let (a, b) = (a % sentences.len(), b % sentences.len());
            match a % 3 {
                0 if sentences.len() > 1 => {
                    sentences.remove(b);
                }
                1 => sentences.insert(b, sentences[a]),
                _ => sentences.swap(a, b),
            }
        }
        let new: String = sentences.concat();
        let segments = draftdiff::diff::redline(&old, &new);
        let side = |skip: draftdiff::diff::Op| -> String {
            segments.iter().filter(|s| s.op != skip).map(|s| s.text.as_str()).collect()
        };
        prop_assert_eq!(side(draftdiff::diff::Op::Insert), old);
        prop_assert_eq!(side(draftdiff::diff::Op::Delete), new);
    }
}
