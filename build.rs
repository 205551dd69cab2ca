//! Records the versions of the crates that shape draftdiff's output, read from `Cargo.lock`:
//! the pipeline's manifest keys every report on them (with the report format's and the
//! alignment's versions), so a build that links another `similar` regenerates the reports
//! while a change to draftdiff's code that alters no output leaves every file alone.

/// Crates whose version can change what a report says or how it is written: redlines and
/// word boundaries, the YAML and JSON readers and writers.
const SHAPING: [&str; 4] = [
    "similar",
    "unicode-segmentation",
    "serde-saphyr",
    "serde_json",
];

fn main() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let versions: Vec<String> = SHAPING
        .iter()
        .map(|name| format!("{name} {}", locked_version(&lock, name)))
        .collect();
    println!(
        "cargo:rustc-env=OUTPUT_SHAPING_CRATES={}",
        versions.join(", ")
    );
}

/// The version of `name` in a `Cargo.lock` (`[[package]]` tables of `name = "..."` then
/// `version = "..."`), or `unlocked` when the build has no lock file.
fn locked_version(lock: &str, name: &str) -> String {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return version.trim_matches('"').to_string();
            }
        }
    }
    "unlocked".to_string()
}
