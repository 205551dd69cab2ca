//! Word files (`.docx`): the text of each paragraph, with Word's automatic numbering
//! written out, as the text importer reads plain text.
//!
//! A `.docx` is a zip of XML parts (ECMA-376). The numbers a reader sees in front of a
//! numbered paragraph are not in its text: the paragraph names a list (`w:numId`) and a
//! level (`w:ilvl`), directly or through its style, and `word/numbering.xml` says how each
//! level counts (`decimal`, `lowerLetter`, `lowerRoman`, ...), where it starts and how its
//! label is written (`%1.`, `(%2)`, `%1.%2.`). We count as Word does: per list, a level's
//! counter goes up with each of its paragraphs and the deeper levels start again. Heading
//! styles become Markdown headings (`Title` a `# Title`, `Heading 1` a `##`), so the text
//! importer nests them as it nests Markdown. Deleted text of tracked changes and field
//! codes are left out; inserted text is kept.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::Converted;
use quick_xml::Reader;

/// Parts larger than this, once uncompressed, are refused: a zip bomb is small on disk.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a `.docx` file's bytes. The error says what is wrong with the file, in words.
pub fn to_text(bytes: &[u8]) -> Result<Converted, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a Word document (.docx): cannot open it as a zip ({e})"))?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or("not a Word document (.docx): it has no word/document.xml")?;
    let styles = match part(&mut zip, "word/styles.xml")? {
        Some(xml) => read_styles(&xml)?,
        None => HashMap::new(),
    };
    let lists = match part(&mut zip, "word/numbering.xml")? {
        Some(xml) => read_numbering(&xml)?,
        None => Lists::default(),
    };
    let paragraphs = read_paragraphs(&document)?;
    Ok(write_out(&paragraphs, &styles, &lists))
}

/// One part of the zip, as text, or None when the document has no such part.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, String> {
    let mut file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read {name} in the Word document: {e}")),
    };
    if file.size() > MAX_PART_BYTES {
        return Err(format!(
            "{name} in the Word document is {} bytes uncompressed, over the limit of \
             {MAX_PART_BYTES}",
            file.size()
        ));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name} in the Word document: {e}"))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("{name} in the Word document is not UTF-8"))
}

// ---------------------------------------------------------------------------------------
// Styles: which are headings, and which carry a list.

#[derive(Debug, Clone, Default)]
struct StyleInfo {
    /// 0 for `Title`, 1 for `Heading 1`, ...
    heading: Option<u8>,
    list: ListRef,
    based_on: Option<String>,
}

/// A paragraph's place in a list, as far as it or its style says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ListRef {
    num: Option<u32>,
    level: Option<u8>,
}

impl ListRef {
    fn or(self, other: ListRef) -> ListRef {
        ListRef {
            num: self.num.or(other.num),
            level: self.level.or(other.level),
        }
    }
}

fn read_styles(xml: &str) -> Result<HashMap<String, StyleInfo>, String> {
    let mut styles = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, StyleInfo)> = None;
    loop {
        match reader.read_event().map_err(|e| xml_error("styles", e))? {
            Event::Start(e) | Event::Empty(e) => match local(&e) {
                b"style" => current = attr(&e, b"w:styleId").map(|id| (id, StyleInfo::default())),
                b"name" => {
                    if let Some((_, info)) = &mut current {
                        info.heading = attr(&e, b"w:val").and_then(|n| heading_of_name(&n));
                    }
                }
                b"basedOn" => {
                    if let Some((_, info)) = &mut current {
                        info.based_on = attr(&e, b"w:val");
                    }
                }
                b"outlineLvl" => {
                    if let Some((_, info)) = &mut current {
                        let level = attr(&e, b"w:val").and_then(|v| v.parse::<u8>().ok());
                        info.heading = info.heading.or(level.filter(|l| *l < 9).map(|l| l + 1));
                    }
                }
                b"numId" => {
                    if let Some((_, info)) = &mut current {
                        info.list.num = attr(&e, b"w:val").and_then(|v| v.parse().ok());
                    }
                }
                b"ilvl" => {
                    if let Some((_, info)) = &mut current {
                        info.list.level = attr(&e, b"w:val").and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"style" => {
                if let Some((id, info)) = current.take() {
                    styles.insert(id, info);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(styles)
}

/// `Title` → 0, `heading 2` → 2 (Word's built-in names, whatever the display language).
fn heading_of_name(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    if lower == "title" {
        return Some(0);
    }
    let level: u8 = lower.strip_prefix("heading ")?.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

/// A style's heading level and list, following `basedOn` (at most 16 steps: a loop in a
/// broken file ends there).
fn style_of(styles: &HashMap<String, StyleInfo>, id: &str) -> (Option<u8>, ListRef) {
    let (mut heading, mut list) = (None, ListRef::default());
    let mut next = Some(id.to_string());
    for _ in 0..16 {
        let Some(info) = next.as_ref().and_then(|id| styles.get(id)) else {
            break;
        };
        heading = heading.or(info.heading);
        list = list.or(info.list);
        next = info.based_on.clone();
    }
    (heading, list)
}

// ---------------------------------------------------------------------------------------
// Numbering: how each level of each list counts and is written.

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Debug, Clone, Default)]
struct Lists {
    /// Abstract list definitions by id: their levels by `ilvl`.
    abstracts: HashMap<u32, HashMap<u8, Level>>,
    /// List instances (`w:numId`): their abstract definition and start overrides.
    nums: HashMap<u32, (u32, HashMap<u8, u32>)>,
}

impl Lists {
    fn level(&self, num: u32, level: u8) -> Option<Level> {
        let (abstract_id, overrides) = self.nums.get(&num)?;
        let mut found = self.abstracts.get(abstract_id)?.get(&level)?.clone();
        if let Some(&start) = overrides.get(&level) {
            found.start = start;
        }
        Some(found)
    }
}

fn read_numbering(xml: &str) -> Result<Lists, String> {
    let mut lists = Lists::default();
    let mut reader = Reader::from_str(xml);
    let mut abstract_id: Option<u32> = None;
    let mut num: Option<(u32, u32, HashMap<u8, u32>)> = None;
    let mut level: Option<(u8, Level)> = None;
    let mut override_level: Option<u8> = None;
    let number = |e: &BytesStart, name: &[u8]| attr(e, name).and_then(|v| v.parse::<u32>().ok());
    loop {
        match reader.read_event().map_err(|e| xml_error("numbering", e))? {
            Event::Start(e) | Event::Empty(e) => match local(&e) {
                b"abstractNum" => abstract_id = number(&e, b"w:abstractNumId"),
                b"lvl" if num.is_none() => {
                    level = number(&e, b"w:ilvl").map(|l| {
                        (
                            l as u8,
                            Level {
                                start: 1,
                                ..Level::default()
                            },
                        )
                    });
                }
                b"lvlOverride" => override_level = number(&e, b"w:ilvl").map(|l| l as u8),
                b"start" => {
                    if let Some((_, lvl)) = &mut level {
                        lvl.start = number(&e, b"w:val").unwrap_or(1);
                    }
                }
                b"startOverride" => {
                    if let (Some((_, _, overrides)), Some(l)) = (&mut num, override_level) {
                        overrides.insert(l, number(&e, b"w:val").unwrap_or(1));
                    }
                }
                b"numFmt" => {
                    if let Some((_, lvl)) = &mut level {
                        lvl.format = attr(&e, b"w:val").unwrap_or_default();
                    }
                }
                b"lvlText" => {
                    if let Some((_, lvl)) = &mut level {
                        lvl.text = attr(&e, b"w:val").unwrap_or_default();
                    }
                }
                b"num" => num = number(&e, b"w:numId").map(|id| (id, 0, HashMap::new())),
                b"abstractNumId" => {
                    if let Some((_, a, _)) = &mut num {
                        *a = number(&e, b"w:val").unwrap_or(0);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"lvl" => {
                    if let (Some(a), Some((l, lvl))) = (abstract_id, level.take()) {
                        lists.abstracts.entry(a).or_default().insert(l, lvl);
                    }
                }
                b"abstractNum" => abstract_id = None,
                b"lvlOverride" => override_level = None,
                b"num" => {
                    if let Some((id, a, overrides)) = num.take() {
                        lists.nums.insert(id, (a, overrides));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(lists)
}

/// `n` as a level of `format` writes it: `3`, `c`, `C`, `iii`, `III`; formats we do not
/// spell (`ordinal`, `cardinalText`, full-width digits, ...) as decimals, so the number
/// is still there.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => super::numbering::to_roman(n).to_lowercase(),
        "upperRoman" => super::numbering::to_roman(n),
        _ => n.to_string(),
    }
}

/// `1` → `A`, `26` → `Z`, `27` → `AA` (Word doubles the letter).
fn letters(n: u32) -> String {
    let n = n.max(1);
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

// ---------------------------------------------------------------------------------------
// Paragraphs.

#[derive(Debug, Clone, Default)]
struct Paragraph {
    style: Option<String>,
    list: ListRef,
    outline: Option<u8>,
    text: String,
}

fn read_paragraphs(xml: &str) -> Result<Vec<Paragraph>, String> {
    let mut out = Vec::new();
    let mut reader = Reader::from_str(xml);
    // Open paragraphs, innermost last: a text box's paragraphs sit inside the paragraph
    // that anchors it, whose own text goes on after the box.
    let mut open: Vec<Paragraph> = Vec::new();
    // Depth inside elements whose text is not the document's.
    let mut hidden = 0usize;
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|e| xml_error("document", e))? {
            Event::Start(e) => {
                match local(&e) {
                    b"p" => open.push(Paragraph::default()),
                    name if is_hidden(name) => hidden += 1,
                    b"t" => in_text = true,
                    _ => {}
                }
                properties(&e, open.last_mut());
            }
            Event::Empty(e) => {
                match local(&e) {
                    b"p" if hidden == 0 => out.push(Paragraph::default()),
                    b"tab" | b"br" | b"cr" if hidden == 0 => {
                        open.last_mut().into_iter().for_each(|p| p.text.push(' '))
                    }
                    b"noBreakHyphen" if hidden == 0 => {
                        open.last_mut().into_iter().for_each(|p| p.text.push('-'))
                    }
                    _ => {}
                }
                properties(&e, open.last_mut());
            }
            Event::Text(t) if in_text && hidden == 0 => {
                if let Some(p) = open.last_mut() {
                    p.text
                        .push_str(&t.decode().map_err(|e| xml_error("document", e))?);
                }
            }
            Event::GeneralRef(r) if in_text && hidden == 0 => {
                if let Some(p) = open.last_mut() {
                    p.text.push_str(&entity(&r)?);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => {
                    if let Some(p) = open.pop().filter(|_| hidden == 0) {
                        out.push(p);
                    }
                }
                name if is_hidden(name) => hidden = hidden.saturating_sub(1),
                b"t" => in_text = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Deleted and moved-away text of tracked changes, field codes, and the fallback copy of a
/// text box (its `mc:Choice` copy is read): not the document's text.
fn is_hidden(name: &[u8]) -> bool {
    matches!(
        name,
        b"del" | b"moveFrom" | b"instrText" | b"delText" | b"Fallback"
    )
}

/// Records what a paragraph's properties say: its style, list and outline level.
fn properties(e: &BytesStart, paragraph: Option<&mut Paragraph>) {
    let Some(p) = paragraph else {
        return;
    };
    match local(e) {
        b"pStyle" => p.style = attr(e, b"w:val"),
        b"numId" => p.list.num = attr(e, b"w:val").and_then(|v| v.parse().ok()),
        b"ilvl" => p.list.level = attr(e, b"w:val").and_then(|v| v.parse().ok()),
        b"outlineLvl" => p.outline = attr(e, b"w:val").and_then(|v| v.parse().ok()),
        _ => {}
    }
}

/// `&amp;`, `&#8212;`: the character an entity reference in a text stands for.
fn entity(r: &quick_xml::events::BytesRef) -> Result<String, String> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| xml_error("document", e))? {
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|e| xml_error("document", e))?;
    Ok(match name.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        other => return Err(format!("unknown entity &{other}; in the Word document")),
    }
    .to_string())
}

/// The text the importer reads: one paragraph after another with a blank line between,
/// headings as Markdown headings, numbered paragraphs with their numbers as Word shows
/// them, indented by level.
fn write_out(
    paragraphs: &[Paragraph],
    styles: &HashMap<String, StyleInfo>,
    lists: &Lists,
) -> Converted {
    let mut text = String::new();
    let mut places = Vec::new();
    let mut counters = Counters::default();
    for (i, p) in paragraphs.iter().enumerate() {
        let words = crate::text::collapse_whitespace(&p.text);
        let (style_heading, style_list) = p
            .style
            .as_deref()
            .map_or((None, ListRef::default()), |s| style_of(styles, s));
        let list = p.list.or(style_list);
        // An empty numbered paragraph still shows its number, and counts.
        let marker = match list.num {
            Some(num) if num != 0 => {
                number(lists, &mut counters, num, list.level.unwrap_or(0).min(8))
            }
            _ => None,
        };
        if words.is_empty() {
            continue;
        }
        let heading = style_heading.or(p.outline.filter(|l| *l < 9).map(|l| l + 1));
        let line = match (heading, marker) {
            (Some(level), marker) => {
                let marker = marker.map(|(m, _)| format!("{m} ")).unwrap_or_default();
                // Markdown has six levels of headings: Heading 6 to 9 share the last.
                let hashes = (usize::from(level) + 1).min(6);
                format!("{} {marker}{words}", "#".repeat(hashes))
            }
            (None, Some((marker, level))) => {
                format!("{}{marker} {words}", "    ".repeat(usize::from(level)))
            }
            (None, None) => words,
        };
        if !text.is_empty() {
            text.push_str("\n\n");
            places.push(i + 1);
        }
        text.push_str(&line);
        places.push(i + 1);
    }
    text.push('\n');
    Converted {
        text,
        places,
        unit: "paragraph",
    }
}

/// Word's list counters: one set per abstract list definition, shared by every list
/// instance (`w:num`) that uses it; an instance's start override restarts them where that
/// instance is first used.
#[derive(Default)]
struct Counters {
    by_abstract: HashMap<u32, [Option<u32>; 9]>,
    seen: std::collections::HashSet<u32>,
}

/// Word stores starts as 16-bit values; a larger one is a damaged file.
const MAX_START: u32 = 32_767;

/// The label Word shows for the next paragraph at `level` of list `num`, and the level;
/// None for a bullet or a level that shows no number. Deeper levels start again after it.
fn number(lists: &Lists, counters: &mut Counters, num: u32, level: u8) -> Option<(String, u8)> {
    let def = lists.level(num, level)?;
    let (abstract_id, overrides) = lists.nums.get(&num)?;
    let counts = counters
        .by_abstract
        .entry(*abstract_id)
        .or_insert([None; 9]);
    if counters.seen.insert(num) {
        for (&l, &start) in overrides {
            if let Some(c) = counts.get_mut(usize::from(l)) {
                *c = Some(start.min(MAX_START).saturating_sub(1));
            }
        }
    }
    let l = usize::from(level);
    counts[l] = Some(counts[l].map_or(def.start.min(MAX_START), |c| {
        c.saturating_add(1).min(MAX_START)
    }));
    for deeper in counts.iter_mut().skip(l + 1) {
        *deeper = None;
    }
    match def.format.as_str() {
        "bullet" => return Some(("-".to_string(), level)),
        "none" => return None,
        _ => {}
    }
    let mut label = def.text.clone();
    for k in (0..=l).rev() {
        let placeholder = format!("%{}", k + 1);
        if !label.contains(&placeholder) {
            continue;
        }
        let outer = lists.level(num, k as u8)?;
        let value = counts[k].unwrap_or(outer.start.min(MAX_START));
        label = label.replace(&placeholder, &format_number(value, &outer.format));
    }
    let label = label.trim().to_string();
    // `%1` alone (a tab after it in Word): written `1.` so that the text reads as a list.
    let label = if label.ends_with(|c: char| c.is_alphanumeric()) && !label.contains('.') {
        format!("{label}.")
    } else {
        label
    };
    (!label.is_empty()).then_some((label, level))
}

fn local<'a>(e: &'a BytesStart) -> &'a [u8] {
    let name = e.name().into_inner();
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, e.decoder())
        .ok()
        .map(|v| v.into_owned())
}

fn xml_error(part: &str, e: impl std::fmt::Display) -> String {
    format!("the Word document's {part} part is not well-formed XML: {e}")
}

#[cfg(test)]
mod tests;
