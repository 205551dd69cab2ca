//! `draftdiff run` (one pass, for cron, systemd timers and CI) and `draftdiff watch`.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::cli::{RunArgs, WatchArgs};
use crate::error::Result;
use crate::exit;
use crate::pipeline::{dry_run, pass, Outcome, PassError};
use crate::watch::{watch, WatchSettings};

/// SIGINT and SIGTERM set the flag; the pass finishes the file under way and stops.
fn stop_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Without the handler the default action still ends the process; atomic writes keep
        // that safe, so a failure to register is not worth refusing to run.
        let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
    }
    stop
}

pub fn run(run_args: &RunArgs) -> Result<i32> {
    let args = &run_args.pipeline;
    let (settings, log) = args.settings(None);
    if run_args.dry_run {
        // The plan goes to stdout, one line per action, so it can be read or grepped.
        let (lines, problems) = dry_run(&settings, &log).map_err(|e| match e {
            PassError::Fatal(e) => e,
            other => crate::error::Error::Usage(other.to_string()),
        })?;
        for line in lines {
            println!("{line}");
        }
        return Ok(if problems { exit::INVALID } else { exit::OK });
    }
    let stop = stop_flag();
    let start = std::time::Instant::now();
    match pass(&settings, &log, &stop) {
        Ok(outcome) => {
            if args.timings {
                log.timings(&outcome.timings, start.elapsed());
            }
            for problem in &outcome.problems {
                log.error("invalid", &[("message", problem)], problem);
            }
            let summary = summary(&args.reports, &outcome);
            log.info("done", &[], &summary);
            Ok(if outcome.invalid > 0 {
                exit::INVALID
            } else {
                exit::OK
            })
        }
        Err(PassError::Locked(path)) => {
            eprintln!("draftdiff: {}", PassError::Locked(path));
            Ok(exit::LOCKED)
        }
        Err(e @ (PassError::Interrupted | PassError::Changed(_))) => {
            eprintln!("draftdiff: {e}");
            Ok(exit::TROUBLE)
        }
        Err(PassError::Fatal(e)) => Err(e),
    }
}

/// The pass's last line: a run that wrote nothing still says the reports are current, and
/// what they cover, so that silence after a long build is never a puzzle.
fn summary(reports: &std::path::Path, outcome: &Outcome) -> String {
    use crate::text::counted;
    let covered = format!(
        "{}, {}, {}",
        counted(outcome.documents, "document"),
        counted(outcome.versions, "version"),
        counted(outcome.comparisons, "report"),
    );
    let invalid = match outcome.invalid {
        0 => String::new(),
        n => format!(
            "; {} not compared (see the index)",
            counted(n, "invalid file")
        ),
    };
    let shown = reports.display().to_string();
    let reports = shown.trim_end_matches('/');
    if outcome.written == 0 && outcome.removed == 0 {
        format!("{reports}/ is up to date: {covered}{invalid}")
    } else {
        format!(
            "{reports}/ updated ({} written, {} removed): {covered}{invalid}",
            counted(outcome.written, "file"),
            outcome.removed
        )
    }
}

pub fn run_watch(args: &WatchArgs) -> Result<i32> {
    // A file still being copied in is given this long to settle before it is called invalid.
    let settle = (args.debounce() * 4).max(std::time::Duration::from_secs(2));
    let (settings, log) = args.pipeline.settings(Some(settle));
    let log = log.with_clock();
    let stop = stop_flag();
    let watch_settings = WatchSettings {
        debounce: args.debounce(),
        poll: args.poll(),
        timings: args.pipeline.timings,
    };
    watch(&settings, &watch_settings, &log, &stop)?;
    Ok(exit::OK)
}
