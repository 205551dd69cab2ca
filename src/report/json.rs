//! The JSON report: the machine contract, documented field by field in
//! `docs/report-format.md` (the `highlights` list in `docs/highlights.md`). Bump [`SCHEMA`]
//! on any incompatible change; adding a field is compatible.

use std::io::Write;
use std::ops::Range;

use serde::Serialize;

use super::highlights::Highlight;
#[cfg(test)]
use super::Rival;
use super::{joined, Change, Report, Summary, Version};
use crate::model::Provision;
use crate::text::is_bidi_control;

/// Version of the JSON contract.
pub const SCHEMA: u32 = 1;

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
    check: Option<&'a str>,
    set_by_hand: Option<&'a str>,
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
        check: h.check.as_deref(),
        set_by_hand: h.by_hand.as_deref(),
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

// The documented shape of a change, which `write_change` writes by hand; the tests
// render it with serde_json as the reference.
#[cfg(test)]
#[derive(Serialize)]
pub(crate) struct JsonChange<'a> {
    kind: &'static str,
    old_ids: Vec<&'a str>,
    new_ids: Vec<&'a str>,
    renumbered: bool,
    moved: bool,
    similarity: f64,
    confidence: &'static str,
    evidence: Vec<&'static str>,
    runner_up: Option<JsonRival<'a>>,
    nearest: Option<JsonRival<'a>>,
    correction_note: Option<&'a str>,
    old_text: Option<String>,
    new_text: Option<String>,
    diff: Vec<JsonSegment<'a>>,
    old: Vec<JsonProvision<'a>>,
    new: Vec<JsonProvision<'a>>,
}

#[cfg(test)]
/// A pair the alignment did not make (see [`crate::report::Rival`]).
#[derive(Serialize)]
pub(crate) struct JsonRival<'a> {
    old_id: &'a str,
    new_id: &'a str,
    similarity: f64,
}

#[cfg(test)]
#[derive(Serialize)]
pub(crate) struct JsonSegment<'a> {
    op: &'static str,
    text: &'a str,
}

#[cfg(test)]
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

#[cfg(test)]
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

#[cfg(test)]
pub(crate) fn change(c: &Change) -> JsonChange<'_> {
    let text = |side: &[Provision]| (!side.is_empty()).then(|| Change::joined_text(side));
    JsonChange {
        kind: c.kind.name(),
        old_ids: c.old_ids(),
        new_ids: c.new_ids(),
        renumbered: c.renumbered,
        moved: c.moved,
        similarity: c.similarity,
        confidence: c.assessment.confidence.name(),
        evidence: c.assessment.evidence.iter().map(|g| g.name()).collect(),
        runner_up: c.runner_up().map(rival),
        nearest: c.nearest().map(rival),
        correction_note: c.assessment.by_hand.as_deref().filter(|n| !n.is_empty()),
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

#[cfg(test)]
fn rival(r: &Rival) -> JsonRival<'_> {
    JsonRival {
        old_id: &r.old,
        new_id: &r.new,
        similarity: r.similarity,
    }
}

/// The report's fields before `changes`, which [`write`] writes change by change.
#[derive(Serialize)]
struct JsonHead<'a> {
    schema: u32,
    document: &'a str,
    old: JsonVersion<'a>,
    new: JsonVersion<'a>,
    summary: JsonSummary,
    headline: String,
    highlights: Vec<JsonHighlight<'a>>,
}

/// Renders the report as pretty-printed JSON with a final newline.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(report, &mut out);
    // Every byte written is either copied from a `&str` or ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`render`]'s output to `out` as it is produced, so that a large report (200 MB
/// of JSON at 100,000 provisions) is never held whole in memory.
///
/// The bytes are those of serde_json's pretty printer over the documented shape
/// ([`JsonChange`] for each change), then [`escape_remaining_controls`]; the tests hold
/// the hand-written part to that. The head (versions, summary, highlights: small) still
/// goes through serde_json; the changes, nearly all of the output, are written by hand,
/// each text escaped once, and a large report's chunks are rendered on all cores.
pub fn write(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(&head(report))?;
    write_changes(&report.changes, &mut out)?;
    out.flush()
}

/// The documented fields of the report before `changes`.
fn json_head(report: &Report) -> JsonHead<'_> {
    JsonHead {
        schema: SCHEMA,
        document: &report.document,
        old: version(&report.old),
        new: version(&report.new),
        summary: summary(&report.summary),
        headline: report.headline(),
        highlights: report.highlights.iter().map(highlight).collect(),
    }
}

/// The report up to the opening of the `changes` array.
fn head(report: &Report) -> Vec<u8> {
    // Serialising plain structs of strings and numbers cannot fail.
    let json = serde_json::to_string_pretty(&json_head(report)).unwrap_or_default();
    let mut bytes = escape_remaining_controls(json).into_bytes();
    bytes.truncate(bytes.len().saturating_sub("\n}".len()));
    bytes.extend_from_slice(b",\n  \"changes\": [");
    bytes
}

/// Changes rendered as one piece of work: big enough to be worth handing to a thread,
/// small enough that the few chunks in memory at once (two per core) cost a megabyte or
/// two, memory that is touched again rather than fresh.
const CHUNK: usize = 256;

/// The elements of `changes` and the closing of the array and of the report. A large
/// report's chunks are rendered on all cores and written in order as they are ready.
fn write_changes(changes: &[Change], out: &mut impl std::io::Write) -> std::io::Result<()> {
    // Numbered, so that the first chunk opens the array.
    let chunks: Vec<(usize, &[Change])> = changes.chunks(CHUNK).enumerate().collect();
    // Each buffer goes back to the pool once written, so the few in use are filled again
    // rather than a fresh one allocated per chunk: fresh memory costs a page fault per
    // page touched, which on a 200 MB report was as much as the rendering itself.
    let pool: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::default();
    let render = |&(k, chunk): &(usize, &[Change])| {
        let buffer = pool.lock().map(|mut p| p.pop()).ok().flatten();
        render_chunk(buffer.unwrap_or_default(), chunk, k == 0)
    };
    let mut write = |chunk: Vec<u8>| -> std::io::Result<()> {
        out.write_all(&chunk)?;
        if let Ok(mut pool) = pool.lock() {
            pool.push(chunk);
        }
        Ok(())
    };
    if changes.len() > 2 * CHUNK {
        crate::parallel::for_each_in_order(&chunks, render, write)?;
    } else {
        chunks.iter().try_for_each(|c| write(render(c)))?;
    }
    out.write_all(if changes.is_empty() {
        b"]\n}\n"
    } else {
        b"\n  ]\n}\n"
    })
}

/// The changes of one chunk as elements of the `changes` array (`first`: the chunk opens
/// the array, so its first change has no comma before it), in `out` emptied first.
fn render_chunk(mut out: Vec<u8>, changes: &[Change], first: bool) -> Vec<u8> {
    out.clear();
    // About 2 KB of JSON per change on typical drafts.
    out.reserve(changes.len() * 2048);
    for (i, c) in changes.iter().enumerate() {
        out.extend_from_slice(if first && i == 0 {
            b"\n    "
        } else {
            b",\n    "
        });
        write_change(&mut out, c);
    }
    out
}

// Indentation of the pretty printer at each depth inside a change of `changes`.
const FIELD: &[u8] = b"\n      ";
const ITEM: &[u8] = b"\n        ";
const ITEM_FIELD: &[u8] = b"\n          ";
const TAG: &[u8] = b"\n            ";

/// One change, byte for byte as serde_json's pretty printer writes [`change`]'s
/// [`JsonChange`] as an element of `changes`, after [`escape_remaining_controls`]. Each
/// text is escaped once however often it appears (an unchanged provision's text is there
/// four times: `old_text`, `new_text` and each side's provision), and nothing is built in
/// between.
fn write_change(out: &mut Vec<u8>, c: &Change) {
    out.extend_from_slice(b"{");
    out.extend_from_slice(FIELD);
    out.extend_from_slice(b"\"kind\": \"");
    // Kind and op names are plain lowercase words: nothing to escape.
    out.extend_from_slice(c.kind.name().as_bytes());
    out.push(b'"');
    field(out, "old_ids");
    array(out, &c.old, ITEM, |out, p| write_string(out, &p.id));
    field(out, "new_ids");
    array(out, &c.new, ITEM, |out, p| write_string(out, &p.id));
    field(out, "renumbered");
    out.extend_from_slice(if c.renumbered { b"true" } else { b"false" });
    field(out, "moved");
    out.extend_from_slice(if c.moved { b"true" } else { b"false" });
    field(out, "similarity");
    // serde_json's float formatting, exactly (`1.0`, `0.8571428571428571`, `null`).
    let _ = serde_json::to_writer(&mut *out, &c.similarity);
    write_assessment(out, c);
    // Where each side's joined text was written, to copy rather than escape it again.
    field(out, "old_text");
    let old_text = side_text(out, &c.old, None);
    field(out, "new_text");
    let same = old_text.is_some() && same_joined(&c.old, &c.new);
    let new_text = side_text(out, &c.new, old_text.clone().filter(|_| same));
    field(out, "diff");
    array(out, &c.diff, ITEM, |out, segment| {
        out.push(b'{');
        out.extend_from_slice(ITEM_FIELD);
        out.extend_from_slice(b"\"op\": \"");
        out.extend_from_slice(segment.op.name().as_bytes());
        out.extend_from_slice(b"\",");
        out.extend_from_slice(ITEM_FIELD);
        out.extend_from_slice(b"\"text\": ");
        write_string(out, &segment.text);
        out.extend_from_slice(ITEM);
        out.push(b'}');
    });
    field(out, "old");
    write_provisions(out, &c.old, old_text);
    field(out, "new");
    write_provisions(out, &c.new, new_text);
    out.extend_from_slice(b"\n    }");
}

/// The fields from `confidence` to `correction_note`, as serde_json writes them.
fn write_assessment(out: &mut Vec<u8>, c: &Change) {
    field(out, "confidence");
    write_string(out, c.assessment.confidence.name());
    field(out, "evidence");
    array(out, &c.assessment.evidence, ITEM, |out, g| {
        write_string(out, g.name())
    });
    for (name, rival) in [("runner_up", c.runner_up()), ("nearest", c.nearest())] {
        field(out, name);
        match rival {
            None => out.extend_from_slice(b"null"),
            Some(r) => {
                out.push(b'{');
                out.extend_from_slice(ITEM);
                out.extend_from_slice(b"\"old_id\": ");
                write_string(out, &r.old);
                out.push(b',');
                out.extend_from_slice(ITEM);
                out.extend_from_slice(b"\"new_id\": ");
                write_string(out, &r.new);
                out.push(b',');
                out.extend_from_slice(ITEM);
                out.extend_from_slice(b"\"similarity\": ");
                let _ = serde_json::to_writer(&mut *out, &r.similarity);
                out.extend_from_slice(FIELD);
                out.push(b'}');
            }
        }
    }
    field(out, "correction_note");
    match c.assessment.by_hand.as_deref().filter(|n| !n.is_empty()) {
        None => out.extend_from_slice(b"null"),
        Some(note) => write_string(out, note),
    }
}

/// `,` and the next field's name at the depth of a change's fields.
fn field(out: &mut Vec<u8>, name: &str) {
    out.push(b',');
    out.extend_from_slice(FIELD);
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\": ");
}

/// An array as the pretty printer writes it: `[]` when empty, else one item a line at
/// `indent`, the closing bracket one level (two spaces) less.
fn array<T>(out: &mut Vec<u8>, items: &[T], indent: &[u8], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    if items.is_empty() {
        out.extend_from_slice(b"[]");
        return;
    }
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(indent);
        item(out, x);
    }
    out.extend_from_slice(&indent[..indent.len() - 2]);
    out.push(b']');
}

/// True when the two sides' joined texts are equal, without joining a lone provision's.
fn same_joined(old: &[Provision], new: &[Provision]) -> bool {
    match (old, new) {
        ([a], [b]) => a.text == b.text,
        _ => joined(old) == joined(new),
    }
}

/// Writes a side's joined text (or `null`), copying its escaped form from `copy` when
/// given; returns where its escaped form lies in `out`.
fn side_text(
    out: &mut Vec<u8>,
    side: &[Provision],
    copy: Option<Range<usize>>,
) -> Option<Range<usize>> {
    if side.is_empty() {
        out.extend_from_slice(b"null");
        return None;
    }
    let start = out.len();
    match copy {
        Some(range) => out.extend_from_within(range),
        None => {
            // Escaping works character by character, so the parts escaped one after the
            // other with a space between are the joined text escaped, without joining.
            out.push(b'"');
            for (i, p) in side.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                escape_into(out, &p.text);
            }
            out.push(b'"');
        }
    }
    Some(start..out.len())
}

/// A side's provisions; `text` is where the side's joined text was written, which is the
/// text of a lone provision.
fn write_provisions(out: &mut Vec<u8>, side: &[Provision], text: Option<Range<usize>>) {
    let lone_text = text.filter(|_| side.len() == 1);
    array(out, side, ITEM, |out, p| {
        out.push(b'{');
        out.extend_from_slice(ITEM_FIELD);
        out.extend_from_slice(b"\"id\": ");
        write_string(out, &p.id);
        out.push(b',');
        out.extend_from_slice(ITEM_FIELD);
        out.extend_from_slice(b"\"title\": ");
        match &p.title {
            Some(title) => write_string(out, title),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b',');
        out.extend_from_slice(ITEM_FIELD);
        out.extend_from_slice(b"\"text\": ");
        match &lone_text {
            Some(range) => out.extend_from_within(range.clone()),
            None => write_string(out, &p.text),
        }
        out.push(b',');
        out.extend_from_slice(ITEM_FIELD);
        out.extend_from_slice(b"\"tags\": ");
        array(out, &p.tags, TAG, |out, tag| write_string(out, tag));
        out.push(b',');
        out.extend_from_slice(ITEM_FIELD);
        out.extend_from_slice(b"\"line\": ");
        let _ = write!(out, "{}", p.line);
        out.extend_from_slice(ITEM);
        out.push(b'}');
    });
}

/// A JSON string, escaped as serde_json escapes it and then as
/// [`escape_remaining_controls`] does.
fn write_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_into(out, s);
    out.push(b'"');
}

/// What to write for each ASCII byte inside a string: 0 for the byte itself, `u` for a
/// `\u00XX` escape, or the letter of a short escape (`\n`, `\"`). serde_json's table,
/// plus DEL, which [`escape_remaining_controls`] adds.
const ASCII_ESCAPE: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[0x7f] = b'u';
    table
};

/// The escaped contents of a JSON string, without the quotes. Plain runs are copied
/// whole; only non-ASCII characters are decoded, to check them against the same rule as
/// [`escape_remaining_controls`].
fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut plain = 0; // start of the run not yet copied
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time up to the first that may need a look: nearly all of a
        // report is plain text, and a byte at a time this was the largest part of
        // rendering it.
        if let Some(word) = bytes.get(i..i + 8) {
            let flagged = may_need_escape(u64::from_le_bytes(word.try_into().expect("8 bytes")));
            if flagged == 0 {
                i += 8;
                continue;
            }
            i += flagged.trailing_zeros() as usize / 8;
        }
        let b = bytes[i];
        if b.is_ascii() {
            let escape = ASCII_ESCAPE[b as usize];
            if escape != 0 {
                out.extend_from_slice(&bytes[plain..i]);
                match escape {
                    b'u' => unicode_escape(out, u32::from(b)),
                    letter => out.extend_from_slice(&[b'\\', letter]),
                }
                plain = i + 1;
            }
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or_default();
        let len = c.len_utf8();
        if needs_escape(c) {
            out.extend_from_slice(&bytes[plain..i]);
            unicode_escape(out, c as u32);
            plain = i + len;
        }
        i += len;
    }
    out.extend_from_slice(&bytes[plain..]);
}

/// The high bit set in each byte of `w` (little-endian) that is below a space, DEL or
/// above, `"` or `\`, and perhaps in bytes above such a byte: the lowest bit set is
/// always a byte that needs a look (a borrow or carry between bytes only starts at one).
fn may_need_escape(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The high bit of each byte that is zero in `x`, exactly.
    let zero_bytes = |x: u64| !(((x & LOW7) + LOW7) | x | LOW7);
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & !LOW7;
    let del_or_above = (w.wrapping_add(ONES) | w) & !LOW7;
    let quote = zero_bytes(w ^ (ONES * u64::from(b'"')));
    let backslash = zero_bytes(w ^ (ONES * u64::from(b'\\')));
    below_space | del_or_above | quote | backslash
}

/// `\u` and four lowercase hex digits, as serde_json and [`escape_remaining_controls`]
/// write them (only characters below U+10000 are ever escaped).
fn unicode_escape(out: &mut Vec<u8>, code: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[(code >> shift) as usize & 0xf]);
    }
}

/// Characters that are legal raw in JSON but that `cat report.json` would hand to the
/// terminal (see [`escape_remaining_controls`]); `\n` is escaped by serde_json already.
fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// serde_json escapes only what JSON requires (`"`, `\` and U+0000 to U+001F). DEL, the C1
/// controls (U+0080 to U+009F; U+009B is CSI to some terminals), bidi controls and the
/// line and paragraph separators (line breaks to JavaScript before ES2019, and to some
/// editors) are legal raw, but `cat report.json` would hand them to the terminal. They can only occur
/// inside strings, so escaping them afterwards keeps the JSON the same in meaning.
pub(crate) fn escape_remaining_controls(json: String) -> String {
    if !json.chars().any(|c| needs_escape(c) && c != '\n') {
        return json;
    }
    use std::fmt::Write as _;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Draft;

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

    /// How a string was escaped before the changes were written by hand.
    fn reference_string(s: &str) -> String {
        escape_remaining_controls(serde_json::to_string(s).unwrap())
    }

    fn hand_string(s: &str) -> String {
        let mut out = Vec::new();
        write_string(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_character_is_escaped_as_serde_json_and_the_control_pass_did() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("a{c}b{c}");
            assert_eq!(hand_string(&s), reference_string(&s), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn characters_are_escaped_wherever_they_fall_in_a_run_of_plain_text() {
        // Each character that may need a look, and a few that do not, at every offset of
        // the eight-byte steps, between runs long enough to take them.
        let chars = (0..0x80).filter_map(char::from_u32).chain([
            '\u{80}', '\u{9b}', '\u{a0}', 'é', '\u{200e}', '\u{2028}', '“', '和',
        ]);
        for c in chars {
            for at in 0..17 {
                let s = format!("{}{c}{}{c}", "a".repeat(at), "b".repeat(11));
                assert_eq!(
                    hand_string(&s),
                    reference_string(&s),
                    "U+{:04X} at {at}",
                    c as u32
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn mixed_text_is_escaped_as_serde_json_and_the_control_pass_do(
            s in "([ -~]{0,20}|[\u{0}-\u{1f}\u{7f}-\u{a0}\\\\\"é“\u{200e}\u{2028}])*"
        ) {
            proptest::prop_assert_eq!(hand_string(&s), reference_string(&s));
        }
    }

    /// The whole report in the documented shape, as it was rendered before the changes
    /// were written by hand: serde_json's pretty printer, then the control pass.
    #[derive(Serialize)]
    struct JsonReport<'a> {
        #[serde(flatten)]
        head: JsonHead<'a>,
        changes: Vec<JsonChange<'a>>,
    }

    fn reference(report: &Report) -> String {
        let json = JsonReport {
            head: json_head(report),
            changes: report.changes.iter().map(change).collect(),
        };
        let mut out = escape_remaining_controls(serde_json::to_string_pretty(&json).unwrap());
        out.push('\n');
        out
    }

    fn provision(id: &str, title: Option<&str>, text: &str, tags: &[&str]) -> Provision {
        Provision {
            id: id.into(),
            id_explicit: true,
            title: title.map(str::to_string),
            text: text.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            depth: 0,
            line: 7,
        }
    }

    fn draft(document: &str, provisions: Vec<Provision>) -> Draft {
        Draft {
            document: document.into(),
            version: "v \u{202e}1".into(),
            date: Some("2025-01-02".into()),
            title: Some("Title \"quoted\" \u{2028}".into()),
            source: None,
            status: None,
            provisions,
            origin: String::new(),
        }
    }

    /// Strings that have to be escaped, each in its own way.
    const HOSTILE: &str = "quote \" backslash \\ tab\t nl\n cr\r bs\u{8} ff\u{c} nul\u{0} \
                           esc\u{1b}[31m del\u{7f} csi\u{9b} bidi \u{202e}\u{2066} \
                           sep\u{2028}\u{2029} 和平 é \u{1F600}";

    /// A report with every kind of change, hostile text everywhere, a split, a merge,
    /// tags and titles.
    fn hostile_report() -> Report {
        let old = draft(
            "treaty \u{9b}",
            vec![
                provision(
                    "1",
                    Some("One \"q\""),
                    "The parties shall meet.",
                    &["a", "b \"c\""],
                ),
                provision("2\u{202e}", None, HOSTILE, &["\u{2028}"]),
                provision("3", None, "Removed entirely, never seen again \u{7f}.", &[]),
                provision(
                    "4",
                    None,
                    "Troops are capped at 600,000 personnel, and the cap is reviewed yearly.",
                    &[],
                ),
                provision(
                    "5",
                    None,
                    "Sanctions are lifted in stages over three years.",
                    &[],
                ),
                provision("6", None, "The ceasefire begins at dawn \u{1}.", &[]),
                provision("7", None, "Monitors report every week.", &[]),
            ],
        );
        let new = draft(
            "treaty \u{9b}",
            vec![
                provision(
                    "1",
                    Some("One \"q\""),
                    "The parties shall meet.",
                    &["a", "b \"c\""],
                ),
                provision(
                    "2\u{202e}",
                    Some("t\u{2029}"),
                    &format!("{HOSTILE} more"),
                    &[],
                ),
                provision("3", None, "Troops are capped at 600,000 personnel.", &["x"]),
                provision("4", None, "The cap is reviewed yearly.", &[]),
                provision(
                    "5",
                    None,
                    "Brand new text \u{9b} that matches nothing before.",
                    &[],
                ),
                provision(
                    "6",
                    None,
                    "Sanctions are lifted in stages over three years.",
                    &[],
                ),
                provision(
                    "7",
                    None,
                    "The ceasefire begins at dawn \u{1}. Monitors report every week.",
                    &[],
                ),
            ],
        );
        Report::compare(&old, &new)
    }

    #[test]
    fn hand_written_report_is_serde_json_pretty_of_the_documented_shape() {
        let mut reports = vec![hostile_report()];
        let pair = crate::synth::generate(&crate::synth::SynthOptions::new(300, 3));
        let load = |yaml: &str| {
            crate::load::load_bytes(yaml.as_bytes(), "x", &crate::load::PathDefaults::default())
                .unwrap()
        };
        reports.push(Report::compare(
            &load(&pair.old_yaml),
            &load(&pair.new_yaml),
        ));
        // Rivals and notes with hostile text, on a change with both sides and a lone one.
        let mut marked = hostile_report();
        for c in marked.changes.iter_mut() {
            c.assessment.by_hand = Some(HOSTILE.into());
            c.assessment.alternative = Some(Rival {
                old: HOSTILE.into(),
                new: "\u{2028}".into(),
                similarity: 0.125,
            });
        }
        assert!(marked.changes.iter().any(|c| c.runner_up().is_some()));
        assert!(marked.changes.iter().any(|c| c.nearest().is_some()));
        reports.push(marked);
        let mut kinds = std::collections::BTreeSet::new();
        for report in &reports {
            kinds.extend(report.changes.iter().map(|c| c.kind.name()));
            assert_eq!(render(report), reference(report));
        }
        assert_eq!(kinds.len(), 6, "every kind of change is covered: {kinds:?}");
    }

    #[test]
    fn large_reports_rendered_in_chunks_are_the_same() {
        // More than two chunks, so the chunks are rendered on several threads.
        let mut report = hostile_report();
        let changes = report.changes.clone();
        while report.changes.len() <= 3 * CHUNK + 5 {
            report.changes.extend(changes.iter().cloned());
        }
        assert_eq!(render(&report), reference(&report));
    }

    #[test]
    fn a_report_without_changes() {
        let empty = Report::compare(&draft("d", vec![]), &draft("d", vec![]));
        assert!(empty.changes.is_empty());
        assert_eq!(render(&empty), reference(&empty));
    }
}
