//! Writing into the reports folder: only when bytes change, atomically, never through a
//! symlink, and removing only what a pass made.

use std::collections::BTreeMap;
use std::path::Path;

use super::log::Logger;
use super::manifest::is_report_path;
use super::settings::{PassError, Settings};
use crate::error::Error;
use crate::fsutil::{is_temporary, write_atomic};

/// Removes a report that no longer has a step (or history) behind it; 1 when it did.
pub(super) fn remove_report(settings: &Settings, log: &Logger, file: &str) -> usize {
    // `Manifest::read` refuses a manifest naming anything else; this keeps it so.
    if !is_report_path(file) {
        return 0;
    }
    // Never through a symlink put where a document folder was.
    if let Some((folder, _)) = file.split_once('/') {
        let dir = settings.reports.join(folder);
        if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
            return 0;
        }
    }
    let path = settings.reports.join(file);
    if std::fs::symlink_metadata(&path).is_ok() && std::fs::remove_file(&path).is_ok() {
        let shown = format!("{}/{file}", reports_label(settings));
        log.info("removed", &[("path", &shown)], &format!("removed {shown}"));
        1
    } else {
        0
    }
}

/// The reports folder as the user named it, for log lines (never written into a report).
fn reports_label(settings: &Settings) -> String {
    let shown = settings.reports.display().to_string();
    match shown.trim_end_matches('/') {
        "" => "/".into(),
        trimmed => trimmed.into(),
    }
}

pub(super) fn files_intact(reports: &Path, files: &BTreeMap<String, u64>) -> bool {
    // A folder swapped for a symlink does not hold our reports, whatever lies behind it
    // (`symlink_metadata` follows every component but the last).
    let real_folder = |file: &str| {
        file.split_once('/').is_none_or(|(folder, _)| {
            std::fs::symlink_metadata(reports.join(folder)).is_ok_and(|m| m.is_dir())
        })
    };
    files.iter().all(|(file, &size)| {
        real_folder(file)
            && std::fs::symlink_metadata(reports.join(file))
                .is_ok_and(|m| m.is_file() && m.len() == size)
    })
}

/// Makes sure `dir` is a real folder: a symlink placed there is replaced, never followed,
/// so nothing is written outside the reports folder.
pub(super) fn ensure_real_dir(dir: &Path, log: &Logger) -> std::io::Result<()> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Ok(()); // `symlink_metadata` never calls a symlink a folder
    }
    remove_unless_real_dir(dir, log)?;
    std::fs::create_dir_all(dir)
}

/// Removes whatever is at `dir` unless it is a real folder (a symlink is removed, not
/// followed); leaves nothing or a real folder there.
pub(super) fn remove_unless_real_dir(dir: &Path, log: &Logger) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(dir) {
        if meta.file_type().is_symlink() || !meta.is_dir() {
            let shown = dir.display().to_string();
            log.warn(
                "replaced",
                &[("path", &shown)],
                &format!("{shown}: not a real folder; replacing it"),
            );
            std::fs::remove_file(dir)?;
        }
    }
    Ok(())
}

/// Whether `path` is a plain file (not a symlink) holding exactly `bytes`.
pub(super) fn is_same_file(path: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).ok().as_deref() == Some(bytes)
}

/// Writes `reports/<rel>` unless it already holds exactly these bytes (so an unchanged
/// report keeps its modification time). Returns 1 when it wrote.
pub(super) fn write_if_changed(
    settings: &Settings,
    log: &Logger,
    rel: &str,
    bytes: &[u8],
) -> Result<usize, PassError> {
    let path = settings.reports.join(rel);
    if is_same_file(&path, bytes) {
        return Ok(0);
    }
    write_atomic(&path, bytes).map_err(|source| {
        PassError::Fatal(Error::Write {
            path: path.clone(),
            source,
        })
    })?;
    let shown = format!("{}/{rel}", reports_label(settings));
    log.info("wrote", &[("path", &shown)], &format!("wrote {shown}"));
    Ok(1)
}

/// Removes temporary files that a killed pass left behind.
pub(super) fn remove_stale_temporaries(reports: &Path) {
    let mut dirs = vec![reports.to_path_buf()];
    if let Ok(rd) = std::fs::read_dir(reports) {
        dirs.extend(
            rd.filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path()),
        );
    }
    // One listing per document folder: on all cores.
    crate::parallel::map(&dirs, |dir| {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.filter_map(Result::ok) {
                if is_temporary(&e.file_name().to_string_lossy())
                    && e.file_type().is_ok_and(|t| t.is_file())
                {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    });
}
