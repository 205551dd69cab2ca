//! Fingerprints the sources, so that reports made by one build of draftdiff are never
//! mistaken for reports of another: the pipeline's manifest records the fingerprint, and a
//! build whose code differs regenerates every report instead of trusting old ones.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    // 64-bit FNV-1a over each path and its bytes: stable across platforms and toolchains.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let name = file.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(&file).unwrap_or_default();
        for &b in name.as_bytes().iter().chain(&[0u8]).chain(&bytes) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!(
        "cargo:rustc-env=BUILD_SOURCE_FINGERPRINT={:08x}",
        hash >> 32
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
