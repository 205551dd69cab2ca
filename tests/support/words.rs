//! Words of an imported text, shared by the import tests: what "nothing dropped" counts.

pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words of numbering keywords, which the importer turns into ids (`Article 5` → `5`).
pub const NUMBERING_WORDS: &[&str] = &[
    "article",
    "art",
    "section",
    "sect",
    "sec",
    "point",
    "clause",
    "paragraph",
    "para",
    "chapter",
    "part",
    "amendment",
];
