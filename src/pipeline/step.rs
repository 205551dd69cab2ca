//! One comparison of consecutive versions that a pass makes or keeps.

/// The report files written for each step, by extension.
pub(super) const REPORT_EXTENSIONS: [&str; 3] = ["md", "json", "html"];

/// One comparison to make or keep.
pub(super) struct Step {
    pub(super) stem: String,
    pub(super) key: String,
    pub(super) sources: [String; 2],
    /// The document's label, and the safe folder name its reports go in.
    pub(super) document: String,
    pub(super) document_folder: String,
    pub(super) old_version: String,
    pub(super) new_version: String,
    /// Decisions by hand from the pair's corrections file, when it has a valid one.
    pub(super) by_hand: Option<std::sync::Arc<crate::report::ByHand>>,
}
