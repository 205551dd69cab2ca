//! The result of aligning two versions: what became of each group of provisions.

/// What became of a group of provisions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ChangeKind {
    Unchanged,
    Changed,
    Added,
    Removed,
    Split,
    Merged,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::Removed,
        ChangeKind::Added,
        ChangeKind::Changed,
        ChangeKind::Split,
        ChangeKind::Merged,
        ChangeKind::Unchanged,
    ];

    /// The stable snake_case name used in JSON and reports.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Unchanged => "unchanged",
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Split => "split",
            ChangeKind::Merged => "merged",
        }
    }
}

/// One entry of an alignment: indexes into the old and new provision lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: ChangeKind,
    /// Indexes into the old draft's provisions, ascending.
    pub old: Vec<usize>,
    /// Indexes into the new draft's provisions, ascending.
    pub new: Vec<usize>,
    /// 0..=1: how much of the text the two sides share (see `docs/alignment.md`).
    pub similarity: f64,
    pub renumbered: bool,
    pub moved: bool,
    /// What the decision rests on and how sure it is.
    pub basis: Basis,
}

/// How sure the alignment is of one link (see `docs/alignment.md`, "Confidence").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Confidence {
    High,
    /// A reader should look: the decision rests mostly on place or id, a runner-up came
    /// close, or the text is barely similar enough.
    Low,
}

impl Confidence {
    pub fn name(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Low => "low",
        }
    }
}

/// One piece of evidence a link rests on. The names are a documented vocabulary.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Ground {
    /// Set by hand in a corrections file.
    Corrected,
    IdenticalText,
    /// Most of the words are shared (weighted Dice at the pairing threshold or above).
    SimilarText,
    /// Most of the shorter text (or of the parts) is found, in order, in the longer one.
    ContainedText,
    /// Words of substance are shared, but too few to pair on the text alone.
    SharedWords,
    SameId,
    SameTitle,
    /// Between the same matched neighbours in both versions.
    SamePlace,
}

impl Ground {
    /// The stable kebab-case name used in JSON and reports.
    pub fn name(self) -> &'static str {
        match self {
            Ground::Corrected => "corrected",
            Ground::IdenticalText => "identical-text",
            Ground::SimilarText => "similar-text",
            Ground::ContainedText => "contained-text",
            Ground::SharedWords => "shared-words",
            Ground::SameId => "same-id",
            Ground::SameTitle => "same-title",
            Ground::SamePlace => "same-place",
        }
    }
}

/// A pair the alignment did not make: for a link with both sides, the closest rival of
/// one of its members (the runner-up); for a removed or added provision, its nearest
/// candidate on the other side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alternative {
    /// Indexes into the old and new provisions (one of them a member of the link).
    pub old: usize,
    pub new: usize,
    /// Weighted word overlap, as [`Link::similarity`].
    pub similarity: f64,
}

/// What a link rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    pub confidence: Confidence,
    /// In the order the variants of [`Ground`] are declared.
    pub evidence: Vec<Ground>,
    /// 0..=1: share of the shorter side's word pairs found in the other (0 when one side
    /// is empty or too short to say).
    pub contained: f64,
    pub alternative: Option<Alternative>,
    /// Index of the decision by hand this link carries out, if any.
    pub decided: Option<usize>,
}

impl Basis {
    /// The basis of a link before it is assessed.
    pub(super) fn unassessed() -> Basis {
        Basis {
            confidence: Confidence::High,
            evidence: Vec::new(),
            contained: 0.0,
            alternative: None,
            decided: None,
        }
    }
}

/// A decision taken by hand: these old provisions became these new ones (indexes, one
/// side empty for a provision removed or added, several on one side for a split or merge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub old: Vec<usize>,
    pub new: Vec<usize>,
}

/// Every provision of both versions appears in exactly one link. Links are in reading
/// order of the new version, with removed provisions where they stood in the old one.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub links: Vec<Link>,
}
