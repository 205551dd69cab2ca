//! The JSON report: the machine contract, documented field by field in
//! `docs/report-format.md` (the `highlights` list in `docs/highlights.md`). Bump [`SCHEMA`]
//! on any incompatible change; adding a field is compatible.

use std::fmt::Write;

use serde::Serialize;

use super::highlights::Highlight;
use super::{Change, Report, Summary, Version};
use crate::model::Provision;
use crate::text::is_bidi_control;

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
    highlights: Vec<JsonHighlight<'a>>,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonHighlight<'a> {
    kind: &'static str,
    old_ids: &'a [String],
    new_ids: &'a [String],
    title: Option<&'a str>,
    tags: &'a [String],
    before: &'a str,
    old: &'a str,
    new: &'a str,
    after: &'a str,
    old_terms: &'a [String],
    new_terms: &'a [String],
    text: &'a str,
}

fn highlight(h: &Highlight) -> JsonHighlight<'_> {
    JsonHighlight {
        kind: h.kind.name(),
        old_ids: &h.old_ids,
        new_ids: &h.new_ids,
        title: h.title.as_deref(),
        tags: &h.tags,
        before: &h.before,
        old: &h.old,
        new: &h.new,
        after: &h.after,
        old_terms: &h.old_terms,
        new_terms: &h.new_terms,
        text: &h.text,
    }
}

#[derive(Serialize)]
pub(crate) struct JsonVersion<'a> {
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
pub(crate) struct JsonChange<'a> {
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
pub(crate) struct JsonSegment<'a> {
    op: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
pub(crate) struct JsonProvision<'a> {
    id: &'a str,
    title: Option<&'a str>,
    text: &'a str,
    tags: &'a [String],
    line: u64,
}

pub(crate) fn version(v: &Version) -> JsonVersion<'_> {
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

pub(crate) fn change(c: &Change) -> JsonChange<'_> {
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
        highlights: report.highlights.iter().map(highlight).collect(),
        changes: report.changes.iter().map(change).collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out =
        escape_remaining_controls(serde_json::to_string_pretty(&json).unwrap_or_default());
    out.push('\n');
    out
}

/// serde_json escapes only what JSON requires (`"`, `\` and U+0000 to U+001F). DEL, the C1
/// controls (U+0080 to U+009F; U+009B is CSI to some terminals), bidi controls and the
/// line and paragraph separators (line breaks to JavaScript before ES2019, and to some
/// editors) are legal raw, but `cat report.json` would hand them to the terminal. They can only occur
/// inside strings, so escaping them afterwards keeps the JSON the same in meaning.
fn escape_remaining_controls(json: String) -> String {
    let needs_escape =
        |c: char| c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}');
    if !json.chars().any(|c| needs_escape(c) && c != '\n') {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs_escape(c) && c != '\n' {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Provisions that are simply there, in the shape of a change with no old side (the
/// history's `present` event).
pub(crate) fn present(list: &[Provision]) -> JsonChange<'_> {
    JsonChange {
        kind: "present",
        old_ids: vec![],
        new_ids: list.iter().map(|p| p.id.as_str()).collect(),
        renumbered: false,
        moved: false,
        similarity: 1.0,
        old_text: None,
        new_text: Some(Change::joined_text(list)),
        diff: vec![],
        old: vec![],
        new: provisions(list),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The hostile-input tests found DEL, C1 controls and bidi overrides written raw into
    // the JSON report (serde_json escapes only U+0000 to U+001F).
    #[test]
    fn del_c1_and_bidi_were_written_raw() {
        let text = "a\u{7f}b\u{9b}31mc\u{202e}d\u{1b}e\u{e9}\u{1F600}";
        let json = escape_remaining_controls(serde_json::to_string(text).unwrap());
        assert_eq!(
            json,
            "\"a\\u007fb\\u009b31mc\\u202ed\\u001be\u{e9}\u{1F600}\""
        );
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    // docs/report-format.md promised U+2028 and U+2029 escaped; the merged code did not.
    #[test]
    fn line_separators_were_written_raw() {
        let json = escape_remaining_controls(serde_json::to_string("a\u{2028}b\u{2029}").unwrap());
        assert_eq!(json, "\"a\\u2028b\\u2029\"");
    }
}
