//! The Markdown report, for reading on GitHub or GitLab: the key changes, a summary table,
//! then each change with its redline. Draft text is escaped so it cannot inject links, images or HTML.

use std::fmt::Write;

use super::highlights::{by_kind, what_of};
use super::{Change, Report};
use crate::align::ChangeKind;
use crate::diff::Op;
use crate::text::{is_bidi_control, one_line_safe};

/// Renders the report as CommonMark (GitHub-flavoured tables).
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let (old, new) = (&report.old, &report.new);
    let _ = writeln!(
        out,
        "# {}: {} → {}\n",
        escape_inline(&report.document),
        escape_inline(&old.version),
        escape_inline(&new.version)
    );
    let _ = writeln!(out, "{}\n", escape(&report.headline()));
    let _ = writeln!(out, "| | Old | New |\n|---|---|---|");
    let cell = |v: &Option<String>| v.as_deref().map_or_else(|| "—".to_string(), escape);
    let _ = writeln!(
        out,
        "| Version | {} | {} |",
        escape_inline(&old.version),
        escape_inline(&new.version)
    );
    for (name, o, n) in [
        ("Title", &old.title, &new.title),
        ("Date", &old.date, &new.date),
        ("Status", &old.status, &new.status),
        ("Source", &old.source, &new.source),
    ] {
        if o.is_some() || n.is_some() {
            let _ = writeln!(out, "| {name} | {} | {} |", cell(o), cell(n));
        }
    }
    let _ = writeln!(
        out,
        "| Provisions | {} | {} |\n",
        old.provisions, new.provisions
    );

    key_changes(&mut out, report);

    let _ = writeln!(out, "## Summary\n\n| Change | Count |\n|---|---:|");
    for kind in ChangeKind::ALL {
        let _ = writeln!(out, "| {} | {} |", kind.name(), report.summary.count(kind));
    }
    let _ = writeln!(out, "| renumbered | {} |", report.summary.renumbered);
    let _ = writeln!(out, "| moved | {} |\n", report.summary.moved);

    let _ = writeln!(out, "## Changes\n");
    let mut any = false;
    for change in report
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Unchanged)
    {
        any = true;
        write_change(&mut out, change);
    }
    if !any {
        let _ = writeln!(out, "No provision was added, removed or changed.\n");
    }
    let shifted = report.renumbered_or_moved_only();
    if !shifted.is_empty() {
        let _ = writeln!(out, "## Renumbered or moved, text unchanged\n");
        for change in shifted {
            let title = change
                .title()
                .map(|t| format!(" · {}", escape_inline(t)))
                .unwrap_or_default();
            let flags: Vec<&str> = [(change.renumbered, "renumbered"), (change.moved, "moved")]
                .into_iter()
                .filter_map(|(on, name)| on.then_some(name))
                .collect();
            let _ = writeln!(
                out,
                "- {}{title} ({})",
                // It starts the item's text: `7.` or `-` there would open a nested list.
                escape(&change.id_label()),
                flags.join(", ")
            );
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The highlights, grouped by rule, before the summary and the full list.
fn key_changes(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Key changes\n");
    let groups = by_kind(&report.highlights);
    for (kind, items) in &groups {
        let _ = writeln!(out, "**{}** ({})\n", kind.heading(), items.len());
        for item in items {
            let h = item[0];
            let title = h
                .title
                .as_deref()
                .map(|t| format!(" {}", escape_inline(t)))
                .unwrap_or_default();
            let _ = write!(out, "- **{}**{title}", escape_inline(&h.id_label()));
            if h.is_wording() {
                let _ = write!(out, ": {}", escape_inline(&what_of(item)));
            } else if h.title.is_none() {
                let text = if h.old.is_empty() { &h.new } else { &h.old };
                let _ = write!(out, ": {}", escape_inline(text));
            }
            if !h.tags.is_empty() {
                let _ = write!(out, " ({})", code_spans(&h.tags));
            }
            for (mark, note) in h.marks() {
                let _ = write!(out, " {mark} *{}*", escape_inline(note));
            }
            out.push('\n');
            for (i, h) in item.iter().filter(|h| h.is_wording()).enumerate() {
                if i > 0 {
                    // A paragraph break: consecutive quote lines would run together.
                    out.push_str("  >\n");
                }
                let _ = write!(out, "  > {}", escape(&h.before));
                if !h.old.is_empty() {
                    let _ = write!(out, "<del>{}</del>", escape_inline(&h.old));
                }
                if !h.new.is_empty() {
                    let _ = write!(out, "<ins>{}</ins>", escape_inline(&h.new));
                }
                let _ = writeln!(out, "{}", escape_inline(&h.after));
            }
        }
        out.push('\n');
    }
    if groups.is_empty() {
        let _ = writeln!(
            out,
            "No number, obligation or negation changed, and no provision was added or removed.\n"
        );
    }
}

fn write_change(out: &mut String, change: &Change) {
    let mut flags = Vec::new();
    if change.renumbered {
        flags.push("renumbered");
    }
    if change.moved {
        flags.push("moved");
    }
    let title = change
        .title()
        .map(|t| format!(" · {}", escape_inline(t)))
        .unwrap_or_default();
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" ({})", flags.join(", "))
    };
    let _ = writeln!(
        out,
        "### {} {}{title}{flags}\n",
        capitalise(change.kind.name()),
        escape_inline(&change.id_label())
    );
    for (mark, note) in change.notes() {
        let _ = writeln!(out, "{mark} *{}*\n", escape_inline(&capitalise(&note)));
    }
    match change.kind {
        ChangeKind::Added => quote_inserted(out, &change.new),
        ChangeKind::Removed => quote_struck(out, &change.old),
        _ => {
            for (field, old, new) in change.attribute_changes() {
                let side = |text: &str, tag: &str| {
                    if text.is_empty() {
                        "(none)".to_string()
                    } else {
                        format!("<{tag}>{}</{tag}>", escape_inline(text))
                    }
                };
                // "Tags changed:", so it is never read as the `Tags:` line of a provision.
                let name = if field == "tags" {
                    "Tags changed".to_string()
                } else {
                    capitalise(field)
                };
                let _ = writeln!(out, "{name}: {} {}\n", side(&old, "del"), side(&new, "ins"));
            }
            if matches!(change.kind, ChangeKind::Split | ChangeKind::Merged) {
                parts(out, change);
            } else if change.diff.is_empty() {
                let _ = writeln!(out, "> {}\n", escape(&Change::joined_text(&change.new)));
            } else {
                let _ = writeln!(out, "> {}\n", redline(&change.diff));
            }
        }
    }
}

/// A split or merge: which parts became which, with every part's title, then each part
/// of the side with several under its own heading line with its piece of the redline.
fn parts(out: &mut String, change: &Change) {
    let _ = writeln!(out, "{}.\n", change.parts_sentence(escape_inline));
    let side = change.parts_side();
    for (p, diff) in change.parts() {
        let title = p
            .title
            .as_deref()
            .map(|t| format!(" · {}", escape_inline(t)))
            .unwrap_or_default();
        let _ = writeln!(out, "{side} {}{title}:\n", escape_inline(&p.id));
        let _ = writeln!(out, "> {}\n", redline(&diff));
    }
}

/// A redline as Markdown with inline `<del>` and `<ins>`; it starts a line (in a quote).
fn redline(diff: &[crate::diff::Segment]) -> String {
    let mut out = String::new();
    for (i, segment) in diff.iter().enumerate() {
        let text = if i == 0 {
            escape(&segment.text)
        } else {
            escape_inline(&segment.text)
        };
        let _ = match segment.op {
            Op::Equal => write!(out, "{text}"),
            Op::Delete => write!(out, "<del>{text}</del>"),
            Op::Insert => write!(out, "<ins>{text}</ins>"),
        };
    }
    out
}

fn quote_inserted(out: &mut String, provisions: &[crate::model::Provision]) {
    for p in provisions {
        let _ = writeln!(out, "> <ins>{}</ins>\n", escape_inline(&p.text));
        tags(out, p);
    }
}

fn quote_struck(out: &mut String, provisions: &[crate::model::Provision]) {
    for p in provisions {
        let _ = writeln!(out, "> <del>{}</del>\n", escape_inline(&p.text));
        tags(out, p);
    }
}

fn tags(out: &mut String, p: &crate::model::Provision) {
    if !p.tags.is_empty() {
        let _ = writeln!(out, "Tags: {}\n", code_spans(&p.tags));
    }
}

/// Tags as code spans. A code span shows its text literally, so only a backtick (which
/// would end it) and control characters (which a code span would pass on raw) need care.
fn code_spans(tags: &[String]) -> String {
    tags.iter()
        .map(|t| format!("`{}`", one_line_safe(t).replace('`', "'")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Escapes text for Markdown and the HTML that Markdown passes through, inside a line:
/// every character that could start emphasis, code, a link, an image, a heading, a table
/// cell, a quote or a tag is escaped, and bare URLs are broken up so that GitHub's
/// autolinking does not turn them into links. Ids and titles are escaped the same way
/// wherever they appear.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "&#x{:x};", c as u32);
            }
            // An entity would still reach the browser as the character; show it instead,
            // as the terminal report does (a backslash, escaped, then `u{202e}`).
            c if is_bidi_control(c) => {
                let _ = write!(out, "\\\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.replace("://", ":\\/\\/").replace("www.", "www\\.")
}

/// [`escape_inline`] for text that starts a line, where `- `, `+ `, `= ` and `1. ` would
/// turn it into a list item or a heading underline.
pub fn escape(text: &str) -> String {
    let mut out = escape_inline(text);
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    if let Some(end) = out.find(|c: char| !c.is_ascii_digit()) {
        if end > 0 && matches!(out.as_bytes()[end], b'.' | b')') {
            out.insert(end, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_injection_is_neutralised() {
        assert_eq!(escape("[click](http://x)"), "\\[click\\](http:\\/\\/x)");
        assert_eq!(escape("1. item"), "1\\. item");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("![img](x)"), "\\!\\[img\\](x)");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("*bold* _it_"), "\\*bold\\* \\_it\\_");
    }

    // Fuzzing (render_text) found tags written raw into their code spans: an ESC or NUL in
    // a tag reached the Markdown file, and `cat report.md` passed it on to the terminal.
    #[test]
    fn raw_control_char_in_tag() {
        let p = crate::model::Provision {
            id: "1".into(),
            id_explicit: true,
            title: None,
            text: "x".into(),
            tags: vec!["a\u{1b}[2J\0`b".into()],
            depth: 0,
            line: 1,
        };
        let mut out = String::new();
        tags(&mut out, &p);
        assert_eq!(out, "Tags: `a\\u{1b}[2J\\u{0}'b`\n\n");
    }

    // The hostile-input tests found bidi overrides passed raw into the Markdown report,
    // where they reorder the rendered line ("Trojan Source"); the terminal already hid them.
    #[test]
    fn bidi_controls_passed_raw() {
        assert_eq!(escape("pay \u{202e}rebmun"), "pay \\\\u{202e}rebmun");
        assert_eq!(escape("\u{2066}x\u{2069}"), "\\\\u{2066}x\\\\u{2069}");
    }

    // tests/properties.rs found the key-changes list writing tags raw into their code
    // spans (the bug of `raw_control_char_in_tag`, again, in code that came later).
    #[test]
    fn raw_control_char_in_key_change_tag() {
        let provision = |text: &str| crate::model::Provision {
            id: "1".into(),
            id_explicit: true,
            title: None,
            text: text.into(),
            tags: vec!["a\u{1b}[2J\u{202e}".into()],
            depth: 0,
            line: 1,
        };
        let draft = |version: &str, text: &str| crate::model::Draft {
            document: "doc".into(),
            version: version.into(),
            date: None,
            title: None,
            source: None,
            status: None,
            provisions: vec![provision(text)],
            origin: String::new(),
        };
        let report = Report::compare(&draft("old", "Gone."), &draft("new", "Quite new."));
        let out = render(&report);
        assert!(out.contains("## Key changes"), "{out}");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}'),
            "{out:?}"
        );
        assert!(out.contains("`a\\u{1b}[2J\\u{202e}`"), "{out}");
    }
}
