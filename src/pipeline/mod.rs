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
pub mod feed;
pub mod histories;
mod hook;
pub mod index;
mod interim;
pub mod lock;
pub mod log;
pub mod manifest;
pub mod names;
mod output;
mod plan;
mod probe;
mod resume;
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
use self::feed::{FeedItem, FeedPlace};
pub use self::histories::document_versions;
use self::histories::remove_gone_histories;
use self::index::{DocumentIndex, DocumentSummary, TimelineStep, TimelineVersion};
use self::lock::{LockError, ReportsLock};
use self::log::Logger;
use self::manifest::{DraftEntry, Manifest, Meta};
use self::names::file_name_for;
use self::output::{
    ensure_real_dir, files_intact, is_same_file, remove_report, remove_stale_temporaries,
    remove_unless_real_dir, write_if_changed,
};
use self::plan::Plan;
use self::probe::Probe;
use self::scan::{scan_all, Found};
pub use self::settings::{Outcome, PassError, Settings};
use self::step::Step;
pub use self::timeline::timeline_cmp;
pub use self::work::Cache;
use self::work::{run_documents, DocumentWork, Work};

/// Runs one pass. `stop` asks a long pass to finish the file under way and return early.
pub fn pass(settings: &Settings, log: &Logger, stop: &AtomicBool) -> Result<Outcome, PassError> {
    pass_with_cache(settings, log, stop, None)
}

/// How much provision text (in bytes) the drafts parsed while reading may hold in memory
/// for the comparisons; the others are read again when compared.
const KEEP_PARSED_BYTES: usize = 16 << 20;

/// How many times a pass is planned again when a draft changes under it before it gives up
/// (and the next pass goes on).
const ATTEMPTS: usize = 3;

/// [`pass`], reusing the drafts and comparisons that earlier passes left in `cache` (and
/// leaving this pass's there): `watch` keeps one for as long as it runs.
pub fn pass_with_cache(
    settings: &Settings,
    log: &Logger,
    stop: &AtomicBool,
    cache: Option<&Cache>,
) -> Result<Outcome, PassError> {
    let mut attempt = 1;
    loop {
        match pass_once(settings, log, stop, cache) {
            Err(PassError::Changed(draft)) if attempt < ATTEMPTS => {
                let message = format!("{draft} changed while it was being read; reading again");
                log.verbose("changed", &[("draft", &draft)], &message);
                attempt += 1;
            }
            result => return result,
        }
    }
}

/// One pass: read, plan, carry the plan out, write the manifest.
fn pass_once(
    settings: &Settings,
    log: &Logger,
    stop: &AtomicBool,
    cache: Option<&Cache>,
) -> Result<Outcome, PassError> {
    let pass_start = Instant::now();
    check_drafts_folder(settings)?;
    std::fs::create_dir_all(&settings.reports).map_err(|source| {
        PassError::Fatal(Error::Write {
            path: settings.reports.clone(),
            source,
        })
    })?;
    let _lock = ReportsLock::acquire(&settings.reports, settings.wait).map_err(|e| match e {
        LockError::Busy => PassError::Locked(settings.reports.clone()),
        LockError::Io(source) => PassError::Fatal(Error::Write {
            path: settings.reports.join(lock::FILE_NAME),
            source,
        }),
    })?;
    let mut outcome = Outcome::default();
    let mut lap = Instant::now();
    outcome.timings.add("lock", lap.duration_since(pass_start));
    let old_manifest = Manifest::read(&settings.reports);

    // 1. Fingerprint every draft; parse only those whose bytes changed.
    let drafts_label = drafts_label(settings);
    let (states, parsed) = read_drafts(settings, log, &old_manifest, &mut outcome)?;
    outcome.timings.lap("read drafts", &mut lap);

    // 2. Plan: which comparisons to make, what stays, which histories to rebuild.
    for s in states
        .iter()
        .filter(|s| s.pending && s.unreadable.is_none())
    {
        outcome.pending += 1;
        let rel = &s.found.rel;
        if settings.settle.is_some() {
            let message = format!("{rel}: still being written, will retry");
            log.verbose("pending", &[("draft", rel)], &message);
        } else {
            // `run` does not come back by itself: say why this version has no report yet.
            let message = format!(
                "{drafts_label}/{rel}: still open for writing by another program; its reports \
                 wait for the next run"
            );
            log.warn("pending", &[("draft", rel)], &message);
        }
    }
    let probe = DiskProbe {
        settings,
        drafts_label: &drafts_label,
        states: &states,
        parsed: &parsed,
    };
    let plan = plan::make(
        &states,
        &old_manifest,
        &drafts_label,
        &probe,
        stop.load(Ordering::Relaxed),
    );
    if let Some(draft) = plan.changed {
        return Err(PassError::Changed(draft));
    }
    outcome.problems = plan.invalid.values().flatten().cloned().collect();
    outcome
        .problems
        .extend(plan.bad_corrections.values().flatten().cloned());
    outcome.invalid = plan.invalid_count;
    outcome.documents = plan.timelines.len();
    outcome.versions = plan.timelines.values().map(Vec::len).sum();
    outcome.comparisons = plan.steps.len();
    outcome.timings.lap("plan", &mut lap);
    let interim = interim::manifest(&old_manifest, &plan);
    if let Some(interim) = &interim {
        write_manifest(settings, interim)?;
    }

    // 3. Compare and write, documents in parallel. First, a symlink swapped in for a
    // document folder goes: otherwise the files behind it would pass for up to date, and
    // the clean-up below would delete through it.
    let folders: BTreeSet<&str> = plan
        .steps
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
    let Plan {
        timelines,
        invalid: invalid_by_document,
        bad_corrections,
        steps,
        compare,
        kept: mut new_steps,
        remove,
        histories_kept: mut histories,
        history_jobs,
        held,
        ..
    } = plan;
    let mut steps_by_folder: BTreeMap<&str, Vec<&Step>> = BTreeMap::new();
    for s in &steps {
        steps_by_folder
            .entry(s.document_folder.as_str())
            .or_default()
            .push(s);
    }
    let mut documents: BTreeMap<String, DocumentWork> = BTreeMap::new();
    let work_of = |folder: &str| DocumentWork {
        folder: folder.to_string(),
        jobs: Vec::new(),
        history: None,
    };
    for step in compare.iter().map(|&i| &steps[i]) {
        let folder = &step.document_folder;
        documents
            .entry(folder.clone())
            .or_insert_with(|| work_of(folder))
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
            .or_insert_with(|| work_of(&folder))
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
        parsed: std::sync::Mutex::new(parsed),
        by_rel: states
            .iter()
            .enumerate()
            .map(|(i, s)| (s.found.rel.as_str(), i))
            .collect(),
        drafts_label: &drafts_label,
        cache,
    };
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

    // 4. Remove what no longer has a step behind it.
    for file in &remove {
        outcome.removed += remove_report(settings, log, file);
    }

    // 6. Each document's provision history: rebuilt above with its steps when its timeline
    // changed; the histories of documents that are gone go.
    let old_histories = (&old_manifest.histories, &held);
    remove_gone_histories(settings, log, old_histories, &mut histories, &mut outcome);
    resume::prune(&settings.reports, log, &histories);

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
        let items = feed_items(document, &versions, &doc_steps, &folder);
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
        let place = FeedPlace {
            document: Some(document),
            folder: &folder,
            base_url: settings.base_url.as_deref(),
        };
        let changed: Vec<(String, Option<String>)> = [
            ("index.md", index::document_index(&doc_index)),
            ("index.html", index::document_index_html(&doc_index)),
            (
                "feed.atom",
                feed::render(
                    &place,
                    &items,
                    versions.last().and_then(|m| m.date.as_deref()),
                ),
            ),
        ]
        .into_iter()
        .map(|(name, page)| {
            let rel = format!("{folder}/{name}");
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
        Ok((changed, summary, items))
    });
    let mut summaries: Vec<DocumentSummary> = Vec::new();
    let mut all_items: Vec<FeedItem> = Vec::new();
    for result in pages {
        let (changed, summary, items) = result?;
        all_items.extend(items);
        for (rel, page) in changed {
            if let Some(page) = page {
                outcome.written += write_if_changed(settings, log, &rel, page.as_bytes())?;
            }
            indexes.push(rel);
        }
        summaries.push(summary);
    }
    let latest = summaries
        .iter()
        .filter_map(|d| d.latest.and_then(|m| m.date.as_deref()))
        .max();
    let place = FeedPlace {
        document: None,
        folder: "",
        base_url: settings.base_url.as_deref(),
    };
    for (rel, page) in [
        ("index.md", index::top_index(&summaries)),
        ("index.html", index::top_index_html(&summaries)),
        ("feed.atom", feed::render(&place, &all_items, latest)),
    ] {
        outcome.written += write_if_changed(settings, log, rel, page.as_bytes())?;
        indexes.push(rel.into());
    }
    indexes.sort();
    for old in &old_manifest.indexes {
        if indexes.binary_search(old).is_err()
            && manifest::is_report_path(old)
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
    // The manifest on disk was written by this very build (`Manifest::read` checks, or
    // this pass before its first write), so when nothing changed its file already holds
    // these bytes: a pass with nothing to do neither serialises nor re-reads it.
    let path = settings.reports.join(manifest::FILE_NAME);
    let on_disk = interim.as_ref().unwrap_or(&old_manifest);
    let unchanged =
        manifest == *on_disk && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
    if !unchanged {
        write_manifest(settings, &manifest)?;
    }
    outcome.timings.lap("manifest", &mut lap);
    Ok(outcome)
}

/// Writes the manifest (atomically, and only when its bytes change).
fn write_manifest(settings: &Settings, manifest: &Manifest) -> Result<(), PassError> {
    let path = settings.reports.join(manifest::FILE_NAME);
    let bytes = manifest.to_bytes();
    if !is_same_file(&path, &bytes) {
        write_atomic(&path, &bytes)
            .map_err(|source| PassError::Fatal(Error::Write { path, source }))?;
    }
    Ok(())
}

/// A document's steps as its feed lists them, dated by their newer version.
fn feed_items<'a>(
    document: &'a str,
    versions: &[&'a Meta],
    steps: &[TimelineStep<'a>],
    folder: &str,
) -> Vec<FeedItem<'a>> {
    steps
        .iter()
        .map(|s| {
            let position = versions.iter().position(|m| m.version == s.new);
            FeedItem {
                document,
                old: s.old,
                new: s.new,
                date: position.and_then(|i| versions[i].date.as_deref()),
                position: position.unwrap_or(0),
                report: format!("{folder}/{}.html", s.stem),
                entry: s.entry,
            }
        })
        .collect()
}

/// How long to wait before reading `f` again when it is still arriving, else `None`. A
/// draft whose bytes changed while another program holds it open for writing is a copy
/// under way (its first lines may well be a valid draft: reporting on them would fire
/// `--on-report` for a version nobody wrote); in `watch`, an invalid draft modified less
/// than `settle` ago is one too.
fn arriving(
    settings: &Settings,
    f: &Found,
    entry: &DraftEntry,
    old_manifest: &Manifest,
) -> Option<Duration> {
    let changed = old_manifest
        .drafts
        .get(&f.rel)
        .is_none_or(|previous| previous.fingerprint != entry.fingerprint);
    if changed && crate::fsutil::open_for_writing_elsewhere(&f.path) {
        return Some(settings.settle.unwrap_or(Duration::ZERO));
    }
    let settle = settings.settle.filter(|_| entry.meta.is_none())?;
    let age = std::fs::metadata(&f.path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())?;
    (age < settle).then(|| settle - age + Duration::from_millis(50))
}

/// Every draft under the drafts folder, fingerprinted, with those whose bytes changed since
/// the manifest parsed. In `watch`, an invalid draft modified less than `settle` ago is
/// still arriving: it keeps its last good state, and `outcome.retry_after` says when to look
/// again.
fn read_drafts(
    settings: &Settings,
    log: &Logger,
    old_manifest: &Manifest,
    outcome: &mut Outcome,
) -> Result<(Vec<DraftState>, HashMap<String, Draft>), PassError> {
    let scanned = scan_all(&settings.drafts)
        .map_err(|e| fatal(&settings.drafts, format!("cannot list drafts folder: {e}")))?;
    let found = scanned.found;
    for w in scanned.warnings {
        log.warn("scan", &[("message", &w)], &w);
    }
    let drafts_label = drafts_label(settings);
    let mut parsed: HashMap<String, Draft> = HashMap::new();
    let mut states: Vec<DraftState> = Vec::new();
    // Reading, fingerprinting and parsing are independent per file: all cores share them.
    // Drafts parsed here are kept for the comparisons up to a budget; past it (a cold run
    // over a long history) they are read again when compared, so memory follows the pairs
    // in flight rather than the whole corpus.
    let budget = std::sync::atomic::AtomicUsize::new(KEEP_PARSED_BYTES);
    let read = crate::parallel::map(&found, |f| {
        let (entry, draft) = read_draft(f, old_manifest, &drafts_label);
        let draft = draft.filter(|d| {
            let size: usize = d.provisions.iter().map(|p| p.text.len() + p.id.len()).sum();
            budget
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                    left.checked_sub(size)
                })
                .is_ok()
        });
        (entry, draft)
    });
    for (f, (entry, draft)) in found.into_iter().zip(read) {
        if let Some(draft) = draft {
            parsed.insert(f.rel.clone(), draft);
        }
        let wait = arriving(settings, &f, &entry, old_manifest);
        if let Some(wait) = wait {
            outcome.retry_after = Some(outcome.retry_after.map_or(wait, |r| r.max(wait)));
        }
        let pending = wait.is_some();
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
            unreadable: None,
        });
    }
    // A document folder that is there but cannot be read is not a deleted one: its drafts
    // keep their last state, so their reports stay, and the folder is a problem.
    for (folder, why) in scanned.unreadable {
        let message = format!(
            "{drafts_label}/{folder}: cannot read this document folder ({why}); its reports \
             are kept until it can be read again"
        );
        let prefix = format!("{folder}/");
        for (rel, entry) in &old_manifest.drafts {
            if rel.starts_with(&prefix) && entry.meta.is_some() {
                states.push(DraftState {
                    found: Found {
                        rel: rel.clone(),
                        path: settings.drafts.join(rel),
                        folder: Some(folder.clone()),
                    },
                    entry: entry.clone(),
                    pending: true,
                    unreadable: Some(message.clone()),
                });
            }
        }
    }
    Ok((states, parsed))
}

/// The drafts folder's name as messages show it (`drafts/peace-plan/01.yaml`).
fn drafts_label(settings: &Settings) -> String {
    settings.drafts.file_name().map_or_else(
        || "drafts".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn fatal(path: &Path, message: String) -> PassError {
    PassError::Fatal(Error::Read {
        path: path.to_path_buf(),
        message,
    })
}

/// The drafts folder must be a folder, and the reports folder apart from it.
fn check_drafts_folder(settings: &Settings) -> Result<(), PassError> {
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
    folders_apart(settings).map_err(PassError::Fatal)
}

/// Refuses a reports folder that is the drafts folder, lies inside it or holds it: a pass
/// removes what it no longer writes under `reports/`, which must never be a draft.
pub fn folders_apart(settings: &Settings) -> Result<(), Error> {
    let (drafts, reports) = (resolved(&settings.drafts), resolved(&settings.reports));
    let overlap = if reports == drafts {
        Some("is the drafts folder")
    } else if reports.starts_with(&drafts) {
        Some("is inside the drafts folder")
    } else if drafts.starts_with(&reports) {
        Some("holds the drafts folder")
    } else {
        None
    };
    match overlap {
        Some(how) => Err(Error::Usage(format!(
            "{}: the reports folder {how} ({}); a pass removes files it no longer writes \
             there, so the two must be apart: choose another --reports",
            settings.reports.display(),
            settings.drafts.display()
        ))),
        None => Ok(()),
    }
}

/// `path` made absolute through its nearest existing ancestor, symlinks resolved, so two
/// spellings of one folder compare equal even before the reports folder exists.
fn resolved(path: &Path) -> std::path::PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// What a pass would do, without doing it: `run --dry-run`. Takes no lock and writes
/// nothing (not even the reports folder); returns the plan's lines and whether the
/// drafts have problems.
pub fn dry_run(settings: &Settings, log: &Logger) -> Result<(Vec<String>, bool), PassError> {
    check_drafts_folder(settings)?;
    let old_manifest = Manifest::read(&settings.reports);
    let drafts_label = drafts_label(settings);
    let mut outcome = Outcome::default();
    let (states, parsed) = read_drafts(settings, log, &old_manifest, &mut outcome)?;
    let probe = DiskProbe {
        settings,
        drafts_label: &drafts_label,
        states: &states,
        parsed: &parsed,
    };
    let plan = plan::make(&states, &old_manifest, &drafts_label, &probe, false);
    Ok((plan.describe(&drafts_label), plan.invalid_count > 0))
}

/// What planning reads from the disk: report files' sizes, and the corrections files with
/// the drafts they are checked against.
struct DiskProbe<'a> {
    settings: &'a Settings,
    drafts_label: &'a str,
    states: &'a [DraftState],
    parsed: &'a HashMap<String, Draft>,
}

impl Probe for DiskProbe<'_> {
    fn intact(&self, files: &BTreeMap<String, u64>) -> bool {
        files_intact(&self.settings.reports, files)
    }

    fn saved_keys(&self, folder: &str) -> Vec<String> {
        resume::saved_keys(&self.settings.reports, folder)
    }

    fn corrections(&self, steps: &mut [Step]) -> corrections::Planned {
        corrections::apply(
            &self.settings.drafts,
            self.drafts_label,
            steps,
            self.states,
            self.parsed,
        )
    }
}
