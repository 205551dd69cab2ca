//! draftdiff tracks how a negotiated document changes from one draft to the next.
//!
//! The pipeline: [`load`] reads a YAML draft into a [`model::Draft`]; [`align`] decides
//! what became of every provision (matched by content, with ids and order as evidence);
//! [`diff`] builds word-level redlines inside each matched group; [`report::Report`] is
//! the one hand-off type that the renderers in [`report`] turn into text, Markdown, JSON
//! and HTML, each opening with the key changes ([`report::highlights`]). [`history`]
//! chains the reports of consecutive versions into each provision's history. The
//! [`commands`] are drivers around that pipeline: [`pipeline`] is the incremental pass
//! that `run` makes once and [`watch`] makes on every change.

pub mod align;
pub mod cli;
pub mod commands;
pub mod corrections;
pub mod diff;
pub mod error;
pub mod exit;
pub mod fsutil;
pub mod hash;
pub mod history;
pub mod import;
pub mod load;
pub mod model;
pub mod parallel;
pub mod pipeline;
pub mod report;
pub mod synth;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod timings;
pub mod watch;
pub mod words;

use clap::Parser;

/// Parses the command line, runs the command and returns the process exit code.
pub fn run() -> i32 {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if !e.use_stderr() {
                let _ = e.print();
                return exit::OK;
            }
            // clap quotes a refused value as typed and passes escape sequences through to a
            // terminal: the message goes out as plain text (its colours with them), with
            // control and bidi characters made visible.
            eprint!("{}", text::terminal_safe(&e.render().to_string()));
            return exit::TROUBLE;
        }
    };
    let result = match &cli.command {
        cli::Command::Diff(args) => commands::diff::run(args),
        cli::Command::Check(args) => commands::check::run(args),
        cli::Command::Run(args) => commands::run::run(args),
        cli::Command::Watch(args) => commands::run::run_watch(args),
        cli::Command::Import(args) => commands::import::run(args),
        cli::Command::History(args) => commands::history::run(args),
        cli::Command::Synth(args) => commands::synth::run(args),
        cli::Command::Completions(args) => commands::shell::completions(args),
        cli::Command::Man(args) => commands::shell::man(args),
    };
    result.unwrap_or_else(|e| {
        let text = match &e {
            error::Error::Invalid(invalid) => {
                invalid.excerpted(crate::cli::stderr_colour()).to_string()
            }
            other => other.to_string(),
        };
        for line in text.lines() {
            if line.starts_with(' ') {
                eprintln!("{line}");
            } else {
                eprintln!("draftdiff: {line}");
            }
        }
        exit::TROUBLE
    })
}
