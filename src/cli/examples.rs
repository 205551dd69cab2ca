//! The examples and exit codes at the end of each subcommand's `--help` (and so of the
//! man page): real command lines a new user can paste, on the shipped sample drafts.

pub const DIFF: &str = "\
Examples:
  cd drafts/peace-plan && draftdiff diff 2025-11-20-leaked.yaml 2025-11-23-post-geneva.yaml
  draftdiff diff old.yaml new.yaml --format html -o report.html
  draftdiff import new.txt --document peace-plan --version v2 | draftdiff diff old.yaml -
  draftdiff diff old.yaml new.yaml --explain --corrections fixes.yaml

Exit codes:
  0  the two versions are the same
  1  they differ: a successful comparison, so under `set -e` write
     draftdiff diff a.yaml b.yaml -o r.md || [ $? -eq 1 ]
  2  trouble: usage, an unreadable or invalid draft, an unwritable output";

pub const CHECK: &str = "\
Examples:
  draftdiff check drafts/       # every draft and corrections file in it, as run reads them
  draftdiff check drafts/peace-plan/2025-11-23-post-geneva.yaml
  draftdiff import new.txt | draftdiff check -

Exit codes:
  0  every file is valid
  1  some file is invalid (each problem printed as FILE:LINE:COL: message)
  2  trouble: usage, a file that cannot be read";

pub const RUN: &str = "\
Examples:
  draftdiff run                 # drafts/ into reports/, as in the quick start
  draftdiff run --drafts ~/treaties --reports /srv/www/reports --quiet
  draftdiff run --log-format json --timings     # for a scheduler's log
  draftdiff run --dry-run       # what a run would compare, rebuild and remove

Exit codes:
  0  reports are up to date and every draft is valid
  1  some draft or corrections file is invalid (all others were processed; see the index)
  2  fatal: drafts folder unreadable, reports not writable, stopped by a signal first,
     or a draft kept changing while it was read (three tries)
  3  another draftdiff held the reports lock for --wait seconds";

pub const WATCH: &str = "\
Examples:
  draftdiff watch               # drafts/ into reports/ until Ctrl-C
  draftdiff watch --on-report 'echo \"$DRAFTDIFF_DOCUMENT: $DRAFTDIFF_NEW_VERSION\"'
  draftdiff watch --poll 5      # a network share that sends no file events

Exit codes:
  0  stopped by Ctrl-C or SIGTERM
  2  could not start watching (usage, the drafts folder is missing)";

pub const IMPORT: &str = "\
Examples:
  draftdiff import plan.txt --document peace-plan --version leaked --date 2025-11-20 --into drafts
  curl -s https://example.org/plan.txt | draftdiff import - --document peace-plan --version v3 -o v3.yaml
  draftdiff import statute.md --title 'Draft statute' > statute.yaml

Exit codes:
  0  the draft was written
  2  trouble: usage, unreadable input, a file already there, an unwritable output";

pub const HISTORY: &str = "\
Examples:
  draftdiff history peace-plan
  draftdiff history peace-plan --provision 7 --in leaked
  draftdiff history peace-plan --format html -o history.html

Exit codes:
  0  the history was written
  2  trouble: usage, an unknown document or provision, unreadable drafts";

pub const SYNTH: &str = "\
Examples:
  draftdiff synth --provisions 10000 --seed 1 --out /tmp/pair
  draftdiff diff /tmp/pair/old.yaml /tmp/pair/new.yaml -f json -o /tmp/pair/report.json
  draftdiff synth --out /tmp/pair --score /tmp/pair/report.json
  draftdiff synth --provisions 2000 --versions 40 --out /tmp/drafts/doc   # a long history

Exit codes:
  0  written (or scored)
  2  trouble: an unwritable folder, an unreadable report";

pub const COMPLETIONS: &str = "\
Examples:
  draftdiff completions bash > ~/.local/share/bash-completion/completions/draftdiff
  draftdiff completions zsh > ~/.zfunc/_draftdiff   # with fpath+=~/.zfunc before compinit
  draftdiff completions fish > ~/.config/fish/completions/draftdiff.fish";

pub const MAN: &str = "\
Examples:
  draftdiff man | man -l -
  draftdiff man > ~/.local/share/man/man1/draftdiff.1";
