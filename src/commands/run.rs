//! `draftdiff run` (one pass, for cron, systemd timers and CI) and `draftdiff watch`.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::cli::{PipelineArgs, WatchArgs};
use crate::error::Result;
use crate::exit;
use crate::pipeline::{pass, PassError};
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

pub fn run(args: &PipelineArgs) -> Result<i32> {
    let (settings, log) = args.settings(None);
    let stop = stop_flag();
    let start = std::time::Instant::now();
    match pass(&settings, &log, &stop) {
        Ok(outcome) => {
            if args.timings {
                eprint!("{}", outcome.timings.render(start.elapsed()));
            }
            for problem in &outcome.problems {
                log.error("invalid", &[("message", problem)], problem);
            }
            let summary = format!(
                "{} file(s) written, {} removed, {} invalid file(s)",
                outcome.written, outcome.removed, outcome.invalid
            );
            log.verbose("done", &[], &summary);
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
        Err(e @ PassError::Interrupted) => {
            eprintln!("draftdiff: {e}");
            Ok(exit::TROUBLE)
        }
        Err(PassError::Fatal(e)) => Err(e),
    }
}

pub fn run_watch(args: &WatchArgs) -> Result<i32> {
    // A file still being copied in is given this long to settle before it is called invalid.
    let settle = (args.debounce() * 4).max(std::time::Duration::from_secs(2));
    let (settings, log) = args.pipeline.settings(Some(settle));
    let stop = stop_flag();
    let watch_settings = WatchSettings {
        debounce: args.debounce(),
        poll: args.poll(),
        timings: args.pipeline.timings,
    };
    watch(&settings, &watch_settings, &log, &stop)?;
    Ok(exit::OK)
}
