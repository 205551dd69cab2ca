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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDraft {
    /// The path as the user named it (never made absolute: messages end up in reports).
    pub path: String,
    pub problems: Vec<Problem>,
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
            match (p.line, p.column) {
                (0, _) => write!(f, "{}: {}", self.path, p.message)?,
                (line, 0) => write!(f, "{}:{line}: {}", self.path, p.message)?,
                (line, col) => write!(f, "{}:{line}:{col}: {}", self.path, p.message)?,
            }
        }
        let more = self.problems.len().saturating_sub(MAX_PROBLEMS_SHOWN);
        if more > 0 {
            write!(
                f,
                "\n{}: and {more} more problem{} not shown; fix these first",
                self.path,
                if more == 1 { "" } else { "s" }
            )?;
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
    fn a_file_with_many_problems_shows_the_first_hundred_and_a_count() {
        let problem = |line| Problem {
            line,
            column: 1,
            message: "bad".into(),
        };
        let invalid = InvalidDraft {
            path: "d.yaml".into(),
            problems: (1..=250).map(problem).collect(),
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
        };
        assert_eq!(few.to_string().lines().count(), 100);
    }
}
