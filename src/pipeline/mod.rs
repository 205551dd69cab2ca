//! The incremental pass behind `draftdiff run` and `draftdiff watch`: scan the drafts,
//! compare consecutive versions of each document, and bring `reports/` up to date.
//!
//! A pass is idempotent. It reads the manifest, fingerprints every draft, regenerates only
//! the steps whose inputs changed, writes each file atomically and only when its bytes
//! change, removes the reports of steps that no longer exist, and writes the manifest
//! last. A pass killed at any point leaves every file whole, and the next pass finishes
//! the work.

mod corrections;
pub mod histories;
pub mod index;
pub mod lock;
pub mod log;
pub mod manifest;
pub mod names;
pub mod scan;
mod work;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::error::Error;
use crate::fsutil::{is_temporary, write_atomic};
use crate::load::{load_bytes, read_bounded, PathDefaults};
use crate::model::Draft;
use crate::timings::Timings;

pub use self::histories::document_versions;
use self::histories::{plan_histories, remove_gone_histories, HistoryInputs};
use self::index::{DocumentIndex, DocumentSummary, TimelineStep, TimelineVersion};
use self::lock::{LockError, ReportsLock};
use self::log::Logger;
use self::manifest::{DraftEntry, Manifest, Meta, StepEntry};
use self::names::{file_name_for, fingerprint, natural_cmp};
use self::scan::{scan, Found};
pub use self::work::Cache;
use self::work::{run_documents, DocumentWork, Work};

/// The report files written for each step, by extension.
const REPORT_EXTENSIONS: [&str; 3] = ["md", "json", "html"];

/// What a pass works on.
pub struct Settings {
    pub drafts: PathBuf,
    pub reports: PathBuf,
    /// How long to wait for another process's lock on `reports/`.
    pub wait: Duration,
    /// Shell command run after each step's reports are written.
    pub on_report: Option<String>,
    /// Watch only: an invalid draft modified less than this long ago is still arriving
    /// (a slow copy) and is not reported yet.
    pub settle: Option<Duration>,
}

/// What a pass did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub written: usize,
    pub removed: usize,
    /// Drafts that are invalid (reported in their document's index).
    pub invalid: usize,
    /// What is wrong with them, one `file:line:col: message` each, for the driver to log.
    pub problems: Vec<String>,
    /// Watch only: drafts still settling; run again after `retry_after`.
    pub pending: usize,
    pub retry_after: Option<Duration>,
    /// How long each stage of the pass took, for `--timings`.
    pub timings: Timings,
    /// What the reports now cover: documents with a valid version, their valid versions,
    /// and the comparisons of consecutive versions (one report each).
    pub documents: usize,
    pub versions: usize,
    pub comparisons: usize,
}

#[derive(Debug)]
pub enum PassError {
    /// Another process holds the lock on the reports folder.
    Locked(PathBuf),
    /// Asked to stop (SIGINT, SIGTERM) before the reports were up to date. What was written
    /// is whole; nothing was removed, and the next pass finishes the work.
    Interrupted,
    Fatal(Error),
}

impl std::fmt::Display for PassError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PassError::Locked(path) => write!(
                f,
                "{}: another draftdiff is writing these reports; gave up waiting (see --wait)",
                path.display()
            ),
            PassError::Interrupted => write!(
                f,
                "stopped before the reports were up to date; the next run finishes the work"
            ),
            PassError::Fatal(e) => e.fmt(f),
        }
    }
}

/// A draft's state in this pass.
struct DraftState {
    found: Found,
    entry: DraftEntry,
    /// Invalid and still being written (watch only): keep its previous state.
    pending: bool,
}

/// One comparison to make or keep.
struct Step {
    stem: String,
    key: String,
    sources: [String; 2],
    /// The document's label, and the safe folder name its reports go in.
    document: String,
    document_folder: String,
    old_version: String,
    new_version: String,
    /// Decisions by hand from the pair's corrections file, when it has a valid one.
    by_hand: Option<std::sync::Arc<crate::report::ByHand>>,
}

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
    for versions in timelines.values_mut() {
        versions.sort_by(|&a, &b| {
            let date = |i: usize| {
                states[i]
                    .entry
                    .meta
                    .as_ref()
                    .and_then(|m| m.date.as_deref())
            };
            timeline_cmp(
                (date(a), &states[a].found.rel),
                (date(b), &states[b].found.rel),
            )
        });
    }
    // Versions left out of their timeline: each is a problem of its own file.
    let mut refused = 0;
    // Undated versions beside dated ones have no place in the timeline: sorted first, they
    // would be compared with the newest version backwards. They are the mistake; the
    // dated versions go on without them.
    for (document, versions) in timelines.iter_mut() {
        let dated = |i: &usize| {
            states[*i]
                .entry
                .meta
                .as_ref()
                .is_some_and(|m| m.date.is_some())
        };
        if !versions.iter().any(dated) {
            continue;
        }
        versions.retain(|i| {
            if dated(i) {
                return true;
            }
            let rel = &states[*i].found.rel;
            let message = format!(
                "{drafts_label}/{rel}: no `date`, while the other versions of this document \
                 have one: add `date: YYYY-MM-DD` so that it takes its place in the timeline \
                 (it is left out until then)"
            );
            invalid_by_document
                .entry(document.clone())
                .or_default()
                .push(message);
            held.insert(rel.clone());
            refused += 1;
            false
        });
    }
    // A version label used twice in one document: the later file is the mistake.
    for (document, versions) in timelines.iter_mut() {
        let mut seen: HashMap<String, String> = HashMap::new();
        versions.retain(|&i| {
            let s = &states[i];
            let version = s.entry.meta.as_ref().map(|m| m.version.clone()).unwrap_or_default();
            match seen.get(&version) {
                Some(first) => {
                    let message = format!(
                        "{drafts_label}/{}: version {version:?} is already used by {drafts_label}/{first}",
                        s.found.rel
                    );
                    invalid_by_document.entry(document.clone()).or_default().push(message);
                    held.insert(s.found.rel.clone());
                    refused += 1;
                    false
                }
                None => {
                    seen.insert(version, s.found.rel.clone());
                    true
                }
            }
        });
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

/// The order of a document's versions: by date (undated first), then by file name in
/// natural order (`2` before `10`), then by path. Each side is (date, path relative to the
/// drafts folder).
pub fn timeline_cmp(a: (Option<&str>, &str), b: (Option<&str>, &str)) -> std::cmp::Ordering {
    a.0.unwrap_or_default()
        .cmp(b.0.unwrap_or_default())
        .then_with(|| natural_cmp(file_stem(a.1), file_stem(b.1)))
        .then_with(|| a.1.cmp(b.1))
}

/// A draft's manifest entry: its fingerprint, and its metadata or problems. A draft whose
/// bytes match the manifest is not parsed again; one that is parsed is returned too.
fn read_draft(
    f: &Found,
    old_manifest: &Manifest,
    drafts_label: &str,
) -> (DraftEntry, Option<Draft>) {
    let display = format!("{drafts_label}/{}", f.rel);
    let bytes = match read_bounded(&f.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let message = match e {
                Error::Read { message, .. } => format!("{display}: {message}"),
                other => other.to_string(),
            };
            let entry = DraftEntry {
                fingerprint: String::new(),
                meta: None,
                errors: vec![message],
            };
            return (entry, None);
        }
    };
    let fp = fingerprint(&bytes);
    if let Some(entry) = old_manifest
        .drafts
        .get(&f.rel)
        .filter(|e| e.fingerprint == fp && !fp.is_empty())
    {
        return (entry.clone(), None);
    }
    let defaults = PathDefaults {
        document: f.folder.clone(),
        version: default_version(&f.rel),
    };
    match load_bytes(&bytes, &display, &defaults) {
        Ok(draft) => {
            let entry = DraftEntry {
                fingerprint: fp,
                meta: Some(meta_of(&draft)),
                errors: vec![],
            };
            (entry, Some(draft))
        }
        Err(invalid) => {
            let entry = DraftEntry {
                fingerprint: fp,
                meta: None,
                errors: invalid.to_string().lines().map(str::to_string).collect(),
            };
            (entry, None)
        }
    }
}

/// A file without an explicit version takes its name without the extension.
fn default_version(rel: &str) -> Option<String> {
    Path::new(rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
}

fn file_stem(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// Removes a report that no longer has a step (or history) behind it; 1 when it did.
pub(super) fn remove_report(settings: &Settings, log: &Logger, file: &str) -> usize {
    let path = settings.reports.join(file);
    if std::fs::symlink_metadata(&path).is_ok() && std::fs::remove_file(&path).is_ok() {
        let shown = format!("{}/{file}", reports_label(settings));
        log.info("removed", &[("path", &shown)], &format!("removed {shown}"));
        1
    } else {
        0
    }
}

/// The reports folder as the user named it, for log lines (never written into a report).
fn reports_label(settings: &Settings) -> String {
    let shown = settings.reports.display().to_string();
    match shown.trim_end_matches('/') {
        "" => "/".into(),
        trimmed => trimmed.into(),
    }
}

fn meta_of(draft: &Draft) -> Meta {
    Meta {
        document: draft.document.clone(),
        version: draft.version.clone(),
        date: draft.date.clone(),
        title: draft.title.clone(),
        source: draft.source.clone(),
        status: draft.status.clone(),
        provisions: draft.provisions.len(),
    }
}

fn files_intact(reports: &Path, files: &BTreeMap<String, u64>) -> bool {
    files.iter().all(|(file, &size)| {
        std::fs::symlink_metadata(reports.join(file)).is_ok_and(|m| m.is_file() && m.len() == size)
    })
}

/// Makes sure `dir` is a real folder: a symlink placed there is replaced, never followed,
/// so nothing is written outside the reports folder.
fn ensure_real_dir(dir: &Path, log: &Logger) -> std::io::Result<()> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Ok(()); // `symlink_metadata` never calls a symlink a folder
    }
    remove_unless_real_dir(dir, log)?;
    std::fs::create_dir_all(dir)
}

/// Removes whatever is at `dir` unless it is a real folder (a symlink is removed, not
/// followed); leaves nothing or a real folder there.
fn remove_unless_real_dir(dir: &Path, log: &Logger) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(dir) {
        if meta.file_type().is_symlink() || !meta.is_dir() {
            let shown = dir.display().to_string();
            log.warn(
                "replaced",
                &[("path", &shown)],
                &format!("{shown}: not a real folder; replacing it"),
            );
            std::fs::remove_file(dir)?;
        }
    }
    Ok(())
}

/// Whether `path` is a plain file (not a symlink) holding exactly `bytes`.
fn is_same_file(path: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).ok().as_deref() == Some(bytes)
}

/// Writes `reports/<rel>` unless it already holds exactly these bytes (so an unchanged
/// report keeps its modification time). Returns 1 when it wrote.
fn write_if_changed(
    settings: &Settings,
    log: &Logger,
    rel: &str,
    bytes: &[u8],
) -> Result<usize, PassError> {
    let path = settings.reports.join(rel);
    if is_same_file(&path, bytes) {
        return Ok(0);
    }
    write_atomic(&path, bytes).map_err(|source| {
        PassError::Fatal(Error::Write {
            path: path.clone(),
            source,
        })
    })?;
    let shown = format!("{}/{rel}", reports_label(settings));
    log.info("wrote", &[("path", &shown)], &format!("wrote {shown}"));
    Ok(1)
}

/// Runs the `--on-report` command; its failure is logged, never fatal.
fn run_hook(
    command: &str,
    settings: &Settings,
    step: &Step,
    files: &BTreeMap<String, u64>,
    log: &Logger,
) {
    let path_of = |ext: &str| {
        files
            .keys()
            .find(|f| f.ends_with(ext))
            .map(|f| settings.reports.join(f).display().to_string())
            .unwrap_or_default()
    };
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .env("DRAFTDIFF_DOCUMENT", &step.document)
        .env(
            "DRAFTDIFF_DOCUMENT_DIR",
            settings.reports.join(&step.document_folder),
        )
        .env("DRAFTDIFF_OLD_VERSION", &step.old_version)
        .env("DRAFTDIFF_NEW_VERSION", &step.new_version)
        .env("DRAFTDIFF_REPORT_MD", path_of(".md"))
        .env("DRAFTDIFF_REPORT_JSON", path_of(".json"))
        .env("DRAFTDIFF_REPORT_HTML", path_of(".html"))
        .stdin(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => {
            let m = format!("--on-report command failed ({s}) for {}", step.stem);
            log.warn("hook_failed", &[("step", &step.stem)], &m);
        }
        Err(e) => {
            let m = format!("--on-report command could not start: {e}");
            log.warn("hook_failed", &[("step", &step.stem)], &m);
        }
    }
}

/// Removes temporary files that a killed pass left behind.
fn remove_stale_temporaries(reports: &Path) {
    let mut dirs = vec![reports.to_path_buf()];
    if let Ok(rd) = std::fs::read_dir(reports) {
        dirs.extend(
            rd.filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path()),
        );
    }
    // One listing per document folder: on all cores.
    crate::parallel::map(&dirs, |dir| {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.filter_map(Result::ok) {
                if is_temporary(&e.file_name().to_string_lossy())
                    && e.file_type().is_ok_and(|t| t.is_file())
                {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    });
}
