//! The result of aligning two versions: what became of each group of provisions.

/// What became of a group of provisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
}

/// Every provision of both versions appears in exactly one link. Links are in reading
/// order of the new version, with removed provisions where they stood in the old one.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub links: Vec<Link>,
}
