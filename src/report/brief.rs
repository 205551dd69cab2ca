//! The key changes in brief: a few short lines per kind, for readers who are not looking
//! at the report (feed entries, `--on-report` notifications).
//!
//! It is kept with each step in the manifest, so feeds are written without reading a
//! report back; hence bounded: at most [`MAX_ITEMS`] lines per kind of at most
//! [`MAX_ITEM_CHARS`] characters each, whatever the size of the drafts.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::highlights::{by_kind, what_of, Highlight};
use super::{html, Report};

/// Lines listed under one kind; the rest are counted ("and 12 more").
pub const MAX_ITEMS: usize = 8;
/// Longer lines are cut (with `…`): the line points at the change, the report shows it.
pub const MAX_ITEM_CHARS: usize = 240;

/// Said when there is nothing under any kind (as the report's own key changes say it).
const NOTHING: &str =
    "No number, obligation or negation changed, and no provision was added or removed.";

/// The key changes of one comparison, in brief.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyChanges {
    pub groups: Vec<Group>,
}

/// The key changes of one kind ("Removed provisions").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub heading: String,
    /// How many provisions have a key change of this kind.
    pub count: usize,
    /// One line for each of the first [`MAX_ITEMS`], control characters made visible.
    pub items: Vec<String>,
}

impl KeyChanges {
    pub fn of(report: &Report) -> KeyChanges {
        let groups = by_kind(&report.highlights)
            .into_iter()
            .map(|(kind, items)| Group {
                heading: kind.heading().to_string(),
                count: items.len(),
                items: items.iter().take(MAX_ITEMS).map(|i| line(i)).collect(),
            })
            .collect();
        KeyChanges { groups }
    }

    /// As plain text: each kind's heading and count, then its lines as `- ` items.
    pub fn plain_text(&self) -> String {
        if self.groups.is_empty() {
            return NOTHING.to_string();
        }
        let mut out = String::new();
        for g in &self.groups {
            let _ = writeln!(out, "{} ({})", g.heading, g.count);
            for item in &g.items {
                let _ = writeln!(out, "- {item}");
            }
            if let Some(more) = g.more() {
                let _ = writeln!(out, "- {more}");
            }
        }
        out.truncate(out.trim_end().len());
        out
    }

    /// As an HTML fragment (every text escaped): a heading and a list per kind.
    pub fn html(&self) -> String {
        if self.groups.is_empty() {
            return format!("<p>{NOTHING}</p>\n");
        }
        let mut out = String::new();
        for g in &self.groups {
            let _ = writeln!(
                out,
                "<h3>{} ({})</h3>\n<ul>",
                html::escape(&g.heading),
                g.count
            );
            for item in &g.items {
                let _ = writeln!(out, "<li>{}</li>", html::escape(item));
            }
            if let Some(more) = g.more() {
                let _ = writeln!(out, "<li>{more}</li>");
            }
            out.push_str("</ul>\n");
        }
        out
    }
}

impl Group {
    /// "and 3 more" when not every provision has a line.
    fn more(&self) -> Option<String> {
        let left = self.count.saturating_sub(self.items.len());
        (left > 0).then(|| format!("and {left} more"))
    }
}

/// One item of [`by_kind`] as a line: the ids and title, then what changed, or the text
/// of a provision added or removed without a title; a doubt on the pairing follows.
fn line(item: &[&Highlight]) -> String {
    let h = item[0];
    let mut out = h.id_label();
    if let Some(title) = &h.title {
        let _ = write!(out, " {title}");
    }
    if h.is_wording() {
        let _ = write!(out, ": {}", what_of(item));
    } else if h.title.is_none() {
        let text = if h.old.is_empty() { &h.new } else { &h.old };
        let _ = write!(out, ": {text}");
    }
    if let Some(check) = &h.check {
        let _ = write!(out, " ⚠ {check}");
    }
    // Cut first, so that the cut never splits an escape.
    let line = cut(&out.replace(['\n', '\r'], " "));
    crate::text::markup_safe(&line).into_owned()
}

fn cut(line: &str) -> String {
    match line.char_indices().nth(MAX_ITEM_CHARS - 1) {
        Some((end, _)) => format!("{}…", line[..end].trim_end()),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::draft;

    #[test]
    fn lists_each_kind_with_its_count_and_bounds_every_line() {
        let long = "word ".repeat(400);
        let old = draft("v", &[("1", "The force is 600,000 strong."), ("2", &long)]);
        let new = draft("v", &[("1", "The force is 800,000 strong.")]);
        let brief = KeyChanges::of(&Report::compare(&old, &new));
        let text = brief.plain_text();
        assert!(
            text.contains("Numbers, amounts and dates (1)\n- 1: "),
            "{text}"
        );
        assert!(
            text.contains("“600,000”") && text.contains("“800,000”"),
            "{text}"
        );
        assert!(
            text.contains("Removed provisions (1)\n- 2: word word"),
            "{text}"
        );
        assert!(
            text.lines()
                .all(|l| l.chars().count() <= MAX_ITEM_CHARS + 2),
            "{text}"
        );
    }

    #[test]
    fn counts_what_it_does_not_list() {
        let old: Vec<(String, String)> = (1..=20)
            .map(|i| (i.to_string(), format!("Clause {i} about topic number {i}.")))
            .collect();
        let old: Vec<(&str, &str)> = old.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let brief = KeyChanges::of(&Report::compare(&draft("v", &old), &draft("v", &[])));
        let text = brief.plain_text();
        assert_eq!(brief.groups[0].items.len(), MAX_ITEMS);
        assert!(text.starts_with("Removed provisions (20)\n"), "{text}");
        assert!(text.ends_with("- and 12 more"), "{text}");
    }

    #[test]
    fn control_and_bidi_characters_are_made_visible_and_html_escaped() {
        let old = draft(
            "v",
            &[(
                "1",
                "Keep <script>alert(1)</script> \u{202e}gnirts and \u{1b}[2J.",
            )],
        );
        let brief = KeyChanges::of(&Report::compare(&old, &draft("v", &[])));
        let text = brief.plain_text();
        assert!(!text.contains(['\u{202e}', '\u{1b}']), "{text}");
        assert!(
            text.contains("\\u{202e}") && text.contains("\\u{1b}"),
            "{text}"
        );
        let fragment = brief.html();
        assert!(!fragment.contains("<script>"), "{fragment}");
        assert!(fragment.contains("&lt;script&gt;"), "{fragment}");
    }

    #[test]
    fn a_cut_never_splits_an_escape() {
        let text = format!(
            "{}\u{202e}\u{202e}\u{202e} end",
            "a".repeat(MAX_ITEM_CHARS - 6)
        );
        let old = draft("v", &[("1", &text)]);
        let brief = KeyChanges::of(&Report::compare(&old, &draft("v", &[])));
        let line = &brief.groups[0].items[0];
        assert!(line.ends_with("\\u{202e}…"), "{line}");
    }

    #[test]
    fn says_so_when_nothing_key_changed() {
        let same = draft("v", &[("1", "Nothing changes here.")]);
        let brief = KeyChanges::of(&Report::compare(&same, &same));
        assert!(brief.groups.is_empty());
        assert_eq!(brief.plain_text(), NOTHING);
    }
}
