//! `draftdiff history DOCUMENT`: every provision of a document through all its versions.

use crate::cli::{use_colour, Format, HistoryArgs};
use crate::corrections;
use crate::error::{Error, Result};
use crate::exit;
use crate::history::{render, History};
use crate::model::Draft;
use crate::pipeline::document_versions;
use crate::pipeline::scan::is_draft_name;
use crate::report::ByHand;

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
    let by_hand = corrections_of(&drafts);
    let mut history = History::build_corrected(&drafts, &by_hand);
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

/// For each pair of consecutive versions, the decisions of the corrections file beside the
/// newer draft (`corrections/` in its folder) that names the pair, as `run` uses them. A
/// file with a problem is left out with a warning, as `run` would report and skip it.
fn corrections_of(drafts: &[Draft]) -> Vec<ByHand> {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for draft in drafts {
        let Some(folder) = std::path::Path::new(&draft.origin).parent() else {
            continue;
        };
        let dir = folder.join(corrections::FOLDER);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(std::result::Result::ok) {
            let path = entry.path();
            if is_draft_name(&entry.file_name().to_string_lossy()) && !files.contains(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut out = vec![ByHand::default(); drafts.len().saturating_sub(1)];
    let mut taken = vec![false; out.len()];
    for path in files {
        let read = match corrections::load_file(&path) {
            Ok(read) => read,
            Err(e) => {
                eprintln!("draftdiff: left out: {e}");
                continue;
            }
        };
        let Some(i) = drafts
            .windows(2)
            .position(|w| read.is_for(&w[0].version, &w[1].version))
        else {
            continue;
        };
        if taken[i] {
            continue;
        }
        match read.resolve(&drafts[i], &drafts[i + 1]) {
            Ok(by_hand) => {
                out[i] = by_hand;
                taken[i] = true;
            }
            Err(e) => eprintln!("draftdiff: left out: {e}"),
        }
    }
    out
}
