//! One module per subcommand: each turns settings into work and returns an exit code.

pub mod check;
pub mod diff;
pub mod history;
pub mod import;
pub mod run;
pub mod shell;
pub mod synth;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsutil::write_output_with;

/// Delivers a rendered report: atomically to `output`, or to standard output, where a
/// closed pipe (`draftdiff diff a b | head`) is not an error worth reporting.
pub(crate) fn deliver(output: Option<&Path>, rendered: &str) -> Result<()> {
    match output {
        Some(path) => {
            write_output_with(path, |out| out.write_all(rendered.as_bytes())).map_err(|source| {
                Error::Write {
                    path: PathBuf::from(path),
                    source,
                }
            })
        }
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout_result(
                stdout
                    .write_all(rendered.as_bytes())
                    .and_then(|_| stdout.flush()),
            )
        }
    }
}

/// The outcome of writing to standard output: a closed pipe is fine, since the reader
/// asked for no more (`| head`); any other failure (a full disk, `> /dev/full`) is an
/// unwritable output, exit 2.
pub(crate) fn stdout_result(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: PathBuf::from("standard output"),
            source: e,
        }),
        _ => Ok(()),
    }
}
