//! Saved history states, so that a version added to a long document costs its own
//! comparison, not one per version: `reports/.draftdiff-cache/<folder>/<key>.json` holds
//! the history builder of a document after the versions whose history key is `<key>`.
//!
//! The folder is a cache, not part of the reports. It holds, per document, the state of
//! its current history and, when the pass came by it, that of the history without its
//! newest version (so that correcting the newest draft costs one comparison too); it
//! tells git to ignore it; and a missing, stale or damaged state only means the history
//! is built from the first version, as before there was one. Only real folders and
//! plain files are read: a symlink in the cache is never followed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::log::Logger;
use super::manifest::HistoryEntry;
use super::output::{ensure_real_dir, is_same_file};
use crate::history::Builder;

pub(super) const FOLDER: &str = ".draftdiff-cache";

/// Written into the cache folder so that a job committing `reports/` leaves it out.
const GITIGNORE: &[u8] = b"# draftdiff's saved history states: a cache, never committed.\n*\n";

/// A state larger than this is not read (as a manifest over 1 GiB is not): the state of
/// 200 versions of 2,000 provisions is 110 MB.
const MAX_BYTES: u64 = 1 << 30;

/// The document's folder in the cache, if it and the cache are real folders.
fn document_dir(reports: &Path, folder: &str) -> Option<PathBuf> {
    let top = reports.join(FOLDER);
    let dir = top.join(folder);
    (real_dir(&top) && real_dir(&dir)).then_some(dir)
}

fn state_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.json"))
}

/// The keys of the states saved for a document (read while planning: see `plan`).
pub(super) fn saved_keys(reports: &Path, folder: &str) -> Vec<String> {
    let Some(dir) = document_dir(reports, folder) else {
        return Vec::new();
    };
    let mut keys: Vec<String> = entries(&dir)
        .into_iter()
        .filter(|(_, path)| plain_file(path))
        .filter_map(|(name, _)| name.strip_suffix(".json").map(String::from))
        .collect();
    keys.sort();
    keys
}

/// The state saved under `key`, if it reads back and traces `versions` versions. One that
/// does not is removed, so that it costs one rebuild, not one per pass, and the state the
/// rebuild passes by is saved in its place.
pub(super) fn load(reports: &Path, folder: &str, key: &str, versions: usize) -> Option<Builder> {
    let path = state_path(&document_dir(reports, folder)?, key);
    let small = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_BYTES);
    let builder = small
        .then(|| crate::fsutil::read_plain_file(&path, MAX_BYTES).ok())
        .flatten()
        .and_then(|bytes| Builder::resume(&bytes))
        .filter(|b| b.version_count() == versions);
    if builder.is_none() {
        // Not there, or not removable: either way it is not read.
        let _ = remove_any(&path);
    }
    builder
}

/// Whether a state is saved under `key`.
pub(super) fn is_saved(reports: &Path, folder: &str, key: &str) -> bool {
    document_dir(reports, folder).is_some_and(|dir| plain_file(&state_path(&dir, key)))
}

/// Saves `builder` as the state of the history with key `key`. A failure is not a
/// failure of the pass (the next one builds the history from its first version), so it
/// is only returned for the caller to log.
pub(super) fn store(
    reports: &Path,
    log: &Logger,
    folder: &str,
    key: &str,
    builder: &Builder,
) -> std::io::Result<()> {
    let top = reports.join(FOLDER);
    ensure_real_dir(&top, log)?;
    if !is_same_file(&top.join(".gitignore"), GITIGNORE) {
        crate::fsutil::write_atomic(&top.join(".gitignore"), GITIGNORE)?;
    }
    let dir = top.join(folder);
    ensure_real_dir(&dir, log)?;
    // Unsynced: a state torn by a power loss does not parse, and is then no state.
    crate::fsutil::write_atomic_unsynced_with(&state_path(&dir, key), |file| {
        let mut out = std::io::BufWriter::new(file);
        builder.save(&mut out)?;
        std::io::Write::flush(&mut out)
    })
}

/// Leaves in the cache only the states of each current history and of that history
/// without its newest version: a document's other states, and the folders of documents
/// without a history, go.
pub(super) fn prune(reports: &Path, log: &Logger, histories: &BTreeMap<String, HistoryEntry>) {
    let remove = |path: &Path| {
        if let Err(e) = remove_any(path) {
            let shown = path.display().to_string();
            log.warn(
                "cache",
                &[("path", &shown)],
                &format!("could not remove {shown} from the cache: {e}"),
            );
        }
    };
    let top = reports.join(FOLDER);
    if !real_dir(&top) {
        // A symlink or a file in its place: removed (never followed), made again when a
        // state is saved.
        if std::fs::symlink_metadata(&top).is_ok() {
            remove(&top);
        }
        return;
    }
    for (name, path) in entries(&top) {
        if name == ".gitignore" {
            continue;
        }
        let Some(entry) = histories.get(&name).filter(|_| real_dir(&path)) else {
            remove(&path);
            continue;
        };
        let keep = |file: &str| {
            std::iter::once(&entry.key)
                .chain(&entry.before_last)
                .any(|k| file == format!("{k}.json"))
        };
        for (file, path) in entries(&path) {
            if !keep(&file) {
                remove(&path);
            }
        }
    }
}

fn entries(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    listing
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect()
}

/// Removes a file, a symlink (never what it points to) or a folder of the cache.
fn remove_any(path: &Path) -> std::io::Result<()> {
    if real_dir(path) {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// A folder, not a symlink to one.
fn real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// A plain file, not a symlink, folder or FIFO.
fn plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}
