//! Importing a draft from plain text or Markdown: a numbered list pasted from a news site, a
//! statute, a licence, a transcription of a PDF.
//!
//! [`import`] is a pure function from text to an [`ImportedDraft`] plus what was recognised
//! ([`Recognised`]); [`numbering`] recognises the marker at the start of one line, and
//! [`yaml`] writes the draft in the YAML format that [`crate::load`] reads. The parser reads
//! line by line and keeps a stack of the open provisions, like an outline: a marker of a
//! style already open is a sibling, a new style is a child (the way word processors and
//! legal drafters nest `1.` / `(a)` / `(i)`), Markdown headings nest by level, keywords by
//! rank (an Article holds Sections), decimals by prefix (`1.2` goes under `1`) and
//! indentation closes what is more indented. Every non-blank line ends up in a provision:
//! lines that are not markers are text of the provision open above them.

pub mod docx;
pub mod numbering;
pub mod pdf;
pub mod yaml;

use std::collections::{HashMap, HashSet};

use crate::load::MAX_PROVISION_DEPTH;
use crate::text::collapse_whitespace;
use numbering::{Context, Delim, Kind, Label, Marker, Style};

/// A document that is not text (a Word file, a PDF) as text for [`import`], and where
/// each of its lines comes from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub text: String,
    /// For each line of `text` (index 0 is line 1), the 1-based paragraph or page it
    /// comes from.
    pub places: Vec<usize>,
    /// What `places` count: `paragraph` or `page`.
    pub unit: &'static str,
}

/// The fields of the draft that do not come from the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub document: String,
    pub version: String,
    pub date: Option<String>,
    /// Overrides a title found in the text (a leading `# Title`).
    pub title: Option<String>,
    pub source: Option<String>,
    pub status: Option<String>,
}

/// A draft as imported, in the nested shape of the YAML format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedDraft {
    /// As given, except that a title found in the text fills in a missing one.
    pub meta: Metadata,
    pub provisions: Vec<ImportedProvision>,
}

/// One provision; `id` is local (`a` under `6` is provision `6.a`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedProvision {
    pub id: String,
    pub title: Option<String>,
    /// Paragraphs separated by a blank line; lines within a paragraph joined by a space.
    pub text: String,
    pub provisions: Vec<ImportedProvision>,
    /// 1-based line of the input where the provision starts.
    pub line: usize,
}

/// What the importer recognised, for the summary on standard error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recognised {
    /// Every provision, sub-provisions included.
    pub provisions: usize,
    pub top_level: usize,
    /// Numbering styles in order of first use (`1.`, `(a)`, `Article 1`), with counts.
    pub styles: Vec<(String, usize)>,
    /// Markdown or underlined headings.
    pub headings: usize,
    /// Unnumbered text before the first provision became a `preamble` provision.
    pub preamble: bool,
    /// A leading `# Title` became the draft's title.
    pub document_title: Option<String>,
    pub warnings: Vec<Warning>,
    /// The line where reading stopped because the text holds more provisions than a
    /// draft may ([`crate::load::MAX_PROVISIONS`]); the draft is then incomplete.
    pub stopped_at: Option<usize>,
}

/// Something a person should look at: numbering that skips or repeats, a number kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based input line.
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub draft: ImportedDraft,
    pub recognised: Recognised,
}

/// Turns `text` (plain text or Markdown) into a draft. Never fails: text without any
/// numbering becomes a single preamble provision, and an empty text a draft without
/// provisions (which the caller must refuse).
pub fn import(text: &str, meta: Metadata) -> Import {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // `&nbsp;` is how Markdown exported from web pages writes a space (`**(a)&nbsp;Board.**`).
    let normalised = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace("&nbsp;", " ");
    let lines = classify(&normalised);
    let mut parser = Parser::new(&lines);
    let mut stopped_at = None;
    for line in &lines {
        // No draft may hold more: the rest is not read (a 2 MB list of `1. a` lines would
        // otherwise cost hundreds of MB for a draft that is then refused).
        if parser.nodes.len() > crate::load::MAX_PROVISIONS {
            stopped_at = Some(line.number);
            break;
        }
        parser.line(line);
    }
    let (provisions, mut recognised) = parser.finish();
    recognised.stopped_at = stopped_at;
    recognised.provisions = count(&provisions);
    recognised.top_level = provisions.len();
    let title = meta.title.or_else(|| recognised.document_title.clone());
    Import {
        draft: ImportedDraft {
            meta: Metadata { title, ..meta },
            provisions,
        },
        recognised,
    }
}

fn count(list: &[ImportedProvision]) -> usize {
    list.iter().map(|p| 1 + count(&p.provisions)).sum()
}

// ---------------------------------------------------------------------------------------
// Lines: blank, Markdown markup, headings, and everything else.

#[derive(Debug, Clone, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// Rules (`---`, `***`) and heading underlines: markup without words.
    Markup,
    Heading {
        level: u8,
        text: String,
    },
    Text,
    /// A running header or footer of a paginated text (`RFC 3339 ... July 2002` after a
    /// form feed): kept as text of the open provision, and no evidence of structure.
    Furniture,
}

#[derive(Debug, Clone)]
struct Line<'a> {
    number: usize,
    /// Leading whitespace in columns (a tab counts 4).
    indent: usize,
    content: &'a str,
    kind: LineKind,
    /// A paragraph of one line: no text line right before or after it.
    alone: bool,
}

fn classify(text: &str) -> Vec<Line<'_>> {
    let raw: Vec<&str> = text.split('\n').collect();
    let furniture = page_furniture(&raw);
    let mut lines: Vec<Line> = unframe(&raw)
        .into_iter()
        .enumerate()
        .map(|(i, (indent, content))| {
            let kind = if content.is_empty() {
                LineKind::Blank
            } else if furniture.contains(&i) {
                LineKind::Furniture
            } else if is_rule(content) {
                LineKind::Markup
            } else if let Some((level, text)) = atx_heading(content).filter(|_| indent <= 3) {
                if text.is_empty() {
                    LineKind::Markup
                } else {
                    LineKind::Heading { level, text }
                }
            } else {
                LineKind::Text
            };
            Line {
                number: i + 1,
                indent,
                content,
                kind,
                alone: false,
            }
        })
        .collect();
    // Setext headings: a one-line paragraph underlined with `===` (level 1) or `---` (2).
    for i in 0..lines.len().saturating_sub(1) {
        let underline = match lines[i + 1].content {
            u if u.len() >= 2 && u.bytes().all(|b| b == b'=') => 1,
            u if u.len() >= 3 && u.bytes().all(|b| b == b'-') => 2,
            _ => continue,
        };
        let starts_paragraph = i == 0 || lines[i - 1].kind != LineKind::Text;
        if lines[i].kind == LineKind::Text && starts_paragraph && lines[i].indent <= 3 {
            lines[i].kind = LineKind::Heading {
                level: underline,
                text: unemphasise(lines[i].content).to_string(),
            };
            lines[i + 1].kind = LineKind::Markup;
        }
    }
    for i in 0..lines.len() {
        let text_at = |j: Option<usize>| {
            j.and_then(|j| lines.get(j))
                .is_some_and(|l: &Line| l.kind == LineKind::Text)
        };
        lines[i].alone = !text_at(i.checked_sub(1)) && !text_at(Some(i + 1));
    }
    for line in &mut lines {
        // A lone `===` that underlines nothing is still markup.
        if line.kind == LineKind::Text
            && line.content.len() >= 2
            && line.content.bytes().all(|b| b == b'=')
        {
            line.kind = LineKind::Markup;
        }
    }
    lines
}

/// Each line's indentation (in columns, a tab counting 4) and content, with the frame of
/// boxed text taken off: between two rules of asterisks, lines that start and end with
/// `*` (`*  6. Disclaimer of Warranty  *`) are read without them, indented as they stand
/// inside the box, and the rules are blank.
fn unframe<'a>(raw: &[&'a str]) -> Vec<(usize, &'a str)> {
    let mut out: Vec<(usize, &'a str)> = raw.iter().map(|l| (indentation(l), l.trim())).collect();
    let is_frame = |l: &str| l.len() >= 10 && l.bytes().all(|b| b == b'*');
    let mut i = 0;
    while i < out.len() {
        if !is_frame(out[i].1) {
            i += 1;
            continue;
        }
        let inside = out[i + 1..]
            .iter()
            .take_while(|(_, l)| {
                l.len() >= 2 && l.starts_with('*') && l.ends_with('*') && !is_frame(l)
            })
            .count();
        let end = i + 1 + inside;
        if inside == 0 || !out.get(end).is_some_and(|(_, l)| is_frame(l)) {
            i += 1;
            continue;
        }
        let inner: Vec<&'a str> = out[i + 1..end]
            .iter()
            .map(|(_, l)| &l[1..l.len() - 1])
            .collect();
        let gutter = inner
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indentation(l))
            .min()
            .unwrap_or(0);
        for (k, l) in inner.into_iter().enumerate() {
            out[i + 1 + k] = (indentation(l).saturating_sub(gutter), l.trim());
        }
        out[i].1 = "";
        out[end].1 = "";
        i = end + 1;
    }
    out
}

/// The lines of a text paginated with form feeds (a plain-text RFC) that are running
/// headers and footers: by the PDF rule, a line (digits ignored) among the first or last
/// lines of more than half the pages.
fn page_furniture(raw: &[&str]) -> HashSet<usize> {
    if !raw.iter().any(|l| l.contains('\u{c}')) {
        return HashSet::new();
    }
    let mut pages: Vec<Vec<usize>> = vec![Vec::new()];
    for (i, l) in raw.iter().enumerate() {
        if l.contains('\u{c}') {
            pages.push(Vec::new());
        }
        pages.last_mut().expect("a page").push(i);
    }
    let texts: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.iter().map(|&i| raw[i]).collect())
        .collect();
    let running = pdf::running_lines(&texts);
    let mut out = HashSet::new();
    for (page, text) in pages.iter().zip(&texts) {
        for i in pdf::margin_lines(text) {
            if running.contains(&pdf::shape(text[i])) {
                out.insert(page[i]);
            }
        }
    }
    out
}

fn indentation(l: &str) -> usize {
    l.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// A line of a table of contents: dot leaders (four or more, a stray comma allowed) and a
/// page number at its end.
fn is_contents_entry(s: &str) -> bool {
    let body = s
        .trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    body.len() < s.trim_end().len()
        && body.ends_with('.')
        && body
            .chars()
            .rev()
            .take_while(|&c| c == '.' || c == ',')
            .filter(|&c| c == '.')
            .count()
            >= 4
}

/// The full ids given so far, and for an id used more than once the next `-N` to try.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

/// Outline steps within one Markdown heading level (see [`Parser::outline_level`]).
const LEVEL_STEPS: u8 = 8;

/// The keywords that number headings at each level, in outline order: a keyword holds
/// another when at least two of its headings are each followed, before the next of its
/// own, by one of the other ("SECTION I" / Articles 2-18 / "SECTION II" / Articles 19-51);
/// keywords that only follow each other ("Article VII" then "Amendment I" to "XXVII") are
/// siblings, whatever their counts.
fn keywords_by_level(lines: &[Line]) -> HashMap<u8, Vec<(numbering::Keyword, u8)>> {
    let mut sequences: HashMap<u8, Vec<numbering::Keyword>> = HashMap::new();
    for l in lines {
        let LineKind::Heading { level, text } = &l.kind else {
            continue;
        };
        if let Some(Kind::Keyword(word)) =
            numbering::recognise(text, Context::Heading).map(|m| m.style.kind)
        {
            sequences.entry(*level).or_default().push(word);
        }
    }
    sequences
        .into_iter()
        .map(|(level, sequence)| {
            let mut kinds: Vec<numbering::Keyword> = Vec::new();
            for &w in &sequence {
                if !kinds.contains(&w) {
                    kinds.push(w);
                }
            }
            // Each keyword sits below as many others as hold it: Part > Chapter > Article.
            let depths = kinds
                .iter()
                .map(|&k| {
                    let holders = kinds
                        .iter()
                        .filter(|&&outer| outer != k && holds(&sequence, outer, k))
                        .count();
                    (k, holders as u8)
                })
                .collect();
            (level, depths)
        })
        .collect()
}

/// Whether `outer` headings hold `inner` ones: at least two of them are followed, before
/// the next `outer`, by an `inner`, and the `inner` ones so held are at least two for each
/// `outer` (Sections each over many Articles; not an Article now and then before a
/// Section, nor the last Article before all the Amendments).
fn holds(
    sequence: &[numbering::Keyword],
    outer: numbering::Keyword,
    inner: numbering::Keyword,
) -> bool {
    let (mut holders, mut held, mut outers) = (0, 0, 0);
    let mut open: Option<usize> = None;
    for &w in sequence {
        if w == outer {
            outers += 1;
            open = Some(0);
        } else if w == inner {
            if let Some(n) = open.as_mut() {
                if *n == 0 {
                    holders += 1;
                }
                *n += 1;
                held += 1;
            }
        }
    }
    holders >= 2 && held >= 2 * outers
}

/// How many unnumbered headings stand on their own at each level: a heading right under
/// a numbered one of a higher level is that one's title ("### Article 1" / "#### Scope"),
/// not counted.
fn unnumbered_levels(lines: &[Line]) -> HashMap<u8, usize> {
    let mut levels = HashMap::new();
    let mut above: Option<(u8, bool)> = None;
    for l in lines {
        match &l.kind {
            LineKind::Heading { level, text } => {
                let numbered = numbering::recognise(text, Context::Heading).is_some();
                let titles_above = above.is_some_and(|(a, n)| n && a < *level);
                if !numbered && !titles_above {
                    *levels.entry(*level).or_default() += 1;
                }
                above = Some((*level, numbered));
            }
            LineKind::Text => above = None,
            LineKind::Blank | LineKind::Markup | LineKind::Furniture => {}
        }
    }
    levels
}

/// Unnumbered headings at the margin of a plain text whose body is indented, as RFCs
/// print "Status of this Memo", "Abstract" and "Acknowledgements" beside "1. Introduction":
/// a title-like line at column 0, a paragraph of its own, with an indented line next. The
/// text must have two of them at least (a layout it uses, not one line at the margin
/// before the rest, like "END OF TERMS AND CONDITIONS").
fn margin_headings(lines: &[Line]) -> HashSet<usize> {
    let indented_next = |i: usize| {
        lines[i + 1..]
            .iter()
            .find(|l| l.kind != LineKind::Blank && l.kind != LineKind::Markup)
            .is_some_and(|l| l.kind == LineKind::Text && l.indent > 0)
    };
    let found: HashSet<usize> = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            l.kind == LineKind::Text
                && l.indent == 0
                && l.alone
                && numbering::recognise(l.content, Context::Heading).is_none()
                && !is_contents_entry(l.content)
                && is_title_like(&collapse_whitespace(l.content))
                && indented_next(*i)
        })
        .map(|(_, l)| l.number)
        .collect();
    if found.len() >= 2 {
        found
    } else {
        HashSet::new()
    }
}

/// The width most text lines stay within: the 90th percentile of their widths in
/// characters (at least 40, so that a text of short lines has no "short" ones).
fn wrap_width(lines: &[Line]) -> usize {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Text)
        .map(|l| l.indent + l.content.chars().count())
        .collect();
    widths.sort_unstable();
    let p90 = widths.get(widths.len() * 9 / 10).copied().unwrap_or(0);
    p90.max(40)
}

/// `---`, `***`, `___`, `- - -`: a Markdown thematic break.
fn is_rule(s: &str) -> bool {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3 && matches!(chars[0], '-' | '*' | '_') && chars.iter().all(|&c| c == chars[0])
}

/// `## Text ##` → (2, "Text").
fn atx_heading(s: &str) -> Option<(u8, String)> {
    let hashes = s.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &s[hashes..];
    // `####Purposes`: converters drop the space. Two hashes or more only, so that `#1` and
    // `#hashtag` stay text.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace) || hashes >= 2) {
        return None;
    }
    let mut text = rest.trim();
    // An optional closing sequence: "## Title ##".
    let without_closing = text.trim_end_matches('#');
    if without_closing.len() < text.len()
        && (without_closing.is_empty() || without_closing.ends_with(char::is_whitespace))
    {
        text = without_closing.trim_end();
    }
    Some((hashes as u8, unemphasise(text).to_string()))
}

/// `**Text**` or `__Text__` wrapping a whole heading → `Text`.
fn unemphasise(s: &str) -> &str {
    for mark in ["**", "__"] {
        if let Some(inner) = s.strip_prefix(mark).and_then(|s| s.strip_suffix(mark)) {
            if !inner.is_empty() && !inner.contains(mark) {
                return inner.trim();
            }
        }
    }
    s
}

// ---------------------------------------------------------------------------------------
// The outline.

#[derive(Debug, Clone)]
struct Node {
    /// None for the preamble and for unnumbered headings.
    style: Option<Style>,
    label: Option<Label>,
    /// Markdown heading level (numbered or not); None for list-like markers.
    heading: Option<u8>,
    /// The marker line as written (`Article. I.`), used as text when there is no other.
    written: String,
    /// A title the text marks as such: a heading, a bold line.
    explicit_title: Option<String>,
    paragraphs: Vec<String>,
    /// `paragraphs[0]` is one line that may be a heading: the rest of the marker line, or
    /// the line right after a marker line without text ("Article 1" / "Scope")...
    rest_on_marker_line: bool,
    /// ...and the next line continued it (so it is a sentence, not a heading).
    first_wrapped: bool,
    children: Vec<usize>,
    parent: Option<usize>,
    indent: usize,
    /// Column where the provision's own text starts: a paragraph indented less than this,
    /// after a blank line, is no longer part of it.
    content_indent: usize,
    line: usize,
    preamble: bool,
    /// The marker line's width in characters, indentation included (0 for headings).
    width: usize,
}

impl Node {
    /// A provision starting on `line` at column `indent`, with nothing in it yet: what
    /// each kind of line fills in is written where it is read.
    fn empty(indent: usize, line: usize) -> Node {
        Node {
            style: None,
            label: None,
            heading: None,
            written: String::new(),
            explicit_title: None,
            paragraphs: Vec::new(),
            rest_on_marker_line: false,
            first_wrapped: false,
            children: Vec::new(),
            parent: None,
            indent,
            content_indent: indent,
            line,
            preamble: false,
            width: 0,
        }
    }

    /// An unnumbered heading at the margin of a plain text ("Status of this Memo"): it
    /// holds what is indented under it, until the next line at its column.
    fn is_margin_heading(&self) -> bool {
        self.style.is_none() && self.heading.is_none() && !self.preamble
    }

    /// Whether all its text so far is one short line after its number that may be its
    /// heading (`2.1. Grants`, `1. Definitions.`).
    fn only_heading_so_far(&self) -> bool {
        // A bullet item is a point, never a heading over paragraphs.
        !self.is_bullet()
            && self.paragraphs.len() == 1
            && self.rest_on_marker_line
            && !self.first_wrapped
            && self.children.is_empty()
            && heading_of(&self.paragraphs[0]).is_some()
    }

    fn numbered(&self) -> bool {
        self.label.is_some() && !self.is_bullet()
    }
    fn is_bullet(&self) -> bool {
        matches!(
            self.style,
            Some(Style {
                kind: Kind::Bullet(_),
                ..
            })
        )
    }
}

/// The last provision seen in one numbered list, to check the next one follows it.
struct Sequence {
    value: u32,
    label: String,
    parent: Option<usize>,
}

struct Parser {
    nodes: Vec<Node>,
    roots: Vec<usize>,
    /// Open provisions, outermost first. The preamble is never on it.
    stack: Vec<usize>,
    preamble: Option<usize>,
    /// The provision whose last paragraph the next text line continues (None after a blank
    /// line, a heading or markup).
    open: Option<usize>,
    /// Whether anything but bullets numbers the text: if so, bullets before the first
    /// provision are preamble text rather than provisions.
    has_numbering: bool,
    seen_content: bool,
    sequences: HashMap<(Option<usize>, Style, String), Sequence>,
    /// The last label of each style, wherever it was: numbering often runs on across
    /// chapters and headings ("Chapter 2" / "Article 3").
    last_of_style: HashMap<Style, Label>,
    styles: Vec<(String, usize)>,
    headings: usize,
    document_title: Option<String>,
    warnings: Vec<Warning>,
    /// Every marker that starts a line of the document, as written: whole-document
    /// evidence of which lists exist.
    line_markers: HashSet<String>,
    /// The prefixes of the decimal markers that start lines (`4` for `4.1`).
    decimal_prefixes: HashSet<String>,
    /// How many unnumbered headings the document has at each level.
    unnumbered_levels: HashMap<u8, usize>,
    /// The levels of its numbered headings.
    numbered_levels: HashSet<u8>,
    /// The keywords of its headings at each level, each with how many of the others hold
    /// it (see [`keywords_by_level`]).
    keywords_by_level: HashMap<u8, Vec<(numbering::Keyword, u8)>>,
    /// A numbered heading with no title of its own ("### Article 1"), whose title may be
    /// the heading or the one-line paragraph right under it.
    awaiting_title: Option<usize>,
    /// Most text lines are at most this wide (the 90th percentile, in characters): a line
    /// much shorter than that, with more text right under it, was broken on purpose.
    wrap: usize,
    /// No text line is indented: where a paragraph starts says nothing about whose it is.
    flush_left: bool,
    /// The lines that are unnumbered headings at the margin over an indented body (see
    /// [`margin_headings`]).
    margin_headings: HashSet<usize>,
}

impl Parser {
    fn new(lines: &[Line]) -> Self {
        // Every line's marker, read once: which lists exist, and which decimals.
        let mut line_markers = HashSet::new();
        let mut decimal_prefixes = HashSet::new();
        for m in lines
            .iter()
            .filter(|l| l.kind == LineKind::Text)
            .filter_map(|l| marker_of(l.content).0)
        {
            if m.style.kind == Kind::Decimal {
                decimal_prefixes.insert(m.label.prefix.clone());
            }
            line_markers.insert(m.written);
        }
        let first = lines
            .iter()
            .position(|l| l.kind != LineKind::Blank && l.kind != LineKind::Markup);
        let has_numbering = lines.iter().enumerate().any(|(i, l)| match &l.kind {
            // A leading `# Title` titles the document; it does not number it.
            LineKind::Heading { level: 1, .. } if Some(i) == first => false,
            LineKind::Heading { .. } => true,
            LineKind::Text => {
                let (marker, _) = marker_of(l.content);
                marker.is_some_and(|m| !matches!(m.style.kind, Kind::Bullet(_)))
            }
            _ => false,
        });
        Parser {
            nodes: Vec::new(),
            roots: Vec::new(),
            stack: Vec::new(),
            preamble: None,
            open: None,
            has_numbering,
            seen_content: false,
            sequences: HashMap::new(),
            last_of_style: HashMap::new(),
            styles: Vec::new(),
            headings: 0,
            document_title: None,
            warnings: Vec::new(),
            line_markers,
            decimal_prefixes,
            awaiting_title: None,
            wrap: wrap_width(lines),
            flush_left: lines
                .iter()
                .all(|l| l.kind != LineKind::Text || l.indent == 0),
            margin_headings: margin_headings(lines),
            unnumbered_levels: unnumbered_levels(lines),
            keywords_by_level: keywords_by_level(lines),
            numbered_levels: lines
                .iter()
                .filter_map(|l| match &l.kind {
                    LineKind::Heading { level, text }
                        if numbering::recognise(text, Context::Heading)
                            .is_some_and(|m| !matches!(m.style.kind, Kind::Bullet(_))) =>
                    {
                        Some(*level)
                    }
                    _ => None,
                })
                .collect(),
        }
    }

    /// Where a heading of Markdown `level` stands in the outline. Headings nest by level;
    /// at one level, a keyword whose headings each hold some of another's holds them
    /// ("### SECTION I" over "### Article 2" ... "### Article 18", as converters flatten
    /// treaties), and other headings stand with the most deeply held.
    fn outline_level(&self, level: u8, style: Option<Style>) -> u8 {
        let kinds = self.keywords_by_level.get(&level);
        let deepest = kinds.map_or(0, |k| k.iter().map(|&(_, d)| d).max().unwrap_or(0));
        let place = match style.map(|s| s.kind) {
            Some(Kind::Keyword(word)) => kinds
                .and_then(|k| k.iter().find(|(w, _)| *w == word))
                .map_or(deepest, |&(_, d)| d),
            _ => deepest,
        };
        level * LEVEL_STEPS + place.min(LEVEL_STEPS - 1)
    }

    /// `4 Authenticator Assurance Levels` on a line of its own, in a text whose decimal
    /// headings `4.1`, `4.2` say that section 4 exists: a heading numbered without a stop,
    /// as standards print them (elsewhere a bare number is prose: `2 days later ...`).
    fn bare_number_heading(&self, line: &Line) -> Option<Marker> {
        if !line.alone {
            return None;
        }
        let m = numbering::recognise(line.content, Context::Heading)?;
        (m.style.kind == Kind::Arabic
            && m.style.delim == Delim::None
            && self.decimal_prefixes.contains(&m.label.text)
            && is_title_like(&line.content[m.rest_at..]))
        .then_some(m)
    }

    /// Takes `line` as the title of the numbered heading above it when it is one: an
    /// unnumbered heading of a deeper level ("### Article 1" / "#### Scope") or a one-line
    /// paragraph that reads as a heading.
    fn takes_title(&mut self, idx: usize, line: &Line) -> bool {
        let title = match &line.kind {
            LineKind::Heading { level, text }
                if self.nodes[idx]
                    .heading
                    .is_some_and(|l| level * LEVEL_STEPS > l)
                    && numbering::recognise(text, Context::Heading)
                        .is_none_or(|m| matches!(m.style.kind, Kind::Bullet(_))) =>
            {
                // "####- Right to life": the dash is decoration.
                let text = text.trim_start_matches(['-', '–', '—']).trim_start();
                Some(collapse_whitespace(text)).filter(|t| !t.is_empty())
            }
            LineKind::Text if line.alone && marker_of(line.content).0.is_none() => {
                heading_of(&collapse_whitespace(line.content))
            }
            _ => None,
        };
        let Some(title) = title else {
            return false;
        };
        self.nodes[idx].explicit_title = Some(title);
        true
    }

    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning { line, message });
    }

    fn line(&mut self, line: &Line) {
        let first_content = !self.seen_content;
        match &line.kind {
            LineKind::Blank => {
                self.open = None;
                return;
            }
            LineKind::Markup => {
                self.open = None;
                return;
            }
            LineKind::Furniture => {
                self.furniture(line);
                return;
            }
            _ => self.seen_content = true,
        }
        if let Some(idx) = self.awaiting_title.take() {
            if self.takes_title(idx, line) {
                return;
            }
        }
        match &line.kind {
            LineKind::Heading { level, text } => self.heading(line, *level, text, first_content),
            LineKind::Text => self.text_line(line),
            LineKind::Blank | LineKind::Markup | LineKind::Furniture => {}
        }
    }

    /// A page's running header or footer: a paragraph of the innermost open provision,
    /// which stays open (the bullets of a list that runs over a page break stay one list).
    fn furniture(&mut self, line: &Line) {
        let idx = match self.stack.last() {
            Some(&idx) => idx,
            None => self.preamble_node(line.number),
        };
        self.nodes[idx]
            .paragraphs
            .push(collapse_whitespace(line.content));
    }

    fn heading(&mut self, line: &Line, level: u8, text: &str, first_content: bool) {
        self.headings += 1;
        self.open = None;
        let marker = numbering::recognise(text, Context::Heading)
            .filter(|m| !matches!(m.style.kind, Kind::Bullet(_)));
        // The first line a heading of its own, at level 1 or at a level no other unnumbered
        // heading uses ("#### Convention for the Protection of Human Rights" over "###
        // Article 1", as converters write treaties): the document's title.
        let unique = self.unnumbered_levels.get(&level).is_some_and(|&n| n == 1);
        // ...or at a level deeper than every numbered heading, which it cannot contain.
        let below_numbered = self.numbered_levels.iter().all(|&l| l < level);
        // The only unnumbered heading at its level is a title only above the numbered ones
        // ("## Agreement" over "### 1. Scope"), not beside them ("## Introduction" before
        // "## 1 Scope").
        let above_numbered = self.numbered_levels.iter().all(|&l| l > level);
        let title_level = level == 1
            || (unique && above_numbered)
            || (below_numbered && !self.numbered_levels.is_empty());
        if marker.is_none() && title_level && first_content {
            // The document's own title: it heads the preamble rather than a provision.
            self.document_title = Some(collapse_whitespace(text));
            let idx = self.preamble_node(line.number);
            self.nodes[idx].explicit_title = Some(collapse_whitespace(text));
            return;
        }
        let (style, label, title) = match marker {
            Some(m) => {
                let (style, label) = self.resolve(&m);
                self.count_style(format!("{} {}", "#".repeat(level.into()), style.sample()));
                (
                    Some(style),
                    Some(label),
                    bare_title(&collapse_whitespace(&text[m.rest_at..])),
                )
            }
            None => (None, None, bare_title(&collapse_whitespace(text))),
        };
        let idx = self.push_node(Node {
            style,
            label,
            heading: Some(self.outline_level(level, style)),
            written: collapse_whitespace(text),
            explicit_title: Some(title).filter(|t| !t.is_empty()),
            ..Node::empty(line.indent, line.number)
        });
        if self.nodes[idx].numbered() && self.nodes[idx].explicit_title.is_none() {
            self.awaiting_title = Some(idx);
        }
        self.place(idx);
    }

    fn text_line(&mut self, line: &Line) {
        if self.margin_headings.contains(&line.number) {
            self.margin_heading(line);
            return;
        }
        let (mut marker, bold) = marker_of(line.content);
        if marker.is_none() {
            marker = self.bare_number_heading(line);
        }
        // `1. Introduction ........ 2`: an entry of a table of contents, not the section.
        if is_contents_entry(line.content) {
            marker = None;
        }
        if let Some(m) = &marker {
            let rest = line.content.get(m.rest_at..).unwrap_or("");
            if let Some(why_not) = self.refuse(m, rest) {
                if let Some(message) = why_not {
                    self.warn(line.number, message);
                }
            } else {
                self.marker_line(line, m, bold);
                return;
            }
        }
        let content = collapse_whitespace(line.content);
        // A bullet kept as text (in a preamble) still starts a paragraph of its own.
        // (An `o` or `+` kept as text goes on the sentence or the sum.)
        let bullet = marker
            .as_ref()
            .is_some_and(|m| matches!(m.style.kind, Kind::Bullet(c) if !goes_on_a_line(c)));
        match self.open {
            Some(idx) if !bullet => {
                // A line that continues a provision's text shows where that text starts
                // ("4.1. Source Code" / "Subject to ..." at the number's column): later
                // paragraphs there are still its own.
                let node = &mut self.nodes[idx];
                if node.heading.is_none() && !node.preamble {
                    node.content_indent = node.content_indent.min(line.indent.max(node.indent));
                }
                self.add_text(idx, content, true)
            }
            _ => {
                let idx = self.paragraph_owner(line.indent, &content, line.number);
                self.add_text(idx, content, false);
                self.open = Some(idx);
            }
        }
    }

    fn margin_heading(&mut self, line: &Line) {
        let title = collapse_whitespace(line.content);
        let idx = self.push_node(Node {
            written: title.clone(),
            explicit_title: Some(title),
            ..Node::empty(line.indent, line.number)
        });
        self.place(idx);
        self.open = None;
    }

    /// Whether a recognised marker is rather text, and if so the warning to give (None for
    /// no warning).
    fn refuse(&self, m: &Marker, rest: &str) -> Option<Option<String>> {
        let bullet = matches!(m.style.kind, Kind::Bullet(_));
        // `o` is a word in many languages ("o subarrendar", "or"), and `+` at the start of
        // a wrapped line goes on a sum ("... + day + year" / "+ year / 4 ..."): as bullets
        // they never continue a paragraph, only a list of their own.
        if let Kind::Bullet(c) = m.style.kind {
            let in_own_list = self.open.is_some_and(|i| {
                self.nodes[i]
                    .style
                    .is_some_and(|s| s.kind == Kind::Bullet(c))
            });
            if goes_on_a_line(c) && self.open.is_some() && !in_own_list {
                return Some(None);
            }
        }
        if bullet {
            // Bullets in the preamble of a numbered text are part of the preamble.
            return (self.stack.is_empty() && self.has_numbering).then_some(None);
        }
        if let Some(next) = self.inline_next(m, rest) {
            return Some(Some(format!(
                "{:?} is followed by {next:?} on the same line and no line starts with \
                 {next:?}: an enumeration inside a sentence, kept as text",
                m.written
            )));
        }
        let next_of_open = self.open.is_some_and(|i| {
            let n = &self.nodes[i];
            n.style == Some(m.style)
                && n.label
                    .as_ref()
                    .is_some_and(|l| l.prefix == m.label.prefix && l.value + 1 == m.label.value)
        });
        if let Some(word) = self
            .open
            .filter(|_| !next_of_open)
            .and_then(|i| self.reference_before(i))
        {
            let owner = self.open.map(|i| self.describe(i)).unwrap_or_default();
            return Some(Some(format!(
                "{:?} follows {word:?} at the end of the line before: a reference, kept as \
                 text of {owner}",
                m.written
            )));
        }
        // A number at the start of a line that continues a paragraph is most often a
        // wrapped sentence ("... in\n2014. Since then"): it opens a provision only if it
        // starts a list or continues one that is open.
        if self.open.is_some() && !self.plausible(m) && !self.repeats_compact_item(m) {
            let owner = self.open.map(|i| self.describe(i)).unwrap_or_default();
            return Some(Some(format!(
                "{:?} looks like numbering but does not continue it; kept as text of {owner}",
                m.written
            )));
        }
        None
    }

    /// The next marker of `m`'s list (`(2)` after `(1)`) when it stands later on the same
    /// line and no line of the document starts with it: "two steps: (1) keep the notice,
    /// and (2) grant ..." is an enumeration inside a sentence, not a list.
    fn inline_next(&self, m: &Marker, rest: &str) -> Option<String> {
        if !matches!(m.style.delim, Delim::Parens | Delim::Paren) || !m.label.prefix.is_empty() {
            return None;
        }
        let readings =
            std::iter::once(m.clone()).chain(m.roman_alternative.clone().map(|(style, label)| {
                Marker {
                    style,
                    label,
                    ..m.clone()
                }
            }));
        readings
            .filter_map(|r| numbering::next_written(&r))
            .find(|next| {
                rest.split_whitespace().any(|word| word == next)
                    && !self.line_markers.contains(next)
            })
    }

    /// The word a continued paragraph ends with when it is one that a number follows as a
    /// reference ("... added under section" / "7. This requirement ...").
    fn reference_before(&self, idx: usize) -> Option<String> {
        const REFERENCES: &[&str] = &[
            "section",
            "sections",
            "subsection",
            "subsections",
            "article",
            "articles",
            "paragraph",
            "paragraphs",
            "subparagraph",
            "clause",
            "clauses",
            "point",
            "points",
            "item",
            "items",
            "chapter",
            "chapters",
            "part",
            "parts",
            "annex",
            "schedule",
            "rule",
            "rules",
            "title",
            "no",
            "number",
            "numbers",
            "§",
        ];
        let last = self.nodes[idx].paragraphs.last()?;
        let word = last.split_whitespace().next_back()?;
        REFERENCES
            .contains(&word.to_lowercase().as_str())
            .then(|| word.to_string())
    }

    /// A number repeated in a compact list (`2.` right under a one-line `2.`): an item of
    /// its own with a repeated number, not a wrapped sentence.
    fn repeats_compact_item(&self, m: &Marker) -> bool {
        let Some(open) = self.open.map(|i| &self.nodes[i]) else {
            return false;
        };
        let single_line =
            open.paragraphs.len() == 1 && open.rest_on_marker_line && !open.first_wrapped;
        single_line
            && open.style == Some(m.style)
            && open
                .label
                .as_ref()
                .is_some_and(|l| l.prefix == m.label.prefix && l.value == m.label.value)
    }

    fn marker_line(&mut self, line: &Line, m: &Marker, bold: Option<Bold>) {
        let (style, label) = self.resolve(m);
        let (explicit_title, rest) = match bold.clone() {
            Some(Bold { title, after }) => (title.map(|t| bare_title(&t)), after),
            None => (None, collapse_whitespace(&line.content[m.rest_at..])),
        };
        self.count_style(style.sample());
        let has_rest = !rest.is_empty();
        let content_indent = if has_rest && bold.is_none() {
            line.indent + line.content[..m.rest_at].chars().count()
        } else {
            line.indent
        };
        let idx = self.push_node(Node {
            style: Some(style),
            label: Some(label),
            written: m.written.clone(),
            explicit_title: explicit_title.clone(),
            paragraphs: if has_rest { vec![rest] } else { Vec::new() },
            rest_on_marker_line: has_rest && explicit_title.is_none(),
            content_indent,
            width: line.indent + line.content.chars().count(),
            ..Node::empty(line.indent, line.number)
        });
        self.place(idx);
        self.open = Some(idx);
    }

    fn count_style(&mut self, sample: String) {
        match self.styles.iter_mut().find(|(s, _)| *s == sample) {
            Some((_, n)) => *n += 1,
            None => self.styles.push((sample, 1)),
        }
    }

    fn push_node(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn preamble_node(&mut self, line: usize) -> usize {
        if let Some(idx) = self.preamble {
            return idx;
        }
        let idx = self.push_node(Node {
            preamble: true,
            ..Node::empty(0, line)
        });
        self.roots.push(idx);
        self.preamble = Some(idx);
        idx
    }

    /// The provision a new paragraph belongs to: the innermost open one, unless the
    /// paragraph is indented less than its text (then it is back in the enclosing one).
    /// In a text of which no line is indented, indentation says nothing: there a
    /// paragraph that a numbered provision announces (its text so far ends in a colon,
    /// "(a) ... the following:") or that goes on a quotation (it opens with a quotation
    /// mark, as each paragraph of a quoted amendment does) stays in it.
    fn paragraph_owner(&mut self, indent: usize, content: &str, line: usize) -> usize {
        let quoted = content.starts_with(['"', '“']);
        while self.stack.len() > 1 {
            let top_idx = self.stack[self.stack.len() - 1];
            let top = &self.nodes[top_idx];
            let announced = top
                .paragraphs
                .last()
                .is_some_and(|p| p.trim_end().ends_with(':'));
            let at_margin = self.flush_left && !top.is_bullet() && (quoted || announced);
            if top.heading.is_some() || indent >= top.content_indent || at_margin {
                break;
            }
            // "2.1. Grants" / blank / its body at the number's column: a provision with
            // only a heading so far gets the paragraph, which sets where its text starts.
            if indent >= top.indent && top.only_heading_so_far() {
                self.nodes[top_idx].content_indent = indent;
                break;
            }
            self.stack.pop();
        }
        match self.stack.last() {
            Some(&idx) => idx,
            None => self.preamble_node(line),
        }
    }

    fn add_text(&mut self, idx: usize, content: String, continues: bool) {
        // "1. Purpose" / "This License gives ...": a line far shorter than the text's lines,
        // continued by a sentence, ends where its author ended it.
        let broken_short = self.nodes[idx].width * 10 < self.wrap * 6;
        let node = &mut self.nodes[idx];
        let on_first_line =
            node.paragraphs.len() == 1 && node.rest_on_marker_line && !node.first_wrapped;
        let bare_marker =
            node.numbered() && node.heading.is_none() && node.explicit_title.is_none();
        match node.paragraphs.last_mut() {
            // A heading in capitals ("I. SECURITY", "Article 1" / "SCOPE") is followed by
            // text on the next line, not continued by it ("2. NATO" / "does not expand" is).
            Some(last)
                if continues
                    && on_first_line
                    && (is_capitals_heading(last) || (broken_short && is_title_like(last)))
                    && numbering::starts_like_heading(&content) =>
            {
                node.paragraphs.push(content);
            }
            Some(last) if continues => {
                if on_first_line {
                    node.first_wrapped = true;
                }
                last.push(' ');
                last.push_str(&content);
            }
            None if continues && bare_marker => {
                // The line right after a bare "Article 1" may be its heading.
                node.paragraphs.push(content);
                node.rest_on_marker_line = true;
            }
            _ => node.paragraphs.push(content),
        }
    }

    /// Chooses between the letter and the Roman reading of `i`, `v`, `x`, `c`...: the one
    /// that continues an open list, else Roman for `i`/`I`, else the letter.
    fn resolve(&self, m: &Marker) -> (Style, Label) {
        let letter = (m.style, m.label.clone());
        let Some(roman) = m.roman_alternative.clone() else {
            return letter;
        };
        if self.continues(&letter.0, &letter.1) {
            letter
        } else if self.continues(&roman.0, &roman.1) || roman.1.value == 1 {
            roman
        } else {
            letter
        }
    }

    /// True if an open provision of `style`, or the last one of that style, is numbered
    /// just before `label`.
    fn continues(&self, style: &Style, label: &Label) -> bool {
        self.continues_within(style, label, 1)
    }

    /// Like [`Self::continues`], but `label` may skip up to `skip - 1` numbers: a leaked
    /// list with a point or two missing is still a list ("6." then "8.").
    fn continues_within(&self, style: &Style, label: &Label, skip: u32) -> bool {
        let follows = |l: &Label| {
            l.prefix == label.prefix
                && ((l.value < label.value && label.value - l.value <= skip)
                    || (label.suffixed && l.value == label.value))
        };
        self.last_of_style.get(style).is_some_and(follows)
            || self.stack.iter().any(|&i| {
                let n = &self.nodes[i];
                n.style.as_ref() == Some(style) && n.label.as_ref().is_some_and(follows)
            })
    }

    fn plausible(&self, m: &Marker) -> bool {
        const MAX_SKIP: u32 = 2;
        let candidates =
            std::iter::once((m.style, m.label.clone())).chain(m.roman_alternative.clone());
        for (style, label) in candidates {
            let starts = label.value == 1
                && (label.prefix.is_empty()
                    || self.stack.iter().any(|&i| {
                        self.nodes[i]
                            .label
                            .as_ref()
                            .is_some_and(|l| l.text == label.prefix)
                    }));
            // Up to two missing numbers still continue the list; a bigger jump at the start
            // of a line inside a paragraph is far more often a wrapped sentence ("in\n2014.").
            if starts || self.continues_within(&style, &label, MAX_SKIP + 1) {
                return true;
            }
        }
        false
    }

    /// Puts a new provision in the outline: finds its parent and makes it the innermost
    /// open provision.
    fn place(&mut self, idx: usize) {
        let node = self.nodes[idx].clone();
        if let Some(level) = node.heading {
            // A heading closes everything down to the nearest heading of a higher level.
            while let Some(&top) = self.stack.last() {
                match self.nodes[top].heading {
                    Some(l) if l < level => break,
                    _ => {
                        self.stack.pop();
                    }
                }
            }
        } else if let (Some(style), Some(label)) = (node.style, node.label.as_ref()) {
            self.place_marker(&node, style, label);
        } else {
            // A heading at the margin closes what stands at its column or further in.
            while let Some(&top) = self.stack.last() {
                let t = &self.nodes[top];
                if t.heading.is_some() || t.indent < node.indent {
                    break;
                }
                self.stack.pop();
            }
        }
        if self.stack.len() > MAX_PROVISION_DEPTH {
            self.warn(
                node.line,
                format!(
                    "nested deeper than {MAX_PROVISION_DEPTH} levels; imported as a sibling of {}",
                    self.describe(*self.stack.last().expect("non-empty"))
                ),
            );
            self.stack.pop();
        }
        let parent = self.stack.last().copied();
        self.nodes[idx].parent = parent;
        match parent {
            Some(p) => self.nodes[p].children.push(idx),
            None => self.roots.push(idx),
        }
        self.stack.push(idx);
        self.check_sequence(idx);
    }

    fn place_marker(&mut self, node: &Node, style: Style, label: &Label) {
        // Close provisions clearly more indented than this marker (two columns of slack:
        // right-aligned numbers put " 9." and "10." one column apart).
        while let Some(&top) = self.stack.last() {
            let t = &self.nodes[top];
            let margin = t.is_margin_heading() && t.indent >= node.indent;
            if t.heading.is_none() && (t.indent >= node.indent + 2 || margin) {
                self.stack.pop();
            } else {
                break;
            }
        }
        let boundary = self
            .stack
            .iter()
            .rposition(|&i| self.nodes[i].heading.is_some())
            .map_or(0, |p| p + 1);
        // A decimal goes under the provision numbered with its prefix: 1.2 under 1.
        if !label.prefix.is_empty() {
            if let Some(pos) = self.stack.iter().rposition(|&i| {
                self.nodes[i].numbered()
                    && self.nodes[i]
                        .label
                        .as_ref()
                        .is_some_and(|l| l.text == label.prefix)
            }) {
                self.stack.truncate(pos + 1);
                return;
            }
        }
        // A sibling of the nearest open provision of the same style and indentation.
        if let Some(pos) = self.stack[boundary..].iter().rposition(|&i| {
            let n = &self.nodes[i];
            n.style == Some(style) && node.indent < n.indent + 2
        }) {
            self.stack.truncate(boundary + pos);
            return;
        }
        // A keyword closes those of the same or lower rank: an Article closes Sections.
        if let Kind::Keyword(word) = style.kind {
            if let Some(pos) = self.stack[boundary..].iter().position(|&i| {
                matches!(self.nodes[i].style, Some(Style { kind: Kind::Keyword(k), .. }) if k.rank() >= word.rank())
            }) {
                self.stack.truncate(boundary + pos);
            }
        }
        // Otherwise a new style is a child of the innermost open provision.
    }

    fn check_sequence(&mut self, idx: usize) {
        let node = &self.nodes[idx];
        let (Some(style), Some(label)) = (node.style, node.label.clone()) else {
            return;
        };
        if node.is_bullet() {
            return;
        }
        self.last_of_style.insert(style, label.clone());
        let line = node.line;
        let direct = node.parent;
        // Lists under unnumbered headings may run on across headings ("## Security" 1-5,
        // "## Economy" 6-10) or start again at 1; both are fine.
        let mut owner = direct;
        while let Some(p) = owner {
            if self.nodes[p].numbered() {
                break;
            }
            owner = self.nodes[p].parent;
        }
        let key = (owner, style, label.prefix.clone());
        let message = match self.sequences.get(&key) {
            None if label.value != 1 => Some(format!(
                "numbering starts at {:?}, not at the first number",
                label.text
            )),
            None => None,
            Some(prev) => {
                let restarted = prev.parent != direct && label.value == 1;
                if restarted
                    || label.value == prev.value + 1
                    || (label.suffixed && label.value == prev.value)
                {
                    None
                } else if label.value == prev.value {
                    Some(format!("numbering repeats {:?}", label.text))
                } else if label.value < prev.value {
                    Some(format!(
                        "numbering goes back from {:?} to {:?}",
                        prev.label, label.text
                    ))
                } else {
                    Some(format!(
                        "numbering skips from {:?} to {:?}",
                        prev.label, label.text
                    ))
                }
            }
        };
        if let Some(message) = message {
            self.warn(line, message);
        }
        self.sequences.insert(
            key,
            Sequence {
                value: label.value,
                label: label.text,
                parent: direct,
            },
        );
    }

    /// `provision "6"`, `the preamble`, for messages.
    fn describe(&self, idx: usize) -> String {
        let n = &self.nodes[idx];
        if n.preamble {
            return "the preamble".into();
        }
        match &n.label {
            Some(l) if !l.text.is_empty() => format!("provision {:?}", l.text),
            _ => format!("the provision at line {}", n.line),
        }
    }

    fn finish(mut self) -> (Vec<ImportedProvision>, Recognised) {
        let roots = std::mem::take(&mut self.roots);
        let mut ids = Ids::default();
        let mut bullets = 0;
        let mut provisions = Vec::new();
        // A preamble holding nothing but the document's `# Title` is not a provision: the
        // title is the draft's (unless it is all the text there is).
        let title_only = |n: &Node| n.preamble && n.paragraphs.is_empty() && n.children.is_empty();
        let alone = roots.len() == 1;
        let mut preamble = self.preamble;
        for idx in roots {
            if !alone && title_only(&self.nodes[idx]) && self.document_title.is_some() {
                preamble = None;
                continue;
            }
            let id = self.local_id(idx, None, &mut bullets);
            provisions.push(self.build(idx, id, None, &mut ids));
        }
        let recognised = Recognised {
            provisions: 0,
            top_level: 0,
            styles: self.styles,
            headings: self.headings,
            preamble: preamble.is_some(),
            document_title: self.document_title,
            stopped_at: None,
            warnings: {
                let mut w = self.warnings;
                w.sort_by_key(|w| w.line);
                w
            },
        };
        (provisions, recognised)
    }

    fn local_id(&self, idx: usize, parent: Option<usize>, bullets: &mut usize) -> String {
        let node = &self.nodes[idx];
        if node.preamble {
            return "preamble".into();
        }
        if node.is_bullet() {
            *bullets += 1;
            // Top-level bullets are the points of the text; under a point they are its
            // sub-items, lettered like `a)`.
            return match parent {
                None => bullets.to_string(),
                Some(_) => numbering::letters(*bullets - 1),
            };
        }
        match &node.label {
            Some(label) => {
                let parent_label = parent.and_then(|p| self.nodes[p].label.as_ref());
                match parent_label {
                    // "1.2" under "1" is "2" under "1", which the loader reads as "1.2".
                    Some(pl) if !label.prefix.is_empty() && pl.text == label.prefix => label
                        .text
                        .rsplit('.')
                        .next()
                        .unwrap_or(&label.text)
                        .to_string(),
                    _ => label.text.clone(),
                }
            }
            None => slug(node.explicit_title.as_deref().unwrap_or(&node.written)),
        }
    }

    fn build(
        &mut self,
        idx: usize,
        mut id: String,
        parent_full: Option<&str>,
        ids: &mut Ids,
    ) -> ImportedProvision {
        let full = |id: &str| match parent_full {
            Some(p) if !id.starts_with(&format!("{p}.")) => format!("{p}.{id}"),
            _ => id.to_string(),
        };
        if ids.used.contains(&full(&id)) {
            let original = full(&id);
            // Where the last search for this id stopped: a list numbered `1.` throughout
            // (400,000 items in 2 MB) must not search from `-2` every time.
            let mut n = ids.next.get(&original).copied().unwrap_or(2);
            while ids.used.contains(&full(&format!("{id}-{n}"))) {
                n += 1;
            }
            ids.next.insert(original.clone(), n + 1);
            id = format!("{id}-{n}");
            let line = self.nodes[idx].line;
            self.warn(
                line,
                format!(
                    "id {original:?} is already used; this one is imported as {:?}",
                    full(&id)
                ),
            );
        }
        let full_id = full(&id);
        ids.used.insert(full_id.clone());
        let (title, text) = self.title_and_text(idx);
        let children = self.nodes[idx].children.clone();
        let mut bullets = 0;
        let mut provisions = Vec::new();
        for child in children {
            let child_id = self.local_id(child, Some(idx), &mut bullets);
            provisions.push(self.build(child, child_id, Some(&full_id), ids));
        }
        ImportedProvision {
            id,
            title,
            text,
            provisions,
            line: self.nodes[idx].line,
        }
    }

    /// Whether a provision's one line is the start of a sentence that its sub-provisions
    /// finish ("2. The judgment of a Chamber shall become final" / "a) when the parties
    /// ..."), not a heading: not in title case, and its first point starts in lower case.
    fn leads_into_children(&self, idx: usize) -> bool {
        let node = &self.nodes[idx];
        let lower_point = node.children.first().is_some_and(|&c| {
            self.nodes[c]
                .paragraphs
                .first()
                .is_some_and(|p| p.starts_with(char::is_lowercase))
        });
        node.paragraphs.len() == 1 && lower_point && !is_title_case(&node.paragraphs[0])
    }

    fn title_and_text(&mut self, idx: usize) -> (Option<String>, String) {
        let node = &self.nodes[idx];
        let mut paragraphs = node.paragraphs.clone();
        let mut title = node.explicit_title.clone();
        let has_children = !node.children.is_empty();
        let is_heading = node.heading.is_some();
        // A short line after the number, followed by text or sub-provisions of its own, is
        // a heading: "6. Armed forces" / blank / "The Armed Forces ...".
        // The heading as written, when it is all the text there is ("4. Notices." over
        // its points keeps "Notices." as its text).
        let mut heading_as_written = None;
        if title.is_none()
            && node.rest_on_marker_line
            && !node.first_wrapped
            && (paragraphs.len() > 1 || has_children)
            && !self.leads_into_children(idx)
        {
            if let Some(t) = paragraphs.first().and_then(|p| heading_of(p)) {
                heading_as_written = Some(paragraphs.remove(0));
                title = Some(t);
            }
        }
        // A run-in heading: "2. Grant of Licence. Each author grants ...".
        if title.is_none() && node.rest_on_marker_line {
            if let Some((t, rest)) = paragraphs.first().and_then(|p| run_in_heading(p)) {
                if rest.is_empty() {
                    // "(b) Membership.—" over its paragraphs: the heading is all its text.
                    heading_as_written = Some(paragraphs.remove(0));
                } else {
                    paragraphs[0] = rest;
                }
                title = Some(t);
            }
        }
        if paragraphs.is_empty() {
            // A heading without text of its own: its heading is its text (and its title).
            if let Some(t) = &title {
                return (
                    title.clone(),
                    heading_as_written.unwrap_or_else(|| t.clone()),
                );
            }
            let written = node.written.clone();
            if !has_children {
                let line = node.line;
                let what = self.describe(idx);
                self.warn(
                    line,
                    format!("{what} has no text; its number is used as its text"),
                );
                return (None, written);
            }
            // A Markdown heading's markup already says it is a heading: "### Article 2"
            // over its paragraphs has no name, only a number ("Article. I." in plain text
            // over its Sections is read as a heading line, and named by it).
            if is_heading {
                return (None, written);
            }
            return (Some(written.clone()), written);
        }
        (title, paragraphs.join("\n\n"))
    }
}

/// The text after a marker wrapped in emphasis: `**1.1. "Contributor"**` (a title),
/// `**1.** Text`, `**Article 1** Text`, `**1. Scope** Text`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bold {
    title: Option<String>,
    after: String,
}

/// The marker of a text line, looking inside a leading `**` or `__` as news sites and
/// Markdown licences write them.
fn marker_of(content: &str) -> (Option<Marker>, Option<Bold>) {
    for mark in ["**", "__"] {
        let Some(body) = content.strip_prefix(mark) else {
            continue;
        };
        let Some(close) = body.find(mark) else {
            continue;
        };
        let inner = body[..close].trim();
        let after = collapse_whitespace(&body[close + mark.len()..]);
        if let Some(m) = numbering::recognise(inner, Context::Line) {
            if matches!(m.style.kind, Kind::Bullet(_)) {
                continue;
            }
            let inner_rest = collapse_whitespace(&inner[m.rest_at..]);
            let bold = if inner_rest.is_empty() {
                Bold { title: None, after }
            } else {
                Bold {
                    title: Some(inner_rest),
                    after,
                }
            };
            return (Some(m), Some(bold));
        }
    }
    let marker = numbering::recognise(content, Context::Line);
    // `- i) ...`, `* **a.** ...`: a list item that carries its own number is numbered by it.
    if let Some(bullet) = marker
        .as_ref()
        .filter(|m| matches!(m.style.kind, Kind::Bullet(_)))
    {
        let inner = &content[bullet.rest_at..];
        if let (Some(mut m), bold) = marker_of(inner) {
            if !matches!(m.style.kind, Kind::Bullet(_)) {
                m.rest_at += bullet.rest_at;
                return (Some(m), bold);
            }
        }
    }
    (marker, None)
}

/// A bullet character that, at the start of a line continuing a paragraph, is rather a word
/// or an operator going on the line above: `o` ("or" in many languages), `+`.
fn goes_on_a_line(c: char) -> bool {
    matches!(c, 'o' | '+')
}

/// Short, without the punctuation that ends a sentence or a clause, not starting in lower
/// case: `Armed forces`, `Definitions`, `"Contributor"`.
fn is_title_like(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let last = s
        .trim_end_matches(|c: char| "\"'”’)]»*_".contains(c))
        .chars()
        .next_back();
    (1..=12).contains(&words)
        && s.chars().count() <= 100
        && !s.starts_with(|c: char| c.is_lowercase())
        && last.is_some_and(|c| !".,;:!?…-–—".contains(c))
}

/// The title a short line after a number makes: the line itself when it is title-like
/// (`Armed forces`), or without its full stop when it is a heading in title case
/// (`Definitions.`, `Disclaimer of Warranty.`) rather than a sentence (`The parties meet.`).
fn heading_of(s: &str) -> Option<String> {
    if is_title_like(s) {
        return Some(s.to_string());
    }
    let bare = s.strip_suffix('.').filter(|b| !b.ends_with('.'))?;
    (is_title_like(bare) && is_title_case(bare) && has_long_word(bare)).then(|| bare.to_string())
}

/// A heading without the marks around it and its closing stop: `++Name.++` (an
/// underline as some Markdown writes it) → `Name`, `*Scope:*` → `Scope`, `### 6. General
/// Rules.` → `General Rules`.
fn bare_title(t: &str) -> String {
    let mut t = t.trim();
    for mark in ["++", "~~", "*", "_"] {
        if let Some(inner) = t.strip_prefix(mark).and_then(|r| r.strip_suffix(mark)) {
            t = inner.trim();
        }
    }
    let bare = t.trim_end_matches(['.', ':']);
    // "Relations with the U.S.": the stop of an abbreviation stays.
    let abbreviation = bare
        .split_whitespace()
        .next_back()
        .is_some_and(|w| w.contains('.'));
    if bare.is_empty() || bare.ends_with('.') || abbreviation {
        t.to_string()
    } else {
        bare.to_string()
    }
}

/// A word of four letters or more: `A. B.` or `Mr` is no heading.
fn has_long_word(s: &str) -> bool {
    s.split_whitespace()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
}

/// A heading run in before the text on the same line: `Grant of Licence. Each author
/// grants ...` → (`Grant of Licence`, `Each author grants ...`). Only a short phrase in
/// title case with a word of four letters or more, so that `Mr. Smith signs.` or `U.S.
/// forces withdraw.` keep their text.
fn run_in_heading(s: &str) -> Option<(String, String)> {
    if let Some(found) = dash_heading(s) {
        return Some(found);
    }
    let stop = s.find(". ")?;
    let (head, rest) = (&s[..stop], s[stop + 2..].trim_start());
    let words = head.split_whitespace().count();
    let long_word = has_long_word(head);
    // "Approved by Dr. Jones", "John A. Smith", "U.S. Senate": an abbreviation's stop.
    let last = head.split_whitespace().next_back().unwrap_or("");
    if last.chars().filter(|c| c.is_alphabetic()).count() <= 3 || last.contains('.') {
        return None;
    }
    let starts_sentence = rest.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“');
    ((1..=8).contains(&words) && long_word && starts_sentence && is_title_case(head))
        .then(|| (head.to_string(), rest.to_string()))
}

/// A bill's run-in heading, its stop followed by a dash (`In general.—A member ...`, or
/// `.--` as plain-text prints write it) → (`In general`, `A member ...`). The dash marks the
/// heading, so it may be in sentence case, and it may end the line (`(b) Membership.—`
/// over its paragraphs): the text is then empty.
fn dash_heading(s: &str) -> Option<(String, String)> {
    let (stop, len) = [".—", ".--"]
        .iter()
        .filter_map(|sep| s.find(sep).map(|at| (at, sep.len())))
        .min()?;
    let (head, rest) = (&s[..stop], s[stop + len..].trim_start());
    // A phrase, not sentences: no stop inside it.
    let words = head.split_whitespace().count();
    let phrase = (1..=12).contains(&words) && !head.contains(". ");
    (phrase && !head.starts_with(char::is_lowercase)).then(|| (head.to_string(), rest.to_string()))
}

/// Every word capitalised but the small ones: `Grant of Patent License`, `NATO Membership`.
fn is_title_case(s: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
        "to", "under", "upon", "with", "nor", "per", "via",
    ];
    let mut words = s.split_whitespace();
    let starts_upper = |w: &str| {
        w.trim_start_matches(|c: char| !c.is_alphanumeric())
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    };
    words.next().is_some_and(starts_upper)
        && words.all(|w| starts_upper(w) || SMALL.contains(&w.to_lowercase().as_str()))
}

/// A title-like line in capitals: `SECURITY`, `FINAL PROVISIONS`.
fn is_capitals_heading(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !s.chars().any(|c| c.is_lowercase()) && is_title_like(s)
}

/// An id for an unnumbered heading: `Exhibit A - "In the Source Code"` →
/// `exhibit-a-in-the-source-code`, at most 48 characters, cut between words.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if !out.is_empty() && out.chars().count() + 1 + word.chars().count() > 48 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    if out.is_empty() {
        // A heading of only punctuation, or one long word cut to nothing.
        out = s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(48)
            .collect::<String>()
            .to_lowercase();
    }
    if out.is_empty() {
        out = "section".into();
    }
    out
}

#[cfg(test)]
mod tests;
