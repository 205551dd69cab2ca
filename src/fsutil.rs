//! File-system helpers: atomic writes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `contents` to `path` so that a reader (or a crash) only ever sees the old file
/// or the new one: write a temporary file in the same folder, flush it to disk, rename it
/// over the target. A symlink at `path` is replaced, never followed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(contents))
}

/// [`write_atomic`] for contents produced piece by piece, so they need never be whole in
/// memory: `write` writes them into the temporary file (buffer it: the file is not), which
/// replaces `path` only if `write` succeeds.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = write_temporary(path, write)?;
    let result = std::fs::rename(&tmp, path);
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates `path` with `contents`, failing if anything exists there, and so that the file
/// appears whole: the temporary file is hard-linked into place, which fails rather than
/// replaces.
pub fn write_new(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let tmp = write_temporary(path, |file| file.write_all(contents))?;
    let result = match std::fs::hard_link(&tmp, path) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            // A file system without hard links: create_new still never overwrites.
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .and_then(|mut file| {
                    file.write_all(contents)?;
                    file.sync_all()
                })
        }
        other => other,
    };
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Writes (with `write`) and flushes a fresh temporary file beside `path`, named so that
/// watchers and [`is_temporary`] recognise it, and returns its path.
fn write_temporary(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        // create_new: never write through a file or symlink someone placed at that name.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        write(&mut file)?;
        file.sync_all()
    })();
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Names of temporary files left by [`write_atomic`] (after a crash), so a later run can
/// clean them up.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}
