//! The report: the one hand-off type between the comparison and every output format.
//!
//! [`Report::compare`] runs alignment and word diffs; the renderers in the submodules only
//! read a `Report` and never see alignment internals. [`Report::compare_timed`] is the
//! same on drafts it may take apart, recording its stages for `--timings`.

pub mod brief;
pub mod highlights;
pub mod html;
pub mod json;
pub mod markdown;
pub mod terminal;

use std::borrow::Cow;

/// The version of everything draftdiff writes (reports, indexes, histories, in every
/// format). Bump it in the same commit as any change that alters one byte of them: the
/// pipeline then regenerates old reports instead of trusting them, and the test
/// `output_changes_bump_a_version` fails when the sample reports change without it.
pub const FORMAT_VERSION: u32 = 6;

use crate::align::{align_decided, ChangeKind, Confidence, Decided, Ground, Link};
use crate::diff::{redline, Op, Segment};
use crate::model::{Draft, Provision};
use crate::timings::Timings;

/// The comparison of two versions of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub document: String,
    pub old: Version,
    pub new: Version,
    pub summary: Summary,
    /// Every provision of both versions in exactly one change, in the new version's
    /// reading order, removed provisions where they stood.
    pub changes: Vec<Change>,
    /// Key changes, shown before the full list (see [`highlights`]).
    pub highlights: Vec<highlights::Highlight>,
}

/// Decisions taken by hand for one comparison, resolved to indexes, with their notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ByHand {
    pub decided: Vec<Decided>,
    /// By decision: its note.
    pub notes: Vec<Option<String>>,
}

/// What a report says about one version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Version {
    pub version: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub status: Option<String>,
    pub provisions: usize,
}

/// Number of changes of each kind (a split counts once, however many parts it has).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub unchanged: usize,
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    pub split: usize,
    pub merged: usize,
    pub renumbered: usize,
    pub moved: usize,
}

impl Summary {
    pub fn count(&self, kind: ChangeKind) -> usize {
        match kind {
            ChangeKind::Unchanged => self.unchanged,
            ChangeKind::Changed => self.changed,
            ChangeKind::Added => self.added,
            ChangeKind::Removed => self.removed,
            ChangeKind::Split => self.split,
            ChangeKind::Merged => self.merged,
        }
    }

    /// Counts one link of the alignment.
    fn tally(&mut self, link: &Link) {
        match link.kind {
            ChangeKind::Unchanged => self.unchanged += 1,
            ChangeKind::Changed => self.changed += 1,
            ChangeKind::Added => self.added += 1,
            ChangeKind::Removed => self.removed += 1,
            ChangeKind::Split => self.split += 1,
            ChangeKind::Merged => self.merged += 1,
        }
        self.renumbered += usize::from(link.renumbered);
        self.moved += usize::from(link.moved);
    }

    /// True when the versions differ in anything a reader would care about.
    pub fn has_differences(&self) -> bool {
        self.changed
            + self.added
            + self.removed
            + self.split
            + self.merged
            + self.renumbered
            + self.moved
            > 0
    }
}

/// One entry of the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub old: Vec<Provision>,
    pub new: Vec<Provision>,
    pub renumbered: bool,
    pub moved: bool,
    pub similarity: f64,
    /// Word-level redline from the old side's text to the new side's; empty for
    /// unchanged, added and removed provisions, whose text is shown whole.
    pub diff: Vec<Segment>,
    /// What the pairing rests on and how sure it is.
    pub assessment: Assessment,
}

/// What a change rests on: the alignment's evidence and confidence, with ids for indexes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Assessment {
    pub confidence: Confidence,
    /// From the vocabulary of [`Ground`], in its order.
    pub evidence: Vec<Ground>,
    /// Share of the shorter side's word pairs found in the other.
    pub contained: f64,
    /// For a change with both sides, the runner-up; for a removed or added provision, its
    /// nearest candidate on the other side.
    pub alternative: Option<Rival>,
    /// Set by hand: the correction's note, if it has one (empty when it has none).
    pub by_hand: Option<String>,
}

/// A pair the alignment did not make, by ids.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rival {
    pub old: String,
    pub new: String,
    pub similarity: f64,
}

impl Default for Assessment {
    /// Sure, on no evidence: what a change built by hand in a test needs.
    fn default() -> Assessment {
        Assessment {
            confidence: Confidence::High,
            evidence: Vec::new(),
            contained: 0.0,
            alternative: None,
            by_hand: None,
        }
    }
}

impl Assessment {
    pub fn is_low(&self) -> bool {
        self.confidence == Confidence::Low
    }
}

impl Change {
    pub fn old_ids(&self) -> Vec<&str> {
        self.old.iter().map(|p| p.id.as_str()).collect()
    }

    pub fn new_ids(&self) -> Vec<&str> {
        self.new.iter().map(|p| p.id.as_str()).collect()
    }

    /// The texts of one side joined as one passage (several parts of a split or merge).
    pub fn joined_text(provisions: &[Provision]) -> String {
        joined(provisions).into_owned()
    }

    /// The title to show: the new one where there is one.
    pub fn title(&self) -> Option<&str> {
        self.new
            .iter()
            .chain(&self.old)
            .find_map(|p| p.title.as_deref())
    }

    /// Title and tag changes of a provision that kept its identity: `(field, old, new)`,
    /// with an empty string for a title that was absent. Empty for added and removed ones.
    pub fn attribute_changes(&self) -> Vec<(&'static str, String, String)> {
        let (Some(old), Some(new)) = (self.old.first(), self.new.first()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        // A split or merge lists every part with its title (`Change::parts`): comparing
        // the first titles alone would misreport the others.
        if self.old.len() > 1 || self.new.len() > 1 {
            return out;
        }
        if old.title != new.title {
            let title = |p: &Provision| p.title.clone().unwrap_or_default();
            out.push(("title", title(old), title(new)));
        }
        if old.tags != new.tags {
            out.push(("tags", old.tags.join(", "), new.tags.join(", ")));
        }
        out
    }

    /// The parts of a split (its new provisions) or merge (its old ones), each with its
    /// own piece of the redline, so that a reader sees where one part ends and the next
    /// begins. Empty for every other kind.
    pub fn parts(&self) -> Vec<(&Provision, Vec<Segment>)> {
        let (side, counted) = match self.kind {
            ChangeKind::Split => (&self.new, Op::Insert),
            ChangeKind::Merged => (&self.old, Op::Delete),
            _ => return Vec::new(),
        };
        let lengths: Vec<usize> = side.iter().map(|p| p.text.len()).collect();
        side.iter()
            .zip(cut_redline(&self.diff, counted, &lengths))
            .collect()
    }

    /// "Old 21 (Territories); 22 (No change by force) were merged into new 13
    /// (Territories)": which parts became which, every part with its title, each id and
    /// title passed through the renderer's `esc`. For a split or merge.
    pub fn parts_sentence(&self, esc: impl Fn(&str) -> String) -> String {
        let list = |side: &[Provision]| {
            side.iter()
                .map(|p| match &p.title {
                    Some(t) => format!("{} ({})", esc(&p.id), esc(t)),
                    None => esc(&p.id),
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let verb = if self.kind == ChangeKind::Split {
            "was split into"
        } else {
            "were merged into"
        };
        format!("Old {} {verb} new {}", list(&self.old), list(&self.new))
    }

    /// Which side [`Change::parts`] lists: "New" for a split, "Old" for a merge.
    pub fn parts_side(&self) -> &'static str {
        if self.kind == ChangeKind::Split {
            "New"
        } else {
            "Old"
        }
    }

    /// The word diff of a change whose text may differ; empty for unchanged, added and
    /// removed provisions, which are shown whole.
    fn word_diff(&self) -> Vec<Segment> {
        match self.kind {
            ChangeKind::Changed | ChangeKind::Split | ChangeKind::Merged => {
                redline(&joined(&self.old), &joined(&self.new))
            }
            _ => Vec::new(),
        }
    }

    /// The closest rival of a change with both sides, if one came close.
    pub fn runner_up(&self) -> Option<&Rival> {
        let both = !self.old.is_empty() && !self.new.is_empty();
        self.assessment.alternative.as_ref().filter(|_| both)
    }

    /// The nearest candidate of a removed or added provision.
    pub fn nearest(&self) -> Option<&Rival> {
        let lone = self.old.is_empty() || self.new.is_empty();
        self.assessment.alternative.as_ref().filter(|_| lone)
    }

    /// What a reader should check, in plain words, when the pairing is in doubt.
    pub fn doubt(&self) -> Option<String> {
        if !self.assessment.is_low() {
            return None;
        }
        let close = |r: &Rival, other: &str| {
            format!(
                "{other} {} shares some of its text (similarity {:.2})",
                if other == "new" { &r.new } else { &r.old },
                r.similarity
            )
        };
        Some(match self.kind {
            ChangeKind::Removed => match self.nearest() {
                Some(r) => format!("check: may be reworded, not removed: {}", close(r, "new")),
                None => "check: may be reworded, not removed".to_string(),
            },
            ChangeKind::Added => match self.nearest() {
                Some(r) => format!("check: may be reworded, not new: {}", close(r, "old")),
                None => "check: may be reworded, not new".to_string(),
            },
            ChangeKind::Split | ChangeKind::Merged => format!(
                "probably {}, check: the parts share only {:.0}% of the text",
                self.kind.name(),
                self.similarity * 100.0
            ),
            _ => format!(
                "probably the same provision, reworded: check ({})",
                self.why_in_doubt()
            ),
        })
    }

    /// Why a pairing is in doubt: a close rival, or little text in common.
    fn why_in_doubt(&self) -> String {
        if let Some(r) = self.runner_up() {
            return format!(
                "old {} and new {} came close, similarity {:.2}",
                r.old, r.new, r.similarity
            );
        }
        let evidence = &self.assessment.evidence;
        let textual = [Ground::SimilarText, Ground::ContainedText];
        if evidence.iter().any(|g| textual.contains(g)) {
            return "the texts are only just similar enough".to_string();
        }
        let rest: Vec<&str> = evidence
            .iter()
            .filter_map(|g| match g {
                Ground::SameId => Some("id"),
                Ground::SameTitle => Some("title"),
                Ground::SamePlace => Some("place"),
                _ => None,
            })
            .collect();
        match rest.as_slice() {
            [] => "the texts share little".to_string(),
            [one] => format!("the texts share little; it rests on the same {one}"),
            [init @ .., last] => format!(
                "the texts share little; it rests on the same {} and {last}",
                init.join(", ")
            ),
        }
    }

    /// "set by hand" and the correction's note, for a change a correction decided.
    pub fn by_hand(&self) -> Option<String> {
        self.assessment.by_hand.as_deref().map(|note| {
            if note.is_empty() {
                "set by hand".to_string()
            } else {
                format!("set by hand: {note}")
            }
        })
    }

    /// The doubt (marked ⚠) and the correction (marked ✎) to show under a change.
    pub fn notes(&self) -> Vec<(&'static str, String)> {
        marked(self.doubt(), self.by_hand())
    }

    /// `6 → 4`, `7`, `2, 3 → 2`: the ids as a reader follows them.
    pub fn id_label(&self) -> String {
        let old = self.old_ids().join(", ");
        let new = self.new_ids().join(", ");
        match (old.is_empty(), new.is_empty()) {
            (true, _) => new,
            (_, true) => old,
            _ if old == new => new,
            _ => format!("{old} → {new}"),
        }
    }
}

/// Cuts a redline into the parts of one side. That side's text is its parts' texts joined
/// by single spaces; `counted` (with `Equal`) is the op whose text is on that side, so the
/// cuts fall at those joints. Segments of the other side go with the part they fall in.
pub fn cut_redline(diff: &[Segment], counted: Op, lengths: &[usize]) -> Vec<Vec<Segment>> {
    let mut parts: Vec<Vec<Segment>> = vec![Vec::new(); lengths.len().max(1)];
    let last = parts.len() - 1;
    let (mut part, mut pos) = (0, 0); // pos: byte offset inside the current part
    let push = |parts: &mut Vec<Vec<Segment>>, part: usize, op: Op, text: &str| {
        let target = &mut parts[part.min(last)];
        match target.last_mut() {
            Some(prev) if prev.op == op => prev.text.push_str(text),
            _ => target.push(Segment {
                op,
                text: text.to_string(),
            }),
        }
    };
    for s in diff {
        if s.op != Op::Equal && s.op != counted {
            push(&mut parts, part, s.op, &s.text);
            continue;
        }
        let mut text = s.text.as_str();
        while !text.is_empty() {
            let room = lengths
                .get(part)
                .map_or(usize::MAX, |&l| l.saturating_sub(pos));
            if room == 0 && part < last {
                // The joining space belongs to no part.
                let skip = text.chars().next().map_or(0, char::len_utf8);
                text = &text[skip..];
                part += 1;
                pos = 0;
                continue;
            }
            let mut take = room.min(text.len());
            while !text.is_char_boundary(take) {
                take -= 1;
            }
            if take == 0 {
                take = text.chars().next().map_or(text.len(), char::len_utf8);
            }
            push(&mut parts, part, s.op, &text[..take]);
            pos += take;
            text = &text[take..];
        }
    }
    parts
}

/// The doubt (⚠) and the decision by hand (✎), in the order every format shows them:
/// changes and key changes share the marks so that a reader learns them once.
pub fn marked<T>(doubt: Option<T>, by_hand: Option<T>) -> Vec<(&'static str, T)> {
    let doubt = doubt.map(|d| ("⚠", d));
    let by_hand = by_hand.map(|b| ("✎", b));
    doubt.into_iter().chain(by_hand).collect()
}

impl Version {
    pub fn of(draft: &Draft) -> Version {
        Version {
            version: draft.version.clone(),
            date: draft.date.clone(),
            title: draft.title.clone(),
            source: draft.source.clone(),
            status: draft.status.clone(),
            provisions: draft.provisions.len(),
        }
    }

    /// `post-geneva (2025-11-23)`.
    pub fn label(&self) -> String {
        match &self.date {
            Some(d) => format!("{} ({d})", self.version),
            None => self.version.clone(),
        }
    }
}

impl Report {
    /// Aligns `old` with `new` and builds the redlines. Never fails.
    pub fn compare(old: &Draft, new: &Draft) -> Report {
        Report::compare_timed(old.clone(), new.clone(), &mut Timings::new())
    }

    /// [`Report::compare`] on drafts it may take apart: each provision moves into its
    /// change instead of being copied (a large draft is tens of megabytes of text). Adds
    /// the time spent aligning, diffing words and finding highlights to `timings`.
    pub fn compare_timed(old: Draft, new: Draft, timings: &mut Timings) -> Report {
        Report::compare_corrected(old, new, &ByHand::default(), timings)
    }

    /// [`Report::compare_timed`] around decisions taken by hand (see `corrections`).
    pub fn compare_corrected(
        old: Draft,
        new: Draft,
        by_hand: &ByHand,
        timings: &mut Timings,
    ) -> Report {
        let alignment = timings.time("align", || {
            align_decided(&old.provisions, &new.provisions, &by_hand.decided)
        });
        let rivals: Vec<Option<Rival>> = alignment
            .links
            .iter()
            .map(|l| {
                l.basis.alternative.map(|a| Rival {
                    old: old.provisions[a.old].id.clone(),
                    new: new.provisions[a.new].id.clone(),
                    similarity: a.similarity,
                })
            })
            .collect();
        let (old_version, new_version) = (Version::of(&old), Version::of(&new));
        let document = new.document;
        let mut old_provisions = Taker::new(old.provisions);
        let mut new_provisions = Taker::new(new.provisions);
        let mut summary = Summary::default();
        let mut changes: Vec<Change> = alignment
            .links
            .into_iter()
            .zip(rivals)
            .map(|(link, alternative)| {
                summary.tally(&link);
                let assessment = Assessment {
                    confidence: link.basis.confidence,
                    evidence: link.basis.evidence,
                    contained: link.basis.contained,
                    alternative,
                    by_hand: link
                        .basis
                        .decided
                        .map(|i| by_hand.notes.get(i).cloned().flatten().unwrap_or_default()),
                };
                Change {
                    kind: link.kind,
                    old: old_provisions.take(&link.old),
                    new: new_provisions.take(&link.new),
                    renumbered: link.renumbered,
                    moved: link.moved,
                    similarity: link.similarity,
                    diff: Vec::new(),
                    assessment,
                }
            })
            .collect();
        let diffs = timings.time("word diff", || {
            by_piece(&changes, |piece| {
                piece.iter().map(Change::word_diff).collect::<Vec<_>>()
            })
        });
        for (change, diff) in changes.iter_mut().zip(diffs.into_iter().flatten()) {
            change.diff = diff;
        }
        let mut report = Report {
            document,
            old: old_version,
            new: new_version,
            summary,
            changes,
            highlights: Vec::new(),
        };
        report.highlights = timings.time("highlights", || highlights::find(&report));
        report
    }

    /// Unchanged provisions that were renumbered or moved: worth a line, not a redline.
    pub fn renumbered_or_moved_only(&self) -> Vec<&Change> {
        self.changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Unchanged && (c.renumbered || c.moved))
            .collect()
    }

    /// "28 provisions became 19: 8 removed, 5 changed, 1 merged, 13 unchanged, 17
    /// renumbered." Kinds in a fixed order, those with no change left out.
    pub fn headline(&self) -> String {
        let mut parts: Vec<String> = ChangeKind::ALL
            .iter()
            .filter(|&&k| self.summary.count(k) > 0)
            .map(|&k| format!("{} {}", self.summary.count(k), k.name()))
            .collect();
        if self.summary.renumbered > 0 {
            parts.push(format!("{} renumbered", self.summary.renumbered));
        }
        if self.summary.moved > 0 {
            parts.push(format!("{} moved", self.summary.moved));
        }
        let plural = |n: usize| if n == 1 { "provision" } else { "provisions" };
        format!(
            "{} {} became {}: {}.",
            self.old.provisions,
            plural(self.old.provisions),
            self.new.provisions,
            parts.join(", ")
        )
    }
}

/// Changes handed to a thread at a time by [`by_piece`]: enough to make handing them out
/// negligible, few enough that the cores finish together when the work is uneven (only
/// changed provisions have word diffs).
const PIECE: usize = 256;

/// Below this many changes [`by_piece`] stays on the calling thread: threads pay off only
/// for thousands of changes, and `run` already compares documents on all cores.
const MIN_PARALLEL: usize = 2048;

/// `f` of each piece of `changes`, in order: on all cores for a large report. Word diffs
/// and key changes depend on one change alone, and on a large draft pair they are most
/// of the report's own work once alignment is done.
pub(crate) fn by_piece<R: Send>(changes: &[Change], f: impl Fn(&[Change]) -> R + Sync) -> Vec<R> {
    if changes.len() < MIN_PARALLEL {
        return vec![f(changes)];
    }
    let pieces: Vec<&[Change]> = changes.chunks(PIECE).collect();
    crate::parallel::map(&pieces, |piece| f(piece))
}

/// The provisions of a draft, each handed out once to the change it belongs to.
struct Taker(Vec<Option<Provision>>);

impl Taker {
    fn new(provisions: Vec<Provision>) -> Taker {
        Taker(provisions.into_iter().map(Some).collect())
    }

    /// The provisions at `indices`. The alignment puts every provision in exactly one
    /// link, so none is asked for twice; one that were would be left out, never copied.
    fn take(&mut self, indices: &[usize]) -> Vec<Provision> {
        // Sized to fit: collected through a filter, each list of one provision had room
        // for four, 7 MB of a 10,000-provision comparison's 22.
        let mut taken = Vec::with_capacity(indices.len());
        taken.extend(indices.iter().filter_map(|&i| self.0[i].take()));
        taken
    }
}

/// [`Change::joined_text`], borrowed when there is only one provision (nearly always).
pub(crate) fn joined(provisions: &[Provision]) -> Cow<'_, str> {
    match provisions {
        [one] => Cow::Borrowed(one.text.as_str()),
        _ => Cow::Owned(
            provisions
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

/// True when a segment list holds any change.
pub fn has_edits(diff: &[Segment]) -> bool {
    diff.iter().any(|s| s.op != Op::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report large enough for word diffs and key changes to run on all cores is the
    /// same as one computed change by change on one thread.
    #[test]
    fn a_large_report_built_on_all_cores_is_the_same_as_on_one() {
        let pair = crate::synth::generate(&crate::synth::SynthOptions::new(2_500, 5));
        let load = |yaml: &str| {
            crate::load::load_bytes(yaml.as_bytes(), "x", &crate::load::PathDefaults::default())
                .unwrap()
        };
        let report = Report::compare(&load(&pair.old_yaml), &load(&pair.new_yaml));
        assert!(
            report.changes.len() >= MIN_PARALLEL,
            "{}",
            report.changes.len()
        );
        let mut diffs = 0;
        for c in &report.changes {
            assert_eq!(c.word_diff(), c.diff);
            diffs += usize::from(!c.diff.is_empty());
        }
        assert!(diffs > 50, "{diffs}");
        let mut sequential: Vec<_> = report
            .changes
            .iter()
            .flat_map(highlights::of_change)
            .collect();
        sequential.sort_by_key(|h| h.kind);
        assert_eq!(report.highlights[1..], sequential[..]);
    }
}
