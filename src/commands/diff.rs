//! `draftdiff diff OLD NEW`: compare two drafts and print or write the report.

use crate::cli::{use_colour, DiffArgs, Format};
use crate::error::Result;
use crate::exit;
use crate::load::load_file;
use crate::report::{html, json, markdown, terminal, Report};

pub fn run(args: &DiffArgs) -> Result<i32> {
    let old = load_file(&args.old)?;
    let new = load_file(&args.new)?;
    warn_if_mismatched(&old, &new);
    let report = Report::compare(&old, &new);
    let rendered = match args.format {
        Format::Text => terminal::render(&report, use_colour(args.color, args.output.is_some())),
        Format::Markdown => markdown::render(&report),
        Format::Json => json::render(&report),
        Format::Html => html::render(&report),
    };
    super::deliver(args.output.as_deref(), &rendered)?;
    Ok(if report.summary.has_differences() {
        exit::DIFFERENCES
    } else {
        exit::OK
    })
}

/// The comparison is made whatever the drafts say, but two slips are common enough to point
/// out: drafts of different documents, and versions given newest first.
fn warn_if_mismatched(old: &crate::model::Draft, new: &crate::model::Draft) {
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
