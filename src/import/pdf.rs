//! PDF files: the text of each page (`pdf-extract`), without what the page layout adds.
//!
//! A PDF holds glyphs placed on pages, not paragraphs; `pdf-extract` gives each page's text
//! in reading order, line by line. What a reader does not read as the document is taken
//! off, from the whole document's evidence: a line at the top or bottom of most pages
//! (once digits are ignored) is a running header or footer, a line that is only a page
//! number (`3`, `- 3 -`, `Page 3 of 6`) is one too. A word hyphenated across a line break is
//! joined, without its hyphen unless the document writes that word with a hyphen
//! elsewhere (`previously-` / `enrolled` stays `previously-enrolled` where the text has it
//! so). A paragraph that runs over a page break is joined across it.

use std::collections::{HashMap, HashSet};

use super::Converted;

/// The first and last lines of a page where running headers and footers are looked for.
const MARGIN_LINES: usize = 3;

/// Reads a PDF file's bytes; the error says what is wrong with the file, in words.
pub fn to_text(bytes: &[u8]) -> Result<Converted, String> {
    // pdf-extract panics on some malformed files rather than returning an error: a bad
    // file must be a message, not a crash.
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| "cannot read this PDF (its structure is damaged or unsupported)".to_string())?
        .map_err(|e| format!("cannot read this PDF: {e}"))?;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(
            "this PDF has no text to read (a scan? draftdiff does not read images: run OCR first)"
                .into(),
        );
    }
    Ok(join_pages(&pages))
}

/// The pages' text as one text for the importer, with the page of each line.
pub fn join_pages(pages: &[String]) -> Converted {
    let pages: Vec<Vec<&str>> = pages.iter().map(|p| p.lines().collect()).collect();
    let running = running_lines(&pages);
    let mut lines: Vec<(String, usize)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let margins = margin_lines(page);
        let kept: Vec<&str> = page
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                !margins.contains(i) || !(running.contains(&shape(l)) || is_page_number(l))
            })
            .map(|(_, l)| *l)
            .collect();
        let start = kept.iter().position(|l| !l.trim().is_empty());
        let end = kept.iter().rposition(|l| !l.trim().is_empty());
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        if let Some((last, _)) = lines.last() {
            // A paragraph that runs on: no blank line between the pages' text, unless the
            // next page starts a provision of its own.
            let next = kept[start].trim_start();
            let runs_on = !last.trim_end().ends_with(['.', ':', ';', '!', '?'])
                && super::numbering::recognise(next, super::numbering::Context::Line).is_none()
                && !next.starts_with('#');
            if !runs_on {
                lines.push((String::new(), p + 1));
            }
        }
        lines.extend(kept[start..=end].iter().map(|l| (l.to_string(), p + 1)));
    }
    join_hyphenated(&mut lines);
    let mut text = String::new();
    let mut places = Vec::with_capacity(lines.len());
    for (line, page) in lines {
        text.push_str(&line);
        text.push('\n');
        places.push(page);
    }
    Converted {
        text,
        places,
        unit: "page",
    }
}

/// The indexes of a page's first and last [`MARGIN_LINES`] lines with text: where running
/// headers, footers and page numbers stand (a number or a repeated line mid-page is text).
pub(super) fn margin_lines(page: &[&str]) -> HashSet<usize> {
    let text: Vec<usize> = (0..page.len())
        .filter(|&i| !page[i].trim().is_empty())
        .collect();
    let head = text.iter().take(MARGIN_LINES);
    let tail = text.iter().rev().take(MARGIN_LINES);
    head.chain(tail).copied().collect()
}

/// A line with its digits and spacing ignored: `Page 3 of 6` and `Page 4 of 6` are one,
/// and so are `Page 9 of 12` and `Page 10 of 12`.
/// A line that opens a provision keeps its digits: `Article 1`, `Article 3` and `Article 5`
/// at the tops of three pages are three articles, not a running header.
pub(super) fn shape(line: &str) -> String {
    let spaced = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if super::numbering::recognise(&spaced, super::numbering::Context::Line).is_some() {
        return spaced;
    }
    // A run of digits is one `#`: `[Page 9]` and `[Page 10]` are one footer.
    let mut out = String::new();
    for c in spaced.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

/// The shapes of the lines that stand in the margins of most pages (at least two, and more
/// than half of them): running headers and footers.
pub(super) fn running_lines(pages: &[Vec<&str>]) -> HashSet<String> {
    if pages.len() < 2 {
        return HashSet::new();
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let text: Vec<&str> = page
            .iter()
            .copied()
            .filter(|l| !l.trim().is_empty())
            .collect();
        let margins = text
            .iter()
            .take(MARGIN_LINES)
            .chain(text.iter().rev().take(MARGIN_LINES));
        let shapes: HashSet<String> = margins.map(|l| shape(l)).collect();
        for s in shapes {
            *counts.entry(s).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2 && *n * 2 > pages.len())
        .map(|(s, _)| s)
        .collect()
}

/// `3`, `- 3 -`, `Page 3`, `Page 3 of 6`: a page number on a line of its own.
fn is_page_number(line: &str) -> bool {
    let t = line
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t
        .strip_prefix("Page ")
        .or_else(|| t.strip_prefix("page "))
        .unwrap_or(t);
    let number = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    match t.split_once(" of ") {
        Some((a, b)) => number(a.trim()) && number(b.trim()),
        None => number(t),
    }
}

/// Joins words hyphenated across line breaks: `authentica-` / `tion using` becomes
/// `authentication` / `using`. The hyphen stays where the document writes the word with a
/// hyphen elsewhere, or where the part before it is a prefix that takes one (`self-`,
/// `non-`, `co-`, ...) and the document never writes the word without it.
fn join_hyphenated(lines: &mut Vec<(String, usize)>) {
    let all: String = lines
        .iter()
        .map(|(l, _)| l.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let plain: HashSet<String> = all
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let hyphenated: HashSet<String> = all
        .split_whitespace()
        .filter(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).contains('-'))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    // Line `i` and the next line still there, `j`: a line whose every word went up to
    // the line before is dropped at the end (one pass, not a removal per join).
    let mut dropped = vec![false; lines.len()];
    let (mut i, mut j) = (0, 1);
    while j < lines.len() {
        let line = lines[i].0.trim_end();
        let broken = line.ends_with('-')
            && line[..line.len() - 1].ends_with(char::is_alphabetic)
            && lines[j].0.trim_start().starts_with(char::is_lowercase);
        if !broken {
            (i, j) = (j, j + 1);
            continue;
        }
        let next = lines[j].0.trim_start().to_string();
        let (word, rest) = next.split_once(' ').unwrap_or((next.as_str(), ""));
        let head = line
            .rsplit(' ')
            .next()
            .unwrap_or(line)
            .trim_end_matches('-');
        let joined = format!("{head}-{word}")
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase();
        const PREFIXES: &[&str] = &[
            "self", "non", "co", "ex", "cross", "multi", "anti", "pre", "post", "quasi", "semi",
            "well", "full", "half", "sub", "inter", "intra", "pro", "counter",
        ];
        let lower_head = head.to_lowercase();
        let keep_hyphen = hyphenated.contains(&joined)
            || (PREFIXES.contains(&lower_head.as_str())
                && !plain.contains(&joined.replace('-', "")));
        let mut first = line[..line.len() - 1].to_string();
        if keep_hyphen {
            first.push('-');
        }
        first.push_str(word);
        lines[i].0 = first;
        if rest.trim().is_empty() {
            dropped[j] = true;
            j += 1;
        } else {
            lines[j].0 = rest.trim_start().to_string();
            (i, j) = (j, j + 1);
        }
    }
    let mut k = 0;
    lines.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn running_headers_footers_and_page_numbers_are_dropped() {
        let got = join_pages(&pages(&[
            "AGREEMENT ON THINGS\n\n1. Scope\n\nThis applies.\n\nwww.example.org Page 1 of 3\n",
            "AGREEMENT ON THINGS\n\n2. Terms\n\nThey hold.\n\nwww.example.org Page 2 of 3\n",
            "AGREEMENT ON THINGS\n\n3. End\n\nIt ends.\n\n- 3 -\n",
        ]));
        assert_eq!(
            got.text,
            "1. Scope\n\nThis applies.\n\n2. Terms\n\nThey hold.\n\n3. End\n\nIt ends.\n"
        );
        assert_eq!(got.places, [1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    }

    #[test]
    fn a_footer_is_one_line_whatever_the_page_number_is_long() {
        // Pages 1-9 and 10-18 number their footers with one digit and with two: one footer
        // on every page, not two on half of them each.
        let texts: Vec<String> = (1..=18)
            .map(|n| format!("{n}. Point {n}\n\nIt holds.\n\nDraft of May [Page {n}]\n"))
            .collect();
        let got = join_pages(&texts);
        assert!(!got.text.contains("[Page"), "{}", got.text);
    }

    #[test]
    fn a_paragraph_runs_on_over_a_page_break() {
        let got = join_pages(&pages(&["1. The parties agree that\n", "the war ends.\n"]));
        assert_eq!(got.text, "1. The parties agree that\nthe war ends.\n");
        let got = join_pages(&pages(&[
            "1. Concluded between the\n",
            "European Union and Moldova.\n",
        ]));
        assert_eq!(
            got.text,
            "1. Concluded between the\nEuropean Union and Moldova.\n"
        );
        let got = join_pages(&pages(&["1. The war ends.\n", "2. Peace holds.\n"]));
        assert_eq!(got.text, "1. The war ends.\n\n2. Peace holds.\n");
    }

    #[test]
    fn hyphenated_words_are_joined_unless_the_text_hyphenates_them() {
        let got = join_pages(&pages(&[
            "Authentication uses a multi-factor authentica-\ntion scheme; a multi-\nfactor one. Re-\nEnter it.\n",
        ]));
        assert_eq!(
            got.text,
            "Authentication uses a multi-factor authentication\nscheme; a multi-factor\none. Re-\nEnter it.\n"
        );
    }

    #[test]
    fn only_the_margins_lose_repeated_lines_and_numbers() {
        let got = join_pages(&pages(&[
            "Article 1\n\nText one.\nIt goes on.\nAnd on.\n\n250\n\nMore of one.\nStill one.\nOne ends.\n",
            "Article 3\n\nText three.\nIt says.\nIt adds.\n\n2024\n\nMore of three.\nStill three.\nThree ends.\n",
            "Article 5\n\nText five.\n",
        ]));
        assert!(
            got.text.contains("Article 1") && got.text.contains("Article 5"),
            "{}",
            got.text
        );
        assert!(got.text.contains("250\n\nMore of one."), "{}", got.text);
        assert!(got.text.contains("2024\n\nMore of three."), "{}", got.text);
    }

    #[test]
    fn prefixes_keep_their_hyphen() {
        let got = join_pages(&pages(&[
            "Work for self-\nemployed persons and non-\ndiscrimination.\n",
        ]));
        assert_eq!(
            got.text,
            "Work for self-employed\npersons and non-discrimination.\n"
        );
    }

    #[test]
    fn a_file_that_is_not_a_pdf_is_refused_in_words() {
        let err = to_text(b"plain text, not a PDF").unwrap_err();
        assert!(err.starts_with("cannot read this PDF"), "{err}");
    }
}
