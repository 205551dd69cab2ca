//! File-system helpers: atomic writes, and opening only plain files.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Opens `path` with `options` only if it is a plain file: never through a symlink (the
/// open fails), never blocking on a FIFO, never reading a device. For the files draftdiff
/// keeps for itself in the reports folder (the lock, the manifest), which anyone who can
/// write there could replace with something else.
pub fn open_plain_file(path: &Path, options: &mut std::fs::OpenOptions) -> std::io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(not_plain("a symlink"));
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return not_plain("a symlink");
        }
        e
    })?;
    if !file.metadata()?.is_file() {
        return Err(not_plain("a FIFO, a device or a folder"));
    }
    Ok(file)
}

fn not_plain(what: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("not a plain file but {what}"),
    )
}

/// Reads a plain file (see [`open_plain_file`]) of at most `limit` bytes.
pub fn read_plain_file(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = open_plain_file(path, std::fs::OpenOptions::new().read(true))?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {limit} bytes"),
        ));
    }
    Ok(bytes)
}

/// Whether another process holds `path` open for writing: a copy under way, paused at a
/// line boundary, whose first half is a valid draft. Linux refuses a read lease on such a
/// file (`EAGAIN`); the lease taken otherwise is dropped at once. Elsewhere, and where a
/// lease is not allowed (a file of another user, some network file systems), the answer
/// is `false`, as before this check.
pub fn open_for_writing_elsewhere(path: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::io::AsRawFd;
        let Ok(file) = open_plain_file(path, std::fs::OpenOptions::new().read(true)) else {
            return false;
        };
        let fd = file.as_raw_fd();
        // SAFETY: `fd` is a descriptor this function owns for the calls' duration.
        if unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_RDLCK) } == 0 {
            unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_UNLCK) };
            return false;
        }
        std::io::Error::last_os_error().raw_os_error() == Some(libc::EAGAIN)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        false
    }
}

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
    replace_with(path, write, true)
}

/// [`write_atomic_with`] without the flush to disk, for a cache: a reader still sees the
/// old file or the new one, but after a power loss the new one may be empty or torn, which
/// its reader must take for "no cache" (a sync costs as much as the write on a slow disk).
pub fn write_atomic_unsynced_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    replace_with(path, write, false)
}

fn replace_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    sync: bool,
) -> std::io::Result<()> {
    let tmp = write_temporary(path, write, sync)?;
    let result = std::fs::rename(&tmp, path);
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes a file the user named (`-o PATH`): a FIFO, a terminal or a device, or a symlink
/// to one (`/dev/stdout`, `/dev/null`), is written into as shell redirection does, never
/// replaced by a regular file; anything else is written as [`write_atomic_with`] writes
/// (a symlink to a plain file is replaced, not followed).
pub fn write_output_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
            write(&mut file)?;
            file.flush()
        }
        _ => write_atomic_with(path, |file| write(file)),
    }
}

/// Creates `path` with `contents`, failing if anything exists there, and so that the file
/// appears whole: the temporary file is hard-linked into place, which fails rather than
/// replaces.
pub fn write_new(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let tmp = write_temporary(path, |file| file.write_all(contents), true)?;
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
    sync: bool,
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
        if sync {
            file.sync_all()?;
        }
        Ok(())
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
