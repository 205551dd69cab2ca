//! Reading the drafts for a pass: each is fingerprinted, and parsed only when its bytes
//! differ from what the manifest knows.

use std::path::Path;

use super::manifest::{DraftEntry, Manifest, Meta};
use super::names::fingerprint;
use super::scan::Found;
use crate::error::Error;
use crate::load::{load_bytes, read_bounded, PathDefaults};
use crate::model::Draft;

/// A draft's state in this pass.
pub(super) struct DraftState {
    pub(super) found: Found,
    pub(super) entry: DraftEntry,
    /// Invalid and still being written (watch only): keep its previous state.
    pub(super) pending: bool,
    /// Set, with the problem to report, for a draft whose folder cannot be read this pass
    /// (it is also `pending`: it keeps its last state, and so do its reports).
    pub(super) unreadable: Option<String>,
}

/// A draft's manifest entry: its fingerprint, and its metadata or problems. A draft whose
/// bytes match the manifest is not parsed again; one that is parsed is returned too.
pub(super) fn read_draft(
    f: &Found,
    old_manifest: &Manifest,
    drafts_label: &str,
) -> (DraftEntry, Option<Draft>) {
    let display = format!("{drafts_label}/{}", f.rel);
    // Shown raw, a newline in a file name would forge log lines and index entries; a name
    // that is not UTF-8 is shown (and would be recorded) with U+FFFD for its bad bytes, so
    // two such names would share one manifest entry.
    let not_utf8 = f.path.to_str().is_none();
    if not_utf8 || f.rel.chars().any(is_hostile) {
        let shown: String = f.rel.chars().flat_map(char::escape_default).collect();
        let what = if not_utf8 {
            "is not valid UTF-8"
        } else {
            "holds control or bidi characters"
        };
        let entry = DraftEntry {
            fingerprint: String::new(),
            meta: None,
            errors: vec![format!(
                "{drafts_label}/{shown}: the file name {what}; it is not read until it is \
                 renamed"
            )],
        };
        return (entry, None);
    }
    let bytes = match read_bounded(&f.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let message = match e {
                Error::Read { message, .. } => format!("{display}: {message}"),
                other => other.to_string(),
            };
            let entry = DraftEntry {
                fingerprint: String::new(),
                meta: None,
                errors: vec![message],
            };
            return (entry, None);
        }
    };
    let fp = fingerprint(&bytes);
    if let Some(entry) = old_manifest
        .drafts
        .get(&f.rel)
        .filter(|e| e.fingerprint == fp && !fp.is_empty())
    {
        return (entry.clone(), None);
    }
    let defaults = PathDefaults {
        document: f.folder.clone(),
        version: default_version(&f.rel),
    };
    match load_bytes(&bytes, &display, &defaults) {
        Ok(draft) => {
            let entry = DraftEntry {
                fingerprint: fp,
                meta: Some(meta_of(&draft)),
                errors: vec![],
            };
            (entry, Some(draft))
        }
        Err(invalid) => {
            let entry = DraftEntry {
                fingerprint: fp,
                meta: None,
                errors: invalid.to_string().lines().map(str::to_string).collect(),
            };
            (entry, None)
        }
    }
}

/// A file without an explicit version takes its name without the extension.
pub(super) fn default_version(rel: &str) -> Option<String> {
    Path::new(rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
}

fn meta_of(draft: &Draft) -> Meta {
    Meta {
        document: draft.document.clone(),
        version: draft.version.clone(),
        date: draft.date.clone(),
        title: draft.title.clone(),
        source: draft.source.clone(),
        status: draft.status.clone(),
        provisions: draft.provisions.len(),
    }
}

/// Characters a file name must not hold to be read: controls (a newline forges a log
/// line) and the bidi controls that reorder what a reader sees.
fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A draft read again for the work of a pass (drafts whose bytes the manifest already knew
/// are fingerprinted, not parsed, while planning). `None` when the file no longer holds
/// the bytes that were fingerprinted (edited, replaced, gone): what a pass compares must
/// be what it fingerprinted, so the caller plans again rather than record one content's
/// fingerprint for a report made from another.
pub(super) fn read_again(state: &DraftState, drafts_label: &str) -> Option<Draft> {
    let bytes = read_bounded(&state.found.path).ok()?;
    if fingerprint(&bytes) != state.entry.fingerprint {
        return None;
    }
    let rel = &state.found.rel;
    let defaults = PathDefaults {
        document: state.found.folder.clone(),
        version: default_version(rel),
    };
    load_bytes(&bytes, &format!("{drafts_label}/{rel}"), &defaults).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_of(path: &Path, bytes: &[u8]) -> DraftState {
        DraftState {
            found: Found {
                rel: "doc/v1.yaml".into(),
                path: path.to_path_buf(),
                folder: Some("doc".into()),
            },
            entry: DraftEntry {
                fingerprint: fingerprint(bytes),
                meta: None,
                errors: vec![],
            },
            pending: false,
            unreadable: None,
        }
    }

    #[test]
    fn a_draft_read_again_must_hold_the_bytes_fingerprinted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.yaml");
        let first = b"version: v1\nprovisions: [One.]\n";
        std::fs::write(&path, first).unwrap();
        let state = state_of(&path, first);
        let draft = read_again(&state, "drafts").expect("the same bytes");
        assert_eq!(draft.provisions[0].text, "One.");
        // Same size, other words: what was fingerprinted is not what would be compared.
        std::fs::write(&path, b"version: v1\nprovisions: [Two.]\n").unwrap();
        assert!(read_again(&state, "drafts").is_none());
        std::fs::remove_file(&path).unwrap();
        assert!(read_again(&state, "drafts").is_none());
    }
}
