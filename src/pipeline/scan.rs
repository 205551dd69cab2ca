//! Finding drafts: `drafts/<document>/<name>.yaml` (or `.yml`), skipping what editors and
//! file managers leave around.

use std::path::{Path, PathBuf};

use crate::corrections::FOLDER;

/// A draft file found under the drafts folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Path relative to the drafts folder, `/`-separated (`peace-plan/01.yaml`).
    pub rel: String,
    pub path: PathBuf,
    /// The folder it sits in, the document's default name (none for files at the top).
    pub folder: Option<String>,
}

/// Whether a file name is a draft: YAML, not hidden, not an editor's swap or backup file.
pub fn is_draft_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !name.starts_with('.')
        && !name.starts_with('~')
        && !name.starts_with("#")
        && !name.ends_with('~')
        && (lower.ends_with(".yaml") || lower.ends_with(".yml"))
}

/// Whether a folder under `drafts/` is looked into.
pub fn is_document_folder(name: &str) -> bool {
    !name.starts_with('.') && !name.starts_with('_')
}

/// Lists draft files one level of folders deep, sorted by relative path. Unreadable
/// entries are returned as warnings rather than stopping the scan.
pub fn scan(drafts: &Path) -> std::io::Result<(Vec<Found>, Vec<String>)> {
    scan_all(drafts).map(|s| (s.found, s.warnings))
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Scanned {
    pub found: Vec<Found>,
    pub warnings: Vec<String>,
    /// Entries named like a document folder that are there but cannot be listed (no
    /// permission, a symlink to an unmounted share, a folder briefly replaced by a file
    /// while a sync tool rewrites it), with why: not the same as a deleted folder.
    pub unreadable: Vec<(String, String)>,
}

/// [`scan`], also saying which document folders could not be read.
pub fn scan_all(drafts: &Path) -> std::io::Result<Scanned> {
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    let mut unreadable = Vec::new();
    let mut top: Vec<_> = std::fs::read_dir(drafts)?.filter_map(Result::ok).collect();
    top.sort_by_key(|e| e.file_name());
    for entry in top {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        // `metadata` follows symlinks: a linked folder or draft counts, a loop is a warning.
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                if is_draft_name(&name) || is_document_folder(&name) {
                    warnings.push(format!("{}: {e}", path.display()));
                }
                if is_document_folder(&name) {
                    unreadable.push((name, e.to_string()));
                }
                continue;
            }
        };
        if !meta.is_dir() && is_document_folder(&name) && !is_draft_name(&name) {
            unreadable.push((name, "not a folder".into()));
            continue;
        }
        if meta.is_dir() && is_document_folder(&name) {
            let mut inner: Vec<_> = match std::fs::read_dir(&path) {
                Ok(rd) => rd.filter_map(Result::ok).collect(),
                Err(e) => {
                    warnings.push(format!("{}: {e}", path.display()));
                    unreadable.push((name, e.to_string()));
                    continue;
                }
            };
            inner.sort_by_key(|e| e.file_name());
            for file in inner {
                let file_name = file.file_name().to_string_lossy().into_owned();
                if is_draft_name(&file_name) {
                    found.push(Found {
                        rel: format!("{name}/{file_name}"),
                        path: file.path(),
                        folder: Some(name.clone()),
                    });
                }
            }
        } else if !meta.is_dir() && is_draft_name(&name) {
            found.push(Found {
                rel: name,
                path,
                folder: None,
            });
        }
    }
    Ok(Scanned {
        found,
        warnings,
        unreadable,
    })
}

/// A corrections file found under the drafts folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionsFile {
    /// `peace-plan/corrections/geneva.yaml`.
    pub rel: String,
    /// The document folder it sits in.
    pub folder: String,
    pub path: PathBuf,
}

/// The corrections files of every document folder (`<document>/corrections/*.yaml`),
/// sorted by path. A folder that cannot be read holds none.
pub fn corrections_files(drafts: &Path) -> Vec<CorrectionsFile> {
    let mut out = Vec::new();
    for folder in sorted_names(drafts, is_document_folder) {
        let dir = drafts.join(&folder).join(FOLDER);
        for name in sorted_names(&dir, is_draft_name) {
            out.push(CorrectionsFile {
                rel: format!("{folder}/{FOLDER}/{name}"),
                path: dir.join(&name),
                folder: folder.clone(),
            });
        }
    }
    out
}

/// The names in `dir` that `keep` accepts, sorted; none when it cannot be read.
fn sorted_names(dir: &Path, keep: fn(&str) -> bool) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| keep(name))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_names() {
        for (name, expected) in [
            ("01.yaml", true),
            ("post-geneva.YML", true),
            (".01.yaml.swp", false),
            (".hidden.yaml", false),
            ("01.yaml~", false),
            ("#01.yaml#", false),
            ("01.yaml.bak", false),
            ("notes.md", false),
            ("4913", false),
            (".01.yaml.1234.0.tmp", false),
        ] {
            assert_eq!(is_draft_name(name), expected, "{name}");
        }
    }
}
