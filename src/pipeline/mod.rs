//! The incremental pass behind `draftdiff run` and `draftdiff watch`: scan the drafts,
//! compare consecutive versions of each document, and bring `reports/` up to date.
//!
//! A pass is idempotent. It reads the manifest, fingerprints every draft, regenerates only
//! the steps whose inputs changed, writes each file atomically and only when its bytes
//! change, removes the reports of steps that no longer exist, and writes the manifest
//! last. A pass killed at any point leaves every file whole, and the next pass finishes
//! the work.

mod corrections;
mod drafts;
pub mod histories;
mod hook;
pub mod index;
pub mod lock;
pub mod log;
pub mod manifest;
pub mod names;
mod output;
pub mod scan;
mod settings;
mod step;
pub mod timeline;
mod work;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::error::Error;
use crate::fsutil::write_atomic;
use crate::model::Draft;

use self::drafts::{read_draft, DraftState};
pub use self::histories::document_versions;
use self::histories::{plan_histories, remove_gone_histories, HistoryInputs};
use self::index::{DocumentIndex, DocumentSummary, TimelineStep, TimelineVersion};
use self::lock::{LockError, ReportsLock};
use self::log::Logger;
use self::manifest::{Manifest, Meta, StepEntry};
use self::names::{file_name_for, fingerprint};
use self::output::{
    ensure_real_dir, files_intact, is_same_file, remove_report, remove_stale_temporaries,
    remove_unless_real_dir, write_if_changed,
};
use self::scan::scan;
pub use self::settings::{Outcome, PassError, Settings};
use self::step::{Step, REPORT_EXTENSIONS};
pub use self::timeline::timeline_cmp;
pub use self::work::Cache;
use self::work::{run_documents, DocumentWork, Work};

/// Runs one pass. `stop` asks a long pass to finish the file under way and return early.
pub fn pass(settings: &Settings, log: &Logger, stop: &AtomicBool) -> Result<Outcome, PassError> {
    pass_with_cache(settings, log, stop, None)
}

/// [`pass`], reusing the drafts and comparisons that earlier passes left in `cache` (and
/// leaving this pass's there): `watch` keeps one for as long as it runs.
pub fn pass_with_cache(
    settings: &Settings,
    log: &Logger,
    stop: &AtomicBool,
    cache: Option<&Cache>,
) -> Result<Outcome, PassError> {
    let pass_start = Instant::now();
    let fatal = |path: &Path, message: String| {
        PassError::Fatal(Error::Read {
            path: path.to_path_buf(),
            message,
        })
    };
    match std::fs::metadata(&settings.drafts) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(fatal(&settings.drafts, "not a folder".into())),
        Err(e) => {
            return Err(fatal(
                &settings.drafts,
                format!("cannot read drafts folder: {e}"),
            ))
        }
    }
    std::fs::create_dir_all(&settings.reports).map_err(|source| {
        PassError::Fatal(Error::Write {
            path: settings.reports.clone(),
            source,
        })
    })?;
    let _lock = ReportsLock::acquire(&settings.reports, settings.wait).map_err(|e| match e {
        LockError::Busy => PassError::Locked(settings.reports.clone()),
        LockError::Io(source) => PassError::Fatal(Error::Write {
            path: settings.reports.clone(),
            source,
        }),
    })?;
    let mut outcome = Outcome::default();
    let mut lap = Instant::now();
    outcome.timings.add("lock", lap.duration_since(pass_start));
    let old_manifest = Manifest::read(&settings.reports);

    // 1. Fingerprint every draft; parse only those whose bytes changed.
    let (found, warnings) = scan(&settings.drafts)
        .map_err(|e| fatal(&settings.drafts, format!("cannot list drafts folder: {e}")))?;
    for w in warnings {
        log.warn("scan", &[("message", &w)], &w);
    }
    let drafts_label = settings.drafts.file_name().map_or_else(
        || "drafts".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut parsed: HashMap<String, Draft> = HashMap::new();
    let mut states: Vec<DraftState> = Vec::new();
    // Reading, fingerprinting and parsing are independent per file: all cores share them.
    let read = crate::parallel::map(&found, |f| read_draft(f, &old_manifest, &drafts_label));
    for (f, (entry, draft)) in found.into_iter().zip(read) {
        if let Some(draft) = draft {
            parsed.insert(f.rel.clone(), draft);
        }
        let pending = entry.meta.is_none()
            && settings.settle.is_some_and(|settle| {
                let age = std::fs::metadata(&f.path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| SystemTime::now().duration_since(t).ok());
                match age {
                    Some(age) if age < settle => {
                        let wait = settle - age + Duration::from_millis(50);
                        outcome.retry_after =
                            Some(outcome.retry_after.map_or(wait, |r| r.max(wait)));
                        true
                    }
                    _ => false,
                }
            });
        // A version being rewritten keeps its last good state until it settles, so that
        // its neighbours are not compared with each other in the meantime.
        let entry = match old_manifest.drafts.get(&f.rel) {
            Some(previous) if pending && previous.meta.is_some() => previous.clone(),
            _ => entry,
        };
        states.push(DraftState {
            found: f,
            entry,
            pending,
        });
    }

    outcome.timings.lap("read drafts", &mut lap);

    // 2. Build each document's timeline from the valid drafts.
    let mut timelines: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut invalid_by_document: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut held: BTreeSet<String> = BTreeSet::new(); // invalid or pending: their reports stay
    for (i, s) in states.iter().enumerate() {
        match (&s.entry.meta, s.pending) {
            (meta, true) => {
                outcome.pending += 1;
                held.insert(s.found.rel.clone());
                log.verbose(
                    "pending",
                    &[("draft", &s.found.rel)],
                    &format!("{}: still being written, will retry", s.found.rel),
                );
                if let Some(meta) = meta {
                    timelines.entry(meta.document.clone()).or_default().push(i);
                }
            }
            (Some(meta), false) => timelines.entry(meta.document.clone()).or_default().push(i),
            (None, false) => {
                held.insert(s.found.rel.clone());
                let document = s
                    .found
                    .folder
                    .clone()
                    .unwrap_or_else(|| "(no document)".into());
                invalid_by_document
                    .entry(document)
                    .or_default()
                    .extend(s.entry.errors.iter().cloned());
            }
        }
    }
    // Versions left out of their timeline: each is a problem of its own file, and the
    // document goes on without it.
    let mut refused = 0;
    for (document, versions) in timelines.iter_mut() {
        let (kept, left_out) = timeline::arrange(std::mem::take(versions), |i| {
            let meta = states[i].entry.meta.as_ref();
            timeline::Entry {
                rel: &states[i].found.rel,
                version: meta.map_or("", |m| m.version.as_str()),
                date: meta.and_then(|m| m.date.as_deref()),
            }
        });
        *versions = kept;
        for (i, why) in left_out {
            let rel = &states[i].found.rel;
            let message = why.message(rel, |r| format!("{drafts_label}/{r}"));
            invalid_by_document
                .entry(document.clone())
                .or_default()
                .push(message);
            held.insert(rel.clone());
            refused += 1;
        }
    }
    outcome.problems = invalid_by_document.values().flatten().cloned().collect();
    outcome.documents = timelines.len();
    outcome.versions = timelines.values().map(Vec::len).sum();
    outcome.comparisons = timelines.values().map(|v| v.len().saturating_sub(1)).sum();
    outcome.invalid = refused
        + states
            .iter()
            .filter(|s| s.entry.meta.is_none() && !s.pending)
            .count();

    // 3. Plan the steps between consecutive versions.
    let mut steps: Vec<Step> = Vec::new();
    for (document, versions) in &timelines {
        let folder = file_name_for(document);
        for pair in versions.windows(2) {
            let (a, b) = (&states[pair[0]], &states[pair[1]]);
            let (ma, mb) = (a.entry.meta.as_ref(), b.entry.meta.as_ref());
            let (Some(ma), Some(mb)) = (ma, mb) else {
                continue;
            };
            let stem = format!(
                "{folder}/{}..{}",
                file_name_for(&ma.version),
                file_name_for(&mb.version)
            );
            let key = fingerprint(
                format!(
                    "{}\n{}\n{}",
                    manifest::output(),
                    a.entry.fingerprint,
                    b.entry.fingerprint
                )
                .as_bytes(),
            );
            steps.push(Step {
                stem,
                key,
                sources: [a.found.rel.clone(), b.found.rel.clone()],
                document: document.clone(),
                document_folder: folder.clone(),
                old_version: ma.version.clone(),
                new_version: mb.version.clone(),
                by_hand: None,
            });
        }
    }
    // Corrections: each valid file goes to its step; the others are problems of their
    // document, like invalid drafts, and their pairs are aligned without them.
    let corrected = corrections::apply(
        &settings.drafts,
        &drafts_label,
        &mut steps,
        &states,
        &parsed,
    );
    // Kept apart from invalid drafts: the index says what becomes of each kind.
    let bad_corrections = corrected.problems;
    outcome
        .problems
        .extend(bad_corrections.values().flatten().cloned());
    outcome.invalid += corrected.invalid;

    // 4. Generate what is missing or out of date, documents in parallel. First, a symlink
    // swapped in for a document folder goes: otherwise the files behind it would pass for
    // up to date below, and the clean-up in step 5 would delete through it.
    let folders: BTreeSet<&str> = steps
        .iter()
        .map(|s| s.document_folder.as_str())
        .chain(
            old_manifest
                .steps
                .values()
                .flat_map(|e| e.files.keys())
                .chain(&old_manifest.indexes)
                .filter_map(|f| f.split_once('/').map(|(folder, _)| folder)),
        )
        .collect();
    for folder in folders {
        let dir = settings.reports.join(folder);
        remove_unless_real_dir(&dir, log)
            .map_err(|source| PassError::Fatal(Error::Write { path: dir, source }))?;
    }
    let mut new_steps: BTreeMap<String, StepEntry> = BTreeMap::new();
    let mut jobs: Vec<&Step> = Vec::new();
    // Checking that the reports are still there is a few `stat`s per step: on all cores.
    let up_to_date = crate::parallel::map(&steps, |step| {
        old_manifest.steps.get(&step.stem).filter(|entry| {
            entry.key == step.key
                && REPORT_EXTENSIONS
                    .iter()
                    .all(|ext| entry.files.contains_key(&format!("{}.{ext}", step.stem)))
                && files_intact(&settings.reports, &entry.files)
        })
    });
    for (step, kept) in steps.iter().zip(up_to_date) {
        match kept {
            Some(entry) => {
                new_steps.insert(step.stem.clone(), entry.clone());
            }
            // A draft still being written cannot be compared yet; step 5 keeps what its
            // last good version made.
            _ if step.sources.iter().any(|s| held.contains(s)) => {}
            _ => jobs.push(step),
        }
    }
    // Which histories stay and which are rebuilt (decided here, made with the steps below).
    let history_inputs = HistoryInputs {
        timelines: &timelines,
        states: &states,
        held: &held,
        old: &old_manifest.histories,
        corrections: &corrected.by_folder,
    };
    let (mut histories, history_jobs) = plan_histories(settings, stop, &history_inputs);
    let mut steps_by_folder: BTreeMap<&str, Vec<&Step>> = BTreeMap::new();
    for s in &steps {
        steps_by_folder
            .entry(s.document_folder.as_str())
            .or_default()
            .push(s);
    }
    let mut documents: BTreeMap<String, DocumentWork> = BTreeMap::new();
    for step in jobs {
        documents
            .entry(step.document_folder.clone())
            .or_insert_with(|| DocumentWork {
                folder: step.document_folder.clone(),
                jobs: Vec::new(),
                history: None,
            })
            .jobs
            .push(step);
    }
    for (folder, job) in history_jobs {
        let doc_steps = steps_by_folder
            .get(folder.as_str())
            .cloned()
            .unwrap_or_default();
        documents
            .entry(folder.clone())
            .or_insert_with(|| DocumentWork {
                folder,
                jobs: Vec::new(),
                history: None,
            })
            .history = Some((doc_steps, job));
    }
    for folder in documents.keys() {
        ensure_real_dir(&settings.reports.join(folder), log).map_err(|source| {
            PassError::Fatal(Error::Write {
                path: settings.reports.join(folder),
                source,
            })
        })?;
    }
    let documents: Vec<DocumentWork> = documents.into_values().collect();
    let work = Work {
        settings,
        log,
        stop,
        states: &states,
        parsed: &parsed,
        by_rel: states
            .iter()
            .enumerate()
            .map(|(i, s)| (s.found.rel.as_str(), i))
            .collect(),
        drafts_label: &drafts_label,
        cache,
    };
    outcome.timings.lap("plan", &mut lap);
    let results = run_documents(&work, &documents)?;
    outcome.timings.lap("compare and write", &mut lap);
    if stop.load(Ordering::Relaxed) {
        // Skipped comparisons must not pass for vanished steps below (their reports would
        // be removed), nor the manifest record a pass that did not finish.
        return Err(PassError::Interrupted);
    }
    for done in results {
        outcome.written += done.written;
        new_steps.extend(done.steps);
        histories.extend(done.history);
    }

    // 5. Keep the reports of steps whose drafts are invalid or still arriving; remove the
    // rest of what no longer exists.
    for (stem, entry) in &old_manifest.steps {
        if new_steps.contains_key(stem) {
            continue;
        }
        let source_held = entry.sources.iter().any(|s| held.contains(s));
        if source_held {
            new_steps.insert(stem.clone(), entry.clone());
            continue;
        }
        for file in entry.files.keys() {
            outcome.removed += remove_report(settings, log, file);
        }
    }

    // 6. Each document's provision history: rebuilt above with its steps when its timeline
    // changed; the histories of documents that are gone go.
    remove_gone_histories(settings, log, &history_inputs, &mut histories, &mut outcome);

    outcome.timings.lap("clean up", &mut lap);

    // 7. Indexes. Each document's pages are rendered and compared with what is on disk on
    // all cores; only the pages that differ are written, in order.
    let mut indexes: Vec<String> = Vec::new();
    let mut all_documents: BTreeSet<&String> = timelines.keys().collect();
    all_documents.extend(invalid_by_document.keys());
    all_documents.extend(bad_corrections.keys());
    let all_documents: Vec<&String> = all_documents.into_iter().collect();
    let pages = crate::parallel::map(&all_documents, |&document| {
        let folder = file_name_for(document);
        let versions: Vec<&Meta> = timelines
            .get(document)
            .map(|v| {
                v.iter()
                    .filter_map(|&i| states[i].entry.meta.as_ref())
                    .collect()
            })
            .unwrap_or_default();
        let doc_steps: Vec<TimelineStep> = steps_by_folder
            .get(folder.as_str())
            .into_iter()
            .flatten()
            .filter_map(|s| {
                new_steps.get(&s.stem).map(|entry| TimelineStep {
                    old: &s.old_version,
                    new: &s.new_version,
                    stem: s.stem[folder.len() + 1..].to_string(),
                    entry,
                })
            })
            .collect();
        let invalid = invalid_by_document
            .get(document)
            .cloned()
            .unwrap_or_default();
        let bad_corrections = bad_corrections.get(document).cloned().unwrap_or_default();
        let problems = invalid.len() + bad_corrections.len();
        let doc_index = DocumentIndex {
            document,
            versions: versions
                .iter()
                .map(|m| TimelineVersion { meta: m })
                .collect(),
            steps: doc_steps,
            invalid,
            bad_corrections,
            history: histories.contains_key(&folder),
        };
        let dir = settings.reports.join(&folder);
        ensure_real_dir(&dir, log)
            .map_err(|source| PassError::Fatal(Error::Write { path: dir, source }))?;
        let changed: Vec<(String, Option<String>)> = [
            ("md", index::document_index(&doc_index)),
            ("html", index::document_index_html(&doc_index)),
        ]
        .into_iter()
        .map(|(ext, page)| {
            let rel = format!("{folder}/index.{ext}");
            let same = is_same_file(&settings.reports.join(&rel), page.as_bytes());
            (rel, (!same).then_some(page))
        })
        .collect();
        let summary = DocumentSummary {
            document,
            folder,
            versions: versions.len(),
            latest: versions.last().copied(),
            problems,
        };
        Ok((changed, summary))
    });
    let mut summaries: Vec<DocumentSummary> = Vec::new();
    for result in pages {
        let (changed, summary) = result?;
        for (rel, page) in changed {
            if let Some(page) = page {
                outcome.written += write_if_changed(settings, log, &rel, page.as_bytes())?;
            }
            indexes.push(rel);
        }
        summaries.push(summary);
    }
    for (rel, page) in [
        ("index.md", index::top_index(&summaries)),
        ("index.html", index::top_index_html(&summaries)),
    ] {
        outcome.written += write_if_changed(settings, log, rel, page.as_bytes())?;
        indexes.push(rel.into());
    }
    indexes.sort();
    for old in &old_manifest.indexes {
        if indexes.binary_search(old).is_err()
            && std::fs::remove_file(settings.reports.join(old)).is_ok()
        {
            outcome.removed += 1;
            let _ =
                std::fs::remove_dir(settings.reports.join(old).parent().unwrap_or(Path::new("")));
        }
    }
    remove_stale_temporaries(&settings.reports);

    outcome.timings.lap("indexes", &mut lap);

    // 8. The manifest goes last: until it is written, the next pass redoes this one's work.
    let mut manifest = Manifest::empty();
    for s in &states {
        if s.pending {
            if let Some(previous) = old_manifest.drafts.get(&s.found.rel) {
                manifest
                    .drafts
                    .insert(s.found.rel.clone(), previous.clone());
            }
        } else if !s.entry.fingerprint.is_empty() {
            manifest.drafts.insert(s.found.rel.clone(), s.entry.clone());
        }
    }
    manifest.steps = new_steps;
    manifest.indexes = indexes;
    manifest.histories = histories;
    // The manifest read at the start was written by this very build (`Manifest::read`
    // checks), so when nothing changed its file already holds these bytes: a pass with
    // nothing to do neither serialises nor re-reads it.
    let path = settings.reports.join(manifest::FILE_NAME);
    let unchanged =
        manifest == old_manifest && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
    if !unchanged {
        let bytes = manifest.to_bytes();
        if !is_same_file(&path, &bytes) {
            write_atomic(&path, &bytes)
                .map_err(|source| PassError::Fatal(Error::Write { path, source }))?;
        }
    }
    outcome.timings.lap("manifest", &mut lap);
    Ok(outcome)
}
