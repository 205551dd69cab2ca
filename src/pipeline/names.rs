//! Safe file names from document and version labels: whatever a draft says, the name
//! cannot leave its folder, hide itself, or be refused by Windows.

use crate::hash::xxh64;

/// Maps a label to a file-name component: characters other than ASCII letters, digits,
/// `-`, `_` and `.` become `-`; leading dots and dashes go (no hidden files, no `..`);
/// Windows device names get a `_` prefix; the result is at most 80 bytes and never empty.
pub fn safe_name(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            '-'
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    let trimmed = out
        .trim_start_matches(['.', '-'])
        .trim_end_matches(['-', '.']);
    let mut name: String = trimmed.chars().take(80).collect();
    // ".." inside a name is harmless for the file system but confuses our `old..new` names.
    while name.contains("..") {
        name = name.replace("..", ".");
    }
    if name.is_empty() {
        return "_".into();
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        name.insert(0, '_');
    }
    name
}

/// The file-name component for a label, one-to-one by construction: the label itself when
/// it is already safe, is not a name the reports folder keeps for itself (`index.md`,
/// `index.html`, `feed.atom`, `history.*`) and does not end the way a changed name ends;
/// otherwise its [`safe_name`], a `-`, and 16 hex digits of a fingerprint of the label.
/// So `a/b` and `a b` never share a file, and neither does the label `a-b-<16 hex>`
/// with the changed form of another (only two labels with equal 64-bit fingerprints
/// could; the pipeline reports that as a problem of the later one, as it does two labels
/// differing only in case, which share a folder on macOS and Windows).
///
/// The fingerprint is 64-bit FNV-1a, not [`fingerprint`]: it is part of report file
/// names and links, which must not change when the content fingerprint does.
pub fn file_name_for(label: &str) -> String {
    let safe = safe_name(label);
    if safe == label && !looks_changed(&safe) && !is_reserved(&safe) {
        safe
    } else {
        format!("{safe}-{:016x}", fnv1a(label.as_bytes()))
    }
}

/// Ends as a changed name does: `-` and 16 lowercase hex digits.
fn looks_changed(name: &str) -> bool {
    name.len() > 17
        && name.as_bytes()[name.len() - 17] == b'-'
        && name[name.len() - 16..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Names the reports folder (or a document's folder) uses for its own pages, in any case.
fn is_reserved(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "index.md" | "index.html" | "feed.atom" | "history.md" | "history.json" | "history.html"
    )
}

/// 64-bit FNV-1a, one byte at a time: only for short labels (see [`file_name_for`]).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A stable content fingerprint for the manifest: [`xxh64`] as 16 hex digits. It detects
/// changed files; it is not a security boundary (anyone who can write a draft can change
/// its report). Changing it changes every fingerprint in the manifest, which only makes
/// the next pass regenerate (the manifest also records the build, so any new build does).
pub fn fingerprint(bytes: &[u8]) -> String {
    format!("{:016x}", xxh64(bytes))
}

/// Compares file names the way people number them: `2` before `10`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let chunks = |s: &str| -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, text)) if *d == digit => text.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    };
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let ord = match (x.0, y.0) {
            (true, true) => {
                let (tx, ty) = (x.1.trim_start_matches('0'), y.1.trim_start_matches('0'));
                tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty))
            }
            _ => x.1.cmp(&y.1),
        };
        if ord != std::cmp::Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        for (label, expected) in [
            ("post-geneva", "post-geneva"),
            ("../../etc", "etc"),
            ("/etc/passwd", "etc-passwd"),
            ("a/b", "a-b"),
            ("..", "_"),
            ("...", "_"),
            ("", "_"),
            ("CON", "_CON"),
            ("com1.txt", "_com1.txt"),
            ("nul\0x", "nul-x"),
            ("Version 2 (draft)", "Version-2-draft"),
            ("v1..2", "v1.2"),
            ("Проект", "_"),
        ] {
            assert_eq!(safe_name(label), expected, "{label:?}");
        }
        assert!(safe_name(&"x".repeat(500)).len() <= 80);
    }

    #[test]
    fn changed_labels_get_a_fingerprint() {
        assert_eq!(file_name_for("post-geneva"), "post-geneva");
        assert_ne!(file_name_for("a/b"), file_name_for("a b"));
        assert!(file_name_for("../x").starts_with("x-"));
    }

    /// The collisions a review found: a safe label shaped like a changed one, ordinary
    /// labels that sanitise alike, and names the reports folder keeps for its own pages.
    #[test]
    fn names_are_one_to_one_and_never_a_reserved_page() {
        let changed = file_name_for("a/b");
        assert_eq!(changed.len(), "a-b-".len() + 16);
        assert_ne!(file_name_for(&changed), changed);
        assert_ne!(
            file_name_for("Peace/plan; final&draft—2"),
            file_name_for("Peace / plan’final*draft#2")
        );
        for reserved in [
            "index.md",
            "index.html",
            "INDEX.HTML",
            "feed.atom",
            "history.json",
        ] {
            let name = file_name_for(reserved);
            assert!(
                name.starts_with(reserved) && name.len() == reserved.len() + 17,
                "{name}"
            );
        }
        // An old-style 8-digit suffix is an ordinary label.
        assert_eq!(file_name_for("a-b-e620c319"), "a-b-e620c319");
    }

    #[test]
    fn natural_order() {
        let mut names = vec![
            "10.yaml",
            "2.yaml",
            "1.yaml",
            "v2-b.yaml",
            "v2-a.yaml",
            "02.yaml",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "1.yaml",
                "02.yaml",
                "2.yaml",
                "10.yaml",
                "v2-a.yaml",
                "v2-b.yaml"
            ]
        );
    }

    #[test]
    fn fingerprint_is_xxh64_in_hex() {
        assert_eq!(fingerprint(b""), "ef46db3751d8e999");
        assert_eq!(fingerprint(b"abc"), "44bc2cf5ad770999");
        assert_ne!(fingerprint(b"a"), fingerprint(b"b"));
    }

    #[test]
    fn label_names_keep_their_fnv_suffix() {
        // Report file names must not move when the content fingerprint changes.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(file_name_for("a/b"), format!("a-b-{:016x}", fnv1a(b"a/b")));
    }
}
