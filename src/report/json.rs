//! The JSON report: the machine contract, documented field by field in
//! `docs/report-format.md`. Bump [`SCHEMA`] on any incompatible change.

use serde::Serialize;

use super::{Change, Report, Summary, Version};
use crate::model::Provision;

/// Version of the JSON contract.
pub const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: u32,
    document: &'a str,
    old: JsonVersion<'a>,
    new: JsonVersion<'a>,
    summary: JsonSummary,
    headline: String,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonVersion<'a> {
    version: &'a str,
    date: Option<&'a str>,
    title: Option<&'a str>,
    source: Option<&'a str>,
    status: Option<&'a str>,
    provisions: usize,
}

#[derive(Serialize)]
struct JsonSummary {
    unchanged: usize,
    changed: usize,
    added: usize,
    removed: usize,
    split: usize,
    merged: usize,
    renumbered: usize,
    moved: usize,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    kind: &'static str,
    old_ids: Vec<&'a str>,
    new_ids: Vec<&'a str>,
    renumbered: bool,
    moved: bool,
    similarity: f64,
    old_text: Option<String>,
    new_text: Option<String>,
    diff: Vec<JsonSegment<'a>>,
    old: Vec<JsonProvision<'a>>,
    new: Vec<JsonProvision<'a>>,
}

#[derive(Serialize)]
struct JsonSegment<'a> {
    op: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonProvision<'a> {
    id: &'a str,
    title: Option<&'a str>,
    text: &'a str,
    tags: &'a [String],
    line: u64,
}

fn version(v: &Version) -> JsonVersion<'_> {
    JsonVersion {
        version: &v.version,
        date: v.date.as_deref(),
        title: v.title.as_deref(),
        source: v.source.as_deref(),
        status: v.status.as_deref(),
        provisions: v.provisions,
    }
}

fn summary(s: &Summary) -> JsonSummary {
    JsonSummary {
        unchanged: s.unchanged,
        changed: s.changed,
        added: s.added,
        removed: s.removed,
        split: s.split,
        merged: s.merged,
        renumbered: s.renumbered,
        moved: s.moved,
    }
}

fn provisions(list: &[Provision]) -> Vec<JsonProvision<'_>> {
    list.iter()
        .map(|p| JsonProvision {
            id: &p.id,
            title: p.title.as_deref(),
            text: &p.text,
            tags: &p.tags,
            line: p.line,
        })
        .collect()
}

fn change(c: &Change) -> JsonChange<'_> {
    let text = |side: &[Provision]| (!side.is_empty()).then(|| Change::joined_text(side));
    JsonChange {
        kind: c.kind.name(),
        old_ids: c.old_ids(),
        new_ids: c.new_ids(),
        renumbered: c.renumbered,
        moved: c.moved,
        similarity: c.similarity,
        old_text: text(&c.old),
        new_text: text(&c.new),
        diff: c
            .diff
            .iter()
            .map(|s| JsonSegment {
                op: s.op.name(),
                text: &s.text,
            })
            .collect(),
        old: provisions(&c.old),
        new: provisions(&c.new),
    }
}

/// Renders the report as pretty-printed JSON with a final newline.
pub fn render(report: &Report) -> String {
    let json = JsonReport {
        schema: SCHEMA,
        document: &report.document,
        old: version(&report.old),
        new: version(&report.new),
        summary: summary(&report.summary),
        headline: report.headline(),
        changes: report.changes.iter().map(change).collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = escape_controls(serde_json::to_string_pretty(&json).unwrap_or_default());
    out.push('\n');
    out
}

/// serde_json escapes only U+0000..U+001F. DEL, the C1 controls (U+009B starts a terminal
/// control sequence), the line separators and the bidirectional overrides are escaped too,
/// so a report shown with `cat` cannot drive or disguise the terminal. The JSON value is
/// unchanged: these characters can only occur inside strings.
fn escape_controls(json: String) -> String {
    let unsafe_char = |c: char| matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !json.chars().any(unsafe_char) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
