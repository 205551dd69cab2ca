//! Corrections in the pipeline: `drafts/<folder>/corrections/*.yaml`, each matched to the
//! pair of consecutive versions its labels name, checked against those two drafts, and
//! handed to the step that compares them (see `docs/corrections.md`).
//!
//! Files are read and checked on every pass: they are small, and a file with a problem
//! must be reported on every pass until it is fixed, like an invalid draft. Checking needs
//! the two drafts' ids, so the drafts of a pair with corrections are read on every pass.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use super::drafts::{read_again, DraftState};
use super::names::fingerprint;
use super::scan::{corrections_files, CorrectionsFile};
use super::step::Step;
use crate::corrections;
use crate::load::read_bounded;
use crate::model::Draft;
use crate::report::ByHand;

/// A corrections file applied to a step: the step's drafts and the file's fingerprint.
#[derive(Debug, Clone)]
pub(super) struct StepCorrection {
    pub sources: [String; 2],
    pub print: String,
}

/// What the pass learnt from the corrections files.
#[derive(Default)]
pub(super) struct Planned {
    /// Problems by document label, each a full `file:line:col: message` line.
    pub problems: BTreeMap<String, Vec<String>>,
    /// Corrections files with a problem.
    pub invalid: usize,
    /// By document folder of the reports: the corrections applied to its steps, for the
    /// history's key.
    pub by_folder: BTreeMap<String, Vec<StepCorrection>>,
    /// A draft that no longer held what was fingerprinted when a file was checked against
    /// it: the pass is planned again.
    pub changed: Option<String>,
}

/// Reads every corrections file, gives each valid one to its step (its key then covers
/// the file's bytes), and returns the problems of the others.
pub(super) fn apply(
    drafts: &Path,
    drafts_label: &str,
    steps: &mut [Step],
    states: &[DraftState],
    parsed: &HashMap<String, Draft>,
) -> Planned {
    let mut planned = Planned::default();
    let mut taken: HashMap<usize, String> = HashMap::new();
    for found in corrections_files(drafts) {
        let origin = format!("{drafts_label}/{}", found.rel);
        let result = read_bounded(&found.path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let read = corrections::read(&bytes, &origin).map_err(|e| e.to_string())?;
                Ok((bytes, read))
            });
        let outcome = result.and_then(|(bytes, read)| {
            let step = step_for(&read, &found, steps, &taken, drafts_label)?;
            // A draft still arriving (watch) is not read again: its pair's reports stay as
            // they are until it settles, so the corrections wait with them.
            let arriving = |s: &DraftState| s.pending && steps[step].sources.contains(&s.found.rel);
            if states.iter().any(arriving) {
                return Ok(None);
            }
            match resolve(&read, &steps[step], states, parsed, drafts_label) {
                Ok(by_hand) => Ok(Some((step, fingerprint(&bytes), by_hand))),
                Err(Ok(changed)) => {
                    planned.changed.get_or_insert(changed);
                    Ok(None)
                }
                Err(Err(problem)) => Err(problem),
            }
        });
        match outcome {
            Ok(None) => {}
            Ok(Some((step, print, by_hand))) => {
                let s = &mut steps[step];
                s.key = fingerprint(format!("{}\ncorrections {print}", s.key).as_bytes());
                s.by_hand = Some(Arc::new(by_hand));
                taken.insert(step, origin);
                let applied = StepCorrection {
                    sources: s.sources.clone(),
                    print,
                };
                planned
                    .by_folder
                    .entry(s.document_folder.clone())
                    .or_default()
                    .push(applied);
            }
            Err(message) => {
                let document = document_of(&found.folder, steps);
                planned
                    .problems
                    .entry(document)
                    .or_default()
                    .extend(message.lines().map(str::to_string));
                planned.invalid += 1;
            }
        }
    }
    planned
}

/// The label of the document whose drafts are in `folder`, else the folder's name.
fn document_of(folder: &str, steps: &[Step]) -> String {
    steps
        .iter()
        .find(|s| in_folder(s, folder))
        .map_or_else(|| folder.to_string(), |s| s.document.clone())
}

fn in_folder(step: &Step, folder: &str) -> bool {
    step.sources
        .iter()
        .all(|rel| rel.split_once('/').is_some_and(|(f, _)| f == folder))
}

/// The step of the pair of consecutive versions the file names, in its folder.
fn step_for(
    read: &corrections::Corrections,
    found: &CorrectionsFile,
    steps: &[Step],
    taken: &HashMap<usize, String>,
    drafts_label: &str,
) -> Result<usize, String> {
    let (old, new) = (&read.old.value, &read.new.value);
    let mine: Vec<usize> = (0..steps.len())
        .filter(|&i| in_folder(&steps[i], &found.folder))
        .collect();
    let Some(&step) = mine
        .iter()
        .find(|&&i| read.is_for(&steps[i].old_version, &steps[i].new_version))
    else {
        let pairs: Vec<String> = mine
            .iter()
            .map(|&i| format!("{} → {}", steps[i].old_version, steps[i].new_version))
            .collect();
        let known = if pairs.is_empty() {
            format!(
                "{drafts_label}/{} has no pair of valid versions",
                found.folder
            )
        } else {
            format!("its pairs of consecutive versions are {}", pairs.join(", "))
        };
        return Err(format!(
            "{drafts_label}/{}:{}:{}: {old:?} → {new:?} is not a pair of consecutive versions of this document; {known}",
            found.rel, read.old.line, read.old.column
        ));
    };
    if let Some(first) = taken.get(&step) {
        return Err(format!(
            "{drafts_label}/{}: {old:?} → {new:?} already has corrections in {first}",
            found.rel
        ));
    }
    Ok(step)
}

/// The file's decisions against the step's two drafts; `Err(Ok(draft))` when a draft no
/// longer holds what was fingerprinted (the pass plans again), `Err(Err(problem))` for a
/// problem of the file.
fn resolve(
    read: &corrections::Corrections,
    step: &Step,
    states: &[DraftState],
    parsed: &HashMap<String, Draft>,
    drafts_label: &str,
) -> Result<ByHand, Result<String, String>> {
    let load = |rel: &str| -> Result<Draft, Result<String, String>> {
        if let Some(d) = parsed.get(rel) {
            return Ok(d.clone());
        }
        states
            .iter()
            .find(|s| s.found.rel == rel)
            .and_then(|s| read_again(s, drafts_label))
            .ok_or_else(|| Ok(format!("{drafts_label}/{rel}")))
    };
    let old = load(&step.sources[0])?;
    let new = load(&step.sources[1])?;
    read.resolve(&old, &new).map_err(|e| Err(e.to_string()))
}
