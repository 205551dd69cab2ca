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
        };
        interim.histories.insert(folder.clone(), entry);
    }
    // Index pages are compared with the disk on every pass, so only their names matter.
    let documents = plan
        .timelines
        .keys()
        .chain(plan.invalid.keys())
        .chain(plan.bad_corrections.keys());
    for document in documents {
        let folder = file_name_for(document);
        for page in INDEX_PAGES {
            interim.indexes.push(format!("{folder}/{page}"));
        }
    }
    interim.indexes.extend(INDEX_PAGES.map(String::from));
    interim.indexes.sort();
    interim.indexes.dedup();
    (interim != *old).then_some(interim)
}

/// The pages written for each document, and for all of them at the top.
pub(super) const INDEX_PAGES: [&str; 3] = ["index.md", "index.html", "feed.atom"];
