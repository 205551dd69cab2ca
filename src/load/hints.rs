//! Plain-words hints for the YAML mistakes people make in drafts, read off the source
//! line a parser error points at. The parser says what it expected; the author needs to
//! know what they wrote wrong: a line indented one space off, a `:` or a `"` inside a
//! text, a misspelt key.

/// A hint for the parser `message` at 1-based `line` of `text`, if a common cause fits.
pub fn hint(text: &str, line: u64, message: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = usize::try_from(line).ok()?.checked_sub(1)?;
    let here = *lines.get(at)?;
    if let Some(field) = unknown_field(message) {
        return unknown_field_hint(here, field, expected_fields(message));
    }
    if message.contains("double-quoted scalar") {
        return Some(
            "a `\"` inside a text in double quotes ends it: write `\\\"` for each inner \
             quote, or put the text in single quotes ('He said \"no\"')"
                .into(),
        );
    }
    if message.contains("single-quoted scalar") {
        return Some("a `'` inside a text in single quotes ends it: write it twice (`''`)".into());
    }
    let misaligned = indentation_hint(&lines, at);
    if misaligned.is_some() {
        return misaligned;
    }
    if message.starts_with("mapping values are not allowed") {
        return Some(
            "a `: ` inside a text needs the text in quotes (\"...\") or as a block \
             (`text: >-` and the text on the next lines)"
                .into(),
        );
    }
    None
}

/// `unknown field `Three`, expected one of ...` → `Three`.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// `..., expected one of id, title, text` → the fields serde would have taken there
/// (the draft's or a corrections file's, at that level).
fn expected_fields(message: &str) -> Vec<&str> {
    let Some((_, list)) = message.split_once("expected one of ") else {
        return Vec::new();
    };
    let list = list.split(':').next().unwrap_or(list);
    list.split(", ")
        .map(|f| f.trim_matches('`').trim())
        .collect()
}

fn unknown_field_hint(here: &str, field: &str, expected: Vec<&str>) -> Option<String> {
    let item = here.trim_start().strip_prefix("- ").map(str::trim_start);
    // One edit for a short key ("txt"), two for a longer one ("provsions"); a key of one
    // or two letters is more likely a word of text than a misspelt field.
    let limit = if field.chars().count() <= 4 { 1 } else { 2 };
    let nearest = expected
        .into_iter()
        .filter(|known| *known != field && field.chars().count() > 2)
        .map(|known| (strsim::damerau_levenshtein(field, known), known))
        // A cut-short name ("add" for "added") counts as near too.
        .filter(|(d, known)| *d <= limit || known.starts_with(field))
        .min()
        .map(|(_, known)| known);
    match (item, nearest) {
        // A list item `- Three: with colon` whose text holds `: ` reads as a mapping.
        (Some(item), None) if item.starts_with(field) => Some(format!(
            "`- {item}` reads as a mapping with the key `{field}`: if this is the \
             provision's text, put it in quotes (`- \"{}\"`)",
            item.replace('"', "\\\"")
        )),
        (_, Some(known)) => Some(format!("did you mean `{known}`?")),
        _ => None,
    }
}

/// The error line is indented differently from the lines it belongs with: say by how
/// much and to which line it should align. Only when a sibling line shows the intended
/// indentation, so the hint is never a guess.
fn indentation_hint(lines: &[&str], at: usize) -> Option<String> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let content = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let here = lines[at];
    let own = indent(here);
    let body = here.trim_start();
    let is_item = body.starts_with("- ") || body == "-";
    // Where a sibling's entries start: a list item's dash, or a key's first letter (two
    // columns right of the dash in `- id: "1"`, whose `text:` lines up with `id`).
    let column_of = |l: &str| {
        let b = l.trim_start();
        if !is_item && (b.starts_with("- ") || b == "-") {
            indent(l) + 2
        } else {
            indent(l)
        }
    };
    // The nearest line above of the same kind (list item, or `key:`) at a close column.
    let sibling = lines[..at].iter().rev().filter(|l| content(l)).find(|l| {
        let b = l.trim_start();
        let same_kind = if is_item {
            b.starts_with("- ") || b == "-"
        } else {
            is_key(b)
        };
        same_kind && column_of(l).abs_diff(own) <= 2
    })?;
    let want = column_of(sibling);
    if want == own || (!is_item && !is_key(body)) {
        return None;
    }
    let (n, way) = if own > want {
        (own - want, "more")
    } else {
        (want - own, "fewer")
    };
    Some(format!(
        "this line is indented {n} space{} {way} than the lines it belongs with: start it \
         at column {} like them",
        if n == 1 { "" } else { "s" },
        want + 1
    ))
}

/// `key: value` or `key:` with a plain key (a provision field, say).
fn is_key(body: &str) -> bool {
    let body = body.strip_prefix("- ").unwrap_or(body);
    let Some((key, _)) = body.split_once(':') else {
        return false;
    };
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && body[key.len() + 1..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_item_one_space_off_is_named_with_its_column() {
        let text = "provisions:\n  - id: \"1\"\n    text: One.\n   - id: \"2\"\n";
        let h = hint(text, 4, "did not find expected '-' indicator").unwrap();
        assert!(h.contains("1 space more") && h.contains("column 3"), "{h}");
    }

    #[test]
    fn a_key_indented_too_far_is_not_told_to_quote() {
        let text = "provisions:\n  - id: \"1\"\n    text: One.\n      tags: [a]\n";
        let h = hint(text, 4, "mapping values are not allowed in this context").unwrap();
        assert!(h.contains("2 spaces more") && h.contains("column 5"), "{h}");
        assert!(!h.contains("quotes"), "{h}");
    }

    #[test]
    fn a_key_under_a_list_item_lines_up_with_the_items_first_key() {
        let text = "provisions:\n  - id: \"1\"\n      text: One.\n";
        let h = hint(text, 3, "did not find expected key").unwrap();
        assert!(h.contains("2 spaces more") && h.contains("column 5"), "{h}");
    }

    #[test]
    fn a_colon_inside_a_text_is_told_to_quote() {
        let text = "provisions:\n  - id: \"1\"\n    text: One: two\n";
        let h = hint(text, 3, "mapping values are not allowed in this context").unwrap();
        assert!(h.contains("in quotes"), "{h}");
    }

    #[test]
    fn a_plain_text_with_a_colon_is_told_to_quote_not_that_the_field_is_unknown() {
        let text = "provisions:\n  - One.\n  - Three: with colon\n";
        let h = hint(text, 3, "unknown field `Three`, expected one of id").unwrap();
        assert!(h.contains("`- \"Three: with colon\"`"), "{h}");
    }

    #[test]
    fn a_misspelt_field_gets_the_nearest_name_of_those_expected_there() {
        let text = "provisions:\n  - id: \"1\"\n    txt: One\n";
        let expected = "expected one of id, title, text, tags, provisions";
        let h = hint(text, 3, &format!("unknown field `txt`, {expected}")).unwrap();
        assert_eq!(h, "did you mean `text`?");
        // A word of text, not a misspelt field: quote it.
        let text = "provisions:\n  - A: The parties meet.\n";
        let h = hint(text, 2, &format!("unknown field `A`, {expected}")).unwrap();
        assert!(h.contains("put it in quotes"), "{h}");
        // A corrections file's fields, from the message.
        let text = "old: a\nnew: b\nadd: [\"1\"]\n";
        let h = hint(
            text,
            3,
            "unknown field `add`, expected one of old, new, same, removed, added",
        )
        .unwrap();
        assert_eq!(h, "did you mean `added`?");
    }

    #[test]
    fn an_inner_double_quote_is_explained() {
        let text = "provisions:\n  - \"He said \"no\" loudly\"\n";
        let h = hint(
            text,
            2,
            "invalid trailing content after double-quoted scalar",
        )
        .unwrap();
        assert!(h.contains("`\\\"`"), "{h}");
    }
}
