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
}

/// A draft's manifest entry: its fingerprint, and its metadata or problems. A draft whose
/// bytes match the manifest is not parsed again; one that is parsed is returned too.
pub(super) fn read_draft(
    f: &Found,
    old_manifest: &Manifest,
    drafts_label: &str,
) -> (DraftEntry, Option<Draft>) {
    let display = format!("{drafts_label}/{}", f.rel);
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
