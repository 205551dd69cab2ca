//! A fast reader for the plain shape nearly every draft has: block mappings and sequences
//! indented with spaces, keys from the draft format, values that are quoted or plain
//! scalars on one line (double-quoted ones with the escapes `draftdiff import` writes),
//! literal or folded blocks (`|`, `|-`, `>-`, ...) for texts, titles and bare provisions,
//! and one-line flow lists of tags. It reads such a file as serde-saphyr would,
//! without events or a deserializer in between: a fraction of the work on a large draft
//! (serde-saphyr spends about 110 instructions per byte).
//!
//! It is only a shortcut, and it declines rather than guesses. Anything it does not fully
//! understand makes it return `None`, and serde-saphyr reads the file: anchors, aliases,
//! tags, merge keys, other escapes, multi-line plain or quoted scalars, flow mappings, block
//! scalars with an indentation indicator, tabs, control characters, non-characters, a
//! byte-order mark or Unicode line separators inside the text, unknown or repeated keys,
//! `null` where a string is needed, a bare item that YAML could read as a number or a
//! boolean (the loader refuses those), `---` or `...`, directives, nesting deeper than
//! the format allows. The loader also hands serde-saphyr every draft the validator finds
//! a problem in, so every message comes from serde-saphyr's reading. The equivalence
//! tests (tests/load_fast.rs) and the `load_fast` fuzz target check that both readers
//! give the same draft, line numbers included, wherever this one answers.

use super::{max_provisions, Fields, Item, Located, Parsed, MAX_PROVISION_DEPTH};

/// Reads `text` if it has the plain shape, or returns `None`.
pub(super) fn read(text: &str) -> Option<Parsed> {
    // Offsets fit in 32 bits (the loader refuses files over 64 MiB before reading them).
    if u32::try_from(text.len()).is_err() {
        return None;
    }
    let feeds = line_feeds(text)?;
    // The line table costs 12 bytes a line, where serde-saphyr streams. Real drafts average
    // 25 bytes a line or more; a file of much shorter lines (a hostile one, say 64 MiB of
    // `a` lines) would make the table larger than the file, so it is left to serde-saphyr
    // and the table stays under the file's size.
    let max_lines = 1025 + text.len() / 16;
    if feeds.len() >= max_lines {
        return None;
    }
    // Sized once: grown by doubling, the table left its earlier copies behind, freed but
    // still in the process's memory for a while.
    let mut lines = Vec::with_capacity(feeds.len() + 1);
    let mut start = 0;
    for end in feeds.into_iter().chain([text.len() as u32]) {
        let raw = &text[start as usize..end as usize];
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let content = raw.trim_start_matches(' ');
        let indent = (raw.len() - content.len()) as u32;
        lines.push(Span {
            start: start + indent,
            len: content.len() as u32,
            indent,
        });
        start = end + 1;
    }
    let mut reader = Reader {
        text,
        lines,
        at: 0,
        provisions: 0,
    };
    reader.document()
}

/// Where the line feeds of `text` are, if it has only plain characters: no tab, no control
/// character but line feeds (and carriage returns before them), no byte-order mark, no
/// Unicode line separators and no non-characters U+FFFE and U+FFFF. All of those have
/// rules of their own (YAML does not count some as printable). One pass does both: the
/// line feeds are among the bytes it looks at.
fn line_feeds(text: &str) -> Option<Vec<u32>> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = text.as_bytes();
    // Room for lines of 32 bytes or more, most drafts' (4 bytes a line either way).
    let mut feeds = Vec::with_capacity(b.len() / 32);
    // Eight bytes at a time: a word of printable ASCII (0x20..=0x7e), nearly every word of
    // a draft, needs no look. The two tests never miss a byte outside that range (they
    // may flag one inside it, which only sends the word to the byte loop); the carry of
    // `w + ONES` can only reach a byte above one that is 0xff, which is flagged already.
    let mut at = 0;
    while let Some(word) = b.get(at..at + 8) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        let del_or_above = (w.wrapping_add(ONES) | w) & HIGH;
        if below_space | del_or_above != 0 {
            // Every line of a draft ends in a word with a line feed: when that is all the
            // word holds besides printable ASCII, its line feeds are noted here, without
            // the byte loop. `exact_feeds` is exact for any byte, `exact_below` for
            // bytes under DEL (no carry leaves such a byte), which `del_or_above == 0`
            // makes every byte of the word.
            let x = w ^ (ONES * 0x0a);
            let exact_feeds = !(((x & !HIGH) + !HIGH) | x | !HIGH);
            let exact_below = !(w.wrapping_add(ONES * 0x60) | w) & HIGH;
            if del_or_above == 0 && exact_below == exact_feeds {
                let mut flags = exact_feeds;
                while flags != 0 {
                    feeds.push((at + flags.trailing_zeros() as usize / 8) as u32);
                    flags &= flags - 1;
                }
            } else if !plain_bytes(b, at, at + 8, &mut feeds) {
                return None;
            }
        }
        at += 8;
    }
    plain_bytes(b, at, b.len(), &mut feeds).then_some(feeds)
}

/// [`line_feeds`] for the bytes `from..to` of `b`, a byte at a time, adding their line
/// feeds to `feeds`; a character may run past `to`.
fn plain_bytes(b: &[u8], from: usize, to: usize, feeds: &mut Vec<u32>) -> bool {
    for (i, &c) in b[from..to].iter().enumerate().map(|(k, c)| (from + k, c)) {
        // One table load for the bytes that are always fine, nearly all of them.
        if !NEEDS_A_LOOK[usize::from(c)] {
            continue;
        }
        let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
        let bad = match c {
            b'\n' => {
                feeds.push(i as u32);
                false
            }
            b'\r' => next(1) != b'\n',
            0..=0x1f | 0x7f => true,
            // C1 controls (U+0080..U+009F, NEL among them).
            0xc2 => (0x80..=0x9f).contains(&next(1)),
            // U+2028 and U+2029.
            0xe2 => next(1) == 0x80 && matches!(next(2), 0xa8 | 0xa9),
            // U+FEFF, U+FFFE and U+FFFF.
            0xef => matches!((next(1), next(2)), (0xbb, 0xbf) | (0xbf, 0xbe | 0xbf)),
            _ => false,
        };
        if bad {
            return false;
        }
    }
    true
}

/// Controls (the line feed among them, to note where it is), DEL, and the lead bytes of
/// the characters [`line_feeds`] refuses.
static NEEDS_A_LOOK: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = c < 0x20 || matches!(c, 0x7f | 0xc2 | 0xe2 | 0xef);
        c += 1;
    }
    table
};

/// The 1-based number of the line at index `i` of the table.
fn line_number(i: usize) -> u64 {
    i as u64 + 1
}

/// A line as the line table keeps it: where its content starts and how long it is, and
/// its indentation. A third of the size of a [`Line`]: on a 40 MB draft the table of
/// [`Line`]s was 15 MB.
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
    indent: u32,
}

struct Line<'a> {
    /// 1-based.
    number: u64,
    /// Leading spaces.
    indent: usize,
    /// The line after its indentation.
    content: &'a str,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    fn is_comment(&self) -> bool {
        self.content.starts_with('#')
    }
}

struct Reader<'a> {
    text: &'a str,
    lines: Vec<Span>,
    at: usize,
    /// Provisions read so far, sub-provisions included.
    provisions: usize,
}

/// A value written after `key:` on the same line.
enum Value {
    /// Nothing but perhaps a comment: a block collection or a block scalar follows.
    Empty,
    /// A quoted or plain scalar, its text final.
    Scalar(String),
    /// A plain `~` or `null`.
    Null,
    /// `|`, `|-`, `>`, `>+` ...: the text is on the lines that follow.
    Block,
    /// `[a, "b"]`.
    List(Vec<String>),
}

impl<'a> Reader<'a> {
    /// Line `i` (0-based), if the text has it.
    fn line(&self, i: usize) -> Option<Line<'a>> {
        let span = self.lines.get(i)?;
        let start = span.start as usize;
        Some(Line {
            number: line_number(i),
            indent: span.indent as usize,
            content: &self.text[start..start + span.len as usize],
        })
    }

    /// Lines `from..to` (0-based).
    fn lines(&self, from: usize, to: usize) -> impl Iterator<Item = Line<'a>> + '_ {
        (from..to).map_while(|i| self.line(i))
    }

    /// The next line that is neither blank nor a comment, without moving past it.
    fn peek(&mut self) -> Option<Line<'a>> {
        while self
            .line(self.at)
            .is_some_and(|l| l.is_blank() || l.is_comment())
        {
            self.at += 1;
        }
        self.line(self.at)
    }

    /// True when no line after the current one continues a value of a key at column
    /// `key_column`: the next line that is not blank (comments included) is no deeper.
    fn ends_here(&self, key_column: usize) -> bool {
        self.lines(self.at + 1, self.lines.len())
            .find(|l| !l.is_blank())
            .is_none_or(|l| l.indent <= key_column)
    }

    fn document(&mut self) -> Option<Parsed> {
        let mut parsed = Parsed::default();
        let mut seen: Vec<&str> = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent != 0 {
                return None;
            }
            let (number, content) = (line.number, line.content);
            let (key, rest) = split_key(content)?;
            if seen.contains(&key) {
                return None;
            }
            seen.push(key);
            let column = (key.len() + 2) as u64;
            match key {
                "document" | "version" | "date" => {
                    let Value::Scalar(value) = value(rest)? else {
                        return None;
                    };
                    if !self.ends_here(0) {
                        return None;
                    }
                    self.at += 1;
                    let located = Some(Located {
                        value,
                        line: number,
                        column,
                    });
                    match key {
                        "document" => parsed.document = located,
                        "version" => parsed.version = located,
                        _ => parsed.date = located,
                    }
                }
                "title" | "source" | "status" => {
                    let text = self.text_value(rest, 0)?;
                    match key {
                        "title" => parsed.title = text,
                        "source" => parsed.source = text,
                        _ => parsed.status = text,
                    }
                }
                "provisions" => {
                    if !matches!(value(rest)?, Value::Empty) {
                        return None;
                    }
                    self.at += 1;
                    let items = self.sequence(0, 0)?;
                    parsed.provisions = Some(Located {
                        value: items,
                        line: number,
                        column,
                    });
                }
                _ => return None,
            }
        }
        Some(parsed)
    }

    /// A title, text, source or status: a scalar on the line or a block after it. The
    /// current line holds the key, at column `key_column`.
    fn text_value(&mut self, rest: &str, key_column: usize) -> Option<Option<String>> {
        match value(rest)? {
            Value::Scalar(text) if self.ends_here(key_column) => {
                self.at += 1;
                Some(Some(text))
            }
            Value::Null if self.ends_here(key_column) => {
                self.at += 1;
                Some(None)
            }
            Value::Block => {
                self.at += 1;
                self.block(key_column).map(|(text, _)| Some(text))
            }
            _ => None,
        }
    }

    /// The lines of a block scalar whose key is at column `key_column`. Literal or folded,
    /// kept or stripped, it differs only in whitespace, and every text the block may hold
    /// has its whitespace collapsed by the validator. Also gives the number of the line the
    /// text starts on: serde-saphyr places a block there, not on the line of its `|`.
    fn block(&mut self, key_column: usize) -> Option<(String, u64)> {
        let start = self.at;
        let first = self
            .lines(start, self.lines.len())
            .position(|l| !l.is_blank())?
            + start;
        let indent = self.line(first)?.indent;
        // An empty block, or leading blank lines deeper than the text: not for us.
        if indent <= key_column
            || self
                .lines(start, first)
                .any(|l| l.indent + l.content.len() > indent)
        {
            return None;
        }
        let mut end = first;
        while self
            .line(end)
            .is_some_and(|l| l.is_blank() || l.indent >= indent)
        {
            end += 1;
        }
        // Lines joined by spaces: the same text as serde-saphyr's once collapsed, and
        // usually already collapsed, so the validator keeps it without a copy.
        let mut text =
            String::with_capacity(self.lines(first, end).map(|l| l.content.len() + 1).sum());
        for line in self.lines(first, end) {
            if !line.content.is_empty() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(line.content);
            }
        }
        self.at = end;
        Some((text, line_number(first)))
    }

    /// A block sequence of provisions under a key at column `key_column`.
    fn sequence(&mut self, key_column: usize, depth: usize) -> Option<Vec<Located<Item>>> {
        if depth > MAX_PROVISION_DEPTH {
            return None;
        }
        let item_indent = self.peek()?.indent;
        if item_indent < key_column {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < item_indent {
                break;
            }
            let (number, indent, content) = (line.number, line.indent, line.content);
            let Some(after) = content.strip_prefix("- ") else {
                // The parent mapping's next key, when the items sit at its column.
                if indent == item_indent
                    && item_indent == key_column
                    && split_key(content).is_some()
                {
                    break;
                }
                return None;
            };
            if indent != item_indent {
                return None;
            }
            // Past the limit, serde-saphyr says where (and stops there too).
            self.provisions += 1;
            if self.provisions > max_provisions(self.text.len()) {
                return None;
            }
            let body = after.trim_start_matches(' ');
            let column = indent + 2 + (after.len() - body.len());
            let (item, line) = match split_key(body) {
                Some(_) => (Item::Full(self.fields(body, column, depth)?), number),
                None => match value(body)? {
                    // A bare item is read as any YAML value: a plain `6` or `yes` would be
                    // a number or a boolean there (which the loader refuses), not a string.
                    Value::Scalar(text)
                        if self.ends_here(indent)
                            && (body.starts_with(['"', '\'']) || untyped(&text)) =>
                    {
                        self.at += 1;
                        (Item::Text(text), number)
                    }
                    // A block is always a string.
                    Value::Block => {
                        self.at += 1;
                        let (text, first_line) = self.block(indent)?;
                        (Item::Text(text), first_line)
                    }
                    _ => return None,
                },
            };
            items.push(Located {
                value: item,
                line,
                column: column as u64 + 1,
            });
        }
        (!items.is_empty()).then_some(items)
    }

    /// The mapping of one provision, its first key in `first` at column `column`.
    fn fields(&mut self, first: &'a str, column: usize, depth: usize) -> Option<Fields> {
        let mut fields = Fields::default();
        let mut seen: Vec<&str> = Vec::new();
        let mut content = first;
        loop {
            let number = line_number(self.at);
            let (key, rest) = split_key(content)?;
            if seen.contains(&key) {
                return None;
            }
            seen.push(key);
            match key {
                "id" => {
                    let Value::Scalar(id) = value(rest)? else {
                        return None;
                    };
                    if !self.ends_here(column) {
                        return None;
                    }
                    self.at += 1;
                    fields.id = Some(Located {
                        value: id,
                        line: number,
                        column: (column + key.len() + 3) as u64,
                    });
                }
                "title" => fields.title = self.text_value(rest, column)?,
                "text" => fields.text = self.text_value(rest, column)?,
                "tags" => match value(rest)? {
                    Value::List(tags) if self.ends_here(column) => {
                        self.at += 1;
                        fields.tags = Some(tags);
                    }
                    _ => return None,
                },
                "provisions" => {
                    if !matches!(value(rest)?, Value::Empty) {
                        return None;
                    }
                    self.at += 1;
                    fields.provisions = Some(self.sequence(column, depth + 1)?);
                }
                _ => return None,
            }
            match self.peek() {
                Some(next) if next.indent == column => content = next.content,
                Some(next) if next.indent > column => return None,
                _ => return Some(fields),
            }
        }
    }
}

/// `key: rest` or `key:` with a key of lowercase letters and underscores.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let end = content.find(|c: char| !(c.is_ascii_lowercase() || c == '_'))?;
    let (key, after) = content.split_at(end);
    let rest = after.strip_prefix(':')?;
    (!key.is_empty() && (rest.is_empty() || rest.starts_with(' '))).then_some((key, rest))
}

/// What follows `key:` on its line.
fn value(rest: &str) -> Option<Value> {
    let v = rest.trim_start_matches(' ');
    let Some(first) = v.chars().next() else {
        return Some(Value::Empty);
    };
    match first {
        '#' => Some(Value::Empty),
        '"' => {
            // The escapes `draftdiff import` writes, and nothing else: the rest (`\x..`,
            // `\u....`, `\e`, a line continuation ...) have rules of their own.
            let mut text = String::new();
            let mut rest = &v[1..];
            loop {
                let i = rest.find(['"', '\\'])?;
                text.push_str(&rest[..i]);
                if rest.as_bytes()[i] == b'"' {
                    return only_comment(&rest[i + 1..]).then_some(Value::Scalar(text));
                }
                text.push(match rest.as_bytes().get(i + 1)? {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'n' => '\n',
                    b't' => '\t',
                    _ => return None,
                });
                rest = &rest[i + 2..];
            }
        }
        '\'' => {
            let mut text = String::new();
            let mut chars = v[1..].char_indices();
            loop {
                let (i, c) = chars.next()?;
                if c != '\'' {
                    text.push(c);
                } else if v[1 + i + 1..].starts_with('\'') {
                    text.push('\'');
                    chars.next();
                } else {
                    return only_comment(&v[1 + i + 1..]).then_some(Value::Scalar(text));
                }
            }
        }
        '|' | '>' => {
            let header = &v[1..];
            let header = header.strip_prefix(['-', '+']).unwrap_or(header);
            only_comment(header).then_some(Value::Block)
        }
        '[' => {
            let (inner, after) = v[1..].split_once(']')?;
            if !only_comment(after) || inner.contains(['[', '{', '}', '#', '\'']) {
                return None;
            }
            if inner.trim_matches(' ').is_empty() {
                return Some(Value::List(Vec::new()));
            }
            inner
                .split(',')
                .map(|item| {
                    let item = item.trim_matches(' ');
                    match item.strip_prefix('"').and_then(|i| i.strip_suffix('"')) {
                        Some(quoted) if !quoted.contains(['"', '\\']) => Some(quoted.to_string()),
                        Some(_) => None,
                        None => plain(item).map(str::to_string),
                    }
                })
                .collect::<Option<Vec<_>>>()
                .map(Value::List)
        }
        _ => {
            // A plain scalar ends at a comment; trailing spaces are not part of it.
            let text = match v.find(" #") {
                Some(i) => &v[..i],
                None => v,
            }
            .trim_end_matches(' ');
            match text {
                "~" | "null" | "Null" | "NULL" => Some(Value::Null),
                _ => plain(text).map(|t| Value::Scalar(t.to_string())),
            }
        }
    }
}

/// A plain scalar that is a plain string for sure: no indicator at its start, nothing
/// that would make it a mapping, a comment or a flow collection, and not a word that a
/// YAML schema reads as something else.
fn plain(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let starts_badly = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let special = matches!(
        text,
        "~" | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "-.inf"
            | ".nan"
            | ".NaN"
            | ".NAN"
    );
    let breaks = text.contains(": ") || text.ends_with(':') || text.contains(" #");
    (!starts_badly && !special && !breaks).then_some(text)
}

/// A plain scalar that no YAML schema reads as anything but a string: it starts with a
/// letter and is not a word for true, false, null, infinity or not-a-number.
fn untyped(text: &str) -> bool {
    let typed = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf", "infinity",
    ];
    text.starts_with(|c: char| c.is_alphabetic())
        && !typed.iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// Nothing after a value but spaces, or a comment after at least one space.
fn only_comment(after: &str) -> bool {
    let trimmed = after.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < after.len())
}

#[cfg(test)]
mod tests {
    use super::{line_feeds, plain_bytes};

    /// [`line_feeds`] a byte at a time.
    fn bytewise(s: &str) -> Option<Vec<u32>> {
        let mut feeds = Vec::new();
        plain_bytes(s.as_bytes(), 0, s.len(), &mut feeds).then_some(feeds)
    }

    #[test]
    fn words_with_any_character_refused_are_refused() {
        // Each refused character at every offset within an eight-byte word, and past it.
        for bad in [
            "\t", "\u{7f}", "\u{85}", "\u{2028}", "\u{2029}", "\u{feff}", "\u{fffe}", "\r",
        ] {
            for at in 0..17 {
                let text = format!("{}{bad}{}", "a".repeat(at), "b".repeat(9));
                assert_eq!(line_feeds(&text), None, "{text:?}");
            }
        }
        // Line feeds next to spaces and to each other, at every offset of a step.
        for at in 0..9 {
            let text = format!("{}\n \n\n  x\n", "a".repeat(at));
            let expected: Vec<u32> = text.match_indices('\n').map(|(i, _)| i as u32).collect();
            assert_eq!(line_feeds(&text), Some(expected), "{text:?}");
        }
        let text = "plain text, é and “quotes”\nand a line\r\n";
        let expected: Vec<u32> = text.match_indices('\n').map(|(i, _)| i as u32).collect();
        assert_eq!(line_feeds(text), Some(expected));
    }

    proptest::proptest! {
        // Mostly printable ASCII, with the characters the check looks at mixed in.
        #[test]
        fn eight_bytes_at_a_time_agrees_with_the_byte_loop(
            s in "([ -~]{0,20}|[\t\r\n\u{7f}\u{80}-\u{a0}\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}é€])*"
        ) {
            proptest::prop_assert_eq!(line_feeds(&s), bytewise(&s));
        }

        #[test]
        fn every_line_feed_is_found(s in "([ -~]{0,20}|[\n\u{a1}é€])*") {
            let expected: Vec<u32> = s.match_indices('\n').map(|(i, _)| i as u32).collect();
            proptest::prop_assert_eq!(line_feeds(&s), Some(expected));
        }
    }
}
