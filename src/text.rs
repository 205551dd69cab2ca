//! Text primitives shared by alignment and redlines: whitespace, tokens, terminal safety.

/// Collapses every run of whitespace to one space and trims the ends: line wrapping and
/// indentation are not content.
pub fn collapse_whitespace(s: &str) -> String {
    // Same result as joining `split_whitespace()` with spaces, but a run of words with single
    // spaces between them is copied at once and only non-ASCII characters are decoded:
    // drafts are megabytes of this.
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    loop {
        while let Some(len) = space_at(s, i) {
            i += len;
        }
        if i >= bytes.len() {
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let start = i;
        while i < bytes.len() {
            match bytes[i] {
                b' ' if i + 1 < bytes.len() && space_at(s, i + 1).is_none() => i += 1,
                c if c < 0x80 && !is_ascii_space(c) => i += 1,
                c if c < 0x80 => break,
                _ => match space_at(s, i) {
                    Some(_) => break,
                    None => i += s[i..].chars().next().map_or(1, char::len_utf8),
                },
            }
        }
        out.push_str(&s[start..i]);
    }
}

/// [`collapse_whitespace`] of an owned string, which is returned as it is when there is
/// nothing to collapse (single spaces between words, none at the ends): no copy.
pub fn collapse_whitespace_owned(s: String) -> String {
    if is_collapsed(&s) {
        s
    } else {
        collapse_whitespace(&s)
    }
}

/// True when collapsing would change nothing: no whitespace but single spaces, none at
/// either end. Every provision's text is checked, so plain text is looked at eight bytes
/// at a time; a text with a control byte or a non-ASCII character goes through the exact
/// byte loop.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut chunks = b.chunks_exact(8);
    let mut space_before = false;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // The high bit of each byte that is zero in `x`, exactly (no borrow between bytes).
        let zero_bytes = |x: u64| !(((x & LOW7) + LOW7) | x | LOW7);
        let below_space = w.wrapping_sub(ONES * 0x20) & !w & !LOW7;
        // Non-ASCII text (quotes, accents, dashes: most real drafts) used to be copied
        // whole by `collapse_whitespace`, collapsed or not.
        if below_space != 0 || w & !LOW7 != 0 {
            return is_collapsed_bytewise(s);
        }
        let spaces = zero_bytes(w ^ (ONES * 0x20));
        if spaces & (spaces << 8) != 0 || (space_before && spaces & 0x80 != 0) {
            return false;
        }
        space_before = spaces >> 63 != 0;
    }
    for &c in chunks.remainder() {
        match c {
            b' ' if space_before => return false,
            c if c >= 0x80 => return is_collapsed_bytewise(s),
            c if is_ascii_space(c) && c != b' ' => return false,
            c => space_before = c == b' ',
        }
    }
    true
}

/// [`is_collapsed`] a byte at a time; only non-ASCII characters are decoded, to see
/// whether they are whitespace.
fn is_collapsed_bytewise(s: &str) -> bool {
    // A space is fine only after a word byte; a text must not end with one either.
    let mut after_space = true;
    for (i, &c) in s.as_bytes().iter().enumerate() {
        match c {
            b' ' if !after_space => after_space = true,
            c if c < 0x80 && !is_ascii_space(c) => after_space = false,
            c if c < 0x80 => return false,
            // A lead byte that starts a whitespace character (U+00A0, U+2009 ...).
            0xc0.. if space_at(s, i).is_some() => return false,
            // Any other byte of a non-ASCII character is part of a word.
            _ => after_space = false,
        }
    }
    !after_space || s.is_empty()
}

/// The ASCII characters that `char::is_whitespace` accepts.
fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The length in bytes of the whitespace character at byte `i` of `s`, if there is one.
fn space_at(s: &str, i: usize) -> Option<usize> {
    let c = *s.as_bytes().get(i)?;
    if c < 0x80 {
        return is_ascii_space(c).then_some(1);
    }
    s.get(i..)?
        .chars()
        .next()
        .filter(|c| c.is_whitespace())
        .map(char::len_utf8)
}

/// True for a token that carries words (letters or digits), as opposed to spaces and
/// punctuation.
pub fn is_wordlike(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Makes text safe to print on a terminal: control characters (escape sequences, bells,
/// carriage returns) are shown as visible `\u{..}` escapes and never reach the terminal.
/// Newlines and tabs pass, so that multi-line messages stay readable.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    make_visible(s, |c| {
        is_bidi_control(c) || (c.is_control() && c != '\n' && c != '\t')
    })
}

/// Like [`terminal_safe`], but for text that must stay on one line (a Markdown code span):
/// newlines and tabs are made visible too.
pub fn one_line_safe(s: &str) -> std::borrow::Cow<'_, str> {
    make_visible(s, |c| is_bidi_control(c) || c.is_control())
}

fn make_visible(s: &str, unsafe_char: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(&unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Bidi embeddings, overrides and isolates: they can make a line read differently from
/// its bytes ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text that XML, a mail or a chat message can carry as is: control characters (but
/// newline and tab), bidi controls and the non-characters U+FFFE and U+FFFF are shown as
/// `\u{..}` escapes.
pub fn markup_safe(s: &str) -> std::borrow::Cow<'_, str> {
    make_visible(s, |c| {
        (c.is_control() && c != '\n' && c != '\t')
            || is_bidi_control(c)
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    })
}

/// Format characters (Unicode category Cf) that change how text is shown without being
/// seen: bidi marks, embeddings, overrides and isolates, the zero-width space, the soft
/// hyphen, the byte order mark, invisible operators and annotation marks. Not the
/// zero-width (non-)joiner, which Persian, Indic scripts and emoji need.
pub fn is_invisible_format(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206a}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// `1 report`, `3 reports`: a count with its noun (nouns with a plain `s` plural only).
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse() {
        for (input, expected) in [
            ("a  b", "a b"),
            ("  a\n\tb  ", "a b"),
            ("a\r\nb", "a b"),
            ("", ""),
            ("\u{3000}x\u{a0}y", "x y"),
            ("a\u{0b}\u{0c}b\u{85}c\u{2028}", "a b c"),
            (" déjà  vu\u{2009}— ok ", "déjà vu — ok"),
            ("a\u{1c}b", "a\u{1c}b"),
        ] {
            assert_eq!(
                collapse_whitespace_owned(input.into()),
                expected,
                "{input:?}"
            );
            assert_eq!(collapse_whitespace(input), expected, "{input:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn collapse_is_split_whitespace_joined(s in "[ ab\t\n\r\u{0b}\u{0c}\u{1c}\u{85}\u{a0}\u{2009}\u{3000}é和]{0,40}") {
            let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_whitespace(&s), expected.clone());
            proptest::prop_assert_eq!(collapse_whitespace_owned(s), expected);
        }
    }

    proptest::proptest! {
        // Long enough for several eight-byte steps, with every case the fast check decides
        // alone (spaces at chunk edges, non-ASCII, control bytes).
        #[test]
        fn collapsed_check_is_the_byte_loop(s in "[ a\t\u{1}\u{7f}é]{0,40}") {
            proptest::prop_assert_eq!(is_collapsed(&s), is_collapsed_bytewise(&s));
        }

        #[test]
        fn collapsed_check_on_mostly_words(s in "([a-z]{1,9} ){0,12}[a-z]{0,9} ?") {
            proptest::prop_assert_eq!(is_collapsed(&s), is_collapsed_bytewise(&s));
        }

        /// The check's meaning: collapsing would give the text back unchanged. Words with
        /// accents, quotes and other non-ASCII letters, and every kind of whitespace.
        #[test]
        fn collapsed_means_collapsing_changes_nothing(
            s in "([a-zé“”—和]{1,9}[ \t\n\u{0b}\u{0c}\u{1c}\u{85}\u{a0}\u{2009}\u{3000}]{0,2}){0,8}"
        ) {
            proptest::prop_assert_eq!(is_collapsed(&s), collapse_whitespace(&s) == s);
        }
    }

    #[test]
    fn terminal_escapes_are_made_visible() {
        assert_eq!(terminal_safe("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(terminal_safe("plain"), "plain");
        assert_eq!(terminal_safe("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(terminal_safe("a\nb\tc"), "a\nb\tc");
        assert_eq!(one_line_safe("a\nb\tc"), "a\\u{a}b\\u{9}c");
    }
}
