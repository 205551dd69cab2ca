//! `draftdiff check FILE...`: validate drafts, reporting every problem with its location.

use crate::cli::CheckArgs;
use crate::error::{Error, Result};
use crate::exit;
use crate::load::load_file;

pub fn run(args: &CheckArgs) -> Result<i32> {
    let mut code = exit::OK;
    for path in &args.files {
        match load_file(path) {
            Ok(draft) => {
                if !args.quiet {
                    let n = draft.provisions.len();
                    println!(
                        "{}: ok ({} {}, {n} provision{})",
                        path.display(),
                        draft.document,
                        draft.version,
                        if n == 1 { "" } else { "s" }
                    );
                }
            }
            Err(Error::Invalid(invalid)) => {
                eprintln!("{invalid}");
                code = code.max(exit::INVALID);
            }
            Err(other) => {
                eprintln!("{other}");
                code = exit::TROUBLE;
            }
        }
    }
    Ok(code)
}
