//! Recognising the numbering marks that open a provision: `1.`, `1)`, `(1)`, `1 -`, `1.2.`,
//! `a)`, `(iv)`, `IV.`, `Article 5`, `Section 1.2`, `§ 3`, `Point 1`, and `-`/`*`/`•` bullets.
//!
//! This module only reads one line at a time. Whether a mark really opens a provision (or is
//! a number that happens to start a wrapped line) and where it sits in the outline is
//! decided by the parser in `mod.rs`, which knows the context.

/// How a label counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `1`, `2`, `3`
    Arabic,
    /// `1.2`, `1.2.3`: the number of parts is in [`Label::parts`].
    Decimal,
    /// `a`, `b`, `c`
    LowerAlpha,
    /// `A`, `B`, `C`
    UpperAlpha,
    /// `i`, `ii`, `iii`
    LowerRoman,
    /// `I`, `II`, `III`
    UpperRoman,
    /// `-`, `*`, `+`, `•`, `◦`, `▪`, `–`: no label at all.
    Bullet(char),
    /// `Article 5`, `§ 3`: the word decides the level, the label may be Arabic, decimal or
    /// Roman.
    Keyword(Keyword),
}

/// The words that introduce a numbered provision in statutes, treaties and plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// `TITLE VIII`: a bill's or a code's division, over its Parts and Sections.
    Title,
    Part,
    Chapter,
    Article,
    Amendment,
    Section,
    /// `§`, ranked with sections.
    Sign,
    Point,
    Clause,
    Paragraph,
}

impl Keyword {
    /// Outline rank: a keyword of lower rank contains those of higher rank (an Article
    /// holds Sections). Equal ranks are siblings (Article and Amendment, Section and §).
    pub fn rank(self) -> u8 {
        match self {
            Keyword::Title => 0,
            Keyword::Part => 1,
            Keyword::Chapter => 2,
            Keyword::Article | Keyword::Amendment => 3,
            Keyword::Section | Keyword::Sign | Keyword::Point => 4,
            Keyword::Clause | Keyword::Paragraph => 5,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Keyword::Title => "Title",
            Keyword::Part => "Part",
            Keyword::Chapter => "Chapter",
            Keyword::Article => "Article",
            Keyword::Amendment => "Amendment",
            Keyword::Section => "Section",
            Keyword::Sign => "§",
            Keyword::Point => "Point",
            Keyword::Clause => "Clause",
            Keyword::Paragraph => "Paragraph",
        }
    }
}

/// Spellings of the keywords, matched case-insensitively at the start of a line whose first
/// letter is a capital. Abbreviations carry their own full stop.
const KEYWORDS: &[(&str, Keyword)] = &[
    ("paragraph", Keyword::Paragraph),
    ("amendment", Keyword::Amendment),
    ("chapter", Keyword::Chapter),
    ("article", Keyword::Article),
    ("section", Keyword::Section),
    ("clause", Keyword::Clause),
    ("point", Keyword::Point),
    ("title", Keyword::Title),
    ("part", Keyword::Part),
    ("sect.", Keyword::Section),
    ("para.", Keyword::Paragraph),
    ("art.", Keyword::Article),
    ("sec.", Keyword::Section),
];

/// What follows the label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Delim {
    /// `1.`
    Period,
    /// `1)`
    Paren,
    /// `(1)`
    Parens,
    /// `1 -`, `1 –`, `1 —`
    Dash,
    /// Nothing: keywords (`Article 5`), bullets, and numbers in headings (`## 1 Scope`).
    None,
}

/// A marker's style: two markers of the same style at the same place in the outline are
/// siblings. Keywords and bullets ignore the punctuation (`Article 1.` and `Article 2:` are
/// one list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Style {
    pub kind: Kind,
    pub delim: Delim,
    /// Parts of a decimal label (`1.2.3` has 3); 1 otherwise.
    pub parts: usize,
}

impl Style {
    /// A short sample of the style for messages: `1.`, `(a)`, `1.1.`, `Article 1`, `§ 1`.
    pub fn sample(&self) -> String {
        let label = match self.kind {
            Kind::Arabic => "1".to_string(),
            Kind::Decimal => vec!["1"; self.parts].join("."),
            Kind::LowerAlpha => "a".into(),
            Kind::UpperAlpha => "A".into(),
            Kind::LowerRoman => "i".into(),
            Kind::UpperRoman => "I".into(),
            Kind::Bullet(c) => return format!("{c} bullet"),
            Kind::Keyword(k) => {
                let label = vec!["1"; self.parts].join(".");
                return format!("{} {label}", k.name());
            }
        };
        match self.delim {
            Delim::Period => format!("{label}."),
            Delim::Paren => format!("{label})"),
            Delim::Parens => format!("({label})"),
            Delim::Dash => format!("{label} -"),
            Delim::None => label,
        }
    }
}

/// A provision's number as printed, with what is needed to check the sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// As printed, without punctuation: `6`, `1.2`, `iv`, `B`, `12a`.
    pub text: String,
    /// The value of the last part (`1.2` → 2, `iv` → 4, `c` → 3, `12a` → 12); 0 for bullets.
    pub value: u32,
    /// `1.2.3` → `1.2`; empty for single-part labels.
    pub prefix: String,
    /// True for inserted provisions such as `12a`, which may follow `12` without a skip.
    pub suffixed: bool,
}

/// One recognised marker at the start of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    pub style: Style,
    pub label: Label,
    /// A single letter that is also a Roman numeral (`i`, `v`, `x`, `c`, `I`, `V`...) is
    /// read as a letter; this is the Roman reading, for the parser to prefer in context.
    pub roman_alternative: Option<(Style, Label)>,
    /// The marker as written (`Article. I.`, `(a)`, `**1.1.**` without the asterisks).
    pub written: String,
    /// Byte offset in the recognised line where the text after the marker starts.
    pub rest_at: usize,
}

/// Where a line comes from changes what counts as a marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// An ordinary line.
    Line,
    /// The text of a Markdown heading: a bare number (`## 1 Scope`) counts too.
    Heading,
}

/// Recognises a marker at the start of `line` (already stripped of indentation).
pub fn recognise(line: &str, context: Context) -> Option<Marker> {
    bullet(line)
        .or_else(|| keyword(line))
        .or_else(|| parenthesised(line))
        .or_else(|| delimited(line, context))
}

fn bullet(line: &str) -> Option<Marker> {
    let mut chars = line.chars();
    let c = chars.next()?;
    // `o` is the bullet of RFCs and of licences typed on a typewriter.
    if !matches!(c, '-' | '*' | '+' | '•' | '◦' | '▪' | '‣' | '–' | 'o') {
        return None;
    }
    let after = chars.as_str();
    if !after.starts_with(char::is_whitespace) || after.trim().is_empty() {
        return None;
    }
    let rest_at = line.len() - after.trim_start().len();
    Some(Marker {
        style: Style {
            kind: Kind::Bullet(c),
            delim: Delim::None,
            parts: 1,
        },
        label: Label {
            text: String::new(),
            value: 0,
            prefix: String::new(),
            suffixed: false,
        },
        roman_alternative: None,
        written: c.to_string(),
        rest_at,
    })
}

/// `Article 5`, `Article. I.`, `Section 1.2:`, `§ 3`, `§3a`, `Point 1 -`, `Art. 5`.
fn keyword(line: &str) -> Option<Marker> {
    let (word, after) = if let Some(after) = line.strip_prefix('§') {
        (Keyword::Sign, after.trim_start())
    } else {
        // Only a capitalised word: "section 5 of the Act" wrapped onto a new line is prose.
        if !line.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        let lower = line
            .get(..12.min(line.len()))
            .unwrap_or(line)
            .to_lowercase();
        let (spelling, word) = KEYWORDS
            .iter()
            .find(|(spelling, _)| lower.starts_with(spelling))?;
        let after = &line[spelling.len()..];
        // "Article. I." in the National Archives transcription: a stop after the word.
        let after = after.strip_prefix('.').unwrap_or(after);
        if !after.starts_with(char::is_whitespace) {
            return None;
        }
        (*word, after.trim_start())
    };
    let (label, label_len) = keyword_label(after)?;
    let mut rest = &after[label_len..];
    let mut delimited = rest.is_empty();
    for delim in [".", ":", ")"] {
        if let Some(r) = rest.strip_prefix(delim) {
            if r.is_empty() || r.starts_with(char::is_whitespace) {
                rest = r;
                delimited = true;
                break;
            }
        }
    }
    // "TITLE VIII—RESPONSIBLE ...": bills glue an em dash to the number.
    if !delimited {
        if let Some(r) = rest.strip_prefix('—') {
            rest = r;
            delimited = true;
        }
    }
    let trimmed = rest.trim_start();
    if !delimited {
        if let Some(r) = strip_dash(rest) {
            rest = r;
            delimited = true;
        }
    }
    let trimmed_after_dash = rest.trim_start();
    if !delimited {
        // "Article 1 Scope" (a heading) but not "Section 5 of this Act" (prose).
        if !rest.starts_with(char::is_whitespace) || !starts_like_heading(trimmed) {
            return None;
        }
    }
    let rest_at = line.len() - trimmed_after_dash.len();
    // "Section 1.2" is a sub-section of "Section 1", not its sibling.
    let parts = label.text.split('.').count();
    Some(Marker {
        style: Style {
            kind: Kind::Keyword(word),
            delim: Delim::None,
            parts,
        },
        label,
        roman_alternative: None,
        written: line[..rest_at].trim_end().to_string(),
        rest_at,
    })
}

/// The label after a keyword: `12`, `12a`, `1.2`, `IV`, `iv`.
fn keyword_label(s: &str) -> Option<(Label, usize)> {
    if let Some((label, len)) = decimal_or_arabic(s) {
        // An inserted provision: "Article 12a".
        let after = &s[len..];
        if let Some(c) = after.chars().next().filter(|c| c.is_ascii_lowercase()) {
            let tail = &after[1..];
            if label.prefix.is_empty()
                && (tail.is_empty() || !tail.starts_with(char::is_alphanumeric))
            {
                let text = format!("{}{c}", label.text);
                let label = Label {
                    text,
                    suffixed: true,
                    ..label
                };
                return Some((label, len + 1));
            }
        }
        if after.starts_with(char::is_alphanumeric) {
            return None;
        }
        return Some((label, len));
    }
    let len = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    let word = &s[..len];
    let value = roman_value(word)?;
    Some((
        Label {
            text: word.to_string(),
            value,
            prefix: String::new(),
            suffixed: false,
        },
        len,
    ))
}

/// `(1)`, `(a)`, `(iv)`, `(B)`.
fn parenthesised(line: &str) -> Option<Marker> {
    let inner_and_rest = line.strip_prefix('(')?;
    let close = inner_and_rest.find(')')?;
    let inner = &inner_and_rest[..close];
    let after = &inner_and_rest[close + 1..];
    // `(a)in defence of ...`: converters drop the space; a short label and a letter after
    // it are still a marker.
    // Not `(s)he`, nor `(s)` after a word wrapped onto the line.
    let glued =
        close <= 4 && after.starts_with(char::is_alphabetic) && !inner.eq_ignore_ascii_case("s");
    if !(after.is_empty() || after.starts_with(char::is_whitespace) || glued) {
        return None;
    }
    let rest_at = line.len() - after.trim_start().len();
    let written = line[..close + 2].to_string();
    simple_label(inner, Delim::Parens, written, rest_at)
}

/// `1.To maintain ...`: a number and its full stop with the text glued on, as some
/// converters write them. Only digits and a capital after the stop, so that `e.g.`, `A.B.`
/// and `1.5` stay text.
fn glued_number(line: &str) -> Option<Marker> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = line[digits..].strip_prefix('.')?;
    // A capital then a small letter: `1.To`, not an outline label `3.A` or `3.B`.
    let mut chars = rest.chars();
    let word = chars.next().is_some_and(char::is_uppercase)
        && chars.next().is_some_and(char::is_lowercase);
    if !(1..=3).contains(&digits) || !word {
        return None;
    }
    simple_label(
        &line[..digits],
        Delim::Period,
        line[..=digits].to_string(),
        digits + 1,
    )
}

/// `1.`, `1)`, `1 -`, `1.2.`, `1.2`, `a)`, `a.`, `IV.`, and in headings a bare `1` or `IV`.
fn delimited(line: &str, context: Context) -> Option<Marker> {
    if let Some(m) = glued_number(line) {
        return Some(m);
    }
    let len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(line.len());
    // The label ends before its delimiter: "1." → "1" + ".", "1.2." → "1.2" + ".".
    let head = &line[..len];
    let after_head = &line[len..];
    let (label_text, delim, after) = if let Some(label) = head.strip_suffix('.') {
        (label, Delim::Period, after_head)
    } else if let Some(after) = after_head.strip_prefix(')') {
        (head, Delim::Paren, after)
    } else if let Some(after) = strip_dash(after_head) {
        (head, Delim::Dash, after)
    } else {
        (head, Delim::None, after_head)
    };
    // `f)make any request`: converters drop the space after a short label's parenthesis;
    // a small letter after it still starts the text.
    let glued =
        delim == Delim::Paren && label_text.len() <= 3 && after.starts_with(char::is_lowercase);
    if label_text.is_empty()
        || !(after.is_empty() || after.starts_with(char::is_whitespace) || glued)
    {
        return None;
    }
    let rest = after.trim_start();
    let rest_at = line.len() - rest.len();
    let written = line[..rest_at].trim_end().to_string();
    // Decimals: "1.1", "1.2.3", with or without a final stop.
    if label_text.contains('.') {
        let (label, used) = decimal_or_arabic(label_text)?;
        if used != label_text.len() || label.prefix.is_empty() {
            return None;
        }
        // Without a stop, "2.5 million people" would be a marker: ask for a capital.
        if delim == Delim::None && !starts_like_heading(rest) {
            return None;
        }
        let parts = label.text.split('.').count();
        return Some(Marker {
            style: Style {
                kind: Kind::Decimal,
                delim,
                parts,
            },
            label,
            roman_alternative: None,
            written,
            rest_at,
        });
    }
    if delim == Delim::None {
        // A bare number opens a provision only in a heading ("## 1 Scope", "## IV Trade").
        // A lone letter is a number only when a title follows: "## I Scope", not "## C".
        let is_number = label_text.bytes().all(|b| b.is_ascii_digit())
            || roman_value(label_text).is_some()
                && (label_text.len() > 1 || (!rest.is_empty() && "IVX".contains(label_text)));
        if context != Context::Heading
            || !is_number
            || !(rest.is_empty() || starts_like_heading(rest))
        {
            return None;
        }
    }
    simple_label(label_text, delim, written, rest_at)
}

/// Arabic (1-3 digits), one letter, or a Roman numeral, as a marker of the given delimiter.
fn simple_label(inner: &str, delim: Delim, written: String, rest_at: usize) -> Option<Marker> {
    let style = |kind| Style {
        kind,
        delim,
        parts: 1,
    };
    let label = |value| Label {
        text: inner.to_string(),
        value,
        prefix: String::new(),
        suffixed: false,
    };
    if !inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit()) {
        let value = inner.parse().ok()?;
        return Some(Marker {
            style: style(Kind::Arabic),
            label: label(value),
            roman_alternative: None,
            written,
            rest_at,
        });
    }
    let mut chars = inner.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_alphabetic() {
            let lower = c.is_ascii_lowercase();
            let value = u32::from(c.to_ascii_lowercase() as u8 - b'a' + 1);
            let kind = if lower {
                Kind::LowerAlpha
            } else {
                Kind::UpperAlpha
            };
            let roman_alternative = roman_value(inner).map(|v| {
                let kind = if lower {
                    Kind::LowerRoman
                } else {
                    Kind::UpperRoman
                };
                (style(kind), label(v))
            });
            return Some(Marker {
                style: style(kind),
                label: label(value),
                roman_alternative,
                written,
                rest_at,
            });
        }
        return None;
    }
    let value = roman_value(inner)?;
    let kind = if inner.chars().all(|c| c.is_ascii_uppercase()) {
        Kind::UpperRoman
    } else {
        Kind::LowerRoman
    };
    Some(Marker {
        style: style(kind),
        label: label(value),
        roman_alternative: None,
        written,
        rest_at,
    })
}

/// `12` or `1.2.3` at the start of `s` (parts of 1-3 digits), and how many bytes it uses.
fn decimal_or_arabic(s: &str) -> Option<(Label, usize)> {
    let mut parts: Vec<&str> = Vec::new();
    let mut used = 0;
    loop {
        let digits = s[used..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(s.len() - used);
        if digits == 0 || digits > 3 {
            break;
        }
        parts.push(&s[used..used + digits]);
        used += digits;
        // Another part only if a digit follows the dot: "1.2" continues, "1." ends.
        let next = &s[used..];
        if next.starts_with('.') && next[1..].starts_with(|c: char| c.is_ascii_digit()) {
            used += 1;
        } else {
            break;
        }
    }
    if parts.is_empty() {
        return None;
    }
    // "1.2345" is a decimal fraction or a typo, not a provision number.
    if s[used..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let text = parts.join(".");
    let value = parts.last()?.parse().ok()?;
    let prefix = parts[..parts.len() - 1].join(".");
    Some((
        Label {
            text,
            value,
            prefix,
            suffixed: false,
        },
        used,
    ))
}

/// ` - rest`, ` – rest`, ` — rest`: a dash between spaces.
fn strip_dash(s: &str) -> Option<&str> {
    let t = s.strip_prefix(char::is_whitespace)?.trim_start();
    let t = t
        .strip_prefix('-')
        .or_else(|| t.strip_prefix('–'))
        .or_else(|| t.strip_prefix('—'))?;
    (t.is_empty() || t.starts_with(char::is_whitespace)).then_some(t)
}

/// The marker that follows `m` in its list, written in the same way: `(2)` after `(1)`,
/// `b)` after `a)`, `(iv)` after `(iii)`. None for keywords, decimals and bullets.
pub fn next_written(m: &Marker) -> Option<String> {
    let value = m.label.value + 1;
    let label = match m.style.kind {
        Kind::Arabic => value.to_string(),
        Kind::LowerAlpha if value <= 26 => char::from(b'a' + (value - 1) as u8).to_string(),
        Kind::UpperAlpha if value <= 26 => char::from(b'A' + (value - 1) as u8).to_string(),
        Kind::LowerRoman => to_roman(value).to_lowercase(),
        Kind::UpperRoman => to_roman(value),
        _ => return None,
    };
    Some(match m.style.delim {
        Delim::Period => format!("{label}."),
        Delim::Paren => format!("{label})"),
        Delim::Parens => format!("({label})"),
        Delim::Dash | Delim::None => return None,
    })
}

/// Text that can follow an undelimited number in a heading: a capital, a digit, a quote or
/// a bracket, not a lowercase word that shows the number belongs to a sentence.
pub fn starts_like_heading(s: &str) -> bool {
    // `++Name++` is how some Markdown underlines a heading (`Section 3.8 ++Name.++`).
    s.starts_with("++")
        || s.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'“‘([«*_".contains(c))
}

/// The value of a Roman numeral written in the usual subtractive form, in one case, up
/// to 3999; `None` for anything else (so `ic` or `IIII` are not numerals).
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty()
        || !(s.chars().all(|c| "IVXLCDM".contains(c)) || s.chars().all(|c| "ivxlcdm".contains(c)))
    {
        return None;
    }
    let digit = |c: char| match c.to_ascii_uppercase() {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => 0,
    };
    let chars: Vec<u32> = s.chars().map(digit).collect();
    let mut value = 0;
    for (i, &d) in chars.iter().enumerate() {
        match chars.get(i + 1) {
            Some(&next) if next > d => value -= d as i64,
            _ => value += d as i64,
        }
    }
    let value = u32::try_from(value)
        .ok()
        .filter(|v| (1..4000).contains(v))?;
    // Only the canonical spelling: rejects "IIII", "VX", "IC".
    (to_roman(value).eq_ignore_ascii_case(s)).then_some(value)
}

pub(crate) fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Letters for unnumbered sub-items (bullets): a, b, ..., z, aa, ab, ...
pub fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(line: &str) -> Option<(String, String, String)> {
        recognise(line, Context::Line).map(|m| {
            (
                m.style.sample(),
                m.label.text.clone(),
                line[m.rest_at..].to_string(),
            )
        })
    }

    #[test]
    fn recognised_styles() {
        let s = |a: &str, b: &str, c: &str| Some((a.to_string(), b.to_string(), c.to_string()));
        for (line, expected) in [
            (
                "1. Ukraine's sovereignty",
                s("1.", "1", "Ukraine's sovereignty"),
            ),
            ("12) text", s("1)", "12", "text")),
            ("(3) text", s("(1)", "3", "text")),
            ("4 - text", s("1 -", "4", "text")),
            ("4 – text", s("1 -", "4", "text")),
            ("1.2. text", s("1.1.", "1.2", "text")),
            ("1.2 Text", s("1.1", "1.2", "Text")),
            ("1.2.3) text", s("1.1.1)", "1.2.3", "text")),
            ("a) text", s("a)", "a", "text")),
            ("(b) text", s("(a)", "b", "text")),
            ("B. Text", s("A.", "B", "Text")),
            ("(iv) text", s("(i)", "iv", "text")),
            ("XII. Text", s("I.", "XII", "Text")),
            ("IV - Text", s("I -", "IV", "Text")),
            ("Article 5", s("Article 1", "5", "")),
            ("Article. I.", s("Article 1", "I", "")),
            ("ARTICLE IV: Trade", s("Article 1", "IV", "Trade")),
            ("Section 1.2 Scope", s("Section 1.1", "1.2", "Scope")),
            ("Section. 2.", s("Section 1", "2", "")),
            ("Sec. 3. The", s("Section 1", "3", "The")),
            ("§ 3. Text", s("§ 1", "3", "Text")),
            ("§3a Text", s("§ 1", "3a", "Text")),
            ("Point 1: text", s("Point 1", "1", "text")),
            ("Point 7 - text", s("Point 1", "7", "text")),
            ("Article 12a", s("Article 1", "12a", "")),
            (
                "TITLE VIII—COORDINATION",
                s("Title 1", "VIII", "COORDINATION"),
            ),
            ("f)make any request", s("a)", "f", "make any request")),
            ("- item", s("- bullet", "", "item")),
            ("* item", s("* bullet", "", "item")),
            ("• item", s("• bullet", "", "item")),
            ("1.", s("1.", "1", "")),
        ] {
            assert_eq!(sample(line), expected, "{line:?}");
        }
    }

    #[test]
    fn prose_is_not_numbering() {
        for line in [
            "2025 was a year",
            "2014. Since then",
            "600,000 troops",
            "2.5 million people",
            "1.5% of GDP",
            "e.g. this",
            "U.S. troops",
            "Section 5 of this Act",
            "section 5. The",
            "Articles of Confederation",
            "Part of the deal",
            "**bold** text",
            "-5 degrees",
            "- ",
            "---",
            "(see below) text",
            "(ab) text",
            "IIII. text",
            "1234. text",
            "Geo. Washington",
        ] {
            assert_eq!(sample(line), None, "{line:?}");
        }
    }

    #[test]
    fn headings_allow_bare_numbers() {
        let m = recognise("1 Scope", Context::Heading).unwrap();
        assert_eq!(m.label.text, "1");
        assert_eq!(m.style.delim, Delim::None);
        assert!(recognise("1 Scope", Context::Line).is_none());
        assert!(recognise("10 things to know", Context::Heading).is_none());
        assert_eq!(
            recognise("IV Trade", Context::Heading).unwrap().label.value,
            4
        );
        assert!(recognise("I Scope", Context::Heading).is_some());
        assert!(recognise("C", Context::Heading).is_none());
        assert!(recognise("D Day", Context::Heading).is_none());
    }

    #[test]
    fn single_letter_romans_have_an_alternative() {
        let m = recognise("(i) text", Context::Line).unwrap();
        assert_eq!(m.style.kind, Kind::LowerAlpha);
        let (style, label) = m.roman_alternative.unwrap();
        assert_eq!((style.kind, label.value), (Kind::LowerRoman, 1));
        assert!(recognise("(b) text", Context::Line)
            .unwrap()
            .roman_alternative
            .is_none());
    }

    #[test]
    fn roman_values() {
        for (s, v) in [
            ("i", Some(1)),
            ("IV", Some(4)),
            ("xiv", Some(14)),
            ("MCMXCIX", Some(1999)),
        ] {
            assert_eq!(roman_value(s), v, "{s}");
        }
        for s in ["IIII", "VX", "IC", "Iv", "", "abc"] {
            assert_eq!(roman_value(s), None, "{s}");
        }
    }

    #[test]
    fn bullet_letters() {
        assert_eq!(letters(0), "a");
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
        assert_eq!(letters(27), "ab");
    }
}
