//! The manifest a pass records before it writes anything.
//!
//! A pass that is killed half-way (SIGKILL, a power cut) must not leave behind a report
//! the next pass trusts although it was written for other drafts (the manifest checks a
//! report by its size, and "30 → 90 days" has the size of "30 → 60 days"), nor a report
//! no manifest names (it would stay forever once its drafts are gone). So before the
//! first write, the manifest stops vouching for every file the pass is about to write,
//! and names each of them: what a killed pass wrote is then compared again, or removed.

use std::collections::BTreeMap;

use super::manifest::{HistoryEntry, Manifest, StepEntry};
use super::names::file_name_for;
use super::plan::Plan;
use super::step::REPORT_EXTENSIONS;

/// `old`, with every step to compare, history to rebuild and page to write listed under
/// an empty key (which no pass takes for up to date), or `None` when the plan writes
/// nothing `old` does not already distrust.
pub(super) fn manifest(old: &Manifest, plan: &Plan) -> Option<Manifest> {
    let pages = pages(plan);
    // The common pass (watch, a scheduled run with nothing new) writes nothing new: no
    // copy of a manifest that may be megabytes.
    if plan.compare.is_empty()
        && plan.history_jobs.is_empty()
        && pages.iter().all(|p| old.indexes.binary_search(p).is_ok())
    {
        return None;
    }
    let mut interim = old.clone();
    for step in plan.compare.iter().map(|&i| &plan.steps[i]) {
        let files = REPORT_EXTENSIONS
            .iter()
            .map(|ext| (format!("{}.{ext}", step.stem), 0))
            .collect();
        let entry = StepEntry {
            key: String::new(),
            sources: step.sources.clone(),
            files,
            headline: String::new(),
            counts: BTreeMap::new(),
            key_changes: Default::default(),
        };
        interim.steps.insert(step.stem.clone(), entry);
    }
    for folder in plan.history_jobs.keys() {
        let files = REPORT_EXTENSIONS
            .iter()
            .map(|ext| (format!("{folder}/history.{ext}"), 0))
            .collect();
        let entry = HistoryEntry {
            key: String::new(),
            files,
            before_last: None,
        };
        interim.histories.insert(folder.clone(), entry);
    }
    interim.indexes.extend(pages);
    interim.indexes.sort();
    interim.indexes.dedup();
    (interim != *old).then_some(interim)
}

/// Every index page and feed the pass writes. They are compared with the disk on every
/// pass, so only their names matter here.
fn pages(plan: &Plan) -> Vec<String> {
    let documents = plan
        .timelines
        .keys()
        .chain(plan.invalid.keys())
        .chain(plan.bad_corrections.keys());
    let mut pages: Vec<String> = INDEX_PAGES.map(String::from).to_vec();
    for document in documents {
        let folder = file_name_for(document);
        pages.extend(INDEX_PAGES.map(|page| format!("{folder}/{page}")));
    }
    pages
}

/// The pages written for each document, and for all of them at the top.
pub(super) const INDEX_PAGES: [&str; 3] = ["index.md", "index.html", "feed.atom"];
