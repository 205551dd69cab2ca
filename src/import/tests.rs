//! Table tests for the importer: small texts for each numbering style and layout, and a
//! property test that numbered text written from a draft imports back to the same draft.

use super::*;
use proptest::prelude::*;

fn meta() -> Metadata {
    Metadata {
        document: "doc".into(),
        version: "v1".into(),
        ..Metadata::default()
    }
}

/// `(full id, title, text)` of every provision, in document order.
fn outline(text: &str) -> Vec<(String, Option<String>, String)> {
    fn walk(
        list: &[ImportedProvision],
        parent: Option<&str>,
        out: &mut Vec<(String, Option<String>, String)>,
    ) {
        for p in list {
            let id = match parent {
                Some(parent) => format!("{parent}.{}", p.id),
                None => p.id.clone(),
            };
            out.push((id.clone(), p.title.clone(), p.text.clone()));
            walk(&p.provisions, Some(&id), out);
        }
    }
    let mut out = Vec::new();
    walk(&import(text, meta()).draft.provisions, None, &mut out);
    out
}

/// An outline as `(id, title, text)` of borrowed strings, to compare with literals.
fn borrowed(outline: &[(String, Option<String>, String)]) -> Vec<(&str, Option<&str>, &str)> {
    outline
        .iter()
        .map(|(id, t, x)| (id.as_str(), t.as_deref(), x.as_str()))
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    outline(text).into_iter().map(|(id, _, _)| id).collect()
}

fn warnings(text: &str) -> Vec<String> {
    import(text, meta())
        .recognised
        .warnings
        .into_iter()
        .map(|w| format!("{}: {}", w.line, w.message))
        .collect()
}

#[test]
fn numbering_styles() {
    for (text, expected) in [
        ("1. a\n2. b\n", vec!["1", "2"]),
        ("1) a\n2) b\n", vec!["1", "2"]),
        ("(1) a\n(2) b\n", vec!["1", "2"]),
        ("1 - a\n2 - b\n", vec!["1", "2"]),
        ("Point 1: a\nPoint 2: b\n", vec!["1", "2"]),
        ("Article 1\nAlpha.\n\nArticle 2\nBeta.\n", vec!["1", "2"]),
        ("§ 1 A.\n§ 2 B.\n", vec!["1", "2"]),
        ("I. A.\nII. B.\nIII. C.\n", vec!["I", "II", "III"]),
        ("a) x\nb) y\n", vec!["a", "b"]),
        ("## 1. A\n\nx\n\n## 2. B\n\ny\n", vec!["1", "2"]),
        ("- x\n- y\n", vec!["1", "2"]),
    ] {
        assert_eq!(ids(text), expected, "{text:?}");
    }
}

#[test]
fn outline_nesting() {
    for (text, expected) in [
        // Letters under numbers, Romans under letters, back out by style.
        (
            "1. x\na) y\n(i) z\n(ii) z\nb) y\n2. x\n",
            vec!["1", "1.a", "1.a.i", "1.a.ii", "1.b", "2"],
        ),
        // `(i)` after `(h)` is the letter i; after `(b)` it starts Roman numerals.
        ("1. x\n\n(h) y\n\n(i) y\n", vec!["1", "1.h", "1.i"]),
        // Decimals go under their prefix, wherever it is.
        (
            "1. x\n1.1 Y\n1.2 Y\n2. x\n2.1 Y\n",
            vec!["1", "1.1", "1.2", "2", "2.1"],
        ),
        // Keywords nest by rank.
        (
            "Chapter 1\nx\nArticle 1\ny\nArticle 2\ny\nChapter 2\nx\nArticle 3\ny\n",
            vec!["1", "1.1", "1.2", "2", "2.3"],
        ),
        // Markdown lists nest by indentation, even in the same style.
        (
            "1. x\n   1. y\n   2. y\n2. x\n",
            vec!["1", "1.1", "1.2", "2"],
        ),
        // Right-aligned numbers are siblings.
        (" 9. x\n10. x\n", vec!["9", "10"]),
        // Bullets under a point are lettered; a nested bullet list goes one deeper.
        ("1. x\n- y\n  - z\n- y\n", vec!["1", "1.a", "1.a.a", "1.b"]),
        // Headings nest by level and hold the lists under them; a heading closes a list.
        (
            "# T\n\n## A\n\n1. x\n\n### B\n\ny\n\n## C\n\nz\n",
            vec!["a", "a.1", "a.b", "c"],
        ),
    ] {
        assert_eq!(ids(text), expected, "{text:?}");
    }
}

#[test]
fn text_layout() {
    let o = outline("Lead-in\ntext.\n\n1. First line\nwrapped.\n\nSecond paragraph.\n2. Two.\n");
    assert_eq!(o[0], ("preamble".into(), None, "Lead-in text.".into()));
    assert_eq!(
        o[1],
        (
            "1".into(),
            None,
            "First line wrapped.\n\nSecond paragraph.".into()
        )
    );
    // A short line after the number, then text: a heading.
    let o = outline("6. Armed forces\n\nThe Armed Forces are capped.\n");
    assert_eq!(o[0].1.as_deref(), Some("Armed forces"));
    assert_eq!(o[0].2, "The Armed Forces are capped.");
    // A heading in capitals is followed by its text on the very next line.
    let o = outline("I. SECURITY\nThe forces are capped.\n");
    assert_eq!(o[0].1.as_deref(), Some("SECURITY"));
    let o = outline("2. NATO\n   does not expand.\n");
    assert_eq!(
        (o[0].1.clone(), o[0].2.as_str()),
        (None, "NATO does not expand.")
    );
    // ... but an ordinary wrapped sentence is not a heading.
    let o = outline("1. The forces\nare capped\n\nat 600,000.\n");
    assert_eq!(
        (o[0].1.clone(), o[0].2.as_str()),
        (None, "The forces are capped\n\nat 600,000.")
    );
    // A numbered heading without text of its own uses its heading as text and title.
    let o = outline("## 2. Economy\n\n1. Sanctions lifted.\n");
    assert_eq!(o[0], ("2".into(), Some("Economy".into()), "Economy".into()));
    // A bare number without text or sub-provisions keeps its number as text.
    let o = outline("1. One.\n2.\n3. Three.\n");
    assert_eq!(o[1].2, "2.");
}

#[test]
fn wrapped_numbers_are_not_provisions() {
    // Mid-paragraph, only a number that starts or continues a list opens a provision.
    assert_eq!(
        ids("1. Raised in\n2014. Since then.\n2. Two.\n"),
        vec!["1", "2"]
    );
    assert_eq!(
        warnings("1. Raised in\n2014. Since then.\n2. Two.\n"),
        Vec::<String>::new(),
        "2014 is not even a marker (more than 3 digits)"
    );
    assert_eq!(ids("1. Signed by\nJ. Rutledge.\n2. Two.\n"), vec!["1", "2"]);
    assert_eq!(
        warnings("1. Signed by\nJ. Rutledge.\n2. Two.\n"),
        vec!["2: \"J.\" looks like numbering but does not continue it; kept as text of provision \"1\""]
    );
    // After a blank line the same number is a provision, and a skipped one is reported.
    assert_eq!(ids("1. One.\n\n3. Three.\n"), vec!["1", "3"]);
    assert_eq!(
        warnings("1. One.\n\n3. Three.\n"),
        vec!["3: numbering skips from \"1\" to \"3\""]
    );
}

#[test]
fn preamble_bullets_and_titles() {
    // Bullets before the first point of a numbered text are preamble text.
    let o = outline("Key points:\n- one\n- two\n\n1. First.\n");
    assert_eq!(o[0].2, "Key points:\n\n- one\n\n- two");
    assert_eq!(o.len(), 2);
    // A leading `# Title` titles the draft; with nothing under it before the first point,
    // it is no provision of its own.
    let imported = import("# Plan\n\n1. One.\n", meta());
    assert_eq!(imported.draft.meta.title.as_deref(), Some("Plan"));
    assert_eq!(imported.draft.provisions.len(), 1);
    assert_eq!(imported.draft.provisions[0].text, "One.");
    // Text under it is a preamble, which the title heads.
    let o = outline("# Plan\n\nAgreed today.\n\n1. One.\n");
    assert_eq!(
        o[0],
        (
            "preamble".into(),
            Some("Plan".into()),
            "Agreed today.".into()
        )
    );
    // A title alone is the draft's only provision.
    assert_eq!(outline("# Plan\n")[0].2, "Plan");
    // --title wins over the text's title.
    let imported = import(
        "# Plan\n\n1. One.\n",
        Metadata {
            title: Some("Given".into()),
            ..meta()
        },
    );
    assert_eq!(imported.draft.meta.title.as_deref(), Some("Given"));
}

#[test]
fn markup_is_not_text() {
    let text = "Title\n=====\n\n1. One.\n\n---\n\n2. Two\n   -----\n";
    assert_eq!(
        import(text, meta()).draft.meta.title.as_deref(),
        Some("Title")
    );
    assert_eq!(
        outline(text)[1].2,
        "Two",
        "a rule is markup, even under a line"
    );
    let o = outline("**1.** Bold number.\n**2. Bold heading**\nIts text.\n");
    assert_eq!(o[0].2, "Bold number.");
    assert_eq!(o[1].1.as_deref(), Some("Bold heading"));
    assert_eq!(o[1].2, "Its text.");
}

#[test]
fn duplicates_are_renamed_and_reported() {
    assert_eq!(ids("1. a\n\n1. b\n"), vec!["1", "1-2"]);
    let w = warnings("1. a\n\n1. b\n");
    assert!(w.iter().any(|w| w.contains("repeats")), "{w:?}");
    assert!(w.iter().any(|w| w.contains("imported as \"1-2\"")), "{w:?}");
}

#[test]
fn deep_nesting_is_flattened_to_what_drafts_allow() {
    let mut text = String::new();
    for depth in 0..12 {
        text.push_str(&format!("{}1. level {depth}\n", "   ".repeat(depth)));
    }
    let imported = import(&text, meta());
    let yaml = yaml::to_yaml(&imported.draft);
    assert!(
        crate::load::load_bytes(yaml.as_bytes(), "t", &Default::default()).is_ok(),
        "{yaml}"
    );
    assert!(imported
        .recognised
        .warnings
        .iter()
        .any(|w| w.message.contains("nested deeper")));
}

#[test]
fn output_always_loads() {
    for text in [
        "plain prose without any numbering\n",
        "\u{feff}1. BOM\r\n2. CRLF\r\n",
        "1. \"quotes\" and \\backslashes\\ and: colons # hashes\n",
        "1. control \u{7} char\n\n   next paragraph\n",
        "#\n\n- \n\n1.\n",
        "## \n1. x\n",
    ] {
        let imported = import(text, meta());
        let yaml = yaml::to_yaml(&imported.draft);
        let draft = crate::load::load_bytes(yaml.as_bytes(), "t", &Default::default())
            .unwrap_or_else(|e| panic!("{text:?}:\n{e}\n{yaml}"));
        assert!(!draft.provisions.is_empty());
    }
}

// ---------------------------------------------------------------------------------------
// Round trip: random drafts written as numbered text import back to the same provisions.

#[derive(Debug, Clone)]
struct Gen {
    title: Option<String>,
    paragraphs: Vec<String>,
    children: Vec<Gen>,
}

/// A sentence of 1-20 words ending in a full stop: texts end their sentences.
fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Za-z][a-z']{0,9}(,)?", 1..20)
        .prop_map(|w| format!("{}.", w.join(" ")))
        // On a line of its own, "A. Smith signed." is provision A: no importer can tell.
        .prop_filter("reads as a marker", |s| {
            numbering::recognise(s, numbering::Context::Line).is_none()
        })
        // "Keep Calm." over sub-points reads as their heading, as "Definitions." does.
        .prop_filter("reads as a heading", |s| heading_of(s).is_none())
}

/// A title: 1-6 capitalised words without final punctuation.
fn title() -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Z][a-z]{1,9}", 1..6).prop_map(|w| w.join(" "))
}

fn provision(depth: u32) -> BoxedStrategy<Gen> {
    let leaf = (
        prop::option::of(title()),
        prop::collection::vec(sentence(), 1..3),
    );
    if depth == 0 {
        return leaf
            .prop_map(|(title, paragraphs)| Gen {
                title,
                paragraphs,
                children: vec![],
            })
            .boxed();
    }
    (leaf, prop::collection::vec(provision(depth - 1), 0..4))
        .prop_map(|((title, paragraphs), children)| Gen {
            title,
            paragraphs,
            children,
        })
        .boxed()
}

fn marker(depth: usize, index: usize) -> String {
    match depth {
        0 => format!("{}.", index + 1),
        1 => format!("{})", numbering::letters(index)),
        _ => {
            let romans = ["i", "ii", "iii", "iv", "v", "vi"];
            format!("({})", romans[index])
        }
    }
}

fn write_numbered(list: &[Gen], depth: usize, out: &mut String) {
    for (index, p) in list.iter().enumerate() {
        let indent = "    ".repeat(depth);
        let m = format!("{indent}{} ", marker(depth, index));
        let body = " ".repeat(m.len());
        let mut paragraphs = p.paragraphs.iter();
        match &p.title {
            Some(title) => out.push_str(&format!("{m}{title}\n\n")),
            None => {
                let first = paragraphs.next().expect("one paragraph");
                out.push_str(&format!("{m}{}\n\n", wrap(first, &body)));
            }
        }
        for para in paragraphs {
            out.push_str(&format!("{body}{}\n\n", wrap(para, &body)));
        }
        write_numbered(&p.children, depth + 1, out);
    }
}

/// Breaks a paragraph into lines of about 40 characters, indented like its provision,
/// never starting a line with what reads as a marker ("... signed by" / "A. Smith."):
/// plain text cannot tell those apart, which is the limit of any importer.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    let words: Vec<&str> = text.split(' ').collect();
    for (i, word) in words.iter().enumerate() {
        let rest = words[i..].join(" ");
        let reads_as_marker = numbering::recognise(&rest, numbering::Context::Line).is_some();
        if width > 40 && !reads_as_marker {
            out.push('\n');
            out.push_str(indent);
            width = 0;
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        width += word.len() + 1;
    }
    out
}

fn expected(list: &[Gen], depth: usize) -> Vec<ImportedProvision> {
    list.iter()
        .enumerate()
        .map(|(index, p)| {
            let label = marker(depth, index);
            ImportedProvision {
                id: label.trim_matches(|c| "().".contains(c)).to_string(),
                title: p.title.clone(),
                text: p.paragraphs.join("\n\n"),
                provisions: expected(&p.children, depth + 1),
                line: 0,
            }
        })
        .collect()
}

fn without_lines(mut list: Vec<ImportedProvision>) -> Vec<ImportedProvision> {
    for p in &mut list {
        p.line = 0;
        p.provisions = without_lines(std::mem::take(&mut p.provisions));
    }
    list
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn numbered_text_round_trips(draft in prop::collection::vec(provision(2), 1..6)) {
        let mut text = String::new();
        write_numbered(&draft, 0, &mut text);
        let imported = import(&text, meta());
        prop_assert_eq!(
            without_lines(imported.draft.provisions),
            expected(&draft, 0),
            "text:\n{}", text
        );
        prop_assert!(imported.recognised.warnings.is_empty(), "{:?}", imported.recognised.warnings);
    }

    #[test]
    fn any_text_gives_a_loadable_draft_that_keeps_every_word(text in "[ -~\n\t#*()§•–]{0,300}") {
        let imported = import(&text, meta());
        if text.trim().is_empty() {
            return Ok(());
        }
        let yaml = yaml::to_yaml(&imported.draft);
        let draft = crate::load::load_bytes(yaml.as_bytes(), "t", &Default::default())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
        let mut out = String::new();
        for p in &draft.provisions {
            out.push_str(&format!("{} {} {} ", p.id, p.title.clone().unwrap_or_default(), p.text));
        }
        const NUMBERING_WORDS: &[&str] = &["article", "art", "section", "sect", "sec", "point",
            "clause", "paragraph", "para", "chapter", "part", "amendment"];
        // An `o` opening a line, then a space, is a bullet (as RFCs print them): markup.
        let without_bullets: String = text
            .lines()
            .map(|l| {
                let t = l.trim_start();
                match t.strip_prefix('o') {
                    Some(rest) if rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() => rest,
                    _ => l,
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        for word in without_bullets.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if NUMBERING_WORDS.contains(&word.to_lowercase().as_str()) {
                continue;
            }
            prop_assert!(out.contains(word), "{:?} lost from {:?}\n{}", word, text, yaml);
        }
    }
}

// Regression: a pasted list with a missing point and no blank lines ("6." then "8.") was
// read as one provision 6 holding everything after it, because "8." did not continue "6.".
#[test]
fn a_missing_point_in_a_tight_list_is_a_skip_not_wrapped_text() {
    let text = "1. one\n2. two\n3. three\n4. four\n5. five\n6. six\n8. eight\n9. nine\n";
    assert_eq!(ids(text), ["1", "2", "3", "4", "5", "6", "8", "9"]);
    assert!(
        warnings(text)
            .iter()
            .any(|w| w.contains("skips from \"6\" to \"8\"")),
        "{:?}",
        warnings(text)
    );
    // A year at the start of a wrapped line is still text, not a jump in the numbering.
    assert_eq!(
        ids("1. It was drafted in\n2014. Since then it changed.\n2. two\n"),
        ["1", "2"]
    );
}

// Regressions from issue 17: each shape as real licences and statutes print it, in our own
// words.

#[test]
fn an_enumeration_inside_a_preamble_sentence_is_prose() {
    let text = "Terms for Sharing\n\nAuthors who share under these terms keep two promises:\n\
                (1) they keep their notices, and (2) they grant the permissions below so that\n\
                anyone may build on the work.\n\n\
                1. Definitions.\n\n\"Work\" means the material shared.\n\n\
                2. Grant.\n\nEach author grants the permissions.\n";
    let got = outline(text);
    let ids: Vec<&str> = got.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids, ["preamble", "1", "2"], "{got:#?}");
    assert!(got[0]
        .2
        .contains("(1) they keep their notices, and (2) they grant"));
    assert_eq!(got[1].2, "\"Work\" means the material shared.");
}

#[test]
fn a_wrapped_line_starting_with_a_referenced_number_is_prose() {
    let text =
        "1. Scope.\n\nThis applies.\n\n2. Duties.\n\nYou must keep the terms added under section\n\
                4. This duty adds to the one in section 1.\n\n3. Notices.\n\nKeep them.\n\n\
                4. Extra terms.\n\nYou may add terms.\n";
    let got = outline(text);
    let ids: Vec<&str> = got.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"], "{got:#?}");
    assert!(got[1]
        .2
        .ends_with("under section 4. This duty adds to the one in section 1."));
}

#[test]
fn a_short_heading_ending_in_a_full_stop_is_a_title() {
    let text = "1. Definitions.\n\n\"Work\" means the material shared.\n\n\
                2. Grant of Licence. Each author grants the permissions below.\n\n\
                3. The parties meet.\n\n4. Notices.\n\n(a) Keep them.\n(b) Show them.\n";
    let got = outline(text);
    let titles = borrowed(&got);
    assert_eq!(
        titles,
        [
            (
                "1",
                Some("Definitions"),
                "\"Work\" means the material shared."
            ),
            (
                "2",
                Some("Grant of Licence"),
                "Each author grants the permissions below."
            ),
            // A sentence with nothing of its own after it stays the provision's text.
            ("3", None, "The parties meet."),
            ("4", Some("Notices"), "Notices."),
            ("4.a", None, "Keep them."),
            ("4.b", None, "Show them."),
        ]
    );
}

#[test]
fn a_sub_section_heading_keeps_its_body_and_its_points() {
    let text = "2. Grants\n--------\n\n2.1. Licence\n\nEach author grants you a licence:\n\n\
                (a) to copy the work; and\n\n(b) to share it.\n\n2.2. Start\n\nThe licence starts now.\n";
    let got = outline(text);
    let titles = borrowed(&got);
    assert_eq!(
        titles,
        [
            ("2", Some("Grants"), "Grants"),
            ("2.1", Some("Licence"), "Each author grants you a licence:"),
            ("2.1.a", None, "to copy the work; and"),
            ("2.1.b", None, "to share it."),
            ("2.2", Some("Start"), "The licence starts now."),
        ]
    );
}

#[test]
fn sections_framed_in_asterisks_are_sections_without_the_frame() {
    let text = "5. Ending\n---------\n\nThe licence ends on breach.\n\n\
                **********************************************\n\
                *                                            *\n\
                *  6. No Warranty                            *\n\
                *  --------------                            *\n\
                *                                            *\n\
                *  The work is provided as is, without any   *\n\
                *  warranty of any kind.                     *\n\
                *                                            *\n\
                **********************************************\n\n\
                7. Law\n------\n\nThe law of the place applies.\n";
    let got = outline(text);
    let titles = borrowed(&got);
    assert_eq!(
        titles,
        [
            ("5", Some("Ending"), "The licence ends on breach."),
            (
                "6",
                Some("No Warranty"),
                "The work is provided as is, without any warranty of any kind."
            ),
            ("7", Some("Law"), "The law of the place applies."),
        ]
    );
}

#[test]
fn a_repeated_number_in_a_compact_list_is_an_item_of_its_own() {
    let text =
        "1. First point.\n2. Second point.\n2. Third point, misnumbered.\n3. Fourth point.\n";
    let got = outline(text);
    let ids: Vec<&str> = got.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "2-2", "3"], "{got:#?}");
    assert_eq!(got[2].2, "Third point, misnumbered.");
    let warned = warnings(text);
    assert!(warned.iter().any(|w| w.starts_with("3: ")), "{warned:?}");
}

// The rules found on the import corpus's tuning documents (tests/import-corpus), each in a
// small text of our own.

#[test]
fn a_leading_heading_below_every_numbered_one_is_the_title() {
    let text =
        "#### Treaty on Things\n\nThe parties agree as follows:\n\n### Article 1\n\nScope.\n";
    let imported = import(text, meta());
    assert_eq!(
        imported.draft.meta.title.as_deref(),
        Some("Treaty on Things")
    );
    assert_eq!(ids(text), ["preamble", "1"]);
}

#[test]
fn a_bare_numbered_heading_takes_its_title_from_under_it() {
    let text =
        "### Article 1\n\n#### - Scope\n\nIt applies.\n\n### Article 2\n\nTerms\n\nThey hold.\n";
    let got = outline(text);
    assert_eq!(
        got[0],
        ("1".into(), Some("Scope".into()), "It applies.".into())
    );
    assert_eq!(
        got[1],
        ("2".into(), Some("Terms".into()), "They hold.".into())
    );
}

#[test]
fn a_rarer_keyword_at_one_heading_level_holds_the_frequent_one() {
    let text = "### SECTION I\n\n### Article 1\n\nOne.\n\n### Article 2\n\nTwo.\n\n\
                ### SECTION II\n\n### Article 3\n\nThree.\n\n### Article 4\n\nFour.\n";
    assert_eq!(ids(text), ["I", "I.1", "I.2", "II", "II.3", "II.4"]);
}

#[test]
fn a_short_line_over_a_sentence_is_a_heading() {
    let long = "This sentence is long enough to show how wide the lines of this text run, \
                which is much wider than a heading.";
    let text = format!("1. Purpose\n{long}\n\n{long}\n\n2. Scope\n{long}\n");
    let got = outline(&text);
    assert_eq!(got[0].1.as_deref(), Some("Purpose"));
    // The second paragraph, at the number's column, is still the provision's own.
    assert_eq!(got[0].2, format!("{long}\n\n{long}"));
    assert_eq!(got[1].1.as_deref(), Some("Scope"));
}

#[test]
fn markers_glued_to_their_text_and_numbered_bullets() {
    assert_eq!(ids("1.To keep the peace.\n2.To build trust.\n"), ["1", "2"]);
    assert_eq!(
        ids("1. Duties:\n\n(a)in defence;\n\n(b)in order.\n"),
        ["1", "1.a", "1.b"]
    );
    assert_eq!(
        ids("1. Roles\n\n- i) chair;\n- ii) clerk.\n"),
        ["1", "1.i", "1.ii"]
    );
    // `o` bullets, as RFCs print them.
    assert_eq!(
        ids("1. Terms\n\n   o  one\n   o  two\n"),
        ["1", "1.a", "1.b"]
    );
    // Prose still is prose: `e.g.`, a decimal figure, outline labels, `(s)he`.
    assert_eq!(ids("1. Scope\n3.A Eligibility\n3.B Application\n"), ["1"]);
    assert_eq!(ids("1. The member, and\n(s)he shall reply.\n"), ["1"]);
    assert_eq!(ids("1. Scope\ne.g. this.\n1.5 million people.\n"), ["1"]);
}

#[test]
fn a_number_without_a_stop_heads_its_decimal_sections() {
    let text = "4 Assurance Levels\n\nThis section is normative.\n\n4.1 Level One\n\nSome.\n\n\
                4.2 Level Two\n\nMore.\n\n2 days later, nothing.\n";
    assert_eq!(ids(text), ["4", "4.1", "4.2"]);
}

#[test]
fn a_table_of_contents_is_text() {
    let text = "Table of Contents\n\n   1. Introduction ............ 2\n   2. Terms ...........,.... 3\n\n\
                1. Introduction\n\nText.\n\n2. Terms\n\nMore.\n";
    assert_eq!(ids(text), ["preamble", "1", "2"]);
    assert!(outline(text)[0]
        .2
        .contains("1. Introduction ............ 2"));
}

// Review findings: prose that the corpus-found rules must leave alone.
#[test]
fn review_cases_stay_prose_or_keep_their_outline() {
    // The last Article before the Amendments does not hold them.
    let text = "## Article VI\n\nSix.\n\n## Article VII\n\nSeven.\n\n## Amendment I\n\nOne.\n\n\
                ## Amendment II\n\nTwo.\n\n## Amendment III\n\nThree.\n";
    assert_eq!(ids(text), ["VI", "VII", "I", "II", "III"]);
    // An unnumbered first heading beside numbered ones is a section, not the title.
    let text = "## Introduction\n\nText.\n\n## 1 Scope\n\nIt.\n\n## 2 Terms\n\nThem.\n";
    assert_eq!(import(text, meta()).draft.meta.title, None);
    // An item that ends in "rules" is followed by the next item, not a reference.
    assert_eq!(
        ids("1. General rules\n2. Procedure\n3. Final provisions\n"),
        ["1", "2", "3"]
    );
    // An abbreviation's stop is no end of a run-in heading.
    let got = outline("1. Approved by Dr. Jones on behalf of the Board.\n2. Noted.\n");
    assert_eq!(got[0].1, None);
    // `o` in running text (Spanish "or") is a word.
    let got = outline("1. El arrendatario podrá ceder el contrato\no subarrendar la vivienda.\n");
    assert_eq!(got.len(), 1);
    assert!(got[0].2.contains("contrato o subarrendar"), "{got:?}");
    // "1 Main Street" is an address line, not a heading of "1.x" sections.
    let text = "1. The Landlord lets the premises at:\n\n1 Main Street\n\n2. The rent is due.\n";
    assert_eq!(ids(text), ["1", "2"]);
    // "(i) ... and (ii) ..." on one line is an enumeration in a sentence.
    let text = "1. The Licensee shall\n(i) keep the notice, and (ii) pay the fee.\n2. Next.\n";
    assert_eq!(ids(text), ["1", "2"]);
}

#[test]
fn a_bold_heading_loses_its_marks_and_its_stop() {
    let got = outline(
        "1. Board\n\n**(a)&nbsp;&nbsp;Members.** Five.\n\n**(b)&nbsp;Terms.** Two years.\n",
    );
    assert_eq!(
        got[1],
        ("1.a".into(), Some("Members".into()), "Five.".into())
    );
    let got = outline(
        "**Section 1.1. ++Name.++** The name is the Foundation.\n**Section 1.2. Offices:** Here.\n",
    );
    assert_eq!(got[0].1.as_deref(), Some("Name"));
    assert_eq!(got[0].2, "The name is the Foundation.");
    assert_eq!(got[1].1.as_deref(), Some("Offices"));
}

#[test]
fn a_markdown_heading_of_only_a_number_has_no_title() {
    // "### Article 2" over its paragraphs is numbered, not named: its marker is its text.
    let got =
        outline("### Part I\n\n### Article 1\n\nOne.\n\n### Article 2\n\n1. First.\n2. Second.\n");
    let heading = |id: &str| {
        let p = got.iter().find(|p| p.0 == id).expect(id);
        (p.1.as_deref(), p.2.as_str())
    };
    assert_eq!(heading("I"), (None, "Part I"));
    assert_eq!(heading("2"), (None, "Article 2"));
    // A plain-text marker line over its sections keeps its heading as title.
    let got = outline("Article. I.\n\nSection. 1.\n\nAll powers.\n\nSection. 2.\n\nThe House.\n");
    assert_eq!(got[0].1.as_deref(), Some("Article. I."));
}

#[test]
fn a_markdown_heading_loses_its_closing_stop() {
    let got = outline(
        "### 5. Assets\n\nThe assets.\n\n### 6. General Rules and Operations.\n\nThe rules.\n",
    );
    assert_eq!(got[1].1.as_deref(), Some("General Rules and Operations"));
    // An abbreviation keeps its stop.
    let got = outline("## 1. Relations with the U.S.\n\nText.\n");
    assert_eq!(got[0].1.as_deref(), Some("Relations with the U.S."));
}

#[test]
fn a_title_holds_the_sections_of_a_bill() {
    let text = "# TITLE II—TRADE RULES\n\nSEC. 201. TARIFFS.\n\n(a) In General.—No tariffs.\n\n\
                SEC. 202. QUOTAS.\n\nNo quotas.\n";
    let got = outline(text);
    let got_ids: Vec<&str> = got.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(got_ids, ["II", "II.201", "II.201.a", "II.202"]);
    assert_eq!(got[0].1.as_deref(), Some("TRADE RULES"));
    // "Title 31, United States Code, is amended" is prose.
    assert_eq!(
        ids("Title 31, United States Code, is amended.\n"),
        ["preamble"]
    );
}

#[test]
fn a_bill_heading_ends_in_a_stop_and_a_dash() {
    let text = "SEC. 9. PANEL.\n\n(a) Establishment.—There is a panel.\n\n(b) Membership.—\n\n\
                (1) Size of the panel.—Ten members.\n\n(2) Terms.--Two years.\n";
    let got = outline(text);
    let find = |id: &str| got.iter().find(|p| p.0 == id).cloned().expect(id);
    assert_eq!(find("9.a").1.as_deref(), Some("Establishment"));
    assert_eq!(find("9.a").2, "There is a panel.");
    // The heading alone over its paragraphs is its text.
    assert_eq!(find("9.b").1.as_deref(), Some("Membership"));
    assert_eq!(find("9.b").2, "Membership.—");
    // Sentence case: the dash says it is a heading.
    assert_eq!(find("9.b.1").1.as_deref(), Some("Size of the panel"));
    assert_eq!(find("9.b.2").1.as_deref(), Some("Terms"));
}

#[test]
fn a_paragraph_at_the_margin_of_a_flush_left_text_stays_in_its_item() {
    // Nothing is indented: the quoted text after "(a)" is (a)'s, and (b) is its sibling.
    let text = "SEC. 2. SANDBOX.\n\n(a) In General.—The Act is amended as follows:\n\n\
                \"(1) A new rule.\n\n(b) Conforming Amendment.—The table is amended.\n";
    let got = outline(text);
    let got_ids: Vec<&str> = got.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(got_ids, ["2", "2.a", "2.b"]);
    assert!(got[1].2.ends_with("\"(1) A new rule."), "{got:?}");
    // ... but a new sentence after the last point closes the list, as it does elsewhere.
    let text = "1. The parties agree:\n\na) to stop;\n\nb) to talk.\n\nThe agreement holds.\n";
    assert_eq!(
        outline(text)[0].2,
        "The parties agree:\n\nThe agreement holds."
    );
    // Where items are indented, a paragraph back at the margin is the enclosing one's.
    let text =
        "1. Conditions:\n\n   (a) keep the notice;\n\n   (b) keep the licence.\n\nThat is all.\n";
    assert_eq!(outline(text)[0].2, "Conditions:\n\nThat is all.");
}

#[test]
fn a_paragraph_after_bullets_at_the_margin_is_not_the_last_bullets() {
    // Even in a text with nothing indented, a bullet is a point, not a heading over text.
    let text = "1. Types\n\nThese are allowed:\n\n- Secrets (Section 5)\n- Devices (Section 6)\n\n\
                Devices use approved cryptography.\n";
    let got = outline(text);
    assert_eq!(got.last().map(|p| p.1.clone()), Some(None), "{got:?}");
}

#[test]
fn page_headers_and_footers_of_a_paginated_text_close_nothing() {
    // A plain-text RFC: form feeds between pages, a footer and a header on each page.
    let text = "Notes on Time              May 2002\n\n4. Time\n\n4.1. Local\n\n   Ways are:\n\n\
                \x20  o  one way\n\nDraft             [Page 1]\n\u{c}\nNotes on Time              May 2002\n\n\
                \x20  o  another way\n\n5. End\n\n   Done.\n\nDraft             [Page 2]\n";
    let got = ids(text);
    assert!(got.contains(&"4.1.b".to_string()), "{got:?}");
    assert!(!got.contains(&"4.a".to_string()), "{got:?}");
    // Their words are kept, as text of the provision open at the page break.
    let all = outline(text);
    assert!(all.iter().any(|p| p.2.contains("[Page 1]")), "{all:?}");
}

#[test]
fn unnumbered_headings_at_the_margin_over_an_indented_body() {
    // An RFC's layout: headings at column 0, their text indented.
    let text = "Memo Series                                  A. Author\n\n\
                Status of this Memo\n\n   This memo is a standard.\n\n\
                1. Introduction\n\n   Dates are hard.\n\n\
                2. Format\n\n   Use four digits.\n\n\
                Acknowledgements\n\n   Thanks to all.\n";
    let got = outline(text);
    let got_ids: Vec<(&str, Option<&str>)> =
        got.iter().map(|p| (p.0.as_str(), p.1.as_deref())).collect();
    assert_eq!(
        got_ids,
        [
            ("preamble", None),
            ("status-of-this-memo", Some("Status of this Memo")),
            ("1", Some("Introduction")),
            ("2", Some("Format")),
            ("acknowledgements", Some("Acknowledgements")),
        ]
    );
    assert_eq!(got[1].2, "This memo is a standard.");
    // One line at the margin before an indented text is no layout of headings.
    let text =
        "1. Terms\n\n   They apply.\n\nEND OF TERMS AND CONDITIONS\n\n   How to apply them.\n";
    assert_eq!(ids(text), ["1"]);
}

#[test]
fn a_plus_at_the_start_of_a_wrapped_line_goes_on_the_sum() {
    let text =
        "1. The day is\n\n   (26 * month - 2) / 10 + day + year\n   + year / 4 + cent / 4.\n";
    let got = outline(text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].2.ends_with("+ day + year + year / 4 + cent / 4."),
        "{got:?}"
    );
    // A list of `+` bullets is still a list.
    assert_eq!(ids("1. Items:\n\n+ one\n+ two\n"), ["1", "1.a", "1.b"]);
}

#[test]
fn a_sentence_finished_by_its_points_is_no_heading() {
    let text = "1. The judgment is final.\n2. The judgment of a Chamber becomes final\n\n\
                a) when the parties accept it; or\n\nb) three months later.\n";
    let got = outline(text);
    assert_eq!(got[1].0, "2");
    assert_eq!(got[1].1, None, "{got:?}");
    assert_eq!(got[1].2, "The judgment of a Chamber becomes final");
    // A heading in title case over its points is still one.
    let got = outline("1. Final Provisions\n\na) the first;\n\nb) the second.\n");
    assert_eq!(got[0].1.as_deref(), Some("Final Provisions"));
}

#[test]
fn a_letter_glued_to_its_text_after_the_parenthesis() {
    let text = "The Court shall\n\na) elect its President;\n\nb)decide on issues; and\n\nc) consider requests.\n";
    assert_eq!(ids(text), ["preamble", "a", "b", "c"]);
}

#[test]
fn an_underlined_name_after_a_number_without_its_stop() {
    // "Section 3.8" without a stop before its "++Name.++", beside "Section 3.7." with one.
    let text = "**Section 3.7. ++Compensation.++** None.\n\n\
                **Section 3.8 ++Transactions with Interested Parties.++** Allowed if:\n\n\
                (a) disclosed; or\n\n(b) approved.\n";
    let got = outline(text);
    let got_ids: Vec<&str> = got.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(got_ids, ["3.7", "3.8", "3.8.a", "3.8.b"]);
    assert_eq!(
        got[1].1.as_deref(),
        Some("Transactions with Interested Parties")
    );
}
