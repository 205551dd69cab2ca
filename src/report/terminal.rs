//! The terminal report. With colour, deletions are red and struck through and insertions
//! green and underlined; without colour they are bracketed `[-like this-]` and
//! `{+like this+}` (as `git diff --word-diff` does), so they stay distinguishable in a log
//! file or for a reader who cannot tell red from green. Draft text never reaches the
//! terminal raw: control and escape sequences are shown as visible escapes.

use std::fmt::Write;

use super::{Change, Report};
use crate::align::ChangeKind;
use crate::diff::Op;
use crate::text::terminal_safe;

const RED: &str = "\x1b[31;9m";
const GREEN: &str = "\x1b[32;4m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Renders the report for a terminal; `colour` turns on ANSI styling.
pub fn render(report: &Report, colour: bool) -> String {
    let paint = Painter { colour };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint.style(
            BOLD,
            &format!(
                "{}: {} → {}",
                terminal_safe(&report.document),
                terminal_safe(&report.old.label()),
                terminal_safe(&report.new.label())
            )
        )
    );
    let _ = writeln!(out, "{}", terminal_safe(&report.headline()));
    for change in report
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Unchanged)
    {
        out.push('\n');
        write_change(&mut out, change, &paint);
    }
    let shifted = report.renumbered_or_moved_only();
    if !shifted.is_empty() {
        let labels: Vec<String> = shifted
            .iter()
            .map(|c| {
                terminal_safe(&c.id_label()).into_owned() + if c.moved { " (moved)" } else { "" }
            })
            .collect();
        let _ = writeln!(
            out,
            "\n{} {}",
            paint.style(BOLD, "= unchanged text, renumbered or moved:"),
            labels.join(", ")
        );
    }
    out
}

struct Painter {
    colour: bool,
}

impl Painter {
    fn style(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn deleted(&self, text: &str) -> String {
        if self.colour {
            format!("{RED}{text}{RESET}")
        } else {
            format!("[-{text}-]")
        }
    }

    fn inserted(&self, text: &str) -> String {
        if self.colour {
            format!("{GREEN}{text}{RESET}")
        } else {
            format!("{{+{text}+}}")
        }
    }
}

fn write_change(out: &mut String, change: &Change, paint: &Painter) {
    let marker = match change.kind {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Split => "<",
        ChangeKind::Merged => ">",
        _ => "~",
    };
    let mut flags = vec![change.kind.name()];
    if change.renumbered {
        flags.push("renumbered");
    }
    if change.moved {
        flags.push("moved");
    }
    let title = change
        .title()
        .map(|t| format!("  {}", terminal_safe(t)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} {}{title}  {}",
        paint.style(BOLD, marker),
        paint.style(BOLD, &terminal_safe(&change.id_label())),
        paint.style(DIM, &format!("({})", flags.join(", ")))
    );
    let body = match change.kind {
        ChangeKind::Added => paint.inserted(&terminal_safe(&Change::joined_text(&change.new))),
        ChangeKind::Removed => paint.deleted(&terminal_safe(&Change::joined_text(&change.old))),
        _ if change.diff.is_empty() => {
            terminal_safe(&Change::joined_text(&change.new)).into_owned()
        }
        _ => change
            .diff
            .iter()
            .map(|s| {
                let text = terminal_safe(&s.text);
                match s.op {
                    Op::Equal => text.into_owned(),
                    Op::Delete => paint.deleted(&text),
                    Op::Insert => paint.inserted(&text),
                }
            })
            .collect(),
    };
    let _ = writeln!(out, "  {body}");
    for (field, old, new) in change.attribute_changes() {
        let side = |text: &str, mark: &dyn Fn(&str) -> String| {
            if text.is_empty() {
                "(none)".to_string()
            } else {
                mark(&terminal_safe(text))
            }
        };
        let _ = writeln!(
            out,
            "  {field}: {} {}",
            side(&old, &|t| paint.deleted(t)),
            side(&new, &|t| paint.inserted(t))
        );
    }
}
