//! `draftdiff check FILE...`: validate drafts, reporting every problem with its location.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cli::CheckArgs;
use crate::corrections;
use crate::error::{Error, Result};
use crate::exit;
use crate::load::{is_stdin, load_file, STDIN_NAME};
use crate::model::Draft;
use crate::pipeline::scan::{corrections_files, is_draft_name, scan};
use crate::pipeline::timeline;
use crate::text::counted;

pub fn run(args: &CheckArgs) -> Result<i32> {
    if args.files.iter().filter(|f| is_stdin(f)).count() > 1 {
        return Err(Error::Usage(
            "`-` (standard input) can be given only once".into(),
        ));
    }
    let mut code = exit::OK;
    let files = expand(&args.files, &mut code);
    // Given a folder, check also holds its versions to run's timeline rule.
    let folder_given = args.files.iter().any(|a| a.is_dir());
    let mut valid: Vec<(PathBuf, Draft)> = Vec::new();
    for path in &files {
        if is_corrections_file(path) {
            code = code.max(check_corrections(path, args.quiet));
            continue;
        }
        match load_file(path) {
            Ok(draft) => {
                if !args.quiet {
                    let n = draft.provisions.len();
                    println!(
                        "{}: ok ({} {}, {})",
                        shown(path),
                        draft.document,
                        draft.version,
                        counted(n, "provision")
                    );
                }
                if folder_given {
                    valid.push((path.clone(), draft));
                }
            }
            Err(Error::Invalid(invalid)) => {
                match misplaced_corrections_hint(path) {
                    Some(hint) => eprintln!("{hint}"),
                    None => eprintln!("{}", invalid.excerpted(crate::cli::stderr_colour())),
                }
                code = code.max(exit::INVALID);
            }
            Err(other) => {
                eprintln!("{other}");
                code = exit::TROUBLE;
            }
        }
    }
    for message in left_out_of_timelines(&valid) {
        eprintln!("{message}");
        code = code.max(exit::INVALID);
    }
    Ok(code)
}

/// Holds valid drafts to `run`'s timeline rule, document by document: what `run` would
/// leave out (an undated version beside dated ones, a version label used twice), said as
/// `run` says it.
fn left_out_of_timelines(valid: &[(PathBuf, Draft)]) -> Vec<String> {
    let names: Vec<String> = valid
        .iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    let mut documents: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (_, draft)) in valid.iter().enumerate() {
        documents.entry(&draft.document).or_default().push(i);
    }
    let mut messages = Vec::new();
    for versions in documents.into_values() {
        let (_, left_out) = timeline::arrange(versions, |i| timeline::Entry {
            rel: &names[i],
            version: &valid[i].1.version,
            date: valid[i].1.date.as_deref(),
        });
        messages.extend(
            left_out
                .into_iter()
                .map(|(i, why)| why.message(&names[i], str::to_string)),
        );
    }
    messages
}

/// The files to check: each file as given, and for a folder every draft and corrections
/// file `run` would read there (drafts at its top and one folder down, corrections in
/// each document's `corrections/`). A folder with none is trouble: nothing was checked.
fn expand(paths: &[PathBuf], code: &mut i32) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if is_stdin(path) || !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let found = match scan(path) {
            Ok((found, warnings)) => {
                for w in warnings {
                    eprintln!("{w}");
                }
                found
            }
            Err(e) => {
                eprintln!("{}: cannot list the folder: {e}", path.display());
                *code = exit::TROUBLE;
                continue;
            }
        };
        let mut files: Vec<(String, PathBuf)> = found
            .into_iter()
            .map(|f| (f.rel, f.path))
            .chain(corrections_files(path).into_iter().map(|f| (f.rel, f.path)))
            .collect();
        files.sort();
        files.dedup();
        if files.is_empty() {
            eprintln!(
                "{}: no drafts here (YAML files in this folder or one folder down, as `run` \
                 reads them)",
                path.display()
            );
            *code = exit::TROUBLE;
        }
        out.extend(files.into_iter().map(|(_, path)| path));
    }
    out
}

/// Standard input is named as messages name it.
fn shown(path: &Path) -> std::borrow::Cow<'_, str> {
    if is_stdin(path) {
        STDIN_NAME.into()
    } else {
        path.to_string_lossy()
    }
}

/// A file in a document's `corrections/` folder is a corrections file, not a draft.
fn is_corrections_file(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|name| name == corrections::FOLDER)
}

/// Checks a corrections file against the drafts of its document (the folder above
/// `corrections/`), as `run` would: its labels must name two consecutive valid versions,
/// and its ids must exist in them.
fn check_corrections(path: &Path, quiet: bool) -> i32 {
    let read = match corrections::load_file(path) {
        Ok(read) => read,
        Err(e) => return report(&e),
    };
    let folder = path
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    let drafts: Vec<(String, Draft)> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(std::result::Result::ok)
                .filter(|e| is_draft_name(&e.file_name().to_string_lossy()))
                .filter_map(|e| {
                    let draft = load_file(&e.path()).ok()?;
                    Some((e.file_name().to_string_lossy().into_owned(), draft))
                })
                .collect()
        })
        .unwrap_or_default();
    // The pairs `run` compares: the folder's timeline, without what it leaves out.
    let (timeline, _) = timeline::arrange((0..drafts.len()).collect(), |i| timeline::Entry {
        rel: &drafts[i].0,
        version: &drafts[i].1.version,
        date: drafts[i].1.date.as_deref(),
    });
    let drafts: Vec<&(String, Draft)> = timeline.into_iter().map(|i| &drafts[i]).collect();
    let pair = drafts
        .windows(2)
        .find(|w| read.is_for(&w[0].1.version, &w[1].1.version));
    let Some(&[(_, old), (_, new)]) = pair else {
        let pairs: Vec<String> = drafts
            .windows(2)
            .map(|w| format!("{} → {}", w[0].1.version, w[1].1.version))
            .collect();
        eprintln!(
            "{}:{}:{}: {:?} → {:?} is not a pair of consecutive valid versions in {} (those are: {})",
            path.display(),
            read.old.line,
            read.old.column,
            read.old.value,
            read.new.value,
            folder.display(),
            if pairs.is_empty() { "none".to_string() } else { pairs.join(", ") }
        );
        return exit::INVALID;
    };
    if let Some(first) = earlier_claim(path, &read, old, new) {
        eprintln!(
            "{}: {:?} → {:?} already has corrections in {}; run applies only that one",
            path.display(),
            read.old.value,
            read.new.value,
            first.display()
        );
        return exit::INVALID;
    }
    match read.resolve(old, new) {
        Ok(by_hand) => {
            if !quiet {
                println!(
                    "{}: ok (corrections {} → {}, {})",
                    path.display(),
                    old.version,
                    new.version,
                    counted(by_hand.decided.len(), "decision")
                );
            }
            exit::OK
        }
        Err(invalid) => report(&Error::Invalid(invalid)),
    }
}

/// A valid file beside `path` that sorts before it and names the same pair: `run` takes
/// the first valid one by name and refuses the others, so `check` says so too.
fn earlier_claim(
    path: &Path,
    read: &corrections::Corrections,
    old: &Draft,
    new: &Draft,
) -> Option<std::path::PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let dir = path.parent()?;
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(std::result::Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_draft_name(n) && *n < name)
        .collect();
    names.sort();
    names.into_iter().map(|n| dir.join(n)).find(|other| {
        corrections::load_file(other).is_ok_and(|o| {
            o.is_for(&read.old.value, &read.new.value) && o.resolve(old, new).is_ok()
        })
    })
}

/// A draft that fails to load but reads as a corrections file was put in the wrong place.
fn misplaced_corrections_hint(path: &Path) -> Option<String> {
    corrections::load_file(path).ok().map(|_| {
        format!(
            "{}: this is a corrections file, not a draft: put it in the document's {}/ \
             folder (drafts/<document>/{}/) and check it there",
            path.display(),
            corrections::FOLDER,
            corrections::FOLDER
        )
    })
}

fn report(e: &Error) -> i32 {
    match e {
        Error::Invalid(invalid) => eprintln!("{}", invalid.excerpted(crate::cli::stderr_colour())),
        other => eprintln!("{other}"),
    }
    match e {
        Error::Invalid(_) => exit::INVALID,
        _ => exit::TROUBLE,
    }
}
