//! Word files built here, part by part, as Word writes them.

use std::io::Write;

use super::*;

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/// A `.docx` of these parts (name, XML).
fn docx(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, xml) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn document(body: &str) -> String {
    format!("<?xml version=\"1.0\"?><w:document {W}><w:body>{body}</w:body></w:document>")
}

/// A paragraph: optional style, optional (numId, ilvl), text runs.
fn p(style: Option<&str>, list: Option<(u32, u32)>, runs: &str) -> String {
    let style = style.map_or(String::new(), |s| format!("<w:pStyle w:val=\"{s}\"/>"));
    let list = list.map_or(String::new(), |(num, level)| {
        format!("<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr>")
    });
    format!("<w:p><w:pPr>{style}{list}</w:pPr>{runs}</w:p>")
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

/// List 1: `1.` over `(a)` over `(i)`; list 2: bullets.
fn numbering() -> String {
    let level = |ilvl: u32, format: &str, text: &str| {
        format!(
            "<w:lvl w:ilvl=\"{ilvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/>\
             <w:lvlText w:val=\"{text}\"/></w:lvl>"
        )
    };
    format!(
        "<w:numbering {W}><w:abstractNum w:abstractNumId=\"7\">{}{}{}</w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"8\">{}</w:abstractNum>\
         <w:num w:numId=\"1\"><w:abstractNumId w:val=\"7\"/></w:num>\
         <w:num w:numId=\"2\"><w:abstractNumId w:val=\"8\"/></w:num>\
         <w:num w:numId=\"3\"><w:abstractNumId w:val=\"7\"/>\
         <w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"5\"/></w:lvlOverride></w:num>\
         </w:numbering>",
        level(0, "decimal", "%1."),
        level(1, "lowerLetter", "(%2)"),
        level(2, "lowerRoman", "(%3)"),
        level(0, "bullet", "\u{f0b7}"),
    )
}

fn styles() -> String {
    format!(
        "<w:styles {W}>\
         <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"ListNumber\"><w:name w:val=\"List Number\"/>\
         <w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"ListNumber2\"><w:name w:val=\"List Number 2\"/>\
         <w:basedOn w:val=\"ListNumber\"/><w:pPr><w:numPr><w:ilvl w:val=\"1\"/></w:numPr></w:pPr></w:style>\
         </w:styles>"
    )
}

fn converted(body: &str) -> Converted {
    let bytes = docx(&[
        ("word/document.xml", document(body)),
        ("word/numbering.xml", numbering()),
        ("word/styles.xml", styles()),
    ]);
    to_text(&bytes).unwrap()
}

#[test]
fn automatic_numbers_are_written_out_as_word_shows_them() {
    let body = [
        p(None, Some((1, 0)), &run("The parties agree.")),
        p(None, Some((1, 1)), &run("to stop firing;")),
        p(None, Some((1, 2)), &run("at once;")),
        p(None, Some((1, 2)), &run("everywhere.")),
        p(None, Some((1, 1)), &run("to talk.")),
        p(None, Some((1, 0)), &run("Prisoners are exchanged.")),
        // The deeper level starts again under a new number.
        p(None, Some((1, 1)), &run("all for all.")),
        p(None, Some((2, 0)), &run("a bullet")),
        // Another list on the same definition, starting at 5.
        p(None, Some((3, 0)), &run("Five.")),
    ]
    .concat();
    let got = converted(&body);
    assert_eq!(
        got.text,
        "1. The parties agree.\n\n    (a) to stop firing;\n\n        (i) at once;\n\n        \
         (ii) everywhere.\n\n    (b) to talk.\n\n2. Prisoners are exchanged.\n\n    (a) all \
         for all.\n\n- a bullet\n\n5. Five.\n"
    );
    assert_eq!(
        got.places,
        [1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]
    );
}

#[test]
fn styles_give_headings_and_lists() {
    let body = [
        p(Some("Title"), None, &run("Ceasefire Agreement")),
        p(Some("Heading1"), None, &run("Security")),
        p(Some("ListNumber"), None, &run("Forces withdraw.")),
        p(Some("ListNumber2"), None, &run("within 30 days;")),
        p(Some("ListNumber2"), None, &run("under monitoring.")),
        p(None, None, &run("Closing words.")),
    ]
    .concat();
    let got = converted(&body);
    assert_eq!(
        got.text,
        "# Ceasefire Agreement\n\n## Security\n\n1. Forces withdraw.\n\n    (a) within 30 days;\
         \n\n    (b) under monitoring.\n\nClosing words.\n"
    );
}

#[test]
fn tracked_deletions_and_field_codes_are_left_out_entities_decoded() {
    let body = p(
        None,
        None,
        &[
            run("Terms &amp; conditions"),
            "<w:del><w:r><w:delText>struck</w:delText></w:r></w:del>".to_string(),
            "<w:ins>".to_string(),
            run(" apply"),
            "</w:ins>".to_string(),
            "<w:r><w:instrText> PAGE </w:instrText></w:r>".to_string(),
            "<w:r><w:tab/></w:r>".to_string(),
            run("&#8212; here."),
        ]
        .concat(),
    );
    assert_eq!(converted(&body).text, "Terms & conditions apply — here.\n");
}

#[test]
fn a_file_that_is_not_a_word_document_is_refused_in_words() {
    let err = to_text(b"just text").unwrap_err();
    assert!(err.starts_with("not a Word document (.docx)"), "{err}");
    let empty_zip = docx(&[("readme.txt", "hi".to_string())]);
    assert_eq!(
        to_text(&empty_zip).unwrap_err(),
        "not a Word document (.docx): it has no word/document.xml"
    );
}

#[test]
fn the_text_imports_with_its_outline() {
    let body = [
        p(Some("Title"), None, &run("Plan")),
        p(None, Some((1, 0)), &run("Ceasefire.")),
        p(None, Some((1, 1)), &run("monitored;")),
        p(None, Some((1, 1)), &run("verified.")),
        p(None, Some((1, 0)), &run("Elections.")),
    ]
    .concat();
    let text = converted(&body).text;
    let imported = crate::import::import(&text, crate::import::Metadata::default());
    let ids: Vec<String> = imported
        .draft
        .provisions
        .iter()
        .flat_map(|p| {
            std::iter::once(p.id.clone()).chain(
                p.provisions
                    .iter()
                    .map(move |c| format!("{}.{}", p.id, c.id)),
            )
        })
        .collect();
    assert_eq!(ids, ["1", "1.a", "1.b", "2"]);
    assert_eq!(imported.draft.meta.title.as_deref(), Some("Plan"));
}

#[test]
fn lists_on_one_definition_share_their_counters_and_empty_items_count() {
    // numId 1 and 3 both use definition 7; 3 restarts it at 5 where it is first used,
    // then 1 goes on from there, as Word counts.
    let body = [
        p(None, Some((1, 0)), &run("One.")),
        p(None, Some((1, 0)), ""),
        p(None, Some((1, 0)), &run("Three.")),
        p(None, Some((3, 0)), &run("Five.")),
        p(None, Some((1, 0)), &run("Six.")),
    ]
    .concat();
    assert_eq!(
        converted(&body).text,
        "1. One.\n\n3. Three.\n\n5. Five.\n\n6. Six.\n"
    );
}

#[test]
fn a_text_box_keeps_the_text_around_it_once() {
    let box_ = |inner: &str| {
        format!(
            "<mc:AlternateContent><mc:Choice><w:txbxContent>{inner}</w:txbxContent></mc:Choice>\
             <mc:Fallback><w:txbxContent>{inner}</w:txbxContent></mc:Fallback></mc:AlternateContent>"
        )
    };
    let body = format!(
        "<w:p>{}<w:r>{}</w:r>{}</w:p>",
        run("Before the box,"),
        box_(&p(None, None, &run("In the box."))),
        run(" after it.")
    );
    let text = converted(&body).text;
    assert_eq!(text.matches("In the box.").count(), 1, "{text}");
    assert!(text.contains("Before the box, after it."), "{text}");
}
