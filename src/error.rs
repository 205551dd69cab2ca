//! The one error type of draftdiff, with the context a user needs to act on it.

use std::fmt;
use std::path::PathBuf;

/// A problem found in a draft, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: u64,
    /// 1-based column, 0 when unknown.
    pub column: u64,
    pub message: String,
}

/// Everything wrong with one draft file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvalidDraft {
    /// The path as the user named it (never made absolute: messages end up in reports).
    pub path: String,
    pub problems: Vec<Problem>,
    /// The source lines the problems point into, by line number, for the caret display of
    /// [`InvalidDraft::excerpted`] (the one-line form for logs and indexes leaves them out).
    pub lines: Vec<(u64, String)>,
    /// Reading stopped at the first problem (a YAML syntax or type error): later problems
    /// of the file, if any, are not listed.
    pub stopped: bool,
}

/// An excerpt shows at most this many characters of its line, around the column: a draft
/// written on one line must not turn a message into a megabyte.
const EXCERPT_CHARS: usize = 160;
/// What is kept of a source line; a column past it gets no excerpt.
const KEPT_CHARS: usize = 4096;

impl InvalidDraft {
    /// Keeps the source lines the problems point into (`text` is the file's text).
    pub fn with_source(mut self, text: &str) -> Self {
        let mut wanted: Vec<u64> = self
            .problems
            .iter()
            .take(MAX_PROBLEMS_SHOWN)
            .map(|p| p.line)
            .filter(|&l| l > 0)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut wanted = wanted.into_iter().peekable();
        for (i, line) in text.lines().enumerate() {
            let number = i as u64 + 1;
            match wanted.peek() {
                None => break,
                Some(&w) if w == number => {
                    // One character for one: the caret's column stays right. A tab shows as
                    // a space, any other control character (terminal escapes) or
                    // bidirectional control (which would reorder the line) as `?`.
                    let cut: String = line
                        .chars()
                        .take(KEPT_CHARS)
                        .map(|c| match c {
                            '\t' => ' ',
                            c if c.is_control() || crate::text::is_bidi_control(c) => '?',
                            c => c,
                        })
                        .collect();
                    self.lines.push((number, cut));
                    wanted.next();
                }
                Some(_) => {}
            }
        }
        self
    }

    /// Every problem with the source line it points into and a caret under its column,
    /// as compilers show them: for a person at a terminal (`check`, `diff`). `colour`
    /// makes the location bold and the caret red.
    pub fn excerpted(&self, colour: bool) -> Excerpted<'_> {
        Excerpted {
            invalid: self,
            colour,
        }
    }

    fn location(&self, p: &Problem) -> String {
        match (p.line, p.column) {
            (0, _) => self.path.clone(),
            (line, 0) => format!("{}:{line}", self.path),
            (line, col) => format!("{}:{line}:{col}", self.path),
        }
    }

    fn more_line(&self) -> Option<String> {
        let more = self.problems.len().saturating_sub(MAX_PROBLEMS_SHOWN);
        (more > 0).then(|| {
            format!(
                "{}: and {more} more problem{} not shown; fix these first",
                self.path,
                if more == 1 { "" } else { "s" }
            )
        })
    }

    /// For a person at a terminal: logs and indexes list what is wrong, and a pass
    /// reports the file again once this is fixed.
    fn stopped_line(&self) -> Option<String> {
        self.stopped.then(|| {
            format!(
                "{}: reading stopped at this problem; fix it and check again, later ones \
                 may be hidden",
                self.path
            )
        })
    }
}

/// At most [`EXCERPT_CHARS`] of `line` around 1-based `column` (`…` where cut), and the
/// caret's offset in what is shown (none for column 0 or a column past what was kept).
fn window(line: &str, column: u64) -> (String, Option<usize>) {
    let chars: Vec<char> = line.chars().collect();
    let col = (column as usize)
        .checked_sub(1)
        .filter(|&c| c <= chars.len());
    let start = match col {
        Some(c) if chars.len() > EXCERPT_CHARS => c
            .saturating_sub(EXCERPT_CHARS / 2)
            .min(chars.len() - EXCERPT_CHARS),
        _ => 0,
    };
    let end = (start + EXCERPT_CHARS).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    let caret = col.map(|c| c - start + usize::from(start > 0));
    (shown, caret)
}

/// See [`InvalidDraft::excerpted`].
pub struct Excerpted<'a> {
    invalid: &'a InvalidDraft,
    colour: bool,
}

impl fmt::Display for Excerpted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let invalid = self.invalid;
        let paint = |code: &str, text: &str| {
            if self.colour {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let width = invalid.lines.last().map_or(1, |(n, _)| n.to_string().len());
        for (i, p) in invalid.problems.iter().take(MAX_PROBLEMS_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}", paint("1", &invalid.location(p)), p.message)?;
            let Ok(at) = invalid.lines.binary_search_by_key(&p.line, |(n, _)| *n) else {
                continue;
            };
            let (shown, caret) = window(&invalid.lines[at].1, p.column);
            // Excerpt lines start with a space, so a driver that prefixes messages with
            // `draftdiff: ` can leave them as they are.
            write!(f, "\n {:>width$} | {shown}", p.line)?;
            if let Some(caret) = caret {
                let pad = " ".repeat(caret);
                write!(f, "\n {:>width$} | {pad}{}", "", paint("1;31", "^"))?;
            }
        }
        for line in [invalid.more_line(), invalid.stopped_line()]
            .into_iter()
            .flatten()
        {
            write!(f, "\n{line}")?;
        }
        Ok(())
    }
}

/// At most this many problems of one file are shown. A generated or hostile file can hold
/// millions (one per line of a 64 MB file); past the first hundred they say nothing new,
/// and every pass would write them all into the logs and the document's index.
pub const MAX_PROBLEMS_SHOWN: usize = 100;

impl fmt::Display for InvalidDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().take(MAX_PROBLEMS_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}", self.location(p), p.message)?;
        }
        if let Some(more) = self.more_line() {
            write!(f, "\n{more}")?;
        }
        Ok(())
    }
}

#[derive(Debug)]
pub enum Error {
    /// A draft could not be read at all (missing, unreadable, a folder, too large).
    Read { path: PathBuf, message: String },
    /// A draft was read but is not a valid draft.
    Invalid(InvalidDraft),
    /// An output could not be written.
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Arguments that parse but make no sense together.
    Usage(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Invalid(invalid) => invalid.fmt(f),
            Error::Write { path, source } => {
                write!(f, "{}: cannot write: {source}", path.display())
            }
            Error::Usage(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_puts_the_caret_under_the_column_and_colours_only_when_asked() {
        let invalid = InvalidDraft {
            path: "d.yaml".into(),
            problems: vec![Problem {
                line: 2,
                column: 5,
                message: "bad".into(),
            }],
            stopped: true,
            ..InvalidDraft::default()
        }
        .with_source("provisions:\n\t - x\n");
        assert_eq!(
            invalid.excerpted(false).to_string(),
            "d.yaml:2:5: bad\n 2 |   - x\n   |     ^\nd.yaml: reading stopped at this \
             problem; fix it and check again, later ones may be hidden"
        );
        let coloured = invalid.excerpted(true).to_string();
        assert!(
            coloured.starts_with("\x1b[1md.yaml:2:5\x1b[0m: bad"),
            "{coloured:?}"
        );
        assert!(coloured.contains("\x1b[1;31m^\x1b[0m"), "{coloured:?}");
        // Logs and indexes get the one-line form.
        assert_eq!(invalid.to_string(), "d.yaml:2:5: bad");
    }

    #[test]
    fn a_long_line_is_shown_around_the_column_and_bidi_controls_are_defused() {
        let line = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let (shown, caret) = window(&line, 301);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret.unwrap()), Some('X'));
        assert_eq!(window("short", 0), ("short".to_string(), None));
        assert_eq!(window("short", 99).1, None);
        let invalid = InvalidDraft {
            path: "d.yaml".into(),
            problems: vec![Problem {
                line: 1,
                column: 1,
                message: "bad".into(),
            }],
            ..InvalidDraft::default()
        }
        .with_source("a\u{202e}b\u{1b}[31m\n");
        assert_eq!(invalid.lines[0].1, "a?b?[31m");
    }

    #[test]
    fn a_file_with_many_problems_shows_the_first_hundred_and_a_count() {
        let problem = |line| Problem {
            line,
            column: 1,
            message: "bad".into(),
        };
        let invalid = InvalidDraft {
            path: "d.yaml".into(),
            problems: (1..=250).map(problem).collect(),
            ..InvalidDraft::default()
        };
        let text = invalid.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), MAX_PROBLEMS_SHOWN + 1);
        assert_eq!(lines[0], "d.yaml:1:1: bad");
        assert_eq!(lines[99], "d.yaml:100:1: bad");
        assert_eq!(
            lines[100],
            "d.yaml: and 150 more problems not shown; fix these first"
        );
        let few = InvalidDraft {
            path: "d.yaml".into(),
            problems: (1..=100).map(problem).collect(),
            ..InvalidDraft::default()
        };
        assert_eq!(few.to_string().lines().count(), 100);
    }
}
