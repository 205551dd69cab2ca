//! `draftdiff completions` and `draftdiff man`: generated from the same clap definitions
//! as the command line, so they can never describe another version of it.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::{Error, Result};
use crate::exit;

pub fn completions(args: &CompletionsArgs) -> Result<i32> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "draftdiff", &mut out);
    super::deliver(None, &String::from_utf8_lossy(&out))?;
    Ok(exit::OK)
}

/// The page of the tool, or of one subcommand (`draftdiff man diff`, as `man git-diff`):
/// the main page lists the subcommands, each page has its options, examples and exit codes.
pub fn man(args: &ManArgs) -> Result<i32> {
    let mut command = Cli::command();
    command.build();
    let page = match &args.command {
        None => command,
        Some(name) => {
            let sub = command
                .find_subcommand(name)
                .filter(|s| !s.is_hide_set())
                .ok_or_else(|| {
                    Error::Usage(format!("no subcommand {name:?}: see draftdiff --help"))
                })?;
            sub.clone()
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|e| Error::Usage(e.to_string()))?;
    super::deliver(None, &String::from_utf8_lossy(&out))?;
    Ok(exit::OK)
}
