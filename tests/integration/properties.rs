//! Property tests on the library: random drafts from a word list, edited at random (reword,
//! delete, insert, move, renumber), go through the real loader and comparison.
//!
//! Case counts are modest so the whole suite stays fast in debug builds; proptest keeps any
//! failing case in `proptest-regressions/` so it is replayed first on the next run.

use std::collections::BTreeSet;

use draftdiff::align::{ChangeKind, Ground};
use draftdiff::corrections;
use draftdiff::diff::{redline, Op, Segment};
use draftdiff::model::{Draft, Provision};
use draftdiff::report::{json, markdown, terminal, ByHand, Change, Report};
use draftdiff::timings::Timings;
use proptest::prelude::*;
use proptest::sample::Index;

use crate::common::load_str;

/// `cases` per property, unless PROPTEST_CASES asks for a longer (or shorter) run:
/// `PROPTEST_CASES=5000 cargo test --test integration properties::`.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

const WORDS: &[&str] = &[
    "agreement",
    "party",
    "parties",
    "shall",
    "may",
    "must",
    "not",
    "later",
    "than",
    "days",
    "months",
    "notify",
    "notification",
    "commission",
    "secretary",
    "state",
    "states",
    "basin",
    "waters",
    "river",
    "territory",
    "measures",
    "appropriate",
    "harm",
    "significant",
    "data",
    "information",
    "exchange",
    "report",
    "annual",
    "grant",
    "grants",
    "program",
    "eligible",
    "entity",
    "federal",
    "share",
    "cost",
    "project",
    "percent",
    "dispute",
    "tribunal",
    "arbitration",
    "negotiation",
    "consultation",
    "withdrawal",
    "ratification",
    "deposit",
    "depositary",
    "entry",
    "force",
    "amendment",
    "annex",
    "protocol",
    "emergency",
    "flood",
    "dam",
    "pollution",
    "ecosystem",
    "fisheries",
    "navigation",
    "sovereignty",
    "security",
    "guarantee",
    "ceasefire",
    "troops",
    "withdraw",
    "monitoring",
    "mission",
    "observers",
    "sanctions",
    "reconstruction",
    "fund",
    "elections",
    "referendum",
    "amnesty",
    "prisoners",
    "exchange",
    "humanitarian",
    "corridor",
    "border",
    "demarcation",
    "zone",
    "demilitarized",
    "the",
    "of",
    "and",
    "to",
    "in",
    "for",
    "by",
    "with",
    "on",
    "under",
    "each",
    "any",
    "all",
    "such",
    "this",
    "that",
    "its",
    "their",
    "within",
    "after",
    "before",
    "upon",
    "between",
    "600,000",
    "800,000",
    "2026",
    "30",
    "90",
    "180",
    "five",
    "seven",
    "twelve",
];

fn text_of(words: &[&str]) -> String {
    let mut s = words.join(" ");
    s.push('.');
    s
}

fn sentence() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(WORDS), 4..22)
}

/// One edit, with positions as `Index` so they fit whatever length the draft has by then.
#[derive(Debug, Clone)]
enum Edit {
    /// Replace, insert or delete a few words of one provision.
    Reword {
        at: Index,
        edits: Vec<(u8, Index, Index)>,
    },
    Delete {
        at: Index,
    },
    Insert {
        at: Index,
        words: Vec<&'static str>,
    },
    Move {
        from: Index,
        to: Index,
    },
    /// Cut one provision in two.
    Split {
        at: Index,
        cut: Index,
    },
    /// Join a provision with the one after it.
    Merge {
        at: Index,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), prop::collection::vec((0u8..3, any::<Index>(), any::<Index>()), 1..10))
            .prop_map(|(at, edits)| Edit::Reword { at, edits }),
        2 => any::<Index>().prop_map(|at| Edit::Delete { at }),
        2 => (any::<Index>(), sentence()).prop_map(|(at, words)| Edit::Insert { at, words }),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(from, to)| Edit::Move { from, to }),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(at, cut)| Edit::Split { at, cut }),
        1 => any::<Index>().prop_map(|at| Edit::Merge { at }),
    ]
}

/// A provision while a case is being built: its id and its words.
#[derive(Debug, Clone)]
struct Item {
    id: String,
    words: Vec<&'static str>,
}

fn apply(items: &mut Vec<Item>, edit: &Edit, fresh: &mut usize) {
    match edit {
        Edit::Split { at, cut } if !items.is_empty() => {
            let i = at.index(items.len());
            if items[i].words.len() >= 2 {
                let cut = 1 + cut.index(items[i].words.len() - 1);
                let tail = items[i].words.split_off(cut);
                *fresh += 1;
                items.insert(
                    i + 1,
                    Item {
                        id: format!("{fresh}A"),
                        words: tail,
                    },
                );
            }
        }
        Edit::Merge { at } if items.len() >= 2 => {
            let i = at.index(items.len() - 1);
            let next = items.remove(i + 1);
            items[i].words.extend(next.words);
        }
        Edit::Reword { at, edits } if !items.is_empty() => {
            let i = at.index(items.len());
            let item = &mut items[i];
            for (op, pos, word) in edits {
                let word = *word.get(WORDS);
                match op {
                    0 if !item.words.is_empty() => {
                        let i = pos.index(item.words.len());
                        item.words[i] = word;
                    }
                    1 => {
                        let i = pos.index(item.words.len() + 1);
                        item.words.insert(i, word);
                    }
                    _ if item.words.len() > 1 => {
                        let i = pos.index(item.words.len());
                        item.words.remove(i);
                    }
                    _ => {}
                }
            }
        }
        Edit::Delete { at } if items.len() > 1 => {
            items.remove(at.index(items.len()));
        }
        Edit::Insert { at, words } => {
            *fresh += 1;
            let i = at.index(items.len() + 1);
            items.insert(
                i,
                Item {
                    id: format!("{fresh}A"),
                    words: words.clone(),
                },
            );
        }
        Edit::Move { from, to } if !items.is_empty() => {
            let item = items.remove(from.index(items.len()));
            items.insert(to.index(items.len() + 1), item);
        }
        _ => {}
    }
}

/// YAML for a draft: every scalar double-quoted with JSON escapes, which YAML reads alike.
fn yaml(version: &str, items: &[Item]) -> String {
    let mut s = format!("document: prop\nversion: {version}\nprovisions:\n");
    for item in items {
        s.push_str(&format!(
            "  - id: {}\n    text: {}\n",
            serde_json::to_string(&item.id).unwrap(),
            serde_json::to_string(&text_of(&item.words)).unwrap()
        ));
    }
    s
}

/// (old draft, new draft): a random draft and a randomly edited copy of it.
fn draft_pair() -> impl Strategy<Value = (Draft, Draft)> {
    (
        prop::collection::vec(sentence(), 1..12),
        prop::collection::vec(edit(), 0..6),
        any::<bool>(),
    )
        .prop_map(|(texts, edits, renumber)| {
            let old: Vec<Item> = texts
                .into_iter()
                .enumerate()
                .map(|(i, words)| Item {
                    id: (i + 1).to_string(),
                    words,
                })
                .collect();
            let mut new = old.clone();
            let mut fresh = 0;
            for e in &edits {
                apply(&mut new, e, &mut fresh);
            }
            if renumber {
                for (i, item) in new.iter_mut().enumerate() {
                    item.id = (i + 1).to_string();
                }
            }
            (load_str(&yaml("a", &old)), load_str(&yaml("b", &new)))
        })
}

type Key = (ChangeKind, Vec<String>, Vec<String>, bool);

fn key(c: &Change) -> Key {
    let ids = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<_>>();
    (c.kind, ids(c.old_ids()), ids(c.new_ids()), c.renumbered)
}

/// The same change seen from the other side.
fn mirrored(k: Key) -> Key {
    let kind = match k.0 {
        ChangeKind::Added => ChangeKind::Removed,
        ChangeKind::Removed => ChangeKind::Added,
        ChangeKind::Split => ChangeKind::Merged,
        ChangeKind::Merged => ChangeKind::Split,
        other => other,
    };
    (kind, k.2, k.1, k.3)
}

fn show(report: &Report) -> String {
    report
        .changes
        .iter()
        .map(|c| {
            format!(
                "  {:?} {:?} -> {:?}{}{}\n",
                c.kind,
                c.old_ids(),
                c.new_ids(),
                if c.renumbered { " R" } else { "" },
                if c.moved { " M" } else { "" }
            )
        })
        .collect()
}

/// For each side, the ids the report's changes hold and the ids of the draft, both sorted:
/// equal when every provision is in exactly one change.
fn ids_by_side(
    report: &Report,
    old: &Draft,
    new: &Draft,
) -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    [("old", old), ("new", new)]
        .into_iter()
        .map(|(side, draft)| {
            let mut seen: Vec<String> = report
                .changes
                .iter()
                .flat_map(|c| {
                    if side == "old" {
                        c.old_ids()
                    } else {
                        c.new_ids()
                    }
                })
                .map(str::to_string)
                .collect();
            seen.sort();
            let mut all: Vec<String> = draft.provisions.iter().map(|p| p.id.clone()).collect();
            all.sort();
            (side, seen, all)
        })
        .collect()
}

fn rebuild(segments: &[Segment], skip: Op) -> String {
    segments
        .iter()
        .filter(|s| s.op != skip)
        .map(|s| s.text.as_str())
        .collect()
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn a_draft_compared_with_itself_is_unchanged((old, _new) in draft_pair()) {
        let report = Report::compare(&old, &old);
        for c in &report.changes {
            prop_assert_eq!(c.kind, ChangeKind::Unchanged, "{}", show(&report));
            prop_assert!(!c.renumbered && !c.moved, "{}", show(&report));
            prop_assert_eq!(c.old_ids(), c.new_ids());
        }
        prop_assert_eq!(report.changes.len(), old.provisions.len());
        prop_assert!(!report.summary.has_differences());
    }

    #[test]
    fn comparing_the_other_way_mirrors((old, new) in draft_pair()) {
        let forward = Report::compare(&old, &new);
        let backward = Report::compare(&new, &old);
        let f: BTreeSet<Key> = forward.changes.iter().map(key).collect();
        let b: BTreeSet<Key> = backward.changes.iter().map(key).map(mirrored).collect();
        prop_assert_eq!(
            &f, &b,
            "old -> new:\n{}new -> old:\n{}", show(&forward), show(&backward)
        );
        // Which of two swapped provisions "moved" is a tie either way, but how many moved
        // is not: the longest in-order chain has the same length in both directions.
        prop_assert_eq!(forward.summary.moved, backward.summary.moved);
    }

    #[test]
    fn every_provision_is_in_exactly_one_change((old, new) in draft_pair()) {
        let report = Report::compare(&old, &new);
        for (side, seen, all) in ids_by_side(&report, &old, &new) {
            prop_assert_eq!(seen, all, "{} side\n{}", side, show(&report));
        }
        for c in &report.changes {
            let shape = match c.kind {
                ChangeKind::Added => c.old.is_empty() && c.new.len() == 1,
                ChangeKind::Removed => c.old.len() == 1 && c.new.is_empty(),
                ChangeKind::Split => c.old.len() == 1 && c.new.len() >= 2,
                ChangeKind::Merged => c.old.len() >= 2 && c.new.len() == 1,
                ChangeKind::Changed | ChangeKind::Unchanged => c.old.len() == 1 && c.new.len() == 1,
            };
            prop_assert!(shape, "{:?} {:?} -> {:?}", c.kind, c.old_ids(), c.new_ids());
            prop_assert!((0.0..=1.0).contains(&c.similarity), "similarity {}", c.similarity);
            if c.kind == ChangeKind::Unchanged {
                prop_assert_eq!(&c.old[0].text, &c.new[0].text);
            }
        }
    }

    #[test]
    fn redlines_rebuild_both_texts((old, new) in draft_pair()) {
        let report = Report::compare(&old, &new);
        for c in &report.changes {
            match c.kind {
                ChangeKind::Changed | ChangeKind::Split | ChangeKind::Merged => {
                    prop_assert_eq!(rebuild(&c.diff, Op::Insert), Change::joined_text(&c.old));
                    prop_assert_eq!(rebuild(&c.diff, Op::Delete), Change::joined_text(&c.new));
                    prop_assert!(c.diff.iter().all(|s| !s.text.is_empty()), "empty segment");
                }
                _ => prop_assert!(c.diff.is_empty(), "{:?} carries a redline", c.kind),
            }
        }
    }

    #[test]
    fn redline_of_any_unicode_rebuilds_both_sides(old in any::<String>(), new in any::<String>()) {
        let segments = redline(&old, &new);
        prop_assert_eq!(rebuild(&segments, Op::Insert), old);
        prop_assert_eq!(rebuild(&segments, Op::Delete), new);
        // Adjacent segments never share an op: runs are merged.
        for pair in segments.windows(2) {
            prop_assert!(pair[0].op != pair[1].op, "{:?}", segments);
        }
    }
}

fn provision(id: String, title: Option<String>, text: String) -> Provision {
    Provision {
        id,
        id_explicit: true,
        title,
        text,
        tags: vec![],
        depth: 0,
        line: 0,
    }
}

/// Raw provisions with arbitrary unicode in id, title and text, shaped as the loader
/// leaves them (whitespace collapsed, no empty text, unique ids).
fn wild_provisions() -> impl Strategy<Value = Vec<Provision>> {
    prop::collection::vec(
        (
            any::<String>(),
            prop::option::of(any::<String>()),
            any::<String>(),
        ),
        1..6,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(i, (id, title, text))| {
                let id = format!("{i}{}", draftdiff::text::collapse_whitespace(&id));
                let title = title
                    .map(|t| draftdiff::text::collapse_whitespace(&t))
                    .filter(|t| !t.is_empty());
                let text = match draftdiff::text::collapse_whitespace(&text) {
                    t if t.is_empty() => "x".to_string(),
                    t => t,
                };
                provision(id, title, text)
            })
            .collect()
    })
}

fn wild_draft(version: &str, provisions: Vec<Provision>) -> Draft {
    Draft {
        document: "wild".into(),
        version: version.into(),
        date: None,
        title: None,
        source: None,
        status: None,
        provisions,
        origin: format!("{version}.yaml"),
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn every_format_renders_any_unicode(old in wild_provisions(), new in wild_provisions(), shared in any::<Index>()) {
        // Share one provision so that matched pairs (and redlines) occur too.
        let mut new = new;
        let keep = old[shared.index(old.len())].clone();
        new.push(provision("kept".into(), keep.title.clone(), format!("{} extra", keep.text)));
        let report = Report::compare(&wild_draft("a", old), &wild_draft("b", new));

        for colour in [false, true] {
            let text = terminal::render(&report, colour);
            let stray: Vec<char> = text
                .chars()
                .filter(|&c| c.is_control() && c != '\n' && !(colour && c == '\u{1b}'))
                .collect();
            prop_assert!(stray.is_empty(), "raw controls {:?} in the terminal report", stray);
            prop_assert!(!text.contains('\u{202e}'), "bidi override in the terminal report");
        }
        let md = markdown::render(&report);
        let stray: Vec<char> = md.chars().filter(|&c| c.is_control() && c != '\n').collect();
        prop_assert!(stray.is_empty(), "raw controls {:?} in the markdown report", stray);
        let parsed: serde_json::Value = serde_json::from_str(&json::render(&report)).expect("JSON parses");
        let changes = parsed["changes"].as_array().unwrap();
        prop_assert_eq!(changes.len(), report.changes.len());
        for (c, j) in report.changes.iter().zip(changes) {
            // The JSON carries the texts exactly, whatever they hold.
            let old_text = (!c.old.is_empty()).then(|| Change::joined_text(&c.old));
            prop_assert_eq!(j["old_text"].as_str().map(str::to_string), old_text);
        }
    }
}

/// Regression (found by `comparing_the_other_way_mirrors`): old 3 plus the start of old 4
/// became new 4, the rest of old 4 became new 5. Old -> new reported old 4 split into new 4
/// and 5 and old 3 *removed*, although all of old 3 opens new 4; new -> old reported a merge
/// instead. Splits are looked for before merges, so the direction decides the answer.
#[test]
fn boundary_shift_reads_the_same_both_ways() {
    let old = load_str(&yaml(
        "a",
        &items(&[
            "agreement agreement agreement agreement",
            "agreement agreement agreement agreement",
            "agreement agreement agreement party",
            "dispute party party parties parties",
            "agreement parties agreement agreement",
            "agreement agreement agreement agreement",
        ]),
    ));
    let new = load_str(&yaml(
        "b",
        &items(&[
            "agreement agreement parties parties",
            "agreement agreement agreement agreement",
            "agreement agreement agreement agreement",
            "agreement agreement agreement party dispute party party",
            "parties parties",
            "agreement parties agreement agreement",
            "agreement agreement agreement agreement",
        ]),
    ));
    let forward = Report::compare(&old, &new);
    let backward = Report::compare(&new, &old);
    let f: BTreeSet<Key> = forward.changes.iter().map(key).collect();
    let b: BTreeSet<Key> = backward.changes.iter().map(key).map(mirrored).collect();
    let old_3_removed = forward
        .changes
        .iter()
        .any(|c| c.kind == ChangeKind::Removed && c.old_ids() == ["3"]);
    assert!(
        f == b && !old_3_removed,
        "old -> new:\n{}new -> old:\n{}",
        show(&forward),
        show(&backward)
    );
}

fn items(texts: &[&'static str]) -> Vec<Item> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Item {
            id: (i + 1).to_string(),
            words: t.split(' ').collect(),
        })
        .collect()
}

/// A corrections file (YAML) naming the given decisions by ids: `(old ids, new ids)`, one
/// side empty for a removal or an addition.
fn corrections_yaml(old: &Draft, new: &Draft, decisions: &[(Vec<String>, Vec<String>)]) -> String {
    let list = |ids: &[String]| {
        let quoted: Vec<String> = ids.iter().map(|i| format!("{i:?}")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let mut same = String::new();
    let mut removed = String::new();
    let mut added = String::new();
    for (o, n) in decisions {
        match (o.is_empty(), n.is_empty()) {
            (false, false) => {
                same.push_str(&format!("  - {{old: {}, new: {}}}\n", list(o), list(n)))
            }
            (false, true) => removed.push_str(&format!("  - {:?}\n", o[0])),
            _ => added.push_str(&format!("  - {:?}\n", n[0])),
        }
    }
    format!(
        "old: {:?}\nnew: {:?}\nsame:\n{same}removed:\n{removed}added:\n{added}",
        old.version, new.version
    )
    .replace("same:\nremoved", "same: []\nremoved")
    .replace("removed:\nadded", "removed: []\nadded")
    .trim_end_matches("added:\n")
    .to_string()
}

/// The decisions of a corrections file, read and checked as `--corrections` would.
fn by_hand(old: &Draft, new: &Draft, yaml: &str) -> ByHand {
    corrections::read(yaml.as_bytes(), "fixes.yaml")
        .and_then(|c| c.resolve(old, new))
        .unwrap_or_else(|e| panic!("{e}\n{yaml}"))
}

fn ids_of(c: &Change) -> (Vec<String>, Vec<String>) {
    let own = |v: Vec<&str>| v.into_iter().map(str::to_string).collect();
    (own(c.old_ids()), own(c.new_ids()))
}

/// The terminal report without the lines that only say how sure a pairing is or that it
/// was set by hand.
fn without_marks(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('⚠') && !l.trim_start().starts_with('✎'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Random decisions over two drafts, each provision in at most one: pairs, removals,
/// additions, and now and then a split or a merge of neighbours.
fn random_decisions(
    old: &Draft,
    new: &Draft,
    picks: &[(u8, Index, Index)],
) -> Vec<(Vec<String>, Vec<String>)> {
    let mut used_old = vec![false; old.provisions.len()];
    let mut used_new = vec![false; new.provisions.len()];
    let mut out = Vec::new();
    for (kind, a, b) in picks {
        let o = a.index(old.provisions.len());
        let n = b.index(new.provisions.len());
        let id = |d: &Draft, i: usize| d.provisions[i].id.clone();
        match kind % 5 {
            0 | 1 if !used_old[o] && !used_new[n] => {
                used_old[o] = true;
                used_new[n] = true;
                out.push((vec![id(old, o)], vec![id(new, n)]));
            }
            2 if !used_old[o] => {
                used_old[o] = true;
                out.push((vec![id(old, o)], vec![]));
            }
            3 if !used_new[n] => {
                used_new[n] = true;
                out.push((vec![], vec![id(new, n)]));
            }
            4 if n + 1 < new.provisions.len()
                && !used_old[o]
                && !used_new[n]
                && !used_new[n + 1] =>
            {
                used_old[o] = true;
                used_new[n] = true;
                used_new[n + 1] = true;
                out.push((vec![id(old, o)], vec![id(new, n), id(new, n + 1)]));
            }
            _ => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(config(64))]

    /// Corrections that say what draftdiff found anyway change no pairing and no text,
    /// only the evidence and the marks.
    #[test]
    fn own_alignment_as_corrections_changes_nothing_but_the_marks((old, new) in draft_pair()) {
        let report = Report::compare(&old, &new);
        let decisions: Vec<_> = report.changes.iter().map(ids_of).collect();
        let hand = by_hand(&old, &new, &corrections_yaml(&old, &new, &decisions));
        let corrected = Report::compare_corrected(old.clone(), new.clone(), &hand, &mut Timings::new());
        prop_assert_eq!(report.changes.len(), corrected.changes.len());
        for (a, b) in report.changes.iter().zip(&corrected.changes) {
            prop_assert_eq!(key(a), key(b), "{}\n{}", show(&report), show(&corrected));
            prop_assert_eq!(a.moved, b.moved);
            prop_assert_eq!(a.similarity, b.similarity);
            prop_assert_eq!(&a.diff, &b.diff);
            prop_assert_eq!(b.assessment.evidence.first(), Some(&Ground::Corrected));
            prop_assert!(b.by_hand().is_some());
        }
        prop_assert_eq!(report.headline(), corrected.headline());
        prop_assert_eq!(
            without_marks(&terminal::render(&report, false)),
            without_marks(&terminal::render(&corrected, false))
        );
    }

    /// Any valid corrections: each is carried out, every provision is still in exactly one
    /// change, and the other way round, with the corrections mirrored, mirrors it.
    #[test]
    fn random_corrections_keep_every_provision_once_and_mirror(
        (old, new) in draft_pair(),
        picks in prop::collection::vec((any::<u8>(), any::<Index>(), any::<Index>()), 0..6),
    ) {
        let decisions = random_decisions(&old, &new, &picks);
        let hand = by_hand(&old, &new, &corrections_yaml(&old, &new, &decisions));
        let forward = Report::compare_corrected(old.clone(), new.clone(), &hand, &mut Timings::new());
        for (side, seen, all) in ids_by_side(&forward, &old, &new) {
            prop_assert_eq!(seen, all, "{} side\n{}", side, show(&forward));
        }
        let found: Vec<(Vec<String>, Vec<String>)> = forward.changes.iter().map(ids_of).collect();
        for d in &decisions {
            prop_assert!(found.contains(d), "{:?} not carried out\n{}", d, show(&forward));
        }
        let mirrored_decisions: Vec<_> = decisions.iter().map(|(o, n)| (n.clone(), o.clone())).collect();
        let back_hand = by_hand(&new, &old, &corrections_yaml(&new, &old, &mirrored_decisions));
        let backward = Report::compare_corrected(new.clone(), old.clone(), &back_hand, &mut Timings::new());
        let f: BTreeSet<Key> = forward.changes.iter().map(key).collect();
        let b: BTreeSet<Key> = backward.changes.iter().map(key).map(mirrored).collect();
        prop_assert_eq!(&f, &b, "old -> new:\n{}new -> old:\n{}", show(&forward), show(&backward));
    }
}
