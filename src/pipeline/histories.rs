//! The pass's provision histories (`<document>/history.{md,json,html}`), and the list of
//! a document's versions in timeline order that `draftdiff history` reads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::corrections::StepCorrection;
use super::drafts::{default_version, DraftState};
use super::log::Logger;
use super::manifest::{self, HistoryEntry};
use super::names::{file_name_for, fingerprint};
use super::output::{ensure_real_dir, remove_report, write_if_changed};
use super::probe::Probe;
use super::scan::scan;
use super::settings::{Outcome, PassError, Settings};
use super::timeline;
use crate::error::Error;
use crate::history::{render, History};
use crate::load::{load_bytes, read_bounded, PathDefaults};
use crate::model::Draft;

/// The valid versions of `document` under `drafts`, in the order `run` compares them; a
/// version label used twice keeps its first file, as in `run`. `document` is the name a
/// draft gives (or its folder's name, the default). Also returns a message for each
/// draft left out (invalid, or a repeated version), for the caller to show.
pub fn document_versions(
    drafts: &Path,
    document: &str,
) -> Result<(Vec<Draft>, Vec<String>), Error> {
    let (found, mut problems) = scan(drafts).map_err(|e| Error::Read {
        path: drafts.to_path_buf(),
        message: format!("cannot list drafts folder: {e}"),
    })?;
    let label = drafts.display().to_string();
    let mut versions: Vec<(String, Draft)> = Vec::new();
    for f in found {
        let display = format!("{label}/{}", f.rel);
        let defaults = PathDefaults {
            document: f.folder.clone(),
            version: default_version(&f.rel),
        };
        let in_folder = f.folder.as_deref() == Some(document);
        match read_bounded(&f.path).map(|bytes| load_bytes(&bytes, &display, &defaults)) {
            Ok(Ok(draft))
                if draft.document == document || file_name_for(&draft.document) == document =>
            {
                versions.push((f.rel, draft));
            }
            Ok(Ok(_)) => {}
            Ok(Err(invalid)) if in_folder => problems.push(invalid.to_string()),
            Err(e) if in_folder => problems.push(e.to_string()),
            _ => {}
        }
    }
    let (timeline, left_out) = timeline::arrange((0..versions.len()).collect(), |i| {
        let (rel, draft) = &versions[i];
        timeline::Entry {
            rel,
            version: &draft.version,
            date: draft.date.as_deref(),
        }
    });
    for (i, why) in left_out {
        problems.push(why.message(&versions[i].0, |r| format!("{label}/{r}")));
    }
    let mut versions: Vec<Option<Draft>> = versions.into_iter().map(|(_, d)| Some(d)).collect();
    let out = timeline
        .into_iter()
        .filter_map(|i| versions[i].take())
        .collect();
    Ok((out, problems))
}

/// What the history steps read from the pass.
pub(super) struct HistoryInputs<'a> {
    pub timelines: &'a BTreeMap<String, Vec<usize>>,
    pub states: &'a [DraftState],
    pub old: &'a BTreeMap<String, HistoryEntry>,
    /// By document folder: the corrections applied to its steps (see `corrections`).
    pub corrections: &'a BTreeMap<String, Vec<StepCorrection>>,
}

/// A history to rebuild: the document's versions (indexes into the pass's drafts, in
/// timeline order) and the key it will be recorded under.
pub(super) struct HistoryJob {
    pub key: String,
    pub versions: Vec<usize>,
    /// The key the history of the first `m + 1` versions has, at `m`: a saved state under
    /// one of them is a history already traced that far (see `resume`).
    pub prefix_keys: Vec<String>,
    /// How many of its first versions a saved state traces (the longest one saved), if
    /// any: the history goes on from there.
    pub resume_from: Option<usize>,
}

impl HistoryJob {
    /// The key of the history without the newest version (none for a single version).
    pub fn before_last(&self) -> Option<&String> {
        self.prefix_keys
            .len()
            .checked_sub(2)
            .map(|i| &self.prefix_keys[i])
    }
}

/// Decides which documents' histories are kept (their drafts are unchanged and their files
/// intact, or a draft is still arriving) and which are rebuilt, by document folder. A stop
/// request keeps every previous history as it is.
pub(super) fn plan_histories(
    probe: &dyn Probe,
    stop: bool,
    input: &HistoryInputs,
) -> (BTreeMap<String, HistoryEntry>, BTreeMap<String, HistoryJob>) {
    let states = input.states;
    let documents: Vec<(&String, &Vec<usize>)> = input.timelines.iter().collect();
    // The keys and the `stat`s of the kept files, for every document: on all cores.
    let plans = crate::parallel::map(&documents, |&(document, versions)| {
        let folder = file_name_for(document);
        let corrections = input
            .corrections
            .get(&folder)
            .map_or(&[][..], Vec::as_slice);
        let key = history_key(states, versions, corrections);
        // A draft still arriving in a folder of this document's drafts (which need not be
        // named like its reports folder).
        let in_document = |s: &DraftState| {
            versions
                .iter()
                .any(|&i| states[i].found.folder == s.found.folder)
        };
        let pending = states.iter().any(|s| s.pending && in_document(s));
        if let Some(entry) = input.old.get(&folder) {
            let keep = entry.key == key || pending || stop;
            if keep && probe.intact(&entry.files) {
                let mut entry = entry.clone();
                if entry.key == key {
                    // Named afresh, so a manifest from before it was recorded says what a
                    // run from scratch says.
                    entry.before_last = versions
                        .len()
                        .checked_sub(1)
                        .filter(|&n| n > 0)
                        .map(|n| history_key(states, &versions[..n], corrections));
                }
                return (folder, Ok(entry));
            }
        }
        let prefix_keys: Vec<String> = (1..=versions.len())
            .map(|m| history_key(states, &versions[..m], corrections))
            .collect();
        let saved = probe.saved_keys(&folder);
        let resume_from = prefix_keys
            .iter()
            .rposition(|k| saved.contains(k))
            .map(|m| m + 1);
        let job = HistoryJob {
            key,
            versions: versions.clone(),
            prefix_keys,
            resume_from,
        };
        (folder, Err(job))
    });
    let mut kept = BTreeMap::new();
    let mut rebuild = BTreeMap::new();
    for (folder, plan) in plans {
        match plan {
            Ok(entry) => {
                kept.insert(folder, entry);
            }
            Err(_) if stop => {}
            Err(job) => {
                rebuild.insert(folder, job);
            }
        }
    }
    (kept, rebuild)
}

/// Fingerprint of what shapes the output, of a document's drafts in timeline order and of
/// the corrections applied to the steps between them (none: the key is what it always
/// was). Only those steps': a correction of the newest step leaves the key of the
/// versions before it, and so their saved state (see `resume`), as it was.
fn history_key(
    states: &[DraftState],
    versions: &[usize],
    corrections: &[StepCorrection],
) -> String {
    let rels: Vec<&str> = versions
        .iter()
        .map(|&i| states[i].found.rel.as_str())
        .collect();
    let applied: String = corrections
        .iter()
        .filter(|c| c.sources.iter().all(|s| rels.contains(&s.as_str())))
        .map(|c| format!("{} {} {}\n", c.sources[0], c.sources[1], c.print))
        .collect();
    fingerprint(
        std::iter::once(manifest::output())
            .chain((!applied.is_empty()).then_some(applied))
            .chain(
                versions
                    .iter()
                    .map(|&i| format!("{} {}", states[i].entry.fingerprint, states[i].found.rel)),
            )
            .collect::<Vec<_>>()
            .join("\n")
            .as_bytes(),
    )
}

/// Writes `<folder>/history.{md,json,html}`; returns the files with their sizes.
pub(super) fn write_history(
    settings: &Settings,
    log: &Logger,
    folder: &str,
    history: &History,
    outcome_written: &mut usize,
) -> Result<BTreeMap<String, u64>, PassError> {
    ensure_real_dir(&settings.reports.join(folder), log).map_err(|source| {
        PassError::Fatal(Error::Write {
            path: settings.reports.join(folder),
            source,
        })
    })?;
    let mut files = BTreeMap::new();
    // One page in memory at a time: a long history's pages are tens of megabytes.
    let pages = [
        ("md", render::markdown as fn(&History) -> String),
        ("json", render::json),
        ("html", render::html),
    ];
    for (ext, render) in pages {
        let text = render(history);
        let rel = format!("{folder}/history.{ext}");
        *outcome_written += write_if_changed(settings, log, &rel, text.as_bytes())?;
        files.insert(rel, text.len() as u64);
    }
    Ok(files)
}

/// Removes the histories of documents that are gone, keeping those of documents with a
/// draft that is invalid or still arriving.
pub(super) fn remove_gone_histories(
    settings: &Settings,
    log: &Logger,
    (old, held): (&BTreeMap<String, HistoryEntry>, &BTreeSet<String>),
    out: &mut BTreeMap<String, HistoryEntry>,
    outcome: &mut Outcome,
) {
    for (folder, entry) in old {
        let prefix = format!("{folder}/");
        if out.contains_key(folder) || held.iter().any(|rel| rel.starts_with(&prefix)) {
            if !out.contains_key(folder) {
                out.insert(folder.clone(), entry.clone());
            }
            continue;
        }
        for file in entry.files.keys() {
            outcome.removed += remove_report(settings, log, file);
        }
    }
}
