//! `draftdiff watch`: the same pass as `draftdiff run`, triggered by file events.
//!
//! Event source (notify, or polling) → filter → trailing-edge debounce → pass. Events only
//! say "look again": the pass re-scans the folder, so missed, duplicated or reordered
//! events cannot make the reports wrong.

pub mod debounce;
pub mod filter;
mod identity;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::error::Error;
use crate::pipeline::log::Logger;
use crate::pipeline::{pass_with_cache, Cache, PassError, Settings};

use self::debounce::Debounce;
use self::filter::{is_relevant, is_relevant_kind};
use self::identity::Identity;

/// How often the loop wakes to notice a stop request when nothing else happens.
const TICK: Duration = Duration::from_millis(100);

pub struct WatchSettings {
    pub debounce: Duration,
    /// Poll every this often instead of relying on file-system events.
    pub poll: Option<Duration>,
    /// Print each pass's stage durations to stderr (`--timings`).
    pub timings: bool,
}

/// Watches until `stop` is set (by SIGINT or SIGTERM). Only a failure to start watching is
/// an error; problems during the watch are logged and the watch goes on.
pub fn watch(
    settings: &Settings,
    watch: &WatchSettings,
    log: &Logger,
    stop: &AtomicBool,
) -> Result<(), Error> {
    drafts_folder_exists(&settings.drafts)?;
    crate::pipeline::folders_apart(settings)?;
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher: Box<dyn Watcher> = match watch.poll {
        Some(interval) => Box::new(
            notify::PollWatcher::new(tx, notify::Config::default().with_poll_interval(interval))
                .map_err(|e| watch_error(&settings.drafts, e))?,
        ),
        None => {
            Box::new(notify::recommended_watcher(tx).map_err(|e| watch_error(&settings.drafts, e))?)
        }
    };
    // Watch before the catch-up pass, so a draft dropped in during it is not missed.
    watcher
        .watch(&settings.drafts, RecursiveMode::Recursive)
        .map_err(|e| watch_error(&settings.drafts, e))?;
    let mut watched = Identity::of(&settings.drafts);
    let mut root =
        std::fs::canonicalize(&settings.drafts).unwrap_or_else(|_| settings.drafts.clone());
    let shown = settings.drafts.display().to_string();
    log.info(
        "watching",
        &[("path", &shown)],
        &format!("watching {shown}"),
    );

    let mut debounce = Debounce::new(watch.debounce);
    let mut retry_at: Option<Instant> = None;
    let mut first = true;
    let mut reported: BTreeSet<String> = BTreeSet::new();
    // The drafts and comparisons of the documents last rebuilt: a draft dropped into a
    // document then costs one comparison, not one per version for its history.
    let cache = Cache::default();
    loop {
        let now = Instant::now();
        let due = first || debounce.due(now) || retry_at.is_some_and(|r| now >= r);
        if due {
            first = false;
            debounce.fire();
            let start = Instant::now();
            match pass_with_cache(settings, log, stop, Some(&cache)) {
                Ok(outcome) => {
                    if watch.timings {
                        log.timings(&outcome.timings, start.elapsed());
                    }
                    retry_at = outcome.retry_after.map(|d| Instant::now() + d);
                    // Say what is wrong once, not on every pass until it is fixed.
                    let problems: BTreeSet<String> = outcome.problems.into_iter().collect();
                    for problem in problems.difference(&reported) {
                        log.error("invalid", &[("message", problem)], problem);
                    }
                    reported = problems;
                }
                // Only a stop request interrupts a pass: the loop ends just below.
                Err(PassError::Interrupted) => {}
                // A draft being edited as the pass read it: its next event, or this retry,
                // brings the pass that sees it whole.
                Err(e @ PassError::Changed(_)) => {
                    let m = e.to_string();
                    log.verbose("changed", &[("message", &m)], &m);
                    retry_at = Some(Instant::now() + Duration::from_secs(1));
                }
                Err(PassError::Locked(_)) => {
                    log.verbose(
                        "locked",
                        &[],
                        "reports are locked by another process; retrying",
                    );
                    retry_at = Some(Instant::now() + Duration::from_secs(1));
                }
                Err(e) => {
                    let m = e.to_string();
                    log.error("pass_failed", &[("message", &m)], &m);
                    retry_at = Some(Instant::now() + Duration::from_secs(5));
                }
            }
        }
        if stop.load(Ordering::Relaxed) {
            log.info("stopped", &[], "stopped");
            return Ok(());
        }
        let next = [debounce.deadline(), retry_at].into_iter().flatten().min();
        let wait = next.map_or(TICK, |n| {
            n.saturating_duration_since(Instant::now()).min(TICK)
        });
        let now_there = Identity::of(&settings.drafts);
        if now_there != watched {
            rewatch(watcher.as_mut(), settings, watched, now_there, log);
            watched = now_there;
            root =
                std::fs::canonicalize(&settings.drafts).unwrap_or_else(|_| settings.drafts.clone());
            debounce.event(Instant::now());
        }
        match rx.recv_timeout(wait) {
            Ok(Ok(event)) => {
                let canonical = |p: &Path| -> std::path::PathBuf {
                    // Events may name the folder through another path than the one we hold.
                    p.strip_prefix(&settings.drafts)
                        .map(|rel| root.join(rel))
                        .unwrap_or_else(|_| p.to_path_buf())
                };
                if (is_relevant_kind(&event.kind)
                    && event
                        .paths
                        .iter()
                        .any(|p| is_relevant(&canonical(p), &root)))
                    || event.need_rescan()
                {
                    debounce.event(Instant::now());
                }
            }
            Ok(Err(e)) => {
                let m = format!("watch error: {e}");
                log.warn("watch_error", &[("message", &m)], &m);
                debounce.event(Instant::now());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Error::Read {
                    path: settings.drafts.clone(),
                    message: "the file watcher stopped".into(),
                });
            }
        }
    }
}

/// Moves the watch to the folder the drafts path now names (removed and made again).
fn rewatch(
    watcher: &mut dyn Watcher,
    settings: &Settings,
    was: Identity,
    now: Identity,
    log: &Logger,
) {
    let shown = settings.drafts.display().to_string();
    if was.exists() {
        let _ = watcher.unwatch(&settings.drafts); // the old folder may be gone already
    }
    if !now.exists() {
        let m = format!("{shown}: the drafts folder is gone; watching for it to come back");
        log.warn("drafts_gone", &[("path", &shown)], &m);
        return;
    }
    match watcher.watch(&settings.drafts, RecursiveMode::Recursive) {
        Ok(()) => {
            let m = format!("{shown} was replaced; watching the new folder");
            log.info("rewatching", &[("path", &shown)], &m);
        }
        Err(e) => {
            let m = format!("{shown}: cannot watch the new folder: {e}");
            log.warn("watch_error", &[("path", &shown)], &m);
        }
    }
}

/// The file-watching library says only "No path was found": name the folder and what to do.
fn drafts_folder_exists(drafts: &Path) -> Result<(), Error> {
    let message = match std::fs::metadata(drafts) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => "the drafts folder is a file, not a folder",
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "the drafts folder does not exist: create it, or name yours with --drafts DIR"
        }
        Err(_) => "the drafts folder cannot be read",
    };
    Err(Error::Read {
        path: drafts.to_path_buf(),
        message: message.into(),
    })
}

fn watch_error(path: &Path, e: notify::Error) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        message: format!("cannot watch: {e}"),
    }
}
