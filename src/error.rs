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

impl fmt::Display for InvalidDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match (p.line, p.column) {
                (0, _) => write!(f, "{}: {}", self.path, p.message)?,
                (line, 0) => write!(f, "{}:{line}: {}", self.path, p.message)?,
                (line, col) => write!(f, "{}:{line}:{col}: {}", self.path, p.message)?,
            }
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
