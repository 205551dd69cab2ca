//! The loader's fast reader against serde-saphyr, the reference: wherever the fast reader
//! answers, serde-saphyr must give the very same draft (line numbers included), and
//! `load_bytes` must give what the two together give, never panicking. The text is also
//! run through `collapse_whitespace`, which must equal joining `split_whitespace`.
#![no_main]

use draftdiff::load::{load_bytes, load_bytes_fast, load_bytes_reference, PathDefaults};
use draftdiff::text::{collapse_whitespace, collapse_whitespace_owned};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let defaults = PathDefaults {
        document: Some("fuzz".into()),
        version: Some("v1".into()),
    };
    let fast = load_bytes_fast(data, "fuzz.yaml", &defaults);
    let reference = load_bytes_reference(data, "fuzz.yaml", &defaults);
    if let Some(draft) = &fast {
        assert_eq!(
            reference.as_ref(),
            Ok(draft),
            "the fast reader answered where serde-saphyr reads otherwise"
        );
    }
    let loaded = load_bytes(data, "fuzz.yaml", &defaults);
    match fast {
        Some(draft) => assert_eq!(loaded, Ok(draft)),
        None => assert_eq!(loaded, reference),
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(collapse_whitespace(text), expected);
        assert_eq!(collapse_whitespace_owned(text.to_string()), expected);
    }
});
