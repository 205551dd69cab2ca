//! `draftdiff import FILE`: turn a plain-text, Markdown, Word or PDF draft into a YAML draft, say what
//! was recognised, and write it to standard output, a file, or a new version under `drafts/`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::ImportArgs;
use crate::error::{Error, Result};
use crate::exit;
use crate::import::{self, yaml, Import, Metadata};
use crate::load::{self, is_valid_date, PathDefaults};

/// Where the text comes from.
enum Input {
    Stdin,
    File(PathBuf),
}

/// Where the draft goes.
enum Output {
    Stdout,
    File(PathBuf),
    /// `DIR/<document>/<version>.yaml`, never overwritten.
    Into(PathBuf),
}

/// The import settings, validated once.
struct Config {
    input: Input,
    meta: Metadata,
    output: Output,
    /// Notes about defaults, for standard error.
    notes: Vec<String>,
}

impl Config {
    fn from_args(args: &ImportArgs) -> Result<Config> {
        let input = if args.file.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(args.file.clone())
        };
        if let Some(date) = &args.date {
            if !is_valid_date(date) {
                return Err(Error::Usage(format!(
                    "--date {date:?} is not a valid YYYY-MM-DD date"
                )));
            }
        }
        let mut notes = Vec::new();
        let document = match &args.document {
            Some(d) => d.clone(),
            None => {
                let stem = match &input {
                    Input::File(path) => document_stem(path),
                    Input::Stdin => String::new(),
                };
                let slug = file_slug(&stem);
                let document = if slug.is_empty() {
                    "imported".to_string()
                } else {
                    slug
                };
                notes.push(format!("no --document given: using {document:?}"));
                document
            }
        };
        let version = match (&args.version, &args.date) {
            (Some(v), _) => v.clone(),
            (None, Some(date)) => {
                notes.push(format!("no --version given: using the date, {date:?}"));
                date.clone()
            }
            (None, None) => {
                notes.push("no --version given: using \"imported\"".to_string());
                "imported".to_string()
            }
        };
        for (flag, value) in [("--document", &document), ("--version", &version)] {
            if value.trim().is_empty() {
                return Err(Error::Usage(format!("{flag} is empty")));
            }
            if value.chars().any(char::is_control) {
                return Err(Error::Usage(format!("{flag} contains control characters")));
            }
        }
        let output = match (&args.output, &args.into) {
            (Some(path), _) => Output::File(path.clone()),
            (None, Some(dir)) => {
                // The names become a folder and a file name: nothing that climbs out of DIR.
                for (flag, value) in [("--document", &document), ("--version", &version)] {
                    if !is_safe_file_name(value) {
                        return Err(Error::Usage(format!(
                            "{flag} {value:?} cannot be used as a file name under {}: \
                             use letters, digits, `-`, `_` and `.`",
                            dir.display()
                        )));
                    }
                }
                Output::Into(dir.clone())
            }
            (None, None) => Output::Stdout,
        };
        let text = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        Ok(Config {
            input,
            meta: Metadata {
                document,
                version,
                date: args.date.clone(),
                title: text(&args.title),
                source: text(&args.source),
                status: text(&args.status),
            },
            output,
            notes,
        })
    }
}

pub fn run(args: &ImportArgs) -> Result<i32> {
    let config = Config::from_args(args)?;
    let (origin, text, places) = read_input(&config.input)?;
    let Import { draft, recognised } = import::import(&text, config.meta);
    if draft.provisions.is_empty() {
        return Err(Error::Read {
            path: PathBuf::from(&origin),
            message: "nothing to import: the text is empty".into(),
        });
    }
    let too_many = |limit: usize| {
        let counted = match recognised.stopped_at {
            Some(line) => format!("more than {limit} provisions (reading stopped at line {line})"),
            None => format!(
                "{} provisions, more than the {limit}",
                recognised.provisions
            ),
        };
        Error::Read {
            path: PathBuf::from(&origin),
            message: format!(
                "the text holds {counted} a draft of its size may hold: split it, or check its \
                 numbering (a list numbered `1.` throughout reads as one provision per line)"
            ),
        }
    };
    // Before the draft is written out, which would cost as much again.
    if recognised.stopped_at.is_some() || recognised.provisions > load::MAX_PROVISIONS {
        return Err(too_many(load::MAX_PROVISIONS));
    }
    let rendered = yaml::to_yaml(&draft);
    if recognised.provisions > load::max_provisions(rendered.len()) {
        return Err(too_many(load::max_provisions(rendered.len())));
    }
    // What we write must be a valid draft; if not, that is a bug here, not in the input.
    let loaded =
        load::load_bytes(rendered.as_bytes(), &origin, &PathDefaults::default()).map_err(|e| {
            Error::Usage(format!(
                "internal error: the imported draft is invalid:\n{e}"
            ))
        })?;

    let mut err = std::io::stderr().lock();
    for note in &config.notes {
        let _ = writeln!(err, "draftdiff import: {note}");
    }
    let _ = writeln!(
        err,
        "draftdiff import: {origin}: {}",
        summary(&recognised, loaded.provisions.len())
    );
    for w in &recognised.warnings {
        let _ = writeln!(
            err,
            "draftdiff import: {origin}{}: warning: {}",
            place(places.as_ref(), w.line),
            w.message
        );
    }

    match &config.output {
        Output::Stdout => super::deliver(None, &rendered)?,
        Output::File(path) => {
            super::deliver(Some(path), &rendered)?;
            let _ = writeln!(err, "draftdiff import: wrote {}", path.display());
        }
        Output::Into(dir) => {
            let path = write_into(
                dir,
                &draft.meta.document,
                &draft.meta.version,
                rendered.as_bytes(),
            )?;
            let _ = writeln!(err, "draftdiff import: wrote {}", path.display());
        }
    }
    Ok(exit::OK)
}

/// `29 provisions (28 top-level, 1 nested); numbering 28 × "1.", 1 × "a)"; a preamble`.
fn summary(r: &import::Recognised, provisions: usize) -> String {
    let mut parts = vec![format!(
        "recognised {provisions} provisions ({} top-level, {} nested)",
        r.top_level,
        provisions.saturating_sub(r.top_level)
    )];
    if r.styles.is_empty() {
        parts.push("no numbering".into());
    } else {
        let styles: Vec<String> = r
            .styles
            .iter()
            .map(|(style, n)| format!("{n} × {style:?}"))
            .collect();
        parts.push(format!("numbering {}", styles.join(", ")));
    }
    if r.headings > 0 {
        parts.push(format!("{} headings", r.headings));
    }
    if let Some(title) = &r.document_title {
        parts.push(format!("title {title:?}"));
    }
    if r.preamble {
        parts.push("text before the first provision kept as \"preamble\"".into());
    }
    parts.push(match r.warnings.len() {
        0 => "no warnings".into(),
        1 => "1 warning".into(),
        n => format!("{n} warnings"),
    });
    parts.join("; ")
}

/// Where each line of a converted file comes from: its paragraph or page numbers, and
/// which of the two they are.
type Places = (Vec<usize>, &'static str);

/// Where a warning is: `:12` (a line of a text file), `: paragraph 7` (of a Word file),
/// `: page 3` (of a PDF).
fn place(places: Option<&Places>, line: usize) -> String {
    match places {
        None => format!(":{line}"),
        Some((at, unit)) => {
            let at = at.get(line.saturating_sub(1)).copied().unwrap_or(line);
            format!(": {unit} {at}")
        }
    }
}

/// What kind of file the input is, by its name or its first bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Word,
    Pdf,
}

fn format_of(input: &Input, bytes: &[u8]) -> Format {
    let extension = match input {
        Input::File(path) => path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase()),
        Input::Stdin => None,
    };
    match extension.as_deref() {
        Some("docx") => Format::Word,
        Some("pdf") => Format::Pdf,
        _ if bytes.starts_with(b"PK\x03\x04") => Format::Word,
        _ if bytes.starts_with(b"%PDF-") => Format::Pdf,
        _ => Format::Text,
    }
}

/// Reads the input, bounded like drafts are: UTF-8 text, or a Word file or a PDF turned
/// into text, with the paragraph or page of each of its lines.
fn read_input(input: &Input) -> Result<(String, String, Option<Places>)> {
    let (origin, bytes) = match input {
        Input::File(path) => load::read_source(path)?,
        Input::Stdin => load::read_source(Path::new("-"))?,
    };
    let converted = match format_of(input, &bytes) {
        Format::Text => None,
        Format::Word => Some(import::docx::to_text(&bytes)),
        Format::Pdf => Some(import::pdf::to_text(&bytes)),
    };
    if let Some(converted) = converted {
        let converted = converted.map_err(|message| Error::Read {
            path: PathBuf::from(&origin),
            message,
        })?;
        // A small zip or PDF can hold far more text than it weighs: the text is held to
        // the limit drafts have.
        if converted.text.len() as u64 > load::MAX_FILE_BYTES {
            return Err(Error::Read {
                path: PathBuf::from(&origin),
                message: format!(
                    "its text is over {} bytes, the limit for a draft",
                    load::MAX_FILE_BYTES
                ),
            });
        }
        let import::Converted { text, places, unit } = converted;
        return Ok((origin, text, Some((places, unit))));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::Read {
            path: PathBuf::from(&origin),
            message: format!(
                "not valid UTF-8 at line {line}: convert the text to UTF-8 first (for example with iconv)"
            ),
        }
    })?;
    Ok((origin, text, None))
}

/// Writes `DIR/<document>/<version>.yaml`, creating the document's folder if needed and
/// refusing to replace any existing version file (`.yaml` or `.yml`).
fn write_into(dir: &Path, document: &str, version: &str, contents: &[u8]) -> Result<PathBuf> {
    let write_err = |path: &Path, source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if !dir.is_dir() {
        return Err(Error::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such folder (--into takes the drafts folder, which must exist)",
            ),
        });
    }
    let folder = dir.join(document);
    std::fs::create_dir_all(&folder).map_err(|e| write_err(&folder, e))?;
    let path = folder.join(format!("{version}.yaml"));
    for existing in [path.clone(), folder.join(format!("{version}.yml"))] {
        if existing.symlink_metadata().is_ok() {
            return Err(write_err(
                &existing,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "already exists; import never overwrites a version (choose another --version)",
                ),
            ));
        }
    }
    crate::fsutil::write_new(&path, contents).map_err(|e| write_err(&path, e))?;
    Ok(path)
}

/// Folder and file names we are willing to create: no separators, no leading dot, no
/// `..`, nothing a shell or another OS would trip on.
fn is_safe_file_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A document slug from a file name: `Peace Plan (leaked).txt` → `peace-plan-leaked`.
/// The file name without a text extension: `Apache-2.0` and `MPL-2.0` (as Debian ships
/// licences) keep their `.0`, which is the version, not an extension.
fn document_stem(path: &Path) -> String {
    const TEXT_EXTENSIONS: [&str; 8] = [
        "txt", "text", "md", "markdown", "yaml", "yml", "docx", "pdf",
    ];
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty() && TEXT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) =>
        {
            stem.to_string()
        }
        _ => name,
    }
}

/// Lower-case words joined by `-`; a `.` between two digits stays (`2.0`, `1.1`), since a
/// version number is part of the name.
fn file_slug(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    let mut out = String::new();
    let mut gap = false;
    for (i, &c) in chars.iter().enumerate() {
        let dotted_number = c == '.'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_alphanumeric() || dotted_number {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        for ok in ["peace-plan", "2025-11-20", "v1.2", "post_geneva"] {
            assert!(is_safe_file_name(ok), "{ok}");
        }
        for bad in ["", "..", ".hidden", "a/b", "a\\b", "x y", "a\u{0}b"] {
            assert!(!is_safe_file_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn slugs_from_file_names() {
        assert_eq!(file_slug("Peace Plan (leaked)"), "peace-plan-leaked");
        assert_eq!(file_slug("---"), "");
        assert_eq!(file_slug("Apache-2.0"), "apache-2.0");
        assert_eq!(file_slug("GPL 3 (v. 2)"), "gpl-3-v-2");
    }

    #[test]
    fn only_text_extensions_are_dropped_from_the_name() {
        for (file, stem) in [
            ("Apache-2.0", "Apache-2.0"),
            ("MPL-2.0", "MPL-2.0"),
            ("plan.txt", "plan"),
            ("notes.MD", "notes"),
            ("LPPL-1.3c.txt", "LPPL-1.3c"),
            (".txt", ".txt"),
        ] {
            assert_eq!(document_stem(Path::new(file)), stem, "{file}");
        }
    }
}
