//! Planning a pass: from the drafts read (with their fingerprints) and the manifest, decide
//! every comparison to make, what stays, which histories to rebuild and which files go.
//!
//! Planning writes nothing. What it needs of the disk beyond its inputs comes through
//! [`Probe`] (are a report's files still there, what do the corrections files say), so
//! `run --dry-run` can print a plan and the tests can make one from memory.

use std::collections::{BTreeMap, BTreeSet};

use super::drafts::DraftState;
use super::histories::{plan_histories, HistoryJob};
use super::manifest::{self, HistoryEntry, Manifest, StepEntry};
use super::names::{file_name_for, fingerprint};
use super::probe::Probe;
use super::step::{Step, REPORT_EXTENSIONS};
use super::timeline;

/// What a pass is to do.
pub(super) struct Plan {
    /// Each document's valid versions in timeline order (indexes into the pass's drafts).
    pub timelines: BTreeMap<String, Vec<usize>>,
    /// By document: its invalid drafts and the versions left out of its timeline.
    pub invalid: BTreeMap<String, Vec<String>>,
    /// By document: the problems of its corrections files (their pairs go uncorrected).
    pub bad_corrections: BTreeMap<String, Vec<String>>,
    /// How many drafts and corrections files are problems.
    pub invalid_count: usize,
    /// Drafts that are invalid or still arriving: what was made from them stays.
    pub held: BTreeSet<String>,
    /// Every comparison of consecutive versions, document by document in timeline order.
    pub steps: Vec<Step>,
    /// Steps to compare and write again (indexes into `steps`).
    pub compare: Vec<usize>,
    /// Steps whose reports stay as they are (up to date, or made from a held draft).
    pub kept: BTreeMap<String, StepEntry>,
    /// Report files of steps that no longer exist, relative to the reports folder.
    pub remove: Vec<String>,
    /// Histories that stay, and those to rebuild, by document folder.
    pub histories_kept: BTreeMap<String, HistoryEntry>,
    pub history_jobs: BTreeMap<String, HistoryJob>,
    /// A draft found changed since it was fingerprinted: this plan must not be carried out.
    pub changed: Option<String>,
}

/// Plans a pass. `stop` (a stop request already seen) keeps every previous history.
pub(super) fn make(
    states: &[DraftState],
    old: &Manifest,
    drafts_label: &str,
    probe: &dyn Probe,
    stop: bool,
) -> Plan {
    let Timelines {
        mut timelines,
        mut invalid,
        mut held,
        mut refused,
    } = timelines(states, drafts_label);
    let mut folders = Folders::default();
    // Documents with a valid version claim their folders first: an invalid draft filed
    // under its folder's name ("Treaty") must not take the folder from the document its
    // valid drafts name ("treaty"); it is listed in that document's index instead.
    let labels: Vec<String> = timelines
        .keys()
        .chain(invalid.keys().filter(|l| !timelines.contains_key(*l)))
        .cloned()
        .collect();
    for label in labels {
        let Some(owner) = folders.claim(&label) else {
            continue;
        };
        // Its reports would land in another document's folder: each of its versions is a
        // problem, listed in that folder's index (it has no index of its own).
        for i in timelines.remove(&label).unwrap_or_default() {
            let rel = &states[i].found.rel;
            let message = format!(
                "{drafts_label}/{rel}: document {label:?} would have the same reports folder \
                 ({}) as document {owner:?} on a file system that ignores case: rename one",
                file_name_for(&owner)
            );
            invalid.entry(owner.clone()).or_default().push(message);
            held.insert(rel.clone());
            refused += 1;
        }
        let problems = invalid.remove(&label).unwrap_or_default();
        invalid.entry(owner).or_default().extend(problems);
    }
    let mut steps = steps_of(&timelines, states);
    let corrected = probe.corrections(&mut steps);
    let mut bad_corrections = corrected.problems;
    for label in bad_corrections.keys().cloned().collect::<Vec<_>>() {
        if let Some(owner) = folders.claim(&label) {
            let problems = bad_corrections.remove(&label).unwrap_or_default();
            bad_corrections.entry(owner).or_default().extend(problems);
        }
    }
    let invalid_count = refused
        + corrected.invalid
        + states
            .iter()
            .filter(|s| s.entry.meta.is_none() && !s.pending)
            .count();
    // Checking that the reports are still there is a few `stat`s per step: on all cores.
    let up_to_date = crate::parallel::map(&steps, |step| {
        old.steps.get(&step.stem).filter(|entry| {
            entry.key == step.key
                && REPORT_EXTENSIONS
                    .iter()
                    .all(|ext| entry.files.contains_key(&format!("{}.{ext}", step.stem)))
                && probe.intact(&entry.files)
        })
    });
    let mut kept = BTreeMap::new();
    let mut compare = Vec::new();
    for (i, (step, entry)) in steps.iter().zip(up_to_date).enumerate() {
        match entry {
            Some(entry) => {
                // The same bytes may now be read from other files (a folder renamed):
                // the manifest names those, as a run from scratch would.
                let mut entry = entry.clone();
                entry.sources = step.sources.clone();
                kept.insert(step.stem.clone(), entry);
            }
            // A draft still being written cannot be compared yet: what its last good
            // version made stays (below).
            None if step.sources.iter().any(|s| held.contains(s)) => {}
            None => compare.push(i),
        }
    }
    let remade: BTreeSet<&str> = compare.iter().map(|&i| steps[i].stem.as_str()).collect();
    let mut remove = Vec::new();
    for (stem, entry) in &old.steps {
        if kept.contains_key(stem) || remade.contains(stem.as_str()) {
            continue;
        }
        if entry.sources.iter().any(|s| held.contains(s)) {
            kept.insert(stem.clone(), entry.clone());
        } else {
            remove.extend(entry.files.keys().cloned());
        }
    }
    let history_inputs = super::histories::HistoryInputs {
        timelines: &timelines,
        states,
        old: &old.histories,
        corrections: &corrected.by_folder,
    };
    let (histories_kept, history_jobs) = plan_histories(probe, stop, &history_inputs);
    Plan {
        timelines,
        invalid,
        bad_corrections,
        invalid_count,
        held,
        steps,
        compare,
        kept,
        remove,
        histories_kept,
        history_jobs,
        changed: corrected.changed,
    }
}

/// Which document label holds each reports folder, as a file system that ignores case
/// sees the folder's name.
#[derive(Default)]
struct Folders {
    owners: BTreeMap<String, String>,
}

impl Folders {
    /// Claims `label`'s folder; `Some(owner)` when another label already holds it.
    fn claim(&mut self, label: &str) -> Option<String> {
        let key = file_name_for(label).to_ascii_lowercase();
        match self.owners.get(&key) {
            Some(owner) if owner != label => Some(owner.clone()),
            Some(_) => None,
            None => {
                self.owners.insert(key, label.to_string());
                None
            }
        }
    }
}

/// Each document's timeline from the valid drafts, and what is wrong with the others.
struct Timelines {
    timelines: BTreeMap<String, Vec<usize>>,
    invalid: BTreeMap<String, Vec<String>>,
    held: BTreeSet<String>,
    /// Valid versions left out of their timeline.
    refused: usize,
}

fn timelines(states: &[DraftState], drafts_label: &str) -> Timelines {
    let mut timelines: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut invalid: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut held: BTreeSet<String> = BTreeSet::new();
    let mut unreadable_seen: BTreeSet<&str> = BTreeSet::new();
    for (i, s) in states.iter().enumerate() {
        if s.pending {
            held.insert(s.found.rel.clone());
        }
        if let (Some(message), Some(meta)) = (&s.unreadable, &s.entry.meta) {
            // One problem per folder, however many drafts it held.
            if unreadable_seen.insert(message) {
                invalid
                    .entry(meta.document.clone())
                    .or_default()
                    .push(message.clone());
            }
        }
        match &s.entry.meta {
            Some(meta) => timelines.entry(meta.document.clone()).or_default().push(i),
            None if s.pending => {}
            None => {
                held.insert(s.found.rel.clone());
                let document = s.found.folder.as_deref().unwrap_or("(no document)");
                invalid
                    .entry(document.to_string())
                    .or_default()
                    .extend(s.entry.errors.iter().cloned());
            }
        }
    }
    // Versions left out of their timeline: each is a problem of its own file, and the
    // document goes on without it. (An unreadable folder counts once.)
    let mut refused = unreadable_seen.len();
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
            invalid.entry(document.clone()).or_default().push(message);
            held.insert(rel.clone());
            refused += 1;
        }
    }
    Timelines {
        timelines,
        invalid,
        held,
        refused,
    }
}

/// The comparisons of consecutive versions, keyed on both drafts and what shapes the output.
fn steps_of(timelines: &BTreeMap<String, Vec<usize>>, states: &[DraftState]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    for (document, versions) in timelines {
        let folder = file_name_for(document);
        for pair in versions.windows(2) {
            let (a, b) = (&states[pair[0]], &states[pair[1]]);
            let (Some(ma), Some(mb)) = (a.entry.meta.as_ref(), b.entry.meta.as_ref()) else {
                continue;
            };
            let stem = format!(
                "{folder}/{}..{}",
                file_name_for(&ma.version),
                file_name_for(&mb.version)
            );
            let key = format!(
                "{}\n{}\n{}",
                manifest::output(),
                a.entry.fingerprint,
                b.entry.fingerprint
            );
            steps.push(Step {
                stem,
                key: fingerprint(key.as_bytes()),
                sources: [a.found.rel.clone(), b.found.rel.clone()],
                document: document.clone(),
                document_folder: folder.clone(),
                old_version: ma.version.clone(),
                new_version: mb.version.clone(),
                by_hand: None,
            });
        }
    }
    steps
}

impl Plan {
    /// What `run --dry-run` prints: one line per thing the pass would do, then a count.
    pub fn describe(&self, drafts_label: &str) -> Vec<String> {
        let mut lines = Vec::new();
        for &i in &self.compare {
            let s = &self.steps[i];
            lines.push(format!(
                "compare {}: {} → {} ({drafts_label}/{}, {drafts_label}/{}) into {}.{{md,json,html}}",
                s.document, s.old_version, s.new_version, s.sources[0], s.sources[1], s.stem
            ));
        }
        for (folder, job) in &self.history_jobs {
            let n = job.versions.len();
            lines.push(match job.resume_from {
                Some(saved) if saved == n => format!(
                    "write {folder}/history.{{md,json,html}} again from its saved state of all \
                     {n} versions"
                ),
                Some(saved) => format!(
                    "update {folder}/history.{{md,json,html}}: {saved} of {n} versions from \
                     its saved state, {} to add",
                    n - saved
                ),
                None => format!("rebuild {folder}/history.{{md,json,html}} from {n} versions"),
            });
        }
        for file in &self.remove {
            lines.push(format!("remove {file}"));
        }
        for problem in self
            .invalid
            .values()
            .chain(self.bad_corrections.values())
            .flatten()
        {
            lines.push(format!("problem {problem}"));
        }
        let n = self.history_jobs.len();
        lines.push(format!(
            "dry run, nothing written: {} to make ({} up to date), {} to rebuild or update, {} \
             to remove",
            crate::text::counted(self.compare.len(), "comparison"),
            self.kept.len(),
            if n == 1 {
                "1 history".to_string()
            } else {
                format!("{n} histories")
            },
            crate::text::counted(self.remove.len(), "file"),
        ));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::super::corrections::Planned as Corrected;
    use super::*;
    use crate::pipeline::manifest::{DraftEntry, Meta};
    use crate::pipeline::scan::Found;

    /// No report file is on disk, no corrections file exists: a plan from memory alone.
    struct Nothing;

    impl Probe for Nothing {
        fn intact(&self, _: &BTreeMap<String, u64>) -> bool {
            true
        }
        fn corrections(&self, _: &mut [Step]) -> Corrected {
            Corrected::default()
        }
        fn saved_keys(&self, _: &str) -> Vec<String> {
            Vec::new()
        }
    }

    fn state(rel: &str, version: &str, date: Option<&str>, valid: bool) -> DraftState {
        let meta = valid.then(|| Meta {
            document: "doc".into(),
            version: version.into(),
            date: date.map(str::to_string),
            title: None,
            source: None,
            status: None,
            provisions: 1,
        });
        DraftState {
            found: Found {
                rel: rel.into(),
                path: rel.into(),
                folder: Some("doc".into()),
            },
            entry: DraftEntry {
                fingerprint: format!("print of {rel}"),
                meta,
                errors: if valid {
                    vec![]
                } else {
                    vec![format!("{rel}: broken")]
                },
            },
            pending: false,
            unreadable: None,
        }
    }

    fn three() -> Vec<DraftState> {
        vec![
            state("doc/3.yaml", "v3", None, true),
            state("doc/1.yaml", "v1", None, true),
            state("doc/2.yaml", "v2", None, true),
        ]
    }

    /// The manifest a pass would have written after carrying out `plan`.
    fn carried_out(plan: &Plan, states: &[DraftState]) -> Manifest {
        let mut manifest = Manifest::empty();
        for s in states {
            manifest.drafts.insert(s.found.rel.clone(), s.entry.clone());
        }
        manifest.steps = plan.kept.clone();
        for &i in &plan.compare {
            let step = &plan.steps[i];
            let files = REPORT_EXTENSIONS
                .iter()
                .map(|ext| (format!("{}.{ext}", step.stem), 1))
                .collect();
            let entry = StepEntry {
                key: step.key.clone(),
                sources: step.sources.clone(),
                files,
                headline: String::new(),
                counts: BTreeMap::new(),
                key_changes: Default::default(),
            };
            manifest.steps.insert(step.stem.clone(), entry);
        }
        manifest
    }

    fn stems(plan: &Plan) -> Vec<&str> {
        plan.compare
            .iter()
            .map(|&i| plan.steps[i].stem.as_str())
            .collect()
    }

    #[test]
    fn a_first_pass_compares_every_consecutive_pair_and_builds_the_history() {
        let states = three();
        let plan = make(&states, &Manifest::empty(), "drafts", &Nothing, false);
        assert_eq!(stems(&plan), ["doc/v1..v2", "doc/v2..v3"]);
        assert_eq!(plan.history_jobs["doc"].versions, [1, 2, 0]);
        assert!(plan.remove.is_empty() && plan.kept.is_empty());
        let lines = plan.describe("drafts");
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[0].starts_with("compare doc: v1 → v2 (drafts/doc/1.yaml, drafts/doc/2.yaml)"));
        assert_eq!(
            lines[3],
            "dry run, nothing written: 2 comparisons to make (0 up to date), 1 history to \
             rebuild or update, 0 files to remove"
        );
    }

    /// A probe that has history states saved under some keys.
    struct Saved(Vec<String>);

    impl Probe for Saved {
        fn intact(&self, _: &BTreeMap<String, u64>) -> bool {
            true
        }
        fn corrections(&self, _: &mut [Step]) -> Corrected {
            Corrected::default()
        }
        fn saved_keys(&self, _: &str) -> Vec<String> {
            self.0.clone()
        }
    }

    /// A version added after those a saved state traces: the history goes on from the
    /// longest such state, and the dry run says so; a state of other drafts is not used.
    #[test]
    fn a_history_goes_on_from_the_longest_saved_state_of_its_first_versions() {
        let mut states = three();
        let two = make(&states[1..], &Manifest::empty(), "drafts", &Nothing, false);
        let two_key = two.history_jobs["doc"].key.clone();
        let one_key = two.history_jobs["doc"].prefix_keys[0].clone();
        let saved = Saved(vec![one_key.clone(), two_key.clone(), "0123abcd".into()]);
        let plan = make(&states, &Manifest::empty(), "drafts", &saved, false);
        let job = &plan.history_jobs["doc"];
        assert_eq!(job.resume_from, Some(2));
        assert_eq!(job.prefix_keys[1], two_key);
        assert!(plan.describe("drafts").contains(
            &"update doc/history.{md,json,html}: 2 of 3 versions from its saved state, 1 to add"
                .to_string()
        ));
        // v2 edited: only the state of v1 alone still traces the first versions.
        states[2].entry.fingerprint = "edited".into();
        let plan = make(&states, &Manifest::empty(), "drafts", &saved, false);
        assert_eq!(plan.history_jobs["doc"].resume_from, Some(1));
        let plan = make(
            &states,
            &Manifest::empty(),
            "drafts",
            &Saved(vec![two_key]),
            false,
        );
        assert_eq!(plan.history_jobs["doc"].resume_from, None);
    }

    #[test]
    fn an_unchanged_tree_plans_nothing() {
        let states = three();
        let first = make(&states, &Manifest::empty(), "drafts", &Nothing, false);
        let mut manifest = carried_out(&first, &states);
        manifest.histories.insert(
            "doc".into(),
            HistoryEntry {
                key: first.history_jobs["doc"].key.clone(),
                files: BTreeMap::new(),
                before_last: None,
            },
        );
        let again = make(&states, &manifest, "drafts", &Nothing, false);
        assert!(again.compare.is_empty() && again.history_jobs.is_empty());
        assert_eq!(again.kept.len(), 2);
        assert!(again.remove.is_empty());
    }

    #[test]
    fn a_version_inserted_in_the_middle_replaces_one_pair_with_two() {
        let states = vec![
            state("doc/1.yaml", "v1", None, true),
            state("doc/3.yaml", "v3", None, true),
        ];
        let first = make(&states, &Manifest::empty(), "drafts", &Nothing, false);
        let manifest = carried_out(&first, &states);
        let plan = make(&three(), &manifest, "drafts", &Nothing, false);
        assert_eq!(stems(&plan), ["doc/v1..v2", "doc/v2..v3"]);
        let gone: Vec<&str> = plan.remove.iter().map(String::as_str).collect();
        assert_eq!(
            gone,
            ["doc/v1..v3.html", "doc/v1..v3.json", "doc/v1..v3.md"]
        );
        assert!(plan.history_jobs.contains_key("doc"));
    }

    #[test]
    fn reports_made_from_an_invalid_draft_stay_and_the_draft_is_a_problem() {
        let states = three();
        let first = make(&states, &Manifest::empty(), "drafts", &Nothing, false);
        let manifest = carried_out(&first, &states);
        let mut broken = three();
        broken[0] = state("doc/3.yaml", "v3", None, false);
        let plan = make(&broken, &manifest, "drafts", &Nothing, false);
        assert!(plan.compare.is_empty(), "{:?}", stems(&plan));
        assert!(plan.kept.contains_key("doc/v2..v3") && plan.remove.is_empty());
        assert_eq!(plan.invalid["doc"], ["doc/3.yaml: broken"]);
        assert_eq!(plan.invalid_count, 1);
    }

    #[test]
    fn a_missing_report_file_is_made_again() {
        struct Gone;
        impl Probe for Gone {
            fn intact(&self, files: &BTreeMap<String, u64>) -> bool {
                !files.contains_key("doc/v1..v2.md")
            }
            fn corrections(&self, _: &mut [Step]) -> Corrected {
                Corrected::default()
            }
            fn saved_keys(&self, _: &str) -> Vec<String> {
                Vec::new()
            }
        }
        let states = three();
        let first = make(&states, &Manifest::empty(), "drafts", &Nothing, false);
        let manifest = carried_out(&first, &states);
        let plan = make(&states, &manifest, "drafts", &Gone, false);
        assert_eq!(stems(&plan), ["doc/v1..v2"]);
    }

    #[test]
    fn documents_whose_reports_would_share_a_folder_keep_the_first() {
        // "Doc" sorts before "doc": its folder is its own, and doc's versions are problems
        // listed in Doc's index.
        let mut other = state("Doc/1.yaml", "v1", None, true);
        other.entry.meta.as_mut().unwrap().document = "Doc".into();
        let mut states = three();
        states.push(other);
        let plan = make(&states, &Manifest::empty(), "drafts", &Nothing, false);
        assert_eq!(plan.timelines.keys().collect::<Vec<_>>(), ["Doc"]);
        assert!(plan.steps.is_empty());
        assert!(plan.held.contains("doc/1.yaml") && plan.held.contains("doc/3.yaml"));
        let problems = &plan.invalid["Doc"];
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("drafts/doc/1.yaml: document \"doc\" would have"));
        assert!(!plan.invalid.contains_key("doc"));
        assert_eq!(plan.invalid_count, 3);
    }

    #[test]
    fn an_undated_version_beside_dated_ones_is_left_out_of_the_plan() {
        let states = vec![
            state("doc/1.yaml", "v1", Some("2025-01-01"), true),
            state("doc/0.yaml", "v0", None, true),
            state("doc/2.yaml", "v2", Some("2025-01-02"), true),
        ];
        let plan = make(&states, &Manifest::empty(), "drafts", &Nothing, false);
        assert_eq!(stems(&plan), ["doc/v1..v2"]);
        assert!(plan.held.contains("doc/0.yaml"));
        assert!(plan.invalid["doc"][0].starts_with("drafts/doc/0.yaml: no `date`"));
    }
}
