//! Arbitrary text into `draftdiff import`'s parser. The importer promises to turn any text
//! into a valid draft: whatever it recognises, the YAML it writes must load (the command
//! calls a failure an internal error), with as many provisions as it reported. Also: no
//! panic, no hang (libFuzzer's `-timeout`), and warnings stay on one clean line.
#![no_main]

use draftdiff::import::{import, yaml::to_yaml, Metadata};
use draftdiff::load::{load_bytes, PathDefaults};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let meta = Metadata {
        document: "fuzz".into(),
        version: "v1".into(),
        ..Metadata::default()
    };
    let result = import(text, meta);
    for w in &result.recognised.warnings {
        assert!(
            !w.message.chars().any(|c| c.is_control()),
            "control character in warning {:?}",
            w.message
        );
    }
    if result.draft.provisions.is_empty() {
        return;
    }
    let yaml = to_yaml(&result.draft);
    match load_bytes(yaml.as_bytes(), "import.yaml", &PathDefaults::default()) {
        Ok(draft) => assert_eq!(
            draft.provisions.len(),
            result.recognised.provisions,
            "provisions written vs reported"
        ),
        Err(e) => panic!("imported draft does not load: {e}\n--- yaml:\n{yaml}"),
    }
});
