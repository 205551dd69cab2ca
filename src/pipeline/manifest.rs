//! The manifest under `reports/`: what each report was made from, so that a pass can tell
//! what is up to date without re-reading or re-comparing anything.
//!
//! It holds only content fingerprints, never times or absolute paths, so two runs from
//! scratch write the same bytes and a scheduled job that commits `reports/` makes no noise.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::report::brief::KeyChanges;

pub const FILE_NAME: &str = ".draftdiff-manifest.json";
const SCHEMA: u32 = 2;
/// A larger manifest is not read (everything is regenerated): a pass never reads without
/// limit what someone put in its place. Thousands of documents of hundreds of versions
/// stay well below it.
const MAX_BYTES: u64 = 1 << 30;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: u32,
    /// What decides the output besides the drafts ([`output`]): a build that would write
    /// anything differently regenerates everything, any other build trusts these reports.
    pub output: String,
    /// Drafts by path relative to the drafts folder (`peace-plan/01.yaml`).
    pub drafts: BTreeMap<String, DraftEntry>,
    /// Comparison steps by their report stem (`peace-plan/leaked..post-geneva`).
    pub steps: BTreeMap<String, StepEntry>,
    /// Index files written, relative to the reports folder.
    pub indexes: Vec<String>,
    /// Provision histories by document folder (absent from manifests of older builds).
    #[serde(default)]
    pub histories: BTreeMap<String, HistoryEntry>,
}

/// A document's `history.{md,json,html}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Fingerprint of the tool and of the document's drafts in timeline order.
    pub key: String,
    /// The files, relative to the reports folder, with their sizes.
    pub files: BTreeMap<String, u64>,
    /// The key of the history without its newest version, whose saved state is kept
    /// beside this one's (see `resume`): a newest draft edited or replaced then costs
    /// one comparison too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_last: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftEntry {
    pub fingerprint: String,
    /// Present when the draft is valid.
    pub meta: Option<Meta>,
    /// Messages (`file:line:col: message`) when it is not.
    pub errors: Vec<String>,
}

/// What the index needs to know about a valid draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub document: String,
    pub version: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub status: Option<String>,
    pub provisions: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepEntry {
    /// Fingerprint of everything that shapes the output: both drafts and the tool.
    pub key: String,
    /// The two drafts, relative to the drafts folder.
    pub sources: [String; 2],
    /// Report files, relative to the reports folder, with their sizes.
    pub files: BTreeMap<String, u64>,
    /// The report's headline and counts, for the index.
    pub headline: String,
    pub counts: BTreeMap<String, usize>,
    /// The key changes in brief, for the feeds and `--on-report`.
    #[serde(default)]
    pub key_changes: KeyChanges,
}

/// Everything besides the drafts that decides what the reports say: the report format's
/// version, the alignment's version, and the versions of the crates that shape the text
/// (see `build.rs`). Not the tool's version nor a hash of its sources, so a change to the
/// code that alters no output (a comment, a refactoring) changes no file under `reports/`.
pub fn output() -> String {
    format!(
        "report format {}, alignment {}; {}",
        crate::report::FORMAT_VERSION,
        crate::align::VERSION,
        env!("OUTPUT_SHAPING_CRATES")
    )
}

impl Manifest {
    pub fn empty() -> Manifest {
        Manifest {
            schema: SCHEMA,
            output: output(),
            ..Manifest::default()
        }
    }

    /// Reads the manifest; a missing, unreadable or foreign one means "nothing is known",
    /// which only costs a full regeneration. So does one that names a file a pass could
    /// not have written (`../x`, an absolute path, a folder deeper than a document's): the
    /// manifest is committed by scheduled jobs and may be edited by anyone, and a pass
    /// deletes the files it lists, so it is never trusted to name a file outside reports/.
    /// A symlink, a FIFO or a device put in its place is not read (nor waited on).
    pub fn read(reports: &Path) -> Manifest {
        crate::fsutil::read_plain_file(&reports.join(FILE_NAME), MAX_BYTES)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.schema == SCHEMA)
            .filter(Manifest::names_only_reports)
            .map(Manifest::of_this_build)
            .unwrap_or_else(Manifest::empty)
    }

    /// A manifest written by a build with other output trusts nothing (every step's and
    /// history's key holds the output it was made with) and knows no draft (another
    /// build may read them differently), but still names the files it wrote: a pass
    /// removes those it no longer writes, so reports renamed by a new build leave no
    /// orphans behind.
    fn of_this_build(self) -> Manifest {
        if self.output == output() {
            return self;
        }
        Manifest {
            drafts: BTreeMap::new(),
            steps: self.steps,
            indexes: self.indexes,
            histories: self.histories,
            ..Manifest::empty()
        }
    }

    /// Whether every file it lists is one a pass writes: see [`is_report_path`].
    fn names_only_reports(&self) -> bool {
        let steps = self.steps.iter().flat_map(|(stem, e)| {
            std::iter::once(stem.as_str()).chain(e.files.keys().map(String::as_str))
        });
        let histories = self.histories.values().flat_map(|e| e.files.keys());
        steps
            .chain(self.indexes.iter().map(String::as_str))
            .chain(histories.map(String::as_str))
            .all(is_report_path)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        // Labels and messages come from drafts: DEL, C1 and bidi controls are escaped, as
        // in every JSON draftdiff writes.
        let json = serde_json::to_string_pretty(self).unwrap_or_default();
        let mut out = crate::report::json::escape_remaining_controls(json).into_bytes();
        out.push(b'\n');
        out
    }
}

/// Whether `rel` is a path a pass writes under the reports folder: one file name, or a
/// document folder and one file name, each a plain name (no `..`, no leading dot, no
/// separator of any platform, no NUL).
pub fn is_report_path(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    parts.len() <= 2
        && parts.iter().all(|part| {
            !part.is_empty() && !part.starts_with('.') && !part.contains(['\\', '\0', ':'])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_a_pass_writes_are_report_paths() {
        for good in [
            "index.md",
            "peace-plan/index.html",
            "doc/v1..v2.json",
            "a-b/history.md",
        ] {
            assert!(is_report_path(good), "{good}");
        }
        for bad in [
            "../x",
            "doc/../../x",
            "/etc/passwd",
            "doc/sub/x.md",
            "",
            "doc/",
            "./x",
            ".hidden",
            "doc/.draftdiff-manifest.json",
            "C:\\x",
            "c:x",
            "doc\\..\\x",
            "a\0b",
        ] {
            assert!(!is_report_path(bad), "{bad:?}");
        }
    }
}
