//! The terminal report. With colour, deletions are red and struck through and insertions
//! green and underlined; without colour they are bracketed `[-like this-]` and
//! `{+like this+}` (as `git diff --word-diff` does), so they stay distinguishable in a log
//! file or for a reader who cannot tell red from green. Draft text never reaches the
//! terminal raw: control and escape sequences are shown as visible escapes.

use std::fmt::Write;

use super::highlights::{by_kind, what_of};
use super::{Change, Report};
use crate::align::ChangeKind;
use crate::diff::Op;
use crate::text::terminal_safe;

const RED: &str = "\x1b[31;9m";
const GREEN: &str = "\x1b[32;4m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
/// Yellow: a pairing to check, or one set by hand.
const DOUBT: &str = "\x1b[33m";
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
    key_changes(&mut out, report, &paint);
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

/// The highlights, grouped by rule, right under the headline.
fn key_changes(out: &mut String, report: &Report, paint: &Painter) {
    let groups = by_kind(&report.highlights);
    if !groups.is_empty() {
        let _ = writeln!(out, "\n{}", paint.style(BOLD, "Key changes"));
    }
    for (kind, items) in &groups {
        let _ = writeln!(out, "  {} ({})", kind.heading(), items.len());
        for item in items {
            let h = item[0];
            let title = h
                .title
                .as_deref()
                .map(|t| format!("  {}", terminal_safe(t)))
                .unwrap_or_default();
            let tags = if h.tags.is_empty() {
                String::new()
            } else {
                paint.style(DIM, &format!("  [{}]", terminal_safe(&h.tags.join(", "))))
            };
            let _ = write!(
                out,
                "    {}{title}",
                paint.style(BOLD, &terminal_safe(&h.id_label()))
            );
            if h.is_wording() {
                let _ = writeln!(out, ": {}{tags}", terminal_safe(&what_of(item)));
                for h in item {
                    let mut phrase = terminal_safe(&h.before).into_owned();
                    if !h.old.is_empty() {
                        phrase.push_str(&paint.deleted(&terminal_safe(&h.old)));
                    }
                    if !h.new.is_empty() {
                        phrase.push_str(&paint.inserted(&terminal_safe(&h.new)));
                    }
                    phrase.push_str(&terminal_safe(&h.after));
                    let _ = writeln!(out, "      {phrase}");
                }
            } else if h.title.is_none() {
                let text = if h.old.is_empty() { &h.new } else { &h.old };
                let _ = writeln!(out, ": {}{tags}", terminal_safe(text));
            } else {
                let _ = writeln!(out, "{tags}");
            }
            for (mark, note) in h.marks() {
                let _ = writeln!(
                    out,
                    "      {}",
                    paint.style(DOUBT, &format!("{mark} {}", terminal_safe(note)))
                );
            }
        }
    }
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
    match change.kind {
        ChangeKind::Added => {
            let text = Change::joined_text(&change.new);
            let _ = writeln!(out, "  {}", paint.inserted(&terminal_safe(&text)));
        }
        ChangeKind::Removed => {
            let text = Change::joined_text(&change.old);
            let _ = writeln!(out, "  {}", paint.deleted(&terminal_safe(&text)));
        }
        ChangeKind::Split | ChangeKind::Merged => parts(out, change, paint),
        _ if change.diff.is_empty() => {
            let _ = writeln!(
                out,
                "  {}",
                terminal_safe(&Change::joined_text(&change.new))
            );
        }
        _ => {
            let _ = writeln!(out, "  {}", redline(&change.diff, paint));
        }
    }
    for (mark, note) in change.notes() {
        let _ = writeln!(
            out,
            "  {}",
            paint.style(DOUBT, &format!("{mark} {}", terminal_safe(&note)))
        );
    }
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

/// A split or merge: which parts became which, with their titles, then each part of the
/// side with several on its own line with its piece of the redline.
fn parts(out: &mut String, change: &Change, paint: &Painter) {
    let safe = |t: &str| terminal_safe(t).into_owned();
    let _ = writeln!(out, "  {}", change.parts_sentence(safe));
    let side = change.parts_side().to_lowercase();
    for (p, diff) in change.parts() {
        let _ = writeln!(
            out,
            "  {}: {}",
            paint.style(BOLD, &format!("{side} {}", terminal_safe(&p.id))),
            redline(&diff, paint)
        );
    }
}

fn redline(diff: &[crate::diff::Segment], paint: &Painter) -> String {
    diff.iter()
        .map(|s| {
            let text = terminal_safe(&s.text);
            match s.op {
                Op::Equal => text.into_owned(),
                Op::Delete => paint.deleted(&text),
                Op::Insert => paint.inserted(&text),
            }
        })
        .collect()
}

/// `--explain`: for every change, what its pairing rests on, one block each, in report
/// order (unchanged provisions included: an identical pair is a decision too).
pub fn explain(report: &Report) -> String {
    let mut out = String::from("\nWhy: what each pairing rests on\n");
    for change in &report.changes {
        let a = &change.assessment;
        let _ = writeln!(
            out,
            "  {} ({}, confidence {})",
            terminal_safe(&change.id_label()),
            change.kind.name(),
            a.confidence.name()
        );
        let evidence: Vec<&str> = a.evidence.iter().map(|g| g.name()).collect();
        if !evidence.is_empty() {
            let _ = writeln!(out, "    evidence: {}", evidence.join(", "));
        }
        if !change.old.is_empty() && !change.new.is_empty() {
            let _ = writeln!(
                out,
                "    similarity {:.3}, contained {:.3}",
                change.similarity, a.contained
            );
        }
        let rival = |label: &str, r: &super::Rival| {
            format!(
                "    {label}: old {} with new {}, similarity {:.3}\n",
                terminal_safe(&r.old),
                terminal_safe(&r.new),
                r.similarity
            )
        };
        if let Some(r) = change.runner_up() {
            out.push_str(&rival("runner-up", r));
        }
        if let Some(r) = change.nearest() {
            out.push_str(&rival("nearest", r));
        }
        for (mark, note) in change.notes() {
            let _ = writeln!(out, "    {mark} {}", terminal_safe(&note));
        }
    }
    out
}
