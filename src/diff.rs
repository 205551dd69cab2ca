//! Word-level redlines inside one aligned group of provisions, built on `similar`.
//!
//! Output never depends on machine speed: there is no time deadline. Instead, very long
//! texts are diffed sentence by sentence first and words only inside changed sentences,
//! and a changed stretch too long to diff word by word is shown as one deletion and one
//! insertion, as is every stretch once one redline has used its budget of diff work. The
//! bounds are counts, so the same input always gives the same redline.

use std::collections::HashMap;
use std::hash::Hash;
use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffOp, DiffTag};

use crate::align::longest_increasing;
use crate::text::is_wordlike;
use crate::words::segments;

/// One run of a redline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Equal => "equal",
            Op::Delete => "delete",
            Op::Insert => "insert",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    pub op: Op,
    pub text: String,
}

/// Myers' worst case grows with the square of what it is given (a stretch that shares
/// nothing costs about (n + m)² / 2 steps), so it only ever sees stretches of at most this
/// many tokens, old and new together. A longer text is diffed sentence by sentence first.
const WORD_DIFF_LIMIT: usize = 8_000;

/// The same bound for the sentences in a stretch between two anchor sentences.
const SENTENCE_DIFF_LIMIT: usize = 8_000;

/// Total Myers work allowed for one redline, counted as Σ (n + m)² over the stretches it
/// diffs: about a second of work. Past it, a changed stretch is shown as one deletion and
/// one insertion, which is still a correct redline. Only hostile or wholly rewritten texts
/// of several megabytes get there.
const MYERS_BUDGET: u64 = 1 << 28;

/// An equal run between two changes is folded into them when it holds no word, or one
/// short word ("the", "of", "and"): a redline that alternates such crumbs with changes is
/// harder to read than the old and new phrases side by side. Longer kept words stay, since
/// they tell the reader what did not change.
const CONFETTI_WORD_CHARS: usize = 3;

/// What is left of [`MYERS_BUDGET`].
struct Budget(u64);

impl Budget {
    /// Takes the worst-case cost of diffing `len` items, if that much is left.
    fn take(&mut self, len: usize) -> bool {
        let cost = (len as u64).saturating_mul(len as u64);
        let ok = cost <= self.0;
        if ok {
            self.0 -= cost;
        }
        ok
    }
}

/// The redline from `old` to `new`: segments in reading order, a deletion before the
/// insertion that replaces it. Concatenating equal and delete segments gives `old`;
/// equal and insert segments give `new`.
pub fn redline(old: &str, new: &str) -> Vec<Segment> {
    let old_tokens = segments(old);
    let new_tokens = segments(new);
    let mut raw: Vec<(Op, &str)> = Vec::new();
    let mut budget = Budget(MYERS_BUDGET);
    if old_tokens.len() + new_tokens.len() <= WORD_DIFF_LIMIT {
        diff_words(&old_tokens, &new_tokens, &mut budget, &mut raw);
    } else {
        diff_by_sentences(&old_tokens, &new_tokens, &mut budget, &mut raw);
    }
    coalesce(defragment(slide(raw)))
}

/// Myers over words when the stretch is short enough and the budget allows, else the
/// stretch between its common beginning and end as replaced.
fn diff_words<'a>(
    old: &[&'a str],
    new: &[&'a str],
    budget: &mut Budget,
    out: &mut Vec<(Op, &'a str)>,
) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    out.extend(old[..prefix].iter().map(|t| (Op::Equal, *t)));
    let (old, new) = (&old[prefix..], &new[prefix..]);
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old, new, common_end) = (
        &old[..old.len() - suffix],
        &new[..new.len() - suffix],
        &old[old.len() - suffix..],
    );
    let len = old.len() + new.len();
    if old.is_empty() || new.is_empty() || (len <= WORD_DIFF_LIMIT && budget.take(len)) {
        for op in capture_diff_slices(Algorithm::Myers, old, new) {
            emit(op, old, new, out);
        }
    } else {
        out.extend(old.iter().map(|t| (Op::Delete, *t)));
        out.extend(new.iter().map(|t| (Op::Insert, *t)));
    }
    out.extend(common_end.iter().map(|t| (Op::Equal, *t)));
}

fn emit<'a>(op: DiffOp, old: &[&'a str], new: &[&'a str], out: &mut Vec<(Op, &'a str)>) {
    let (tag, o, n) = op.as_tag_tuple();
    match tag {
        DiffTag::Equal => out.extend(old[o].iter().map(|t| (Op::Equal, *t))),
        _ => {
            out.extend(old[o].iter().map(|t| (Op::Delete, *t)));
            out.extend(new[n].iter().map(|t| (Op::Insert, *t)));
        }
    }
}

/// Diffs sentences first, then words inside each changed run of sentences that is small
/// enough.
fn diff_by_sentences<'a>(
    old: &[&'a str],
    new: &[&'a str],
    budget: &mut Budget,
    out: &mut Vec<(Op, &'a str)>,
) {
    let old_sentences = sentences(old);
    let new_sentences = sentences(new);
    let old_keys: Vec<&[&str]> = old_sentences.iter().map(|r| &old[r.clone()]).collect();
    let new_keys: Vec<&[&str]> = new_sentences.iter().map(|r| &new[r.clone()]).collect();
    let span = |ranges: &[Range<usize>], r: Range<usize>| {
        if r.is_empty() {
            0..0
        } else {
            ranges[r.start].start..ranges[r.end - 1].end
        }
    };
    for stretch in stretches(&old_keys, &new_keys, budget) {
        let old_part = &old[span(&old_sentences, stretch.old)];
        let new_part = &new[span(&new_sentences, stretch.new)];
        if stretch.equal {
            out.extend(old_part.iter().map(|t| (Op::Equal, *t)));
        } else {
            diff_words(old_part, new_part, budget, out);
        }
    }
}

/// A run of items that is the same on both sides, or changed (either side may be empty).
struct Stretch {
    equal: bool,
    old: Range<usize>,
    new: Range<usize>,
}

/// Patience diff with bounded gaps: items that occur exactly once on each side anchor
/// the diff (the longest in-order chain of them), and the gaps between anchors go to
/// Myers when they are short enough and the budget allows, else count as changed whole.
/// Near-linear whatever the input; similar's own patience diff would hand an unbounded
/// gap to Myers.
fn stretches<T: Hash + Ord>(old: &[T], new: &[T], budget: &mut Budget) -> Vec<Stretch> {
    let mut seen: HashMap<&T, [(usize, usize); 2]> = HashMap::new(); // (count, position)
    for (side, items) in [old, new].into_iter().enumerate() {
        for (i, item) in items.iter().enumerate() {
            let entry = seen.entry(item).or_insert([(0, 0); 2]);
            entry[side] = (entry[side].0 + 1, i);
        }
    }
    let mut unique: Vec<(usize, usize)> = seen
        .values()
        .filter(|[o, n]| o.0 == 1 && n.0 == 1)
        .map(|[o, n]| (o.1, n.1))
        .collect();
    unique.sort_unstable();
    let chain = longest_increasing(&unique.iter().map(|&(_, n)| n).collect::<Vec<_>>());
    let mut out = Vec::new();
    let (mut o, mut n) = (0, 0);
    for (ao, an) in chain
        .into_iter()
        .map(|k| unique[k])
        .chain(std::iter::once((old.len(), new.len())))
    {
        gap(old, new, o..ao, n..an, budget, &mut out);
        if ao < old.len() {
            out.push(Stretch {
                equal: true,
                old: ao..ao + 1,
                new: an..an + 1,
            });
        }
        (o, n) = (ao + 1, an + 1);
    }
    out
}

/// The stretches of one gap between anchors.
fn gap<T: Hash + Ord>(
    old: &[T],
    new: &[T],
    mut o: Range<usize>,
    mut n: Range<usize>,
    budget: &mut Budget,
    out: &mut Vec<Stretch>,
) {
    let prefix = old[o.clone()]
        .iter()
        .zip(&new[n.clone()])
        .take_while(|(a, b)| a == b)
        .count();
    if prefix > 0 {
        out.push(Stretch {
            equal: true,
            old: o.start..o.start + prefix,
            new: n.start..n.start + prefix,
        });
        o.start += prefix;
        n.start += prefix;
    }
    let suffix = old[o.clone()]
        .iter()
        .rev()
        .zip(new[n.clone()].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let tail = Stretch {
        equal: true,
        old: o.end - suffix..o.end,
        new: n.end - suffix..n.end,
    };
    o.end -= suffix;
    n.end -= suffix;
    let len = o.len() + n.len();
    if o.is_empty() || n.is_empty() || len > SENTENCE_DIFF_LIMIT || !budget.take(len) {
        if len > 0 {
            out.push(Stretch {
                equal: false,
                old: o,
                new: n,
            });
        }
    } else {
        for op in capture_diff_slices(Algorithm::Myers, &old[o.clone()], &new[n.clone()]) {
            let (tag, a, b) = op.as_tag_tuple();
            out.push(Stretch {
                equal: tag == DiffTag::Equal,
                old: o.start + a.start..o.start + a.end,
                new: n.start + b.start..n.start + b.end,
            });
        }
    }
    if suffix > 0 {
        out.push(tail);
    }
}

/// Token ranges of sentences: a sentence ends after `.`, `!`, `?`, `;` or their CJK forms.
fn sentences(tokens: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if matches!(*t, "." | "!" | "?" | ";" | "。" | "！" | "？" | "；") {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Slides each pure insertion or deletion as far right as it can go while it still ends on
/// a word or punctuation mark: an inserted sentence shows as `settled.{+ More text.+}`
/// rather than `settled{+. More text+}.`. Where a run of inserted tokens starts with the
/// same token that follows it, the two can swap roles without changing either side's
/// text; a diff is free to place such a run anywhere along the repeat.
fn slide(mut raw: Vec<(Op, &str)>) -> Vec<(Op, &str)> {
    let mut i = 0;
    while i < raw.len() {
        let op = raw[i].0;
        if op == Op::Equal {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < raw.len() && raw[end].0 == op {
            end += 1;
        }
        let pure = (start == 0 || raw[start - 1].0 == Op::Equal)
            && (end == raw.len() || raw[end].0 == Op::Equal);
        if !pure {
            i = end;
            continue;
        }
        // How far the run could slide, and the furthest slide that leaves it ending on
        // something other than a space.
        let mut reach = 0;
        while end + reach < raw.len()
            && raw[end + reach].0 == Op::Equal
            && raw[end + reach].1 == raw[start + reach].1
        {
            reach += 1;
        }
        let best = (0..=reach)
            .rev()
            .find(|&k| !raw[end + k - 1].1.chars().all(char::is_whitespace))
            .unwrap_or(0);
        for k in 0..best {
            raw[start + k].0 = Op::Equal;
            raw[end + k].0 = op;
        }
        let e = end + best;
        i = e;
    }
    raw
}

/// Folds short equal runs that sit between two changes into the changes around them.
fn defragment(tokens: Vec<(Op, &str)>) -> Vec<(Op, String)> {
    // Group consecutive tokens by op.
    let mut runs: Vec<(Op, String, usize)> = Vec::new(); // op, text, word count
    for (op, t) in tokens {
        let words = usize::from(is_wordlike(t));
        match runs.last_mut() {
            Some((last, text, count)) if *last == op => {
                text.push_str(t);
                *count += words;
            }
            _ => runs.push((op, t.to_string(), words)),
        }
    }
    let mut out: Vec<(Op, String)> = Vec::with_capacity(runs.len());
    for i in 0..runs.len() {
        let (op, text, words) = &runs[i];
        let between_changes = i > 0 && i + 1 < runs.len();
        let crumb = *words == 0
            || (*words == 1
                && text.chars().filter(|c| c.is_alphanumeric()).count() <= CONFETTI_WORD_CHARS);
        if *op == Op::Equal && between_changes && crumb {
            // Kept in both old and new: it becomes part of the deletion and the insertion.
            out.push((Op::Delete, text.clone()));
            out.push((Op::Insert, text.clone()));
        } else {
            out.push((*op, text.clone()));
        }
    }
    out
}

/// Merges each stretch of consecutive changes into one deletion followed by one insertion.
fn coalesce(runs: Vec<(Op, String)>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let (mut deleted, mut inserted) = (String::new(), String::new());
    let flush = |out: &mut Vec<Segment>, deleted: &mut String, inserted: &mut String| {
        if !deleted.is_empty() {
            out.push(Segment {
                op: Op::Delete,
                text: std::mem::take(deleted),
            });
        }
        if !inserted.is_empty() {
            out.push(Segment {
                op: Op::Insert,
                text: std::mem::take(inserted),
            });
        }
    };
    for (op, text) in runs {
        match op {
            Op::Delete => deleted.push_str(&text),
            Op::Insert => inserted.push_str(&text),
            Op::Equal => {
                flush(&mut out, &mut deleted, &mut inserted);
                match out.last_mut() {
                    Some(last) if last.op == Op::Equal => last.text.push_str(&text),
                    _ => out.push(Segment {
                        op: Op::Equal,
                        text,
                    }),
                }
            }
        }
    }
    flush(&mut out, &mut deleted, &mut inserted);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match s.op {
                Op::Equal => s.text.clone(),
                Op::Delete => format!("[-{}-]", s.text),
                Op::Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    fn sides(segments: &[Segment]) -> (String, String) {
        let old = segments
            .iter()
            .filter(|s| s.op != Op::Insert)
            .map(|s| s.text.as_str())
            .collect();
        let new = segments
            .iter()
            .filter(|s| s.op != Op::Delete)
            .map(|s| s.text.as_str())
            .collect();
        (old, new)
    }

    #[test]
    fn redlines() {
        for (old, new, expected) in [
            (
                "capped at 600,000 personnel.",
                "capped at 800,000 personnel.",
                "capped at [-600,000-]{+800,000+} personnel.",
            ),
            ("a b c", "a b c", "a b c"),
            // An added sentence ends at its full stop, not before the old one.
            (
                "It is settled.",
                "It is settled. More follows.",
                "It is settled.{+ More follows.+}",
            ),
            ("", "new text", "{+new text+}"),
            ("old text", "", "[-old text-]"),
            // The lone kept "the" is folded, not left as confetti between two changes.
            (
                "sign the treaty now",
                "ratify the accord now",
                "[-sign the treaty-]{+ratify the accord+} now",
            ),
        ] {
            assert_eq!(render(&redline(old, new)), expected, "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn both_sides_are_reconstructed() {
        for (old, new) in [
            (
                "The parties shall meet. Within 100 days.",
                "The parties may meet; as soon as possible.",
            ),
            ("和平计划第六条", "和平协议第七条"),
            ("x", "y"),
        ] {
            assert_eq!(
                sides(&redline(old, new)),
                (old.to_string(), new.to_string())
            );
        }
    }

    #[test]
    fn long_texts_go_through_sentences_and_still_reconstruct() {
        let old: String = (0..3000)
            .map(|i| format!("Sentence {i} says a thing. "))
            .collect();
        let new = old.replace("Sentence 1500 says", "Sentence 1500 now says");
        let segments = redline(&old, &new);
        assert_eq!(sides(&segments), (old.clone(), new.clone()));
        assert!(render(&segments).contains("{+now +}"));
    }

    // Found by the hostile-input tests: a short old text against a 200,000-token new one
    // went straight to Myers, whose cost grows with the square of the longer side (hours).
    #[test]
    fn lopsided_texts_hung_word_myers() {
        let old = "alpha ; beta".to_string();
        let new = format!("alpha{} beta", " ,".repeat(100_000));
        let (o, n) = (old.clone(), new.clone());
        let segments = crate::test_support::within_a_minute(move || redline(&o, &n));
        assert_eq!(sides(&segments), (old, new));
        assert!(segments[0].text.starts_with("alpha"));
    }

    // The same at the sentence level: one long sentence against 100,000 short ones went to
    // similar's patience diff, which hands the unanchored gap to an unbounded Myers.
    #[test]
    fn one_sentence_against_many_hung_sentence_myers() {
        let old = format!("Alpha. {}. Beta.", "gamma ".repeat(5_000));
        let new: String = format!(
            "Alpha.{} Beta.",
            (0..100_000).map(|i| format!(" x{i};")).collect::<String>()
        );
        let (o, n) = (old.clone(), new.clone());
        let segments = crate::test_support::within_a_minute(move || redline(&o, &n));
        assert_eq!(sides(&segments), (old, new));
    }

    #[test]
    fn budget_runs_out_into_whole_replacements() {
        let mut budget = Budget(100);
        assert!(budget.take(10));
        assert!(!budget.take(1));
        let mut out = Vec::new();
        diff_words(&["a", "b", "c"], &["a", "x", "c"], &mut budget, &mut out);
        assert_eq!(
            out,
            [
                (Op::Equal, "a"),
                (Op::Delete, "b"),
                (Op::Insert, "x"),
                (Op::Equal, "c")
            ]
        );
        let mut out = Vec::new();
        diff_words(&["b", "y"], &["y", "x"], &mut budget, &mut out);
        assert_eq!(
            out,
            [
                (Op::Delete, "b"),
                (Op::Delete, "y"),
                (Op::Insert, "y"),
                (Op::Insert, "x")
            ]
        );
    }
}
