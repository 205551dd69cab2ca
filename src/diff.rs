//! Word-level redlines inside one aligned group of provisions, built on `similar`.
//!
//! Output never depends on machine speed: there is no time deadline. Instead, very long
//! texts are diffed sentence by sentence first and words only inside changed sentences,
//! and a changed stretch too long to diff word by word is shown as one deletion and one
//! insertion. Both bounds are counts, so the same input always gives the same redline.

use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::text::{is_wordlike, redline_tokens};

/// One run of a redline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub op: Op,
    pub text: String,
}

/// Above this many tokens on both sides of a changed stretch, diff sentences first.
const WORD_DIFF_LIMIT: usize = 4_000;

/// An equal run between two changes is folded into them when it holds no word, or one
/// short word ("the", "of", "and"): a redline that alternates such crumbs with changes is
/// harder to read than the old and new phrases side by side. Longer kept words stay, since
/// they tell the reader what did not change.
const CONFETTI_WORD_CHARS: usize = 3;

/// The redline from `old` to `new`: segments in reading order, a deletion before the
/// insertion that replaces it. Concatenating equal and delete segments gives `old`;
/// equal and insert segments give `new`.
pub fn redline(old: &str, new: &str) -> Vec<Segment> {
    let old_tokens = redline_tokens(old);
    let new_tokens = redline_tokens(new);
    let mut raw: Vec<(Op, &str)> = Vec::new();
    diff_tokens(&old_tokens, &new_tokens, &mut raw);
    coalesce(defragment(raw))
}

fn diff_tokens<'a>(old: &[&'a str], new: &[&'a str], out: &mut Vec<(Op, &'a str)>) {
    if old.len() > WORD_DIFF_LIMIT && new.len() > WORD_DIFF_LIMIT {
        return diff_by_sentences(old, new, out);
    }
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        emit(op, old, new, out);
    }
}

fn emit<'a>(op: DiffOp, old: &[&'a str], new: &[&'a str], out: &mut Vec<(Op, &'a str)>) {
    match op {
        DiffOp::Equal { old_index, len, .. } => out.extend(
            old[old_index..old_index + len]
                .iter()
                .map(|t| (Op::Equal, *t)),
        ),
        DiffOp::Delete {
            old_index, old_len, ..
        } => out.extend(
            old[old_index..old_index + old_len]
                .iter()
                .map(|t| (Op::Delete, *t)),
        ),
        DiffOp::Insert {
            new_index, new_len, ..
        } => out.extend(
            new[new_index..new_index + new_len]
                .iter()
                .map(|t| (Op::Insert, *t)),
        ),
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => {
            out.extend(
                old[old_index..old_index + old_len]
                    .iter()
                    .map(|t| (Op::Delete, *t)),
            );
            out.extend(
                new[new_index..new_index + new_len]
                    .iter()
                    .map(|t| (Op::Insert, *t)),
            );
        }
    }
}

/// Diffs sentences with patience (unique sentences anchor the rest), then words inside
/// each replaced block that is small enough.
fn diff_by_sentences<'a>(old: &[&'a str], new: &[&'a str], out: &mut Vec<(Op, &'a str)>) {
    let old_sentences = sentences(old);
    let new_sentences = sentences(new);
    let old_keys: Vec<&[&str]> = old_sentences.iter().map(|r| &old[r.clone()]).collect();
    let new_keys: Vec<&[&str]> = new_sentences.iter().map(|r| &new[r.clone()]).collect();
    let span = |ranges: &[std::ops::Range<usize>], i: usize, len: usize| {
        if len == 0 {
            0..0
        } else {
            ranges[i].start..ranges[i + len - 1].end
        }
    };
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        let (_, o, n) = op.as_tag_tuple();
        let o = span(&old_sentences, o.start, o.len());
        let n = span(&new_sentences, n.start, n.len());
        let (old_part, new_part) = (&old[o], &new[n]);
        match op {
            DiffOp::Equal { .. } => out.extend(old_part.iter().map(|t| (Op::Equal, *t))),
            _ if old_part.len() <= WORD_DIFF_LIMIT && new_part.len() <= WORD_DIFF_LIMIT => {
                for op in capture_diff_slices(Algorithm::Myers, old_part, new_part) {
                    emit(op, old_part, new_part, out);
                }
            }
            _ => {
                out.extend(old_part.iter().map(|t| (Op::Delete, *t)));
                out.extend(new_part.iter().map(|t| (Op::Insert, *t)));
            }
        }
    }
}

/// Token ranges of sentences: a sentence ends after `.`, `!`, `?`, `;` or their CJK forms.
fn sentences(tokens: &[&str]) -> Vec<std::ops::Range<usize>> {
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
}
