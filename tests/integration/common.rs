//! Helpers shared by the test modules: the binary under test, fixture paths, and the
//! `kind old_ids -> new_ids` entry format of `expected-kinds.txt` and `expected.txt`.

use std::fmt;
use std::path::{Path, PathBuf};

use draftdiff::load::{load_file, PathDefaults};
use draftdiff::model::Draft;
use draftdiff::report::Report;

/// The draftdiff binary built for this test run.
pub fn draftdiff() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_draftdiff"));
    // The tests decide about colour themselves; an inherited NO_COLOR must not leak in.
    cmd.env_remove("NO_COLOR");
    cmd
}

/// `tests/` in the source tree.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The sub-folders of `dir`, sorted by name.
pub fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

pub fn load(path: &Path) -> Draft {
    load_file(path).unwrap_or_else(|e| panic!("{e}"))
}

/// Loads a draft held in a string; panics with the loader's message when it is invalid.
pub fn load_str(yaml: &str) -> Draft {
    draftdiff::load::load_bytes(yaml.as_bytes(), "test.yaml", &PathDefaults::default())
        .unwrap_or_else(|e| panic!("{e}\n---\n{yaml}"))
}

/// Compares `old.yaml` with `new.yaml` in a fixture folder through the library.
pub fn compare_folder(dir: &Path) -> Report {
    Report::compare(&load(&dir.join("old.yaml")), &load(&dir.join("new.yaml")))
}

/// One line of an expected alignment: `split 4 -> 4, 5 (renumbered, moved)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry {
    pub kind: String,
    pub old: Vec<String>,
    pub new: Vec<String>,
    /// `renumbered` and/or `moved`, in that order.
    pub flags: Vec<String>,
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if !self.old.is_empty() {
            write!(f, " {}", self.old.join(", "))?;
        }
        write!(f, " ->")?;
        if !self.new.is_empty() {
            write!(f, " {}", self.new.join(", "))?;
        }
        if !self.flags.is_empty() {
            write!(f, " ({})", self.flags.join(", "))?;
        }
        Ok(())
    }
}

const KINDS: [&str; 6] = [
    "unchanged",
    "changed",
    "added",
    "removed",
    "split",
    "merged",
];

/// Parses the entry format; `#` starts a comment line. Errors name the line.
pub fn parse_entries(text: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |what: &str| format!("line {}: {what}: {raw:?}", i + 1);
        let (kind, rest) = line.split_once(' ').ok_or_else(|| err("no ids"))?;
        if !KINDS.contains(&kind) {
            return Err(err("unknown kind"));
        }
        let (rest, flags) = match rest.rfind(" (") {
            Some(at) if rest.ends_with(')') => {
                let flags: Vec<String> = rest[at + 2..rest.len() - 1]
                    .split(", ")
                    .map(str::to_string)
                    .collect();
                if flags.iter().any(|f| f != "renumbered" && f != "moved") {
                    return Err(err("unknown flag"));
                }
                (&rest[..at], flags)
            }
            _ => (rest, Vec::new()),
        };
        let (old, new) = rest.split_once("->").ok_or_else(|| err("no `->`"))?;
        let ids = |s: &str| -> Vec<String> {
            let s = s.trim();
            if s.is_empty() {
                Vec::new()
            } else {
                s.split(", ").map(|id| id.trim().to_string()).collect()
            }
        };
        let entry = Entry {
            kind: kind.to_string(),
            old: ids(old),
            new: ids(new),
            flags,
        };
        let shape_ok = match kind {
            "added" => entry.old.is_empty() && entry.new.len() == 1,
            "removed" => entry.old.len() == 1 && entry.new.is_empty(),
            "split" => entry.old.len() == 1 && entry.new.len() >= 2,
            "merged" => entry.old.len() >= 2 && entry.new.len() == 1,
            _ => entry.old.len() == 1 && entry.new.len() == 1,
        };
        if !shape_ok {
            return Err(err("wrong number of ids for the kind"));
        }
        out.push(entry);
    }
    Ok(out)
}

/// The report's changes as entries, in report order, flags included.
pub fn entries_of(report: &Report) -> Vec<Entry> {
    report
        .changes
        .iter()
        .map(|c| {
            let mut flags = Vec::new();
            if c.renumbered {
                flags.push("renumbered".to_string());
            }
            if c.moved {
                flags.push("moved".to_string());
            }
            Entry {
                kind: c.kind.name().to_string(),
                old: c.old_ids().into_iter().map(str::to_string).collect(),
                new: c.new_ids().into_iter().map(str::to_string).collect(),
                flags,
            }
        })
        .collect()
}

#[test]
fn entry_format_round_trips() {
    let text =
        "# comment\nchanged 2 -> 3\nremoved 4 ->\nadded -> 7\nsplit 5 -> 5, 6 (renumbered)\n\
                merged 8, 9 -> 8 (renumbered, moved)\n";
    let entries = parse_entries(text).unwrap();
    let printed: Vec<String> = entries.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed,
        [
            "changed 2 -> 3",
            "removed 4 ->",
            "added -> 7",
            "split 5 -> 5, 6 (renumbered)",
            "merged 8, 9 -> 8 (renumbered, moved)"
        ]
    );
    for bad in [
        "changed 2 3",
        "renamed 2 -> 3",
        "split 5 -> 5",
        "added 1 -> 2",
        "changed 1 -> 1 (typo)",
    ] {
        assert!(parse_entries(bad).is_err(), "{bad:?} should not parse");
    }
}
