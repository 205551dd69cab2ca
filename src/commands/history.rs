//! `draftdiff history DOCUMENT`: every provision of a document through all its versions.

use crate::cli::{use_colour, Format, HistoryArgs};
use crate::error::{Error, Result};
use crate::exit;
use crate::history::{render, History};
use crate::pipeline::document_versions;

pub fn run(args: &HistoryArgs) -> Result<i32> {
    let (drafts, problems) = document_versions(&args.drafts, &args.document)?;
    for problem in &problems {
        eprintln!("draftdiff: left out: {problem}");
    }
    if drafts.is_empty() {
        return Err(Error::Usage(format!(
            "no valid draft of document {:?} in {}",
            args.document,
            args.drafts.display()
        )));
    }
    let mut history = History::build(&drafts);
    if let Some(id) = &args.provision {
        let version = match &args.in_version {
            Some(name) => Some(history.find_version(name).map_err(Error::Usage)?),
            None => None,
        };
        let only = history.only(id, version).map_err(Error::Usage)?;
        if version.is_none() {
            // Say which version the id was read in: the same id can name another
            // provision in an older version.
            let thread = &only.threads[0];
            if let Some(v) = (0..only.versions.len())
                .rev()
                .find(|&v| thread.holds(v, id))
            {
                eprintln!(
                    "draftdiff: provision {id} of {} (use --in VERSION for another version)",
                    only.versions[v].version
                );
            }
        }
        history = only;
    }
    let rendered = match args.format {
        Format::Text => render::text(&history, use_colour(args.color, args.output.is_some())),
        Format::Markdown => render::markdown(&history),
        Format::Json => render::json(&history),
        Format::Html => render::html(&history),
    };
    super::deliver(args.output.as_deref(), &rendered)?;
    Ok(exit::OK)
}
