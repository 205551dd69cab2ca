//! `draftdiff diff OLD NEW`: compare two drafts and print or write the report.

use std::time::{Duration, Instant};

use crate::cli::{use_colour, DiffArgs, Format};
use crate::corrections;
use crate::error::{Error, Result};
use crate::exit;
use crate::fsutil::write_output_with;
use crate::load::{is_stdin, load_file};
use crate::model::Draft;
use crate::report::{html, json, markdown, terminal, ByHand, Report};
use crate::timings::{TimedWrite, Timings};

pub fn run(args: &DiffArgs) -> Result<i32> {
    let start = Instant::now();
    let mut timings = Timings::new();
    if args.explain && args.format != Format::Text {
        return Err(Error::Usage(
            "--explain adds to the text format; the JSON report carries the same in \
             `confidence`, `evidence`, `runner_up` and `nearest`"
                .into(),
        ));
    }
    if is_stdin(&args.old) && is_stdin(&args.new) {
        return Err(Error::Usage(
            "only one of OLD and NEW can be `-` (standard input)".into(),
        ));
    }
    let (old, new) = load_both(args, &mut timings)?;
    warn_if_mismatched(&old, &new);
    let by_hand = match &args.corrections {
        Some(path) => corrections::load_file(path)?
            .resolve(&old, &new)
            .map_err(Error::Invalid)?,
        None => ByHand::default(),
    };
    let report = Report::compare_corrected(old, new, &by_hand, &mut timings);
    let whole = timings.time("render", || {
        let mut whole = render_whole(args, &report);
        if let Some(text) = whole.as_mut().filter(|_| args.explain) {
            text.push_str(&terminal::explain(&report));
        }
        whole
    });
    match whole {
        Some(rendered) => timings.time("write", || {
            super::deliver(args.output.as_deref(), &rendered)
        })?,
        None => write_json(args, &report, &mut timings)?,
    }
    if args.timings {
        eprint!("{}", timings.render(start.elapsed()));
    }
    let code = if report.summary.has_differences() {
        exit::DIFFERENCES
    } else {
        exit::OK
    };
    // The process ends right after this: handing every provision and change back to the
    // allocator one by one would only add to the wait (4% of a large diff).
    std::mem::forget(report);
    Ok(code)
}

/// Loads the two drafts side by side: they are independent, and parsing is a large part
/// of the work on big drafts. The old draft's error is reported first, as before.
fn load_both(args: &DiffArgs, timings: &mut Timings) -> Result<(Draft, Draft)> {
    let (old, new) = crate::parallel::both(
        true,
        || timed(|| load_file(&args.old)),
        || timed(|| load_file(&args.new)),
    );
    timings.add("load old", old.1);
    timings.add("load new", new.1);
    Ok((old.0?, new.0?))
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    (f(), start.elapsed())
}

/// The report in one piece, or `None` for JSON, which [`write_json`] streams instead.
fn render_whole(args: &DiffArgs, report: &Report) -> Option<String> {
    match args.format {
        Format::Text => Some(terminal::render(
            report,
            use_colour(args.color, args.output.is_some()),
        )),
        Format::Markdown => Some(markdown::render(report)),
        Format::Html => Some(html::render(report)),
        Format::Json => None,
    }
}

/// The JSON report streams to its file or to stdout as it is rendered: it is several
/// times the drafts' size, and need never be whole in memory. The time spent in the
/// writes (and, for a file, making it durable) counts as `write`, the rest as `render`.
fn write_json(args: &DiffArgs, report: &Report, timings: &mut Timings) -> Result<()> {
    let start = Instant::now();
    let mut render = Duration::ZERO;
    let mut stream = |out: &mut dyn std::io::Write| {
        let started = Instant::now();
        let mut sink = TimedWrite::new(out);
        let result = json::write(report, &mut sink);
        render = started.elapsed().saturating_sub(sink.elapsed);
        result
    };
    match &args.output {
        Some(path) => {
            write_output_with(path, |file| stream(file)).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?
        }
        None => super::stdout_result(stream(&mut std::io::stdout().lock()))?,
    }
    timings.add("render", render);
    // The rest: the writes and, for a file, creating, syncing and renaming it.
    timings.add("write", start.elapsed().saturating_sub(render));
    Ok(())
}

/// The comparison is made whatever the drafts say, but two slips are common enough to point
/// out: drafts of different documents, and versions given newest first.
fn warn_if_mismatched(old: &Draft, new: &Draft) {
    use crate::text::terminal_safe;
    if old.document != new.document {
        eprintln!(
            "draftdiff: warning: comparing versions of different documents ({} and {}); the report is titled {}",
            terminal_safe(&old.document),
            terminal_safe(&new.document),
            terminal_safe(&new.document)
        );
    }
    if let (Some(a), Some(b)) = (&old.date, &new.date) {
        if a > b {
            eprintln!(
                "draftdiff: warning: the old version ({a}) is dated after the new one ({b}); swap OLD and NEW?"
            );
        }
    }
}
