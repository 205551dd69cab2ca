//! Command-line arguments (clap) and their conversion into validated settings. Nothing past
//! this module sees a clap type.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

mod examples;

#[derive(Parser, Debug)]
#[command(
    name = "draftdiff",
    version,
    about = "Track how a negotiated document changes from one draft to the next",
    long_about = "Track how a negotiated document changes from one draft to the next.\n\n\
        draftdiff aligns the provisions of two versions of a draft (even when they were \
        renumbered, moved, split, merged or reworded) and reports what was removed, added \
        and changed, with word-level redlines.",
    after_help = "Exit codes: 0 no differences / all valid, 1 differences / some invalid, \
        2 trouble (usage, unreadable input, unwritable output, \
        interrupted), 3 reports locked."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compare two versions of a draft and report what changed.
    #[command(after_help = examples::DIFF)]
    Diff(DiffArgs),
    /// Validate draft files and corrections files; report every problem with its file,
    /// line and column.
    ///
    /// A file in a document's `corrections/` folder is checked as a corrections file, as
    /// `run` would apply it: against the two consecutive versions it names in the folder
    /// above, and against the other corrections files beside it.
    #[command(after_help = examples::CHECK)]
    Check(CheckArgs),
    /// Bring the reports up to date with the drafts, once (for cron, systemd timers, CI).
    #[command(after_help = examples::RUN)]
    Run(RunArgs),
    /// Run once, then again whenever a draft is added, changed or removed.
    #[command(
        after_help = examples::WATCH,
        mut_arg("wait", |a| a.help(
            "Seconds to wait for another draftdiff writing the same reports before each \
             retry; the watcher never gives up, it tries again a second later"
        ))
    )]
    Watch(WatchArgs),
    /// Turn a plain-text or Markdown draft into a YAML draft.
    ///
    /// Reads a numbered list from a news site, a statute, a licence or a transcription and
    /// writes a draft. Recognises 1. 1) (1) 1 - 1.2. a) (a) (iv) IV. Article 1, Section 1.2,
    /// § 3, Point 1, Markdown headings and lists, and bullets under a point. Says on
    /// standard error what it recognised and where the numbering skips or repeats.
    #[command(after_help = examples::IMPORT)]
    Import(ImportArgs),
    /// Trace every provision of a document (or one) through all its versions.
    #[command(after_help = examples::HISTORY)]
    History(HistoryArgs),
    /// Write a synthetic pair of drafts with ground truth, or score a report against one
    /// (for the benchmarks in `benches/`).
    #[command(after_help = examples::SYNTH)]
    Synth(SynthArgs),
    /// Print a shell completion script for bash, zsh, fish, elvish or PowerShell.
    #[command(after_help = examples::COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on standard output.
    #[command(after_help = examples::MAN)]
    Man(ManArgs),
}

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// A subcommand's page (`diff`, `run`...) instead of the tool's.
    #[arg(value_name = "SUBCOMMAND")]
    pub command: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(clap::Args, Debug)]
pub struct HistoryArgs {
    /// The document: the name its drafts give, or the folder they are in.
    pub document: String,
    /// Folder of drafts: one sub-folder per document, one YAML file per version.
    #[arg(long, default_value = "drafts", value_name = "DIR")]
    pub drafts: PathBuf,
    /// Only this provision, by its id (in the latest version that has that id, or see --in).
    #[arg(long, value_name = "ID")]
    pub provision: Option<String>,
    /// The version in which --provision's id is meant: its label, or the start or a part of
    /// it (`--in leaked` finds `leaked-28-point`).
    #[arg(long = "in", value_name = "VERSION", requires = "provision")]
    pub in_version: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the history to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to colour the text format. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(clap::Args, Debug)]
pub struct SynthArgs {
    /// Provisions in the old draft.
    #[arg(long, default_value_t = 1000)]
    pub provisions: usize,
    /// Seed of the generator: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Folder for old.yaml, new.yaml, truth.json, old.txt and new.txt.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Instead of generating, score this JSON report against DIR/truth.json.
    #[arg(long, value_name = "REPORT")]
    pub score: Option<PathBuf>,
    /// Instead of a pair, write a document of N successive versions (DIR/v001.yaml, ...,
    /// dated a day apart), each made from the one before by the same edits.
    #[arg(long, value_name = "N", conflicts_with = "score")]
    pub versions: Option<usize>,
}

#[derive(clap::Args, Debug)]
pub struct PipelineArgs {
    /// Folder of drafts: one sub-folder per document, one YAML file per version.
    #[arg(long, default_value = "drafts", value_name = "DIR")]
    pub drafts: PathBuf,
    /// Folder the reports are written to.
    #[arg(long, default_value = "reports", value_name = "DIR")]
    pub reports: PathBuf,
    /// Seconds to wait for another draftdiff writing the same reports; then `run` exits
    /// with 3.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub wait: f64,
    /// Shell command to run after each report is written; it gets DRAFTDIFF_DOCUMENT (the
    /// label), DRAFTDIFF_DOCUMENT_DIR (its reports folder),
    /// DRAFTDIFF_OLD_VERSION, DRAFTDIFF_NEW_VERSION, DRAFTDIFF_REPORT_MD,
    /// DRAFTDIFF_REPORT_JSON, DRAFTDIFF_REPORT_HTML, DRAFTDIFF_HEADLINE and
    /// DRAFTDIFF_KEY_CHANGES (the key changes in brief, plain text) in its environment. Its
    /// failure is logged, not fatal. Recipes: docs/notifications.md.
    #[arg(long, value_name = "COMMAND")]
    pub on_report: Option<String>,
    /// Where `reports/` is published (`https://example.org/reports/`): the Atom feeds'
    /// links become absolute URLs under it. Without it they are relative.
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// Only print problems.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what was skipped and why.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Log lines as text for people or JSON for schedulers.
    #[arg(long, value_enum, default_value_t = LogFormatArg::Human)]
    pub log_format: LogFormatArg,
    /// Print how long each stage of a pass took (lock, read drafts, plan, compare and
    /// write, clean up, indexes, manifest) to stderr. Reports are unchanged.
    #[arg(long)]
    pub timings: bool,
}

#[derive(clap::Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Print what the pass would do (comparisons to make, histories to rebuild, files to
    /// remove, problems) and change nothing: no lock, no report, no manifest.
    #[arg(long, conflicts_with = "on_report")]
    pub dry_run: bool,
}

#[derive(clap::Args, Debug)]
pub struct WatchArgs {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Seconds of quiet after the last file event before the reports are updated.
    #[arg(long, default_value_t = 0.5, value_name = "SECONDS", value_parser = parse_seconds)]
    pub debounce: f64,
    /// Poll the folder every SECONDS instead of using file-system events (network shares).
    #[arg(long, value_name = "SECONDS", value_parser = parse_positive_seconds)]
    pub poll: Option<f64>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormatArg {
    Human,
    Json,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=86_400.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "{s:?} is not a number of seconds between 0 and 86400"
        )),
    }
}

/// An `http` or `https` URL with a host, as feeds link to it: ending in `/`, printable
/// ASCII only (percent-encode the rest), and free of what would need escaping in XML or
/// break a link (spaces, quotes, angle brackets, a query or a fragment).
fn parse_base_url(s: &str) -> Result<String, String> {
    let lower = s.to_ascii_lowercase();
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|p| lower.starts_with(p))
        .ok_or_else(|| format!("{s:?} is not an http:// or https:// URL"))?;
    let rest = &s[scheme.len()..];
    if !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '[') {
        return Err(format!("{s:?} has no host"));
    }
    if let Some(c) = s
        .chars()
        .find(|&c| !c.is_ascii_graphic() || "\"'<>\\^`{|}?#".contains(c))
    {
        return Err(format!(
            "{s:?} holds {c:?}, which a link cannot carry as is (percent-encode it)"
        ));
    }
    let bytes = s.as_bytes();
    let bad_escape = bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%' && !(bytes.get(i + 1..i + 3)).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if bad_escape {
        return Err(format!("{s:?} holds a `%` not followed by two hex digits"));
    }
    Ok(if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    })
}

fn parse_positive_seconds(s: &str) -> Result<f64, String> {
    parse_seconds(s).and_then(|v| {
        if v > 0.0 {
            Ok(v)
        } else {
            Err("must be more than 0".into())
        }
    })
}

impl PipelineArgs {
    /// The validated settings and logger for a pass.
    pub fn settings(
        &self,
        settle: Option<std::time::Duration>,
    ) -> (crate::pipeline::Settings, crate::pipeline::log::Logger) {
        use crate::pipeline::log::{Level, LogFormat, Logger};
        let level = if self.quiet {
            Level::Quiet
        } else if self.verbose {
            Level::Verbose
        } else {
            Level::Normal
        };
        let format = match self.log_format {
            LogFormatArg::Human => LogFormat::Human,
            LogFormatArg::Json => LogFormat::Json,
        };
        let settings = crate::pipeline::Settings {
            drafts: self.drafts.clone(),
            reports: self.reports.clone(),
            wait: std::time::Duration::from_secs_f64(self.wait),
            on_report: self.on_report.clone(),
            base_url: self.base_url.clone(),
            settle,
        };
        (settings, Logger::new(level, format))
    }
}

impl WatchArgs {
    pub fn debounce(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.debounce)
    }

    pub fn poll(&self) -> Option<std::time::Duration> {
        self.poll.map(std::time::Duration::from_secs_f64)
    }
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The older version (YAML draft; `-` reads standard input).
    pub old: PathBuf,
    /// The newer version (YAML draft; `-` reads standard input).
    pub new: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to colour the text format. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print how long each stage took (load, align, word diff, highlights, render, write)
    /// to stderr. The report itself is unchanged.
    #[arg(long)]
    pub timings: bool,
    /// Decisions taken by hand for this pair of versions: pairs, splits, merges, removals
    /// and additions that alignment must keep (see docs/corrections.md). A file with any
    /// problem is refused whole, with its line and column.
    #[arg(long, value_name = "FILE")]
    pub corrections: Option<PathBuf>,
    /// After the report, print for each change what its pairing rests on: the evidence,
    /// the similarity, the confidence and the runner-up (text format only; the JSON report
    /// carries the same in its fields).
    #[arg(long)]
    pub explain: bool,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Draft files, or corrections files in `drafts/<document>/corrections/`, to validate;
    /// a folder means every draft and corrections file `run` would read there, `-` reads
    /// standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print nothing for valid files.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The text to import: plain text, Markdown, a Word file (.docx) or a PDF; `-` reads
    /// standard input.
    pub file: PathBuf,
    /// The document's slug (default: the input file's name).
    #[arg(long)]
    pub document: Option<String>,
    /// This version's label (default: the --date, else `imported`).
    #[arg(long)]
    pub version: Option<String>,
    /// The version's date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The draft's title (default: a leading `# Title` of the text).
    #[arg(long)]
    pub title: Option<String>,
    /// Where the text comes from.
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// How official the text is: leaked, published, reconstructed...
    #[arg(long, value_name = "TEXT")]
    pub status: Option<String>,
    /// Write the draft to OUT instead of standard output.
    #[arg(long, short = 'o', value_name = "OUT", conflicts_with = "into")]
    pub output: Option<PathBuf>,
    /// Write the draft as DIR/<document>/<version>.yaml, never overwriting a file.
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    /// A standalone page: inline CSS, no scripts or external resources.
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Decides whether to colour: `always` and `never` win; `auto` colours only a terminal,
/// and only when NO_COLOR (https://no-color.org) is unset or empty.
pub fn use_colour(choice: ColorChoice, writing_to_file: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !writing_to_file
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Whether messages on standard error are coloured: only on a terminal, and only when
/// NO_COLOR is unset or empty (logs and pipes get plain text).
pub fn stderr_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap checks its definitions only in debug builds (as `cargo test` and CI build),
    /// and only for the subcommand that runs: this checks every subcommand at once, so a
    /// clash such as an `import --version` option beside a propagated automatic one fails
    /// here rather than in one user's debug build.
    #[test]
    fn the_command_line_definitions_are_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
