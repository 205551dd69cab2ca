//! The reports lock: one writer at a time per reports folder.
//!
//! An OS file lock (`flock`) rather than a lock file's existence: the kernel releases it
//! when the holder dies, even by SIGKILL, so a crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::fsutil::open_plain_file;

pub const FILE_NAME: &str = ".draftdiff.lock";

/// Held for as long as the value lives.
pub struct ReportsLock {
    _file: File,
}

pub enum LockError {
    /// Another process held the lock for the whole wait.
    Busy,
    Io(std::io::Error),
}

impl ReportsLock {
    /// Takes the lock, waiting up to `wait` for another holder to finish.
    /// Whatever else stands where the lock file belongs (a symlink, a FIFO, a device) is
    /// replaced, never followed nor opened: a lock file holds nothing, so no one loses
    /// anything, and a FIFO would block the pass before `wait` counts.
    pub fn acquire(reports: &Path, wait: Duration) -> Result<ReportsLock, LockError> {
        let path = reports.join(FILE_NAME);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            std::fs::remove_file(&path).map_err(LockError::Io)?;
        }
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).write(true);
        let file = open_plain_file(&path, &mut options).map_err(LockError::Io)?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(ReportsLock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) => {
                    if Instant::now() >= deadline {
                        return Err(LockError::Busy);
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
            }
        }
    }
}
