//! The comparisons and histories of a pass, one document at a time, documents on all cores.
//!
//! A document's history is made from the reports of its consecutive versions, the very
//! comparisons its step reports come from: the steps redone in this pass hand their reports
//! on, and only the steps kept from an earlier pass are compared again. `watch` also keeps
//! the last drafts and comparisons of each document it rebuilt in a [`Cache`], so a draft
//! dropped into a long timeline costs one comparison, not one per version.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use super::drafts::{read_again, DraftState};
use super::histories::{write_history, HistoryJob};
use super::hook::run_hook;
use super::log::Logger;
use super::manifest::{HistoryEntry, StepEntry};
use super::output::write_if_changed;
use super::settings::{PassError, Settings};
use super::step::Step;
use crate::model::Draft;
use crate::report::{html, json, markdown, Report};

/// At most this many provisions (counted over the drafts) are kept in a [`Cache`]: enough
/// for a few long documents, bounded for a watcher that runs for months.
const CACHE_PROVISIONS: usize = 200_000;

/// Drafts and comparisons that `watch` keeps from one pass to the next, by document folder.
/// Entries are used only when the draft's fingerprint (and, for a comparison, the step's
/// key and source files) still match, so a stale entry costs nothing but memory.
#[derive(Default)]
pub struct Cache {
    documents: Mutex<HashMap<String, CachedDocument>>,
}

#[derive(Default)]
struct CachedDocument {
    /// Drafts by path relative to the drafts folder, with their fingerprints.
    drafts: HashMap<String, (String, Draft)>,
    /// Comparisons by step stem, with the step's identity (see [`step_identity`]).
    reports: HashMap<String, (String, Report)>,
    provisions: usize,
}

impl Cache {
    fn take(&self, folder: &str) -> Option<CachedDocument> {
        self.documents.lock().ok()?.remove(folder)
    }

    /// Keeps a document's drafts and comparisons, dropping other documents' to stay within
    /// [`CACHE_PROVISIONS`] (and this one's when it alone is over).
    fn put(&self, folder: &str, entry: CachedDocument) {
        let Ok(mut documents) = self.documents.lock() else {
            return;
        };
        if entry.provisions > CACHE_PROVISIONS {
            return;
        }
        let mut total: usize = documents.values().map(|d| d.provisions).sum();
        while total + entry.provisions > CACHE_PROVISIONS {
            let Some(other) = documents.keys().next().cloned() else {
                break;
            };
            total -= documents.remove(&other).map_or(0, |d| d.provisions);
        }
        documents.insert(folder.to_string(), entry);
    }
}

/// What a step's comparison depends on: its key (both drafts' bytes and what shapes the output) and the
/// files it was read from (which supply defaults and appear in messages).
fn step_identity(step: &Step) -> String {
    format!("{}\n{}\n{}", step.key, step.sources[0], step.sources[1])
}

/// What the document work reads from the pass.
pub(super) struct Work<'a> {
    pub settings: &'a Settings,
    pub log: &'a Logger,
    pub stop: &'a AtomicBool,
    pub states: &'a [DraftState],
    /// Drafts parsed in this pass (their bytes changed), by relative path.
    pub parsed: &'a HashMap<String, Draft>,
    /// Index into `states` by relative path.
    pub by_rel: HashMap<&'a str, usize>,
    pub drafts_label: &'a str,
    pub cache: Option<&'a Cache>,
}

/// One document's work: the steps to compare again and, when its timeline changed, its
/// history to rebuild (with all of the document's steps, in timeline order).
pub(super) struct DocumentWork<'a> {
    pub folder: String,
    pub jobs: Vec<&'a Step>,
    pub history: Option<(Vec<&'a Step>, HistoryJob)>,
}

/// What a document's work produced.
#[derive(Default)]
pub(super) struct DocumentDone {
    pub steps: Vec<(String, StepEntry)>,
    pub history: Option<(String, HistoryEntry)>,
    pub written: usize,
}

/// Does the documents' work, documents spread over the cores. After a failure or a stop
/// request, documents not yet started are skipped (the caller then stops the pass).
pub(super) fn run_documents(
    work: &Work,
    documents: &[DocumentWork],
) -> Result<Vec<DocumentDone>, PassError> {
    let total: usize = documents.iter().map(|d| d.jobs.len()).sum();
    let done = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Fewer documents than cores (one long document): its comparisons share the cores.
    let inner = documents.len() < threads;
    let results = crate::parallel::map(documents, |document| {
        if failed.load(Ordering::Relaxed) || work.stop.load(Ordering::Relaxed) {
            return Ok(DocumentDone::default());
        }
        let result = run_document(work, document, inner, &done, total);
        if result.is_err() {
            failed.store(true, Ordering::Relaxed);
        }
        result
    });
    results.into_iter().collect()
}

/// `items.iter().map(f)`, on all cores when `parallel`.
fn map<T: Sync, R: Send>(parallel: bool, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if parallel {
        crate::parallel::map(items, f)
    } else {
        items.iter().map(f).collect()
    }
}

fn run_document(
    work: &Work,
    document: &DocumentWork,
    parallel: bool,
    done: &AtomicUsize,
    total: usize,
) -> Result<DocumentDone, PassError> {
    let fingerprint_of = |rel: &str| {
        work.by_rel
            .get(rel)
            .map(|&i| work.states[i].entry.fingerprint.as_str())
    };
    let mut drafts: HashMap<String, Draft> = HashMap::new();
    let mut reports: HashMap<String, Report> = HashMap::new();
    if let Some(cached) = work.cache.and_then(|c| c.take(&document.folder)) {
        for (rel, (fingerprint, draft)) in cached.drafts {
            if fingerprint_of(&rel) == Some(fingerprint.as_str()) {
                drafts.insert(rel, draft);
            }
        }
        let steps = document.history.iter().flat_map(|(steps, _)| steps);
        let identities: HashMap<&str, String> = steps
            .chain(&document.jobs)
            .map(|s| (s.stem.as_str(), step_identity(s)))
            .collect();
        for (stem, (identity, report)) in cached.reports {
            if identities.get(stem.as_str()) == Some(&identity) {
                reports.insert(stem, report);
            }
        }
    }

    // The comparisons to make: the steps redone, and the kept ones the history needs.
    let mut to_compare: Vec<&Step> = Vec::new();
    for step in document
        .jobs
        .iter()
        .chain(document.history.iter().flat_map(|(steps, _)| steps))
    {
        if !reports.contains_key(&step.stem) && !to_compare.iter().any(|s| s.stem == step.stem) {
            to_compare.push(step);
        }
    }
    let mut needed: Vec<&str> = Vec::new();
    let history_rels = document.history.iter().flat_map(|(_, job)| {
        job.versions
            .iter()
            .map(|&i| work.states[i].found.rel.as_str())
    });
    for rel in to_compare
        .iter()
        .flat_map(|s| s.sources.iter().map(String::as_str))
        .chain(history_rels)
    {
        if !drafts.contains_key(rel) && !needed.contains(&rel) {
            needed.push(rel);
        }
    }
    let loaded = map(parallel, &needed, |rel| load_draft(rel, work));
    for (rel, draft) in needed.iter().zip(loaded) {
        drafts.insert(rel.to_string(), draft?);
    }
    let compared = map(parallel, &to_compare, |step| {
        if work.stop.load(Ordering::Relaxed) {
            return None;
        }
        let old = drafts.get(&step.sources[0])?;
        let new = drafts.get(&step.sources[1])?;
        let by_hand = step.by_hand.as_deref().cloned().unwrap_or_default();
        Some(Report::compare_corrected(
            old.clone(),
            new.clone(),
            &by_hand,
            &mut crate::timings::Timings::new(),
        ))
    });
    if work.stop.load(Ordering::Relaxed) {
        return Ok(DocumentDone::default());
    }
    for (step, report) in to_compare.iter().zip(compared) {
        if let Some(report) = report {
            reports.insert(step.stem.clone(), report);
        }
    }

    let mut out = DocumentDone::default();
    for step in &document.jobs {
        let report = reports.get(&step.stem).ok_or(PassError::Interrupted)?;
        let (entry, written) = write_step(step, report, work.settings, work.log)?;
        out.written += written;
        out.steps.push((step.stem.clone(), entry));
        work.log
            .progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
    }

    if let Some((steps, job)) = &document.history {
        if work.stop.load(Ordering::Relaxed) {
            return Ok(out);
        }
        let rels: Vec<&str> = job
            .versions
            .iter()
            .map(|&i| work.states[i].found.rel.as_str())
            .collect();
        let history_drafts: Vec<Draft> = rels
            .iter()
            .map(|rel| drafts.remove(*rel).ok_or(PassError::Interrupted))
            .collect::<Result<_, _>>()?;
        let history_reports: Vec<Report> = steps
            .iter()
            .map(|s| reports.remove(&s.stem).ok_or(PassError::Interrupted))
            .collect::<Result<_, _>>()?;
        let files = write_history(
            work.settings,
            work.log,
            &document.folder,
            &history_drafts,
            &history_reports,
            &mut out.written,
        )?;
        out.history = Some((
            document.folder.clone(),
            HistoryEntry {
                key: job.key.clone(),
                files,
            },
        ));
        if let Some(cache) = work.cache {
            let mut entry = CachedDocument {
                provisions: history_drafts.iter().map(|d| d.provisions.len()).sum(),
                ..CachedDocument::default()
            };
            for (rel, draft) in rels.iter().zip(history_drafts) {
                let fingerprint = fingerprint_of(rel).unwrap_or_default().to_string();
                entry.drafts.insert(rel.to_string(), (fingerprint, draft));
            }
            for (step, report) in steps.iter().zip(history_reports) {
                entry
                    .reports
                    .insert(step.stem.clone(), (step_identity(step), report));
            }
            cache.put(&document.folder, entry);
        }
    }
    Ok(out)
}

/// A draft of this pass: already parsed when its bytes changed, read again otherwise
/// (and then it must still hold the bytes fingerprinted, or the pass is planned again).
fn load_draft(rel: &str, work: &Work) -> Result<Draft, PassError> {
    if let Some(d) = work.parsed.get(rel) {
        return Ok(d.clone());
    }
    work.by_rel
        .get(rel)
        .and_then(|&i| read_again(&work.states[i], work.drafts_label))
        .ok_or_else(|| PassError::Changed(format!("{}/{rel}", work.drafts_label)))
}

/// Writes a step's reports (each only if its bytes changed) and runs the `--on-report`
/// command when one was written.
fn write_step(
    step: &Step,
    report: &Report,
    settings: &Settings,
    log: &Logger,
) -> Result<(StepEntry, usize), PassError> {
    let mut files = BTreeMap::new();
    let mut written = 0;
    for (ext, bytes) in [
        ("md", markdown::render(report).into_bytes()),
        ("json", json::render(report).into_bytes()),
        ("html", html::render(report).into_bytes()),
    ] {
        let rel = format!("{}.{ext}", step.stem);
        written += write_if_changed(settings, log, &rel, &bytes)?;
        files.insert(rel, bytes.len() as u64);
    }
    let s = &report.summary;
    let counts: BTreeMap<String, usize> = [
        ("unchanged", s.unchanged),
        ("changed", s.changed),
        ("added", s.added),
        ("removed", s.removed),
        ("split", s.split),
        ("merged", s.merged),
        ("renumbered", s.renumbered),
        ("moved", s.moved),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if written > 0 {
        if let Some(command) = &settings.on_report {
            run_hook(command, settings, step, &files, log);
        }
    }
    let entry = StepEntry {
        key: step.key.clone(),
        sources: step.sources.clone(),
        files,
        headline: report.headline(),
        counts,
    };
    Ok((entry, written))
}
