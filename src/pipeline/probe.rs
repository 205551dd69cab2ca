//! What planning asks of the world outside its inputs, so that `plan::make` is pure and
//! testable without a disk: `pipeline` answers from the reports folder, tests from memory.

use std::collections::BTreeMap;

use super::corrections::Planned as Corrected;
use super::step::Step;

/// What planning asks of the world outside its inputs.
pub(super) trait Probe: Sync {
    /// Whether every one of these report files (relative to the reports folder) is still
    /// there as a plain file of the recorded size.
    fn intact(&self, files: &BTreeMap<String, u64>) -> bool;
    /// Reads the corrections files and gives each valid one to its step (see
    /// `corrections::apply`).
    fn corrections(&self, steps: &mut [Step]) -> Corrected;
    /// The keys of the history states saved for a document folder (see `resume`).
    fn saved_keys(&self, folder: &str) -> Vec<String>;
}
