//! Writing an imported draft in the YAML draft format, by hand: every string is either
//! double-quoted with escapes or, for readable multi-paragraph text, a literal block
//! scalar (`|-`) used only where its content cannot be misread.

use super::{ImportedDraft, ImportedProvision};

/// The draft as YAML text, ready to be checked and dropped into `drafts/`.
pub fn to_yaml(draft: &ImportedDraft) -> String {
    let mut out = String::new();
    out.push_str("# Imported with `draftdiff import`: check it against the source before use.\n");
    out.push_str(&format!("document: {}\n", quoted(&draft.meta.document)));
    out.push_str(&format!("version: {}\n", quoted(&draft.meta.version)));
    for (key, value) in [
        ("date", &draft.meta.date),
        ("title", &draft.meta.title),
        ("source", &draft.meta.source),
        ("status", &draft.meta.status),
    ] {
        if let Some(value) = value {
            out.push_str(&format!("{key}: {}\n", quoted(value)));
        }
    }
    out.push_str("provisions:\n");
    provisions(&mut out, &draft.provisions, 2);
    out
}

fn provisions(out: &mut String, list: &[ImportedProvision], indent: usize) {
    let pad = " ".repeat(indent);
    let field = " ".repeat(indent + 2);
    for p in list {
        out.push_str(&format!("{pad}- id: {}\n", quoted(&p.id)));
        if let Some(title) = &p.title {
            out.push_str(&format!("{field}title: {}\n", quoted(title)));
        }
        out.push_str(&format!("{field}text: {}\n", scalar(&p.text, indent + 4)));
        if !p.provisions.is_empty() {
            out.push_str(&format!("{field}provisions:\n"));
            provisions(out, &p.provisions, indent + 4);
        }
    }
}

/// A literal block for text in paragraphs when that is safe, else a quoted string.
fn scalar(text: &str, indent: usize) -> String {
    if !text.contains('\n') || !block_safe(text) {
        return quoted(text);
    }
    let pad = " ".repeat(indent);
    let mut out = String::from("|-");
    for line in text.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

/// A literal block keeps its content exactly if every line is printable, has no leading
/// or trailing whitespace (which would change the indentation or be stripped), and the
/// text neither starts nor ends with a line break (the `-` chomping drops the last one).
fn block_safe(text: &str) -> bool {
    !text.starts_with('\n')
        && !text.ends_with('\n')
        && text
            .chars()
            .all(|c| c == '\n' || (is_printable(c) && c != '\t'))
        && text
            .split('\n')
            .all(|l| l.trim() == l && !l.starts_with(is_yaml_space))
}

fn is_yaml_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// YAML's printable set, less the characters some parsers read as line breaks or
/// byte-order marks (NEL, LS, PS, BOM): those are always escaped.
fn is_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A double-quoted YAML string: backslash, quote and every non-printable character escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse_string(yaml: &str) -> String {
        serde_saphyr::from_str::<String>(yaml).expect("valid YAML string")
    }

    #[test]
    fn quoting_escapes() {
        for (s, expected) in [
            ("plain", r#""plain""#),
            ("say \"no\"", r#""say \"no\"""#),
            ("back\\slash", r#""back\\slash""#),
            ("a\nb", r#""a\nb""#),
            ("bell\u{7}", r#""bell\x07""#),
            ("nel\u{85}", r#""nel\x85""#),
            ("ls\u{2028}", r#""ls\u2028""#),
            ("yes", r#""yes""#),
            ("- not a list", r#""- not a list""#),
        ] {
            assert_eq!(quoted(s), expected, "{s:?}");
            assert_eq!(parse_string(&quoted(s)), s, "{s:?}");
        }
    }

    #[test]
    fn blocks_only_when_safe() {
        assert!(scalar("one\n\ntwo", 4).starts_with("|-"));
        assert!(scalar("single paragraph", 4).starts_with('"'));
        for unsafe_text in [
            " lead\n\nx",
            "x\n\ntrail ",
            "tab\there\n\nx",
            "x\n\n\u{7}",
            "x\n",
        ] {
            assert!(scalar(unsafe_text, 4).starts_with('"'), "{unsafe_text:?}");
        }
    }

    proptest! {
        #[test]
        fn quoted_strings_read_back_exactly(s in any::<String>()) {
            prop_assert_eq!(parse_string(&quoted(&s)), s);
        }

        #[test]
        fn text_scalars_read_back_exactly(
            paragraphs in prop::collection::vec("[^\n]{1,40}", 1..4)
        ) {
            let text = paragraphs.iter().map(|p| p.trim()).filter(|p| !p.is_empty())
                .collect::<Vec<_>>().join("\n\n");
            prop_assume!(!text.is_empty());
            let yaml = format!("key:\n  - text: {}\n", scalar(&text, 6));
            #[derive(serde::Deserialize)]
            struct Item { text: String }
            #[derive(serde::Deserialize)]
            struct Doc { key: Vec<Item> }
            let doc: Doc = serde_saphyr::from_str(&yaml).map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
            prop_assert_eq!(&doc.key[0].text, &text);
        }
    }
}
