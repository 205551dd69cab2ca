//! Arbitrary bytes into the loader: it must return (a draft or located problems), never
//! panic, and never take long. libFuzzer's `-timeout` turns a slow input into a finding.
#![no_main]

use draftdiff::load::{load_bytes, PathDefaults};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let defaults = PathDefaults {
        document: Some("fuzz".into()),
        version: Some("v1".into()),
    };
    match load_bytes(data, "fuzz.yaml", &defaults) {
        Ok(draft) => assert!(!draft.provisions.is_empty(), "a valid draft has provisions"),
        Err(invalid) => assert!(!invalid.problems.is_empty(), "an error names a problem"),
    }
});
