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
use super::resume;
use super::settings::{PassError, Settings};
use super::step::Step;
use crate::history::Builder;
use crate::model::Draft;
use crate::report::brief::KeyChanges;
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
    /// Drafts parsed in this pass (their bytes changed), by relative path: each is taken
    /// out when a comparison first needs it (the document's work keeps it from there), so
    /// a cold run does not hold them all to the end.
    pub parsed: Mutex<HashMap<String, Draft>>,
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
    // Fewer documents than cores (one long document): its comparisons share the cores.
    let inner = documents.len() < crate::parallel::threads();
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

/// What a document's work has in hand: drafts by relative path, comparisons by stem.
#[derive(Default)]
struct InHand {
    drafts: HashMap<String, Draft>,
    reports: HashMap<String, Report>,
}

fn run_document(
    work: &Work,
    document: &DocumentWork,
    parallel: bool,
    done: &AtomicUsize,
    total: usize,
) -> Result<DocumentDone, PassError> {
    let mut hand = from_cache(work, document);
    let mut out = DocumentDone::default();
    let progress = |out: &mut DocumentDone, step: &Step, report: &Report| {
        let (entry, written) = write_step(step, report, work.settings, work.log)?;
        out.written += written;
        out.steps.push((step.stem.clone(), entry));
        work.log
            .progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        Ok::<(), PassError>(())
    };
    let Some((steps, job)) = &document.history else {
        compare(work, &document.jobs, &mut hand, parallel)?;
        for step in &document.jobs {
            let report = hand.reports.get(&step.stem).ok_or(PassError::Interrupted)?;
            progress(&mut out, step, report)?;
        }
        return Ok(out);
    };
    // The history is built a few comparisons at a time, in timeline order, so a long
    // document needs the pairs in flight and the history so far, not every version at once.
    // `watch` keeps them all for its next pass instead (its cache is bounded).
    let keep = work.cache.is_some();
    let jobs: std::collections::HashSet<&str> =
        document.jobs.iter().map(|s| s.stem.as_str()).collect();
    let Some((mut builder, traced)) = start_history(work, document, job, &mut hand, parallel)?
    else {
        return Ok(out);
    };
    // Steps before `traced` are in the saved history; only those redone are compared.
    let steps = &steps[traced..];
    let newest = save_before(work, &document.folder, job, steps);
    let width = if parallel {
        crate::parallel::threads()
    } else {
        1
    };
    for chunk in steps.chunks(width) {
        if work.stop.load(Ordering::Relaxed) {
            return Ok(out);
        }
        compare(work, chunk, &mut hand, parallel)?;
        for step in chunk {
            let report = hand.reports.get(&step.stem).ok_or(PassError::Interrupted)?;
            if jobs.contains(step.stem.as_str()) {
                progress(&mut out, step, report)?;
            }
            if Some(&step.stem) == newest {
                save(work, &document.folder, job.before_last(), &builder);
            }
            builder.push(if keep {
                report.clone()
            } else {
                hand.reports
                    .remove(&step.stem)
                    .ok_or(PassError::Interrupted)?
            });
        }
        if !keep {
            // Only the newest draft of the chunk is needed again (by the next chunk).
            let last = chunk.last().map(|s| s.sources[1].as_str());
            hand.drafts.retain(|rel, _| Some(rel.as_str()) == last);
        }
    }
    // A step redone but not among those traced here: before the saved history's end.
    let stray: Vec<&Step> = document
        .jobs
        .iter()
        .copied()
        .filter(|j| !steps.iter().any(|s| s.stem == j.stem))
        .collect();
    compare(work, &stray, &mut hand, parallel)?;
    for step in stray {
        let report = hand.reports.get(&step.stem).ok_or(PassError::Interrupted)?;
        progress(&mut out, step, report)?;
    }
    save(work, &document.folder, Some(&job.key), &builder);
    let files = write_history(
        work.settings,
        work.log,
        &document.folder,
        &builder.finish(),
        &mut out.written,
    )?;
    out.history = Some((
        document.folder.clone(),
        HistoryEntry {
            key: job.key.clone(),
            files,
            before_last: job.before_last().cloned(),
        },
    ));
    if let Some(cache) = work.cache {
        cache.put(&document.folder, to_cache(work, steps, hand));
    }
    Ok(out)
}

/// The step before which the history is saved as it stands, under the key of the history
/// without its newest version: the newest step, unless that state is already saved
/// (the pass went on from it) or there is none (a single version).
fn save_before<'a>(
    work: &Work,
    folder: &str,
    job: &HistoryJob,
    steps: &'a [&Step],
) -> Option<&'a String> {
    let key = job.before_last()?;
    if resume::is_saved(&work.settings.reports, folder, key) {
        return None;
    }
    steps.last().map(|s| &s.stem)
}

/// Saves the history state under `key` (see `resume`); a failure costs the next pass a
/// rebuild, not this pass its reports, so it is only logged.
fn save(work: &Work, folder: &str, key: Option<&String>, builder: &Builder) {
    let Some(key) = key else {
        return;
    };
    if let Err(e) = resume::store(&work.settings.reports, work.log, folder, key, builder) {
        let shown = format!("{}/{folder}", resume::FOLDER);
        work.log.warn(
            "cache",
            &[("path", &shown)],
            &format!(
                "could not save the history state in {shown} ({e}); the next run builds it again"
            ),
        );
    }
}

/// The history to go on from, with the number of versions it holds: the saved state the
/// plan chose or, if it does not read back, the longest shorter one that does, else the
/// first version alone. `None`
/// for a document without versions.
fn start_history(
    work: &Work,
    document: &DocumentWork,
    job: &HistoryJob,
    hand: &mut InHand,
    parallel: bool,
) -> Result<Option<(Builder, usize)>, PassError> {
    let reports = &work.settings.reports;
    // The plan's choice, else (it did not read back, and is gone) a shorter saved one.
    let saved = (1..=job.resume_from.unwrap_or(0)).rev().find_map(|n| {
        let key = &job.prefix_keys[n - 1];
        resume::is_saved(reports, &document.folder, key)
            .then(|| resume::load(reports, &document.folder, key, n))
            .flatten()
    });
    if let Some(builder) = saved {
        let traced = builder.version_count() - 1;
        return Ok(Some((builder, traced)));
    }
    let Some(first) = job
        .versions
        .first()
        .map(|&i| work.states[i].found.rel.as_str())
    else {
        return Ok(None);
    };
    load(work, &[first], hand, parallel)?;
    Ok(Some((Builder::start(&hand.drafts[first]), 0)))
}

/// The drafts and comparisons `watch` kept from its last pass that still hold.
fn from_cache(work: &Work, document: &DocumentWork) -> InHand {
    let mut hand = InHand::default();
    let Some(cached) = work.cache.and_then(|c| c.take(&document.folder)) else {
        return hand;
    };
    for (rel, (fingerprint, draft)) in cached.drafts {
        if fingerprint_of(work, &rel) == Some(fingerprint.as_str()) {
            hand.drafts.insert(rel, draft);
        }
    }
    let steps = document.history.iter().flat_map(|(steps, _)| steps);
    let identities: HashMap<&str, String> = steps
        .chain(&document.jobs)
        .map(|s| (s.stem.as_str(), step_identity(s)))
        .collect();
    for (stem, (identity, report)) in cached.reports {
        if identities.get(stem.as_str()) == Some(&identity) {
            hand.reports.insert(stem, report);
        }
    }
    hand
}

/// What `watch` keeps of a document for its next pass.
fn to_cache(work: &Work, steps: &[&Step], hand: InHand) -> CachedDocument {
    let mut entry = CachedDocument {
        provisions: hand.drafts.values().map(|d| d.provisions.len()).sum(),
        ..CachedDocument::default()
    };
    for (rel, draft) in hand.drafts {
        let fingerprint = fingerprint_of(work, &rel).unwrap_or_default().to_string();
        entry.drafts.insert(rel, (fingerprint, draft));
    }
    let mut reports = hand.reports;
    for step in steps {
        if let Some(report) = reports.remove(&step.stem) {
            entry
                .reports
                .insert(step.stem.clone(), (step_identity(step), report));
        }
    }
    entry
}

fn fingerprint_of<'a>(work: &'a Work, rel: &str) -> Option<&'a str> {
    work.by_rel
        .get(rel)
        .map(|&i| work.states[i].entry.fingerprint.as_str())
}

/// Loads the drafts of `rels` not yet in hand.
fn load(work: &Work, rels: &[&str], hand: &mut InHand, parallel: bool) -> Result<(), PassError> {
    let mut needed: Vec<&str> = Vec::new();
    for &rel in rels {
        if !hand.drafts.contains_key(rel) && !needed.contains(&rel) {
            needed.push(rel);
        }
    }
    let loaded = map(parallel, &needed, |rel| load_draft(rel, work));
    for (rel, draft) in needed.iter().zip(loaded) {
        hand.drafts.insert(rel.to_string(), draft?);
    }
    Ok(())
}

/// Compares the steps whose reports are not in hand yet (their pairs on all cores when
/// `parallel`); a stop request leaves the rest undone.
fn compare(
    work: &Work,
    steps: &[&Step],
    hand: &mut InHand,
    parallel: bool,
) -> Result<(), PassError> {
    let todo: Vec<&Step> = steps
        .iter()
        .copied()
        .filter(|s| !hand.reports.contains_key(&s.stem))
        .collect();
    let sources: Vec<&str> = todo
        .iter()
        .flat_map(|s| s.sources.iter().map(String::as_str))
        .collect();
    load(work, &sources, hand, parallel)?;
    let drafts = &hand.drafts;
    let compared = map(parallel, &todo, |step| {
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
    for (step, report) in todo.iter().zip(compared) {
        if let Some(report) = report {
            hand.reports.insert(step.stem.clone(), report);
        }
    }
    Ok(())
}

/// A draft of this pass: already parsed when its bytes changed (taken, the first time),
/// read again otherwise (and then it must still hold the bytes fingerprinted, or the pass
/// is planned again).
fn load_draft(rel: &str, work: &Work) -> Result<Draft, PassError> {
    if let Some(d) = work.parsed.lock().ok().and_then(|mut p| p.remove(rel)) {
        return Ok(d);
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
    let pages = [
        ("md", markdown::render as fn(&Report) -> String),
        ("json", json::render),
        ("html", html::render),
    ];
    // One page in memory at a time.
    for (ext, render) in pages {
        let bytes = render(report).into_bytes();
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
    let entry = StepEntry {
        key: step.key.clone(),
        sources: step.sources.clone(),
        files,
        headline: report.headline(),
        counts,
        key_changes: KeyChanges::of(report),
    };
    if written > 0 {
        if let Some(command) = &settings.on_report {
            run_hook(command, settings, step, &entry, log);
        }
    }
    Ok((entry, written))
}
