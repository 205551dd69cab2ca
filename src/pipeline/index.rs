//! The index pages: each document's timeline with its steps, and the list of documents.

use std::fmt::Write;

use super::manifest::{Meta, StepEntry};
use crate::report::markdown::escape;

/// One version on a document's timeline.
pub struct TimelineVersion<'a> {
    pub meta: &'a Meta,
}

/// One step between consecutive versions, with the stem of its report files.
pub struct TimelineStep<'a> {
    pub old: &'a str,
    pub new: &'a str,
    /// File name stem, relative to the document's folder.
    pub stem: String,
    pub entry: &'a StepEntry,
}

pub struct DocumentIndex<'a> {
    pub document: &'a str,
    pub versions: Vec<TimelineVersion<'a>>,
    pub steps: Vec<TimelineStep<'a>>,
    /// Messages for drafts of this document that are currently invalid.
    pub invalid: Vec<String>,
}

const KINDS: [&str; 8] = [
    "removed",
    "added",
    "changed",
    "split",
    "merged",
    "renumbered",
    "moved",
    "unchanged",
];

pub fn document_index(index: &DocumentIndex) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(index.document));
    let dash = |v: &Option<String>| v.as_deref().map_or_else(|| "—".to_string(), escape);
    if index.versions.is_empty() {
        let _ = writeln!(out, "No valid version of this document yet.\n");
    } else {
        let _ = writeln!(out, "## Versions\n");
        let _ = writeln!(out, "| # | Version | Date | Status | Provisions | Source |");
        let _ = writeln!(out, "|---:|---|---|---|---:|---|");
        for (i, v) in index.versions.iter().enumerate() {
            let m = v.meta;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                i + 1,
                escape(&m.version),
                dash(&m.date),
                dash(&m.status),
                m.provisions,
                dash(&m.source)
            );
        }
        out.push('\n');
    }
    if !index.steps.is_empty() {
        let _ = writeln!(out, "## Changes\n");
        let _ = write!(out, "| From | To |");
        for k in KINDS {
            let _ = write!(out, " {k} |");
        }
        let _ = writeln!(out, " Report |");
        let _ = writeln!(out, "|---|---|{}---|", "---:|".repeat(KINDS.len()));
        for s in &index.steps {
            let _ = write!(out, "| {} | {} |", escape(s.old), escape(s.new));
            for k in KINDS {
                let _ = write!(out, " {} |", s.entry.counts.get(k).copied().unwrap_or(0));
            }
            let _ = writeln!(out, " [Markdown](<{0}.md>) · [JSON](<{0}.json>) |", s.stem);
        }
        out.push('\n');
        for s in &index.steps {
            let _ = writeln!(
                out,
                "- **{} → {}**: {}",
                escape(s.old),
                escape(s.new),
                escape(&s.entry.headline)
            );
        }
        out.push('\n');
    }
    if !index.invalid.is_empty() {
        let _ = writeln!(out, "## Invalid drafts\n");
        let _ = writeln!(
            out,
            "These drafts are left out of the timeline until they are fixed; reports made from \
             their last good version are kept.\n"
        );
        for message in &index.invalid {
            let _ = writeln!(out, "- {}", escape(message));
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// One line of the top-level index.
pub struct DocumentSummary<'a> {
    pub document: &'a str,
    pub folder: String,
    pub versions: usize,
    pub latest: Option<&'a Meta>,
    pub invalid: usize,
}

pub fn top_index(documents: &[DocumentSummary]) -> String {
    let mut out = String::from("# Documents\n\n");
    if documents.is_empty() {
        out.push_str("No drafts yet.\n");
        return out;
    }
    out.push_str("| Document | Versions | Latest | Date | Invalid drafts |\n");
    out.push_str("|---|---:|---|---|---:|\n");
    for d in documents {
        let _ = writeln!(
            out,
            "| [{}](<{}/index.md>) | {} | {} | {} | {} |",
            escape(d.document),
            d.folder,
            d.versions,
            d.latest.map_or_else(|| "—".into(), |m| escape(&m.version)),
            d.latest
                .and_then(|m| m.date.as_deref())
                .map_or_else(|| "—".into(), escape),
            d.invalid
        );
    }
    out
}
