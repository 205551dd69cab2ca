//! The loaded form of a draft: what every later stage of the pipeline reads.

/// One version of a document, validated and flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Slug of the document this draft is a version of.
    pub document: String,
    /// This version's label, unique within the document.
    pub version: String,
    /// `YYYY-MM-DD`, already validated.
    pub date: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub status: Option<String>,
    /// All provisions in document order, sub-provisions right after their parent.
    pub provisions: Vec<Provision>,
    /// Where the draft was read from, as the user named it (for messages only).
    pub origin: String,
}

/// One provision, with its sub-provisions flattened into the draft's list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Provision {
    /// Full id: `6`, or `6.a` for sub-provision `a` of provision `6`.
    pub id: String,
    /// False when the id was defaulted from the position.
    pub id_explicit: bool,
    pub title: Option<String>,
    /// The text with whitespace runs collapsed to single spaces: wrapping is not content.
    pub text: String,
    pub tags: Vec<String>,
    /// 0 for top-level provisions, 1 for their sub-provisions, and so on.
    pub depth: usize,
    /// 1-based line of the provision in its file (0 when unknown).
    pub line: u64,
}
