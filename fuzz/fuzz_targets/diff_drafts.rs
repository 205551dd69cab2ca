//! Two drafts from one input, split at the first 0xFF byte (never part of UTF-8 text, so
//! each half can be a real draft). When both load: compare and render every format.
#![no_main]

use draftdiff::load::{load_bytes, PathDefaults};
use draftdiff::report::{json, markdown, terminal, Report};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (old, new) = (&data[..split], data.get(split + 1..).unwrap_or(&[]));
    let defaults = |version: &str| PathDefaults {
        document: Some("fuzz".into()),
        version: Some(version.into()),
    };
    let (Ok(old), Ok(new)) = (
        load_bytes(old, "old.yaml", &defaults("old")),
        load_bytes(new, "new.yaml", &defaults("new")),
    ) else {
        return;
    };
    let report = Report::compare(&old, &new);
    let listed: usize = report.changes.iter().map(|c| c.old.len()).sum();
    assert_eq!(
        listed,
        old.provisions.len(),
        "every old provision in one change"
    );
    let listed: usize = report.changes.iter().map(|c| c.new.len()).sum();
    assert_eq!(
        listed,
        new.provisions.len(),
        "every new provision in one change"
    );
    for colour in [false, true] {
        let _ = terminal::render(&report, colour);
    }
    let _ = markdown::render(&report);
    let out = json::render(&report);
    assert!(out.ends_with("}\n"), "the JSON report is complete");
});
