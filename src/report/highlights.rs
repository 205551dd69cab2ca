//! Key changes: the edits that most often carry meaning in a negotiated text, picked out of
//! a [`Report`] by plain lexical rules so that a reader sees them before the full redline.
//!
//! The rules (documented for users in `docs/highlights.md`):
//!
//! - `counts`: always first, the report's headline sentence of counts;
//! - `number_changed`: a number, amount, percentage or date in a changed passage is not the
//!   same before and after (600,000 → 800,000; "100 days" → "as soon as possible");
//! - `obligation_changed`: an obligation word (shall, must, will, may, should, can, with
//!   their negations "shall not", "cannot", "won't"…) in a changed passage is not the same;
//! - `negation_changed`: a negation (not, no, never, without, "n't") was added or removed;
//! - `provision_removed` / `provision_added`: one per removed or added provision.
//!
//! A wording rule fires for a changed passage (a deletion and/or insertion of the redline)
//! when the terms it looks for differ between the passage's old and new words, and only if
//! they also differ over the provision as a whole, so a figure that merely moved within a
//! provision is not reported. Terms are compared by value: "600,000", "600 000" and
//! "0.6 million" are the same number.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use super::{has_edits, marked, Change, Report};
use crate::align::ChangeKind;
use crate::diff::{Op, Segment};

/// Which rule found a highlight. The order is the order highlights are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HighlightKind {
    Counts,
    NumberChanged,
    ObligationChanged,
    NegationChanged,
    ProvisionRemoved,
    ProvisionAdded,
}

impl HighlightKind {
    pub const ALL: [HighlightKind; 6] = [
        HighlightKind::Counts,
        HighlightKind::NumberChanged,
        HighlightKind::ObligationChanged,
        HighlightKind::NegationChanged,
        HighlightKind::ProvisionRemoved,
        HighlightKind::ProvisionAdded,
    ];

    /// The stable snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            HighlightKind::Counts => "counts",
            HighlightKind::NumberChanged => "number_changed",
            HighlightKind::ObligationChanged => "obligation_changed",
            HighlightKind::NegationChanged => "negation_changed",
            HighlightKind::ProvisionRemoved => "provision_removed",
            HighlightKind::ProvisionAdded => "provision_added",
        }
    }

    /// The heading a renderer shows above the highlights of this kind.
    pub fn heading(self) -> &'static str {
        match self {
            HighlightKind::Counts => "Counts",
            HighlightKind::NumberChanged => "Numbers, amounts and dates",
            HighlightKind::ObligationChanged => "Obligations",
            HighlightKind::NegationChanged => "Negations",
            HighlightKind::ProvisionRemoved => "Removed provisions",
            HighlightKind::ProvisionAdded => "Added provisions",
        }
    }
}

/// One key change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub kind: HighlightKind,
    pub old_ids: Vec<String>,
    pub new_ids: Vec<String>,
    /// The provision's title (the new one where there is one).
    pub title: Option<String>,
    /// The tags of the provisions involved, old and new, without repeats.
    pub tags: Vec<String>,
    /// Words kept on both sides just before the changed words (`…` where cut).
    pub before: String,
    /// The old words: the deleted words of the passage, or a removed provision's text.
    pub old: String,
    /// The new words: the inserted words of the passage, or an added provision's text.
    pub new: String,
    /// Words kept on both sides just after the changed words (`…` where cut).
    pub after: String,
    /// The terms that made the rule fire, as written: in the old words and not the new…
    pub old_terms: Vec<String>,
    /// …and in the new words and not the old.
    pub new_terms: Vec<String>,
    /// One plain sentence saying what the highlight is (for counts, the headline).
    pub text: String,
    /// What to check, when the pairing it is built on is in doubt (see
    /// [`Change::doubt`]).
    pub check: Option<String>,
    /// "set by hand" and the note, when a correction decided the pairing (see
    /// [`Change::by_hand`]): a decision, not a doubt, so it is kept apart.
    pub by_hand: Option<String>,
}

impl Highlight {
    /// The doubt (marked ⚠) and the correction (marked ✎) to show beside the entry.
    pub fn marks(&self) -> Vec<(&'static str, &str)> {
        marked(self.check.as_deref(), self.by_hand.as_deref())
    }
}

/// The highlights to list under each heading: every kind but counts that has any, each
/// as items of one provision (a provision whose figures changed in three places is one
/// item with three passages).
pub fn by_kind(highlights: &[Highlight]) -> Vec<(HighlightKind, Vec<Vec<&Highlight>>)> {
    let mut out: Vec<(HighlightKind, Vec<Vec<&Highlight>>)> = Vec::new();
    for kind in HighlightKind::ALL {
        if kind == HighlightKind::Counts {
            continue;
        }
        let mut items: Vec<Vec<&Highlight>> = Vec::new();
        for h in highlights.iter().filter(|h| h.kind == kind) {
            match items.last_mut() {
                Some(item)
                    if h.is_wording()
                        && item[0].old_ids == h.old_ids
                        && item[0].new_ids == h.new_ids =>
                {
                    item.push(h)
                }
                _ => items.push(vec![h]),
            }
        }
        if !items.is_empty() {
            out.push((kind, items));
        }
    }
    out
}

/// What changed in the terms of one item of [`by_kind`]: "“USD 100 billion”, “half”
/// dropped".
pub fn what_of(item: &[&Highlight]) -> String {
    // Figures are paired only inside one passage: across passages, "30 days" in one place
    // and "10 kilometres" in another are no replacement of each other.
    if item.iter().all(|h| replaced(&h.old_terms, &h.new_terms)) {
        let mut phrases: Vec<String> = Vec::new();
        for h in item {
            let phrase = h.what();
            if !phrases.contains(&phrase) {
                phrases.push(phrase);
            }
        }
        return phrases.join(", ");
    }
    let old: Vec<String> = item.iter().flat_map(|h| h.old_terms.clone()).collect();
    let new: Vec<String> = item.iter().flat_map(|h| h.new_terms.clone()).collect();
    listed(&distinct(&old), &distinct(&new))
}

/// Words of context kept on each side of the changed words.
const CONTEXT_WORDS: usize = 4;
/// Longer old or new words are cut to a window around the first term that fired; a
/// highlight points at the change, the full redline follows in the report.
const MAX_PHRASE_WORDS: usize = 24;

/// The highlights of a report, in [`HighlightKind`] order, each kind in document order.
pub fn find(report: &Report) -> Vec<Highlight> {
    let mut out = vec![Highlight {
        kind: HighlightKind::Counts,
        old_ids: vec![],
        new_ids: vec![],
        title: None,
        tags: vec![],
        before: String::new(),
        old: String::new(),
        new: String::new(),
        after: String::new(),
        old_terms: vec![],
        new_terms: vec![],
        text: report.headline(),
        check: None,
        by_hand: None,
    }];
    // Each change's highlights depend on that change alone: a large report's are found
    // on all cores, and kept in document order.
    let found = super::by_piece(&report.changes, |changes| {
        changes.iter().flat_map(of_change).collect::<Vec<_>>()
    });
    out.extend(found.into_iter().flatten());
    // Stable: document order is kept within each kind.
    out.sort_by_key(|h| h.kind);
    out
}

/// The highlights of one change, in document order.
pub(super) fn of_change(change: &Change) -> Vec<Highlight> {
    match change.kind {
        ChangeKind::Removed | ChangeKind::Added => vec![whole(change)],
        ChangeKind::Changed | ChangeKind::Split | ChangeKind::Merged if has_edits(&change.diff) => {
            wording(change)
        }
        _ => Vec::new(),
    }
}

fn tags_of(change: &Change) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in change.old.iter().chain(&change.new).flat_map(|p| &p.tags) {
        if !tags.contains(t) {
            tags.push(t.clone());
        }
    }
    tags
}

fn ids(side: &[crate::model::Provision]) -> Vec<String> {
    side.iter().map(|p| p.id.clone()).collect()
}

/// A removed or added provision.
fn whole(change: &Change) -> Highlight {
    let removed = change.kind == ChangeKind::Removed;
    let (kind, side) = if removed {
        (HighlightKind::ProvisionRemoved, &change.old)
    } else {
        (HighlightKind::ProvisionAdded, &change.new)
    };
    let text = Change::joined_text(side);
    let (shown, _) = head_words(&text, MAX_PHRASE_WORDS);
    let tags = tags_of(change);
    let mut sentence = format!(
        "{} {}",
        if removed { "Removed" } else { "Added" },
        change.id_label()
    );
    if let Some(t) = change.title() {
        sentence.push_str(&format!(" ({t})"));
    }
    if !tags.is_empty() {
        sentence.push_str(&format!(", tagged {}", tags.join(", ")));
    }
    sentence.push('.');
    Highlight {
        kind,
        old_ids: ids(&change.old),
        new_ids: ids(&change.new),
        title: change.title().map(str::to_string),
        tags,
        before: String::new(),
        old: if removed {
            shown.clone()
        } else {
            String::new()
        },
        new: if removed { String::new() } else { shown },
        after: String::new(),
        old_terms: vec![],
        new_terms: vec![],
        text: with_check(sentence, change),
        check: change.doubt(),
        by_hand: change.by_hand(),
    }
}

/// One changed stretch of a redline: byte ranges in the old and new texts, and the
/// indexes of the equal segments around it.
struct Hunk {
    old: Range<usize>,
    new: Range<usize>,
    deleted: String,
    inserted: String,
    before: Option<usize>,
    after: Option<usize>,
}

fn hunks(diff: &[Segment]) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    let (mut o, mut n) = (0, 0);
    let mut open: Option<Hunk> = None;
    for (i, s) in diff.iter().enumerate() {
        match s.op {
            Op::Equal => {
                if let Some(mut h) = open.take() {
                    h.after = Some(i);
                    out.push(h);
                }
                o += s.text.len();
                n += s.text.len();
            }
            Op::Delete | Op::Insert => {
                let h = open.get_or_insert_with(|| Hunk {
                    old: o..o,
                    new: n..n,
                    deleted: String::new(),
                    inserted: String::new(),
                    before: i.checked_sub(1),
                    after: None,
                });
                if s.op == Op::Delete {
                    o += s.text.len();
                    h.old.end = o;
                    h.deleted.push_str(&s.text);
                } else {
                    n += s.text.len();
                    h.new.end = n;
                    h.inserted.push_str(&s.text);
                }
            }
        }
    }
    out.extend(open);
    out
}

/// The wording highlights of one changed group.
fn wording(change: &Change) -> Vec<Highlight> {
    let side = |skip: Op| -> String {
        change
            .diff
            .iter()
            .filter(|s| s.op != skip)
            .map(|s| s.text.as_str())
            .collect()
    };
    let (old_text, new_text) = (side(Op::Insert), side(Op::Delete));
    let (old_terms, new_terms) = (terms(&old_text), terms(&new_text));
    let hunks = hunks(&change.diff);
    let mut out = Vec::new();
    for (kind, term_kind) in [
        (HighlightKind::NumberChanged, TermKind::Number),
        (HighlightKind::ObligationChanged, TermKind::Obligation),
        (HighlightKind::NegationChanged, TermKind::Negation),
    ] {
        let of_kind = |list: &[Term]| -> Vec<Term> {
            list.iter()
                .filter(|t| t.kind == term_kind)
                .cloned()
                .collect()
        };
        let (old_all, new_all) = (of_kind(&old_terms), of_kind(&new_terms));
        if difference(&old_all, &new_all).is_empty() && difference(&new_all, &old_all).is_empty() {
            continue;
        }
        for h in &hunks {
            let touching = |list: &[Term], r: &Range<usize>| -> Vec<Term> {
                // Closed intervals: a term ending where a pure insertion starts ("shall"
                // before an inserted " not") belongs to the passage on both sides.
                list.iter()
                    .filter(|t| t.span.start <= r.end && t.span.end >= r.start)
                    .cloned()
                    .collect()
            };
            let (o, n) = (
                touching(&old_all, &widen(&old_text, &h.old)),
                touching(&new_all, &widen(&new_text, &h.new)),
            );
            let (gone, came) = without_lone_bare(
                difference(&o, &n),
                difference(&n, &o),
                [h.deleted.trim().is_empty(), h.inserted.trim().is_empty()],
            );
            if gone.is_empty() && came.is_empty() {
                continue;
            }
            out.push(passage(change, kind, h, &gone, &came));
        }
    }
    out
}

/// Bare number words are compared only with bare number words: "three" replaced by
/// "five" is a figure changed, but "600,000 personnel" replaced by "the two presidents" is
/// a figure dropped, and "two" is no figure added. Words cut out or put in whole ("a
/// tribunal of three" → "a tribunal") keep theirs: nothing else stands in their place.
/// `whole` says, for the old and the new side, that the other side of the passage is
/// empty.
fn without_lone_bare(gone: Vec<Term>, came: Vec<Term>, whole: [bool; 2]) -> (Vec<Term>, Vec<Term>) {
    let has_bare = |list: &[Term]| list.iter().any(|t| t.bare);
    let (gone_bare, came_bare) = (has_bare(&gone) || whole[0], has_bare(&came) || whole[1]);
    let keep = |list: Vec<Term>, other_bare: bool| -> Vec<Term> {
        list.into_iter().filter(|t| !t.bare || other_bare).collect()
    };
    (keep(gone, came_bare), keep(came, gone_bare))
}

/// `range` grown over the whitespace around it, so that a term one space away from a pure
/// insertion or deletion ("shall" before an inserted "not ") counts as touching it. Both
/// sides grow alike over the same kept text, so this never invents a difference.
fn widen(text: &str, range: &Range<usize>) -> Range<usize> {
    let start = text[..range.start].trim_end().len();
    let end = text.len() - text[range.end..].trim_start().len();
    start..end
}

/// Terms of `a` not matched by a term of `b` with the same key (multiset difference).
fn difference(a: &[Term], b: &[Term]) -> Vec<Term> {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for t in b {
        *left.entry(t.key.as_str()).or_default() += 1;
    }
    a.iter()
        .filter(|t| match left.get_mut(t.key.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

fn passage(
    change: &Change,
    kind: HighlightKind,
    h: &Hunk,
    gone: &[Term],
    came: &[Term],
) -> Highlight {
    // An ellipsis wherever the context does not reach the start or end of the text.
    let before = h.before.map_or_else(String::new, |i| {
        let (tail, cut) = tail_words(&change.diff[i].text, CONTEXT_WORDS);
        if cut || i > 0 {
            format!("…{}", tail.trim_start())
        } else {
            tail
        }
    });
    let after = h.after.map_or_else(String::new, |i| {
        let (head, cut) = head_words(&change.diff[i].text, CONTEXT_WORDS);
        if cut || i + 1 < change.diff.len() {
            format!("{}…", head.trim_end())
        } else {
            head
        }
    });
    // Where the first term sits inside the deleted / inserted words.
    let focus =
        |terms: &[Term], start: usize| terms.first().map(|t| t.span.start.max(start) - start);
    let old = window(&h.deleted, focus(gone, h.old.start));
    let new = window(&h.inserted, focus(came, h.new.start));
    let written =
        |terms: &[Term]| -> Vec<String> { terms.iter().map(|t| t.text.clone()).collect() };
    let (old_terms, new_terms) = (written(gone), written(came));
    let what = what(&old_terms, &new_terms);
    let title = change
        .title()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    Highlight {
        kind,
        old_ids: ids(&change.old),
        new_ids: ids(&change.new),
        title: change.title().map(str::to_string),
        tags: tags_of(change),
        before,
        old,
        new,
        after,
        old_terms,
        new_terms,
        text: with_check(format!("{}{title}: {what}.", change.id_label()), change),
        check: change.doubt(),
        by_hand: change.by_hand(),
    }
}

/// The sentence with the doubt and the correction after it: "Removed 7. (check: may be
/// reworded, ...)", "Removed 7. (set by hand: ...)".
fn with_check(sentence: String, change: &Change) -> String {
    let notes: Vec<String> = change.notes().into_iter().map(|(_, n)| n).collect();
    if notes.is_empty() {
        sentence
    } else {
        format!("{sentence} ({})", notes.join("; "))
    }
}

/// "“600,000” became “800,000”", "“shall” dropped", "“not” added". A term written twice
/// is named once; terms replaced one for one by terms of the same form "became" them.
fn what(old_terms: &[String], new_terms: &[String]) -> String {
    if !replaced(old_terms, new_terms) {
        return listed(&distinct(old_terms), &distinct(new_terms));
    }
    let (old_terms, new_terms) = (distinct(old_terms), distinct(new_terms));
    old_terms
        .iter()
        .zip(&new_terms)
        .map(|(o, n)| format!("“{o}” became “{n}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the distinct terms were replaced one for one, in order, by terms of the same
/// form: both words ("shall" by "may not", "three" by "five"), or both figures with the
/// same last word when it is no figure ("USD 100 billion" by "USD 50 billion", "30 days"
/// by "60 days"; not "USD 5 billion" by "10 kilometres", nor "600,000" by "two").
fn replaced(old_terms: &[String], new_terms: &[String]) -> bool {
    let (old_terms, new_terms) = (distinct(old_terms), distinct(new_terms));
    let has_digit = |t: &str| t.chars().any(|c| c.is_ascii_digit());
    let last_word = |t: &str| {
        let words: Vec<&str> = t.split_whitespace().collect();
        match words.as_slice() {
            [_] => None,
            [.., last] if !has_digit(last) => Some(last.to_lowercase()),
            _ => None,
        }
    };
    !old_terms.is_empty()
        && old_terms.len() == new_terms.len()
        && old_terms.iter().zip(&new_terms).all(|(o, n)| {
            has_digit(o) == has_digit(n) && (!has_digit(o) || last_word(o) == last_word(n))
        })
}

/// "“shall” dropped", "“600,000” dropped, “two” added".
fn listed(old_terms: &[&String], new_terms: &[&String]) -> String {
    let quote = |list: &[&String]| {
        list.iter()
            .map(|t| format!("“{t}”"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (old_terms.is_empty(), new_terms.is_empty()) {
        (false, false) => format!("{} dropped, {} added", quote(old_terms), quote(new_terms)),
        (false, true) => format!("{} dropped", quote(old_terms)),
        (true, false) => format!("{} added", quote(new_terms)),
        (true, true) => String::new(),
    }
}

/// The terms in order of first appearance, each once.
fn distinct(terms: &[String]) -> Vec<&String> {
    let mut out: Vec<&String> = Vec::new();
    for t in terms {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

impl Highlight {
    /// What changed in the terms, for a wording highlight: "“600,000” became “800,000”".
    pub fn what(&self) -> String {
        what(&self.old_terms, &self.new_terms)
    }

    /// `6 → 4`, `21, 22 → 13`, `3`: the ids as a reader follows them.
    pub fn id_label(&self) -> String {
        let (o, n) = (self.old_ids.join(", "), self.new_ids.join(", "));
        match (o.is_empty(), n.is_empty()) {
            (true, _) => n,
            (_, true) => o,
            _ if o == n => n,
            _ => format!("{o} → {n}"),
        }
    }

    /// True for the highlights that point at changed wording (and carry a passage).
    pub fn is_wording(&self) -> bool {
        matches!(
            self.kind,
            HighlightKind::NumberChanged
                | HighlightKind::ObligationChanged
                | HighlightKind::NegationChanged
        )
    }
}

/// `text` cut to [`MAX_PHRASE_WORDS`] words around byte offset `focus` (or from the start).
fn window(text: &str, focus: Option<usize>) -> String {
    let words: Vec<Range<usize>> = word_spans(text);
    if words.len() <= MAX_PHRASE_WORDS {
        return text.to_string();
    }
    let at = focus
        .and_then(|f| words.iter().position(|w| w.end > f))
        .unwrap_or(0);
    let first = at.saturating_sub(MAX_PHRASE_WORDS / 3);
    let last = (first + MAX_PHRASE_WORDS).min(words.len());
    let first = last.saturating_sub(MAX_PHRASE_WORDS);
    let mut out = String::new();
    if first > 0 {
        out.push('…');
    }
    out.push_str(&text[words[first].start..words[last - 1].end]);
    if last < words.len() {
        out.push('…');
    }
    out
}

/// Byte ranges of the whitespace-separated words of `text`.
fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// The first `n` words of `text` (keeping its spacing), and whether anything was cut.
fn head_words(text: &str, n: usize) -> (String, bool) {
    let words = word_spans(text);
    if words.len() <= n {
        return (text.to_string(), false);
    }
    (text[..words[n - 1].end].to_string(), true)
}

/// The last `n` words of `text` (keeping its spacing), and whether anything was cut.
fn tail_words(text: &str, n: usize) -> (String, bool) {
    let words = word_spans(text);
    if words.len() <= n {
        return (text.to_string(), false);
    }
    (text[words[words.len() - n].start..].to_string(), true)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TermKind {
    Number,
    Obligation,
    Negation,
}

/// A number, obligation word or negation found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    kind: TermKind,
    /// Byte range in the scanned text.
    span: Range<usize>,
    /// As written.
    text: String,
    /// What is compared: the value of a number with its unit, the normalised word.
    key: String,
    /// A number word with no unit, scale or currency ("three", "the two presidents"):
    /// a figure only where it replaces another such word ("three" became "five").
    bare: bool,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words that multiply the number before them.
fn scale(word: &str) -> Option<f64> {
    match lowercase(word).as_ref() {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mn" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

/// Units kept with a number, by their normalised name.
fn unit(word: &str) -> Option<&'static str> {
    Some(match lowercase(word).as_ref() {
        "%" | "percent" | "per" => "%",
        "hour" | "hours" => "hour",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" => "year",
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "mile" | "miles" => "mile",
        _ => return None,
    })
}

fn currency(word: &str) -> Option<&'static str> {
    Some(match word {
        "$" | "USD" | "US$" => "usd",
        "€" | "EUR" => "eur",
        "£" | "GBP" => "gbp",
        "₴" | "UAH" => "uah",
        "₽" | "RUB" => "rub",
        _ => return None,
    })
}

/// Number words. "one" counts only before a scale or unit word ("one year", "one
/// million"), since "one another" and "no one" are not figures.
fn number_word(word: &str) -> Option<f64> {
    let v = match lowercase(word).as_ref() {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "half" => 0.5,
        "dozen" => 12.0,
        _ => return None,
    };
    Some(v)
}

const OBLIGATIONS: [&str; 6] = ["shall", "must", "will", "may", "should", "can"];

/// Contracted negative modals, with the modal they negate.
fn negated_modal(word: &str) -> Option<&'static str> {
    Some(match word {
        "cannot" | "can't" => "can",
        "won't" => "will",
        "shan't" => "shall",
        "mustn't" => "must",
        "shouldn't" => "should",
        "mayn't" => "may",
        _ => return None,
    })
}

const NEGATIONS: [&str; 4] = ["not", "no", "never", "without"];

/// The segments of a text by Unicode word boundaries, with byte offsets.
struct Tokens<'a> {
    segs: Vec<(usize, &'a str)>,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        let mut segs = Vec::new();
        crate::words::for_each_segment(text, |i, t| segs.push((i, t)));
        Tokens { segs }
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        self.segs.get(i).map(|s| s.1)
    }

    fn end(&self, i: usize) -> usize {
        self.segs[i].0 + self.segs[i].1.len()
    }

    /// The segment after `i` past exactly one space (or a no-break or thin space).
    fn after_space(&self, i: usize) -> Option<usize> {
        match self.get(i + 1) {
            Some(" " | "\u{a0}" | "\u{202f}" | "\u{2009}") => {
                self.get(i + 2).filter(|s| is_word(s)).map(|_| i + 2)
            }
            _ => None,
        }
    }
}

/// `s` lowercased, borrowed when it already is: every segment of every changed text is
/// looked up this way, and nearly all of them are lowercase ASCII words or spaces.
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// A word as the obligation and negation lists spell it: lowercase, straight apostrophes.
/// Every word on them starts with a letter, so spaces, marks and numbers are not looked at.
fn normalized(s: &str) -> Option<Cow<'_, str>> {
    if !s.starts_with(char::is_alphabetic) {
        return None;
    }
    Some(normalized_word(s))
}

fn normalized_word(s: &str) -> Cow<'_, str> {
    let lower = lowercase(s);
    if !lower.is_ascii() && lower.contains('’') {
        Cow::Owned(lower.replace('’', "'"))
    } else {
        lower
    }
}

fn is_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn is_digits(s: &str, len: Range<usize>) -> bool {
    len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_numeral(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '\''))
}

/// Every number, obligation word and negation of `text`, in order, without overlaps.
fn terms(text: &str) -> Vec<Term> {
    let tokens = Tokens::new(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.segs.len() {
        // A word is normalized once for both lists (that was a quarter of finding terms).
        let next = number_at(&tokens, i).or_else(|| {
            let word = normalized(tokens.get(i)?)?;
            obligation_at(&tokens, i, &word).or_else(|| negation_at(&tokens, i, &word))
        });
        match next {
            Some((term, last)) => {
                out.push(Term {
                    span: tokens.segs[i].0..tokens.end(last),
                    text: text[tokens.segs[i].0..tokens.end(last)].to_string(),
                    ..term
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    out
}

fn term(kind: TermKind, key: String) -> Term {
    Term {
        kind,
        span: 0..0,
        text: String::new(),
        key,
        bare: false,
    }
}

/// A number or date starting at segment `i`: the term and its last segment.
fn number_at(t: &Tokens, i: usize) -> Option<(Term, usize)> {
    let s = t.get(i)?;
    // ISO date: 2025-11-20.
    if is_digits(s, 4..5)
        && t.get(i + 1) == Some("-")
        && t.get(i + 2).is_some_and(|m| is_digits(m, 1..3))
        && t.get(i + 3) == Some("-")
        && t.get(i + 4).is_some_and(|d| is_digits(d, 1..3))
    {
        let key = format!(
            "date:{s}-{:0>2}-{:0>2}",
            t.get(i + 2).unwrap_or(""),
            t.get(i + 4).unwrap_or("")
        );
        return Some((term(TermKind::Number, key), i + 4));
    }
    // Day and month: 20 November [2025].
    if is_digits(s, 1..3) {
        if let Some(m) = t.after_space(i).filter(|&m| is_month(t.get(m))) {
            let last = t
                .after_space(m)
                .filter(|&y| t.get(y).is_some_and(|y| is_digits(y, 4..5)))
                .unwrap_or(m);
            return Some((date_term(t, i, last), last));
        }
    }
    // Month first: November [20][,] [2025].
    if is_month(Some(s)) {
        let mut last = i;
        if let Some(d) = t
            .after_space(i)
            .filter(|&d| t.get(d).is_some_and(|d| is_digits(d, 1..3)))
        {
            last = d;
            if t.get(d + 1) == Some(",")
                && t.get(d + 2) == Some(" ")
                && t.get(d + 3).is_some_and(|y| is_digits(y, 4..5))
            {
                last = d + 3;
            }
        }
        if let Some(y) = t
            .after_space(last)
            .filter(|&y| t.get(y).is_some_and(|y| is_digits(y, 4..5)))
        {
            last = y;
        }
        // "May" alone is the modal verb, not the month.
        if s == "May" && last == i {
            return None;
        }
        return Some((date_term(t, i, last), last));
    }
    // Currency before the number: "$100", "USD 100", "US$ 5".
    let numeral_at = |k: usize| t.get(k).is_some_and(is_numeral);
    let (cur, first_num) = if s == "US" && t.get(i + 1) == Some("$") && numeral_at(i + 2) {
        (Some("usd"), i + 2)
    } else if let Some(c) = currency(s) {
        if numeral_at(i + 1) {
            (Some(c), i + 1)
        } else {
            (Some(c), t.after_space(i).filter(|&n| numeral_at(n))?)
        }
    } else {
        (None, i)
    };
    let first = t.get(first_num)?;
    let (mut value, mut last, spelled) = if is_numeral(first) {
        let mut digits = first.to_string();
        let mut last = first_num;
        // Space-grouped thousands: 600 000, 1 500 000.
        if first.len() <= 3 && first.bytes().all(|b| b.is_ascii_digit()) {
            while let Some(g) = t
                .after_space(last)
                .filter(|&g| t.get(g).is_some_and(|g| is_digits(g, 3..4)))
            {
                digits.push_str(t.get(g).unwrap_or(""));
                last = g;
            }
        }
        (numeral_value(&digits)?, last, false)
    } else {
        // Spelled numbers: "thirty", "twenty-five", "one hundred".
        let v = number_word(first)?;
        let mut v = v;
        let mut last = first_num;
        loop {
            let hyphen = (t.get(last + 1) == Some("-"))
                .then(|| last + 2)
                .filter(|&n| t.get(n).and_then(number_word).is_some());
            let spaced = t
                .after_space(last)
                .filter(|&n| t.get(n).and_then(number_word).is_some());
            match hyphen.or(spaced) {
                Some(n) => {
                    v += number_word(t.get(n).unwrap_or("")).unwrap_or(0.0);
                    last = n;
                }
                None => break,
            }
        }
        (v, last, true)
    };
    // Scale words: "1.5 million", "one hundred thousand".
    let mut scaled = false;
    while let Some(n) = t
        .after_space(last)
        .filter(|&n| t.get(n).and_then(scale).is_some())
    {
        value *= scale(t.get(n).unwrap_or("")).unwrap_or(1.0);
        last = n;
        scaled = true;
    }
    // Units: "30%", "30 per cent", "100 days".
    let mut unit_key = "";
    if t.get(last + 1) == Some("%") {
        unit_key = "%";
        last += 1;
    } else if let Some(n) = t.after_space(last) {
        let word = t.get(n).unwrap_or("");
        match unit(word) {
            Some("%") if word.eq_ignore_ascii_case("per") => {
                if let Some(c) = t
                    .after_space(n)
                    .filter(|&c| t.get(c).is_some_and(|c| c.eq_ignore_ascii_case("cent")))
                {
                    unit_key = "%";
                    last = c;
                }
            }
            Some(u) => {
                unit_key = u;
                last = n;
            }
            None => {}
        }
    }
    let bare = spelled && cur.is_none() && !scaled && unit_key.is_empty() && last == first_num;
    // A lone "one" is not a figure: "one another", "on the one hand".
    if bare && first.eq_ignore_ascii_case("one") {
        return None;
    }
    let key = format!("{}{}{unit_key}", cur.unwrap_or(""), format_value(value));
    let bare = bare && !first.eq_ignore_ascii_case("half");
    Some((
        Term {
            bare,
            ..term(TermKind::Number, key)
        },
        last,
    ))
}

fn is_month(s: Option<&str>) -> bool {
    s.is_some_and(|s| MONTHS.contains(&s))
}

fn date_term(t: &Tokens, first: usize, last: usize) -> Term {
    let key: String = (first..=last)
        .filter_map(|k| t.get(k))
        .filter(|s| is_word(s))
        .map(|s| s.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    term(TermKind::Number, format!("date:{key}"))
}

/// The value of a numeral with `,` `.` or `'` separators. Where both `,` and `.` occur the
/// last one is the decimal mark; a lone `,` or `'` before exactly three digits groups
/// thousands ("600,000"); so do `.`s when there are several ("1.500.000"); otherwise the
/// mark is decimal ("1.5", "2,5").
fn numeral_value(s: &str) -> Option<f64> {
    let marks: Vec<(usize, char)> = s
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_digit())
        .collect();
    let decimal: Option<usize> = match marks.last() {
        None => None,
        Some(&(pos, mark)) => {
            let mixed = marks.iter().any(|&(_, c)| c != mark);
            let digits_after = s.len() - pos - 1;
            let same = marks.iter().filter(|&&(_, c)| c == mark).count();
            if mark == '\'' {
                None
            } else if mixed {
                Some(pos)
            } else if digits_after == 3 && (mark == ',' || same > 1) {
                None
            } else if same == 1 {
                Some(pos)
            } else {
                None
            }
        }
    };
    let mut plain = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() {
            plain.push(c);
        } else if Some(i) == decimal {
            plain.push('.');
        }
    }
    plain.parse::<f64>().ok()
}

fn format_value(v: f64) -> String {
    // Rounded to 9 significant decimals so 1.1 million and 1,100,000 agree.
    let rounded = (v * 1e9).round() / 1e9;
    format!("{rounded}")
}

/// An obligation at segment `i`, whose word normalized is `word`.
fn obligation_at(t: &Tokens, i: usize, word: &str) -> Option<(Term, usize)> {
    let (base, negated, last) = if let Some(base) = negated_modal(word) {
        (base, true, i)
    } else if let Some(base) = OBLIGATIONS.iter().find(|&&o| o == word) {
        match t.after_space(i) {
            Some(n) if t.get(n).is_some_and(|w| w.eq_ignore_ascii_case("not")) => (*base, true, n),
            _ => (*base, false, i),
        }
    } else {
        return None;
    };
    let key = if negated {
        format!("{base} not")
    } else {
        base.to_string()
    };
    Some((term(TermKind::Obligation, key), last))
}

/// A negation at segment `i`, whose word normalized is `word`.
fn negation_at(t: &Tokens, i: usize, word: &str) -> Option<(Term, usize)> {
    if NEGATIONS.contains(&word) {
        // "no more than", "no later than": a bound, not a negation.
        let bound = word == "no"
            && t.after_space(i).is_some_and(|n| {
                let next = lowercase(t.get(n).unwrap_or(""));
                matches!(
                    next.as_ref(),
                    "more" | "less" | "fewer" | "later" | "earlier" | "greater"
                ) && t
                    .after_space(n)
                    .is_some_and(|m| t.get(m).is_some_and(|w| w.eq_ignore_ascii_case("than")))
            });
        if bound {
            return None;
        }
        return Some((term(TermKind::Negation, word.to_string()), i));
    }
    if word.ends_with("n't") && word.len() > 3 {
        return Some((term(TermKind::Negation, "not".into()), i));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::redline;
    use crate::model::{Draft, Provision};

    fn keys(text: &str) -> Vec<(TermKind, String, String)> {
        terms(text)
            .into_iter()
            .map(|t| (t.kind, t.text, t.key))
            .collect()
    }

    fn number_keys(text: &str) -> Vec<String> {
        terms(text)
            .into_iter()
            .filter(|t| t.kind == TermKind::Number)
            .map(|t| t.key)
            .collect()
    }

    #[test]
    fn numbers_are_read_by_value() {
        for (text, expected) in [
            ("capped at 600,000 personnel", vec!["600000"]),
            ("capped at 600 000 personnel", vec!["600000"]),
            ("1.5 million people", vec!["1500000"]),
            ("1,5 million people", vec!["1500000"]),
            ("one million people", vec!["1000000"]),
            ("1,500,000 people", vec!["1500000"]),
            ("1.500.000 people", vec!["1500000"]),
            ("30% of the revenue", vec!["30%"]),
            ("30 per cent of it", vec!["30%"]),
            ("30 percent of it", vec!["30%"]),
            ("on 2025-11-20 at noon", vec!["date:2025-11-20"]),
            ("on 20 November 2025", vec!["date:20 november 2025"]),
            ("on November 20, 2025", vec!["date:november 20 2025"]),
            ("by the end of March", vec!["date:march"]),
            ("within 100 days", vec!["100day"]),
            ("within one year", vec!["1year"]),
            ("USD 100 billion", vec!["usd100000000000"]),
            ("$100 billion", vec!["usd100000000000"]),
            ("the past thirty years", vec!["30year"]),
            ("twenty-five members", vec!["25"]),
            ("points 3 and 4", vec!["3", "4"]),
            // Not figures.
            ("not to attack one another", vec![]),
            ("as soon as possible", vec![]),
            ("Ukraine may join", vec![]),
        ] {
            assert_eq!(number_keys(text), expected, "{text:?}");
        }
    }

    #[test]
    fn obligations_and_negations() {
        use TermKind::*;
        let k = |kind, text: &str, key: &str| (kind, text.to_string(), key.to_string());
        for (text, expected) in [
            (
                "The parties shall meet",
                vec![k(Obligation, "shall", "shall")],
            ),
            (
                "They shall not meet",
                vec![k(Obligation, "shall not", "shall not")],
            ),
            (
                "They must not meet",
                vec![k(Obligation, "must not", "must not")],
            ),
            ("They cannot meet", vec![k(Obligation, "cannot", "can not")]),
            ("They can't meet", vec![k(Obligation, "can't", "can not")]),
            ("They can’t meet", vec![k(Obligation, "can’t", "can not")]),
            (
                "It may not be used",
                vec![k(Obligation, "may not", "may not")],
            ),
            ("It won't be used", vec![k(Obligation, "won't", "will not")]),
            (
                "Russia will, should and can",
                vec![
                    k(Obligation, "will", "will"),
                    k(Obligation, "should", "should"),
                    k(Obligation, "can", "can"),
                ],
            ),
            (
                "never without consent",
                vec![
                    k(Negation, "never", "never"),
                    k(Negation, "without", "without"),
                ],
            ),
            (
                "No forces; it is not so; it doesn't",
                vec![
                    k(Negation, "No", "no"),
                    k(Negation, "not", "not"),
                    k(Negation, "doesn't", "not"),
                ],
            ),
            // The month is a date, not the modal.
            (
                "until May 2026",
                vec![k(Number, "May 2026", "date:may 2026")],
            ),
        ] {
            assert_eq!(keys(text), expected, "{text:?}");
        }
    }

    fn provision(id: &str, text: &str, tags: &[&str]) -> Provision {
        Provision {
            id: id.into(),
            id_explicit: true,
            title: None,
            text: text.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            depth: 0,
            line: 0,
        }
    }

    fn change(old: &str, new: &str) -> Change {
        Change {
            kind: ChangeKind::Changed,
            old: vec![provision("6", old, &["military"])],
            new: vec![provision("4", new, &[])],
            renumbered: true,
            moved: false,
            similarity: 0.5,
            diff: redline(old, new),
            assessment: crate::report::Assessment::default(),
        }
    }

    fn fired(old: &str, new: &str) -> Vec<(&'static str, Vec<String>, Vec<String>)> {
        wording(&change(old, new))
            .into_iter()
            .map(|h| (h.kind.name(), h.old_terms, h.new_terms))
            .collect()
    }

    fn s(list: &[&str]) -> Vec<String> {
        list.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn wording_rules() {
        for (old, new, expected) in [
            (
                "Forces are capped at 600,000 personnel.",
                "Forces are capped at 800,000 personnel.",
                vec![("number_changed", s(&["600,000"]), s(&["800,000"]))],
            ),
            // Same value, other format: nothing to report.
            (
                "Forces are capped at 600,000 personnel.",
                "Forces are capped at 600 000 personnel.",
                vec![],
            ),
            (
                "Elections are held within 100 days.",
                "Elections are held as soon as possible.",
                vec![("number_changed", s(&["100 days"]), s(&[]))],
            ),
            (
                "The parties shall meet.",
                "The parties may meet.",
                vec![("obligation_changed", s(&["shall"]), s(&["may"]))],
            ),
            (
                "The parties shall meet.",
                "The parties shall not meet.",
                vec![("obligation_changed", s(&["shall"]), s(&["shall not"]))],
            ),
            (
                "The parties must not meet.",
                "The parties must meet.",
                vec![("obligation_changed", s(&["must not"]), s(&["must"]))],
            ),
            (
                "The parties cannot meet.",
                "The parties can meet.",
                vec![("obligation_changed", s(&["cannot"]), s(&["can"]))],
            ),
            (
                "Sanctions are lifted with consent.",
                "Sanctions are lifted without consent.",
                vec![("negation_changed", s(&[]), s(&["without"]))],
            ),
            (
                "NATO forces are stationed there.",
                "No NATO forces are stationed there.",
                vec![("negation_changed", s(&[]), s(&["No"]))],
            ),
            // A figure that moved inside the provision is not a change of figure.
            (
                "Within 30 days, the parties meet in Geneva.",
                "The parties meet in Geneva within 30 days.",
                vec![],
            ),
            // Rewording around an unchanged figure and obligation.
            (
                "Ukraine shall keep 600,000 soldiers.",
                "Ukraine shall retain 600,000 soldiers.",
                vec![],
            ),
        ] {
            assert_eq!(fired(old, new), expected, "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn what_says_became_only_for_a_like_for_like_replacement() {
        for (old, new, expected) in [
            (
                &["600,000"][..],
                &["800,000"][..],
                "“600,000” became “800,000”",
            ),
            (&["shall"], &["may not"], "“shall” became “may not”"),
            (&["600,000"], &["two"], "“600,000” dropped, “two” added"),
            (&["100 days"], &[], "“100 days” dropped"),
            (&[], &["not"], "“not” added"),
            (
                &["USD 100 billion", "USD 100 billion"],
                &["USD 50 billion", "USD 50 billion"],
                "“USD 100 billion” became “USD 50 billion”",
            ),
            (
                &["USD 5 billion"],
                &["10 kilometres"],
                "“USD 5 billion” dropped, “10 kilometres” added",
            ),
        ] {
            assert_eq!(what(&s(old), &s(new)), expected);
        }
    }

    #[test]
    fn passage_keeps_context_and_reconstructs() {
        let h = &wording(&change(
            "Ukraine's armed forces may number no more than 600,000 personnel in peacetime.",
            "Ukraine's armed forces may number no more than 800,000 personnel in peacetime.",
        ))[0];
        assert_eq!(h.before, "…number no more than ");
        assert_eq!((h.old.as_str(), h.new.as_str()), ("600,000", "800,000"));
        assert_eq!(h.after, " personnel in peacetime.");
        assert_eq!(h.tags, s(&["military"]));
        assert_eq!(h.text, "6 → 4: “600,000” became “800,000”.");
    }

    #[test]
    fn long_passages_are_cut_around_the_term() {
        let filler = "word ".repeat(40);
        let old = format!("{filler}within 100 days {filler}");
        let new = "Something else entirely.".to_string();
        let h = &wording(&change(&old, &new))[0];
        assert!(h.old.contains("within 100 days"), "{}", h.old);
        assert!(h.old.starts_with('…') && h.old.ends_with('…'), "{}", h.old);
        assert!(word_spans(&h.old).len() <= MAX_PHRASE_WORDS);
    }

    #[test]
    fn report_lists_counts_first_then_kinds_in_order() {
        let draft = |provisions: Vec<Provision>| Draft {
            document: "d".into(),
            version: "v".into(),
            date: None,
            title: None,
            source: None,
            status: None,
            provisions,
            origin: String::new(),
        };
        let old = draft(vec![
            provision(
                "1",
                "The parties shall meet within 100 days in Geneva.",
                &[],
            ),
            provision(
                "2",
                "Russia is expected not to invade its neighbours.",
                &["nato"],
            ),
        ]);
        let new = draft(vec![
            provision("1", "The parties may meet within 30 days in Geneva.", &[]),
            provision(
                "2",
                "European combat aircraft are based in Poland.",
                &["europe"],
            ),
        ]);
        let report = Report::compare(&old, &new);
        let kinds: Vec<&str> = report.highlights.iter().map(|h| h.kind.name()).collect();
        assert_eq!(
            kinds,
            [
                "counts",
                "number_changed",
                "obligation_changed",
                "provision_removed",
                "provision_added"
            ]
        );
        assert_eq!(report.highlights[0].text, report.headline());
        assert_eq!(report.highlights[3].tags, s(&["nato"]));
        assert_eq!(report.highlights[3].text, "Removed 2, tagged nato.");
    }
}
