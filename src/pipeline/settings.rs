//! What a pass takes (the folders and options) and what it gives back.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::Error;
use crate::timings::Timings;

/// What a pass works on.
pub struct Settings {
    pub drafts: PathBuf,
    pub reports: PathBuf,
    /// How long to wait for another process's lock on `reports/`.
    pub wait: Duration,
    /// Shell command run after each step's reports are written.
    pub on_report: Option<String>,
    /// `--base-url`, ending in `/`: the feeds' links are absolute under it.
    pub base_url: Option<String>,
    /// Watch only: an invalid draft modified less than this long ago is still arriving
    /// (a slow copy) and is not reported yet.
    pub settle: Option<Duration>,
}

/// What a pass did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub written: usize,
    pub removed: usize,
    /// Drafts that are invalid (reported in their document's index).
    pub invalid: usize,
    /// What is wrong with them, one `file:line:col: message` each, for the driver to log.
    pub problems: Vec<String>,
    /// Watch only: drafts still settling; run again after `retry_after`.
    pub pending: usize,
    pub retry_after: Option<Duration>,
    /// How long each stage of the pass took, for `--timings`.
    pub timings: Timings,
    /// What the reports now cover: documents with a valid version, their valid versions,
    /// and the comparisons of consecutive versions (one report each).
    pub documents: usize,
    pub versions: usize,
    pub comparisons: usize,
}

#[derive(Debug)]
pub enum PassError {
    /// Another process holds the lock on the reports folder.
    Locked(PathBuf),
    /// Asked to stop (SIGINT, SIGTERM) before the reports were up to date. What was written
    /// is whole; nothing was removed, and the next pass finishes the work.
    Interrupted,
    /// This draft no longer held what was fingerprinted when the pass needed it again, on
    /// every try: it is being edited. Nothing wrong was recorded; the next pass goes on.
    Changed(String),
    Fatal(Error),
}

impl std::fmt::Display for PassError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PassError::Locked(path) => write!(
                f,
                "{}: another draftdiff is writing these reports; gave up waiting (see --wait)",
                path.display()
            ),
            PassError::Interrupted => write!(
                f,
                "stopped before the reports were up to date; the next run finishes the work"
            ),
            PassError::Changed(draft) => write!(
                f,
                "{draft} kept changing while it was being read; the next run finishes the work"
            ),
            PassError::Fatal(e) => e.fmt(f),
        }
    }
}
