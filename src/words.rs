//! Words: where they start and end (UAX #29 word boundaries), and the form in which two
//! words count as the same when provisions are matched.
//!
//! Alignment reads every word of every provision it compares, so this is on the hot path;
//! redlines and key changes split every changed text. Each function gives exactly what the
//! plain definition gives (`unicode_words`, `split_word_bounds`, then `str::to_lowercase`
//! and a six-character cut), only faster and without allocating for ASCII text.

use unicode_segmentation::UnicodeSegmentation;

/// Characters a word is cut to (see [`match_key`]).
pub const STEM_CHARS: usize = 6;

/// Calls `f` with each word of `s`, exactly the words `s.unicode_words()` gives (UAX #29),
/// in order: the segments of [`for_each_segment`] that hold a letter or digit.
pub fn for_each_word<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    if !s.is_ascii() {
        s.unicode_words().for_each(f);
        return;
    }
    for_each_ascii_segment(s, |_, segment, is_word| {
        if is_word {
            f(segment)
        }
    });
}

/// Calls `f` with the start and text of each segment between Unicode word boundaries
/// (UAX #29), exactly as `s.split_word_bound_indices()` gives them: words, runs of
/// spaces, and single marks. Concatenated, the segments give `s` back.
pub fn for_each_segment<'a>(s: &'a str, mut f: impl FnMut(usize, &'a str)) {
    if !s.is_ascii() {
        s.split_word_bound_indices().for_each(|(i, t)| f(i, t));
        return;
    }
    for_each_ascii_segment(s, |i, segment, _| f(i, segment));
}

/// The segments of [`for_each_segment`] as a list.
pub fn segments(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for_each_segment(s, |_, t| out.push(t));
    out
}

/// UAX #29 word boundaries for ASCII text, by hand. For ASCII the rules come down to:
/// CR LF stays together (WB3); runs of spaces stay together (WB3d); letters, digits and
/// `_` run together (WB5, 8-10, 13a/b), also across one `:` `.` `'` between two letters
/// (WB6/7) or one `,` `;` `.` `'` between two digits (WB11/12); every other character
/// stands alone. A run is a word when it holds a letter or digit, not only underscores.
fn for_each_ascii_segment<'a>(s: &'a str, mut f: impl FnMut(usize, &'a str, bool)) {
    let b = s.as_bytes();
    let is_run = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let c = b[i];
        if !is_run(c) {
            i += 1;
            if c == b'\r' && b.get(i) == Some(&b'\n') {
                i += 1;
            } else if c == b' ' {
                while b.get(i) == Some(&b' ') {
                    i += 1;
                }
            }
            f(start, &s[start..i], false);
            continue;
        }
        let mut has_alphanumeric = false;
        loop {
            while i < b.len() && is_run(b[i]) {
                has_alphanumeric |= b[i] != b'_';
                i += 1;
            }
            let (Some(&mid), Some(&next)) = (b.get(i), b.get(i + 1)) else {
                break;
            };
            let before = b[i - 1];
            let joins = (before.is_ascii_alphabetic()
                && next.is_ascii_alphabetic()
                && matches!(mid, b':' | b'.' | b'\''))
                || (before.is_ascii_digit()
                    && next.is_ascii_digit()
                    && matches!(mid, b',' | b';' | b'.' | b'\''));
            if !joins {
                break;
            }
            i += 1;
        }
        f(start, &s[start..i], has_alphanumeric);
    }
}

/// Writes into `key` the form of a word used for matching: lowercased, and cut to its
/// first six characters, a crude but language-agnostic stemmer that makes "guarantee",
/// "guarantees" and "guaranteed" one word while keeping most distinct words apart. Numbers
/// stay whole: 600,000 and 800,000 must not look alike.
pub fn match_key(word: &str, key: &mut String) {
    key.clear();
    if word.is_ascii() {
        // One byte a character, and lowercasing cannot change the length.
        let has_digit = word.bytes().any(|b| b.is_ascii_digit());
        let cut = if has_digit {
            word.len()
        } else {
            word.len().min(STEM_CHARS)
        };
        key.push_str(&word[..cut]);
        key.make_ascii_lowercase();
        return;
    }
    // `str::to_lowercase`, not per character: a word-final capital sigma becomes ς.
    key.push_str(&word.to_lowercase());
    if key.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    if let Some((cut, _)) = key.char_indices().nth(STEM_CHARS) {
        key.truncate(cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_word(s, |w| out.push(w));
        out
    }

    #[test]
    fn words_by_hand_match_uax29() {
        for s in [
            "The Army, capped at 600,000. U.S. e.g. don't a:b 1:2 1;2 a;b 3.5 x_y _ __a a_.b",
            "it's '1'2' a'1 1'000 ...a.. ,1, a.b.c.d 12.34.56 a.1 1.a a1.b 1a.2",
            "Ukraine’s army: 600,000",
            "",
            "_",
            "end.",
        ] {
            assert_eq!(words(s), s.unicode_words().collect::<Vec<_>>(), "{s:?}");
        }
    }

    #[test]
    fn match_keys_are_lowercased_six_character_stems_and_whole_numbers() {
        // The definition the fast path must keep.
        let reference = |word: &str| {
            let lower = word.to_lowercase();
            if lower.chars().any(|c| c.is_ascii_digit()) || lower.chars().count() <= 6 {
                lower
            } else {
                lower.chars().take(6).collect()
            }
        };
        let mut key = String::new();
        for word in [
            "Guarantees",
            "the",
            "600,000",
            "Article12bis",
            "ΟΔΟΣ",
            "ΟΔΥΣΣΕΥΣ",
            "Straße",
            "ÉTATS-UNIS",
            "İstanbul",
            "日本国憲法",
            "x",
        ] {
            match_key(word, &mut key);
            assert_eq!(key, reference(word), "{word}");
        }
    }

    #[test]
    fn segments_round_trip_and_split_cjk() {
        let s = "Ukraine's army: 600,000 troops. 和平计划第六条";
        assert_eq!(segments(s).concat(), s);
        assert!(segments(s).contains(&"600,000"));
        // Ideographs are separate units, not one token for the whole run.
        assert!(segments("和平计划").len() >= 2);
        let mut found = Vec::new();
        for_each_word("The Army, capped at 600,000.", |w| found.push(w));
        assert_eq!(found, ["The", "Army", "capped", "at", "600,000"]);
    }

    #[test]
    fn segments_by_hand_match_uax29() {
        for s in [
            "a  b\r\n\r\rc\n\n\u{0b}\u{0c}d\t\te  ",
            "__ _a a_ 1_2 x__y \"q\" (1) [2]. end.  ",
            "600,000 U.S. it's 3.5% a:b",
        ] {
            let mut by_hand = Vec::new();
            for_each_segment(s, |i, t| by_hand.push((i, t)));
            assert_eq!(
                by_hand,
                s.split_word_bound_indices().collect::<Vec<_>>(),
                "{s:?}"
            );
            assert_eq!(segments(s).concat(), s);
        }
    }

    proptest::proptest! {
        #[test]
        fn words_are_unicode_words(s in "[aZ9_.,;:' \n\r\u{0b}\u{0c}\t\"!-]{0,30}") {
            proptest::prop_assert_eq!(words(&s), s.unicode_words().collect::<Vec<_>>());
        }

        #[test]
        fn segments_are_word_bounds(s in "[aZ9_.,;:' \n\r\u{0b}\u{0c}\t\"!-]{0,30}") {
            let mut by_hand = Vec::new();
            for_each_segment(&s, |i, t| by_hand.push((i, t)));
            proptest::prop_assert_eq!(by_hand, s.split_word_bound_indices().collect::<Vec<_>>());
        }

        #[test]
        fn any_ascii_splits_like_uax29(s in "[\\x00-\\x7f]{0,40}") {
            let mut by_hand = Vec::new();
            for_each_segment(&s, |i, t| by_hand.push((i, t)));
            proptest::prop_assert_eq!(by_hand, s.split_word_bound_indices().collect::<Vec<_>>());
            proptest::prop_assert_eq!(words(&s), s.unicode_words().collect::<Vec<_>>());
        }
    }
}
