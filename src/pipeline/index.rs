//! The index pages, in Markdown and HTML: each document's timeline with its steps and
//! history, and the list of documents.

use std::fmt::Write;

use super::manifest::{Meta, StepEntry};
use crate::report::html;
use crate::report::markdown::escape;

/// One version on a document's timeline.
pub struct TimelineVersion<'a> {
    pub meta: &'a Meta,
}

/// One step between consecutive versions, with the stem of its report files.
pub struct TimelineStep<'a> {
    pub old: &'a str,
    pub new: &'a str,
    /// File name stem, relative to the document's folder.
    pub stem: String,
    pub entry: &'a StepEntry,
}

pub struct DocumentIndex<'a> {
    pub document: &'a str,
    pub versions: Vec<TimelineVersion<'a>>,
    pub steps: Vec<TimelineStep<'a>>,
    /// Messages for drafts of this document that are currently invalid.
    pub invalid: Vec<String>,
    /// Messages for its corrections files that cannot be applied.
    pub bad_corrections: Vec<String>,
    /// Whether `history.{md,json,html}` are written beside the index.
    pub history: bool,
}

/// What becomes of a pair whose corrections file has a problem: said plainly, because its
/// report then no longer follows the analyst's decisions.
const NOT_APPLIED: &str = "These corrections files have problems and are not applied until \
     they are fixed: the pairs of versions they name are compared without them, as if they \
     were not there.";

const KINDS: [&str; 8] = [
    "removed",
    "added",
    "changed",
    "split",
    "merged",
    "renumbered",
    "moved",
    "unchanged",
];

pub fn document_index(index: &DocumentIndex) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(index.document));
    let dash = |v: &Option<String>| v.as_deref().map_or_else(|| "—".to_string(), escape);
    if index.versions.is_empty() {
        let _ = writeln!(out, "No valid version of this document yet.\n");
    } else {
        let _ = writeln!(out, "## Versions\n");
        let _ = writeln!(out, "| # | Version | Date | Status | Provisions | Source |");
        let _ = writeln!(out, "|---:|---|---|---|---:|---|");
        for (i, v) in index.versions.iter().enumerate() {
            let m = v.meta;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                i + 1,
                escape(&m.version),
                dash(&m.date),
                dash(&m.status),
                m.provisions,
                dash(&m.source)
            );
        }
        out.push('\n');
    }
    if index.history {
        let _ = writeln!(
            out,
            "Every provision through all versions: [history](<history.html>) (also as \
             [Markdown](<history.md>) and [JSON](<history.json>)).\n"
        );
    }
    let _ = writeln!(
        out,
        "Follow its changes in a feed reader: [Atom feed](<feed.atom>).\n"
    );
    if !index.steps.is_empty() {
        let _ = writeln!(out, "## Changes\n");
        let _ = write!(out, "| From | To |");
        for k in KINDS {
            let _ = write!(out, " {k} |");
        }
        let _ = writeln!(out, " Report |");
        let _ = writeln!(out, "|---|---|{}---|", "---:|".repeat(KINDS.len()));
        for s in &index.steps {
            let _ = write!(out, "| {} | {} |", escape(s.old), escape(s.new));
            for k in KINDS {
                let _ = write!(out, " {} |", s.entry.counts.get(k).copied().unwrap_or(0));
            }
            let _ = writeln!(
                out,
                " [HTML](<{0}.html>) · [Markdown](<{0}.md>) · [JSON](<{0}.json>) |",
                s.stem
            );
        }
        out.push('\n');
        for s in &index.steps {
            let _ = writeln!(
                out,
                "- **{} → {}**: {}",
                escape(s.old),
                escape(s.new),
                escape(&s.entry.headline)
            );
        }
        out.push('\n');
    }
    if !index.invalid.is_empty() {
        let _ = writeln!(out, "## Invalid drafts\n");
        let _ = writeln!(
            out,
            "These drafts are left out of the timeline until they are fixed; reports made from \
             their last good version are kept.\n"
        );
        for message in &index.invalid {
            let _ = writeln!(out, "- {}", escape(message));
        }
        out.push('\n');
    }
    if !index.bad_corrections.is_empty() {
        let _ = writeln!(out, "## Corrections not applied\n");
        let _ = writeln!(out, "{NOT_APPLIED}\n");
        for message in &index.bad_corrections {
            let _ = writeln!(out, "- {}", escape(message));
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// One line of the top-level index.
pub struct DocumentSummary<'a> {
    pub document: &'a str,
    pub folder: String,
    pub versions: usize,
    pub latest: Option<&'a Meta>,
    /// Problems of its invalid drafts and of its corrections files.
    pub problems: usize,
}

pub fn top_index(documents: &[DocumentSummary]) -> String {
    let mut out = String::from("# Documents\n\n");
    out.push_str("Follow every document's changes in a feed reader: [Atom feed](<feed.atom>).\n\n");
    if documents.is_empty() {
        out.push_str("No drafts yet.\n");
        return out;
    }
    out.push_str("| Document | Versions | Latest version | Last changed | Problems |\n");
    out.push_str("|---|---:|---|---|---:|\n");
    for d in documents {
        let _ = writeln!(
            out,
            "| [{}](<{}/index.md>) | {} | {} | {} | {} |",
            escape(d.document),
            d.folder,
            d.versions,
            d.latest.map_or_else(|| "—".into(), |m| escape(&m.version)),
            d.latest
                .and_then(|m| m.date.as_deref())
                .map_or_else(|| "—".into(), escape),
            d.problems
        );
    }
    out
}

/// The document's index as a page: versions, links to every report and the history.
pub fn document_index_html(index: &DocumentIndex) -> String {
    let esc = html::escape;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<header class=\"top\" id=\"top\">\n<p class=\"kicker\"><a href=\"../index.html\">\
         All documents</a></p>\n<h1>{}</h1>",
        esc(index.document)
    );
    if index.history {
        out.push_str(
            "<p class=\"headline\"><a href=\"history.html\">History of every provision</a> \
             <span class=\"n\">(also <a href=\"history.md\">Markdown</a>, \
             <a href=\"history.json\">JSON</a>)</span></p>\n",
        );
    }
    out.push_str(FEED_LINK);
    out.push_str("</header>\n<main>\n");
    let dash = |v: &Option<String>| v.as_deref().map_or_else(|| "—".to_string(), esc);
    if index.versions.is_empty() {
        out.push_str("<p>No valid version of this document yet.</p>\n");
    } else {
        out.push_str(
            "<h2>Versions</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\" \
             class=\"num\">#</th><th scope=\"col\">Version</th><th scope=\"col\">Date</th>\
             <th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Provisions</th>\
             <th scope=\"col\">Source</th></tr></thead>\n<tbody>\n",
        );
        for (i, v) in index.versions.iter().enumerate() {
            let m = v.meta;
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><th scope=\"row\">{}</th><td class=\"date\">{}</td>\
                 <td>{}</td><td class=\"num\">{}</td><td dir=\"auto\">{}</td></tr>",
                i + 1,
                esc(&m.version),
                dash(&m.date),
                dash(&m.status),
                m.provisions,
                dash(&m.source)
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    if !index.steps.is_empty() {
        out.push_str("<h2>Changes</h2>\n<ul class=\"steps\">\n");
        for s in &index.steps {
            // The stem is a safe file name: letters, digits, `-`, `_` and `.` only.
            let stem = esc(&s.stem);
            let _ = writeln!(
                out,
                "<li><a href=\"{stem}.html\"><strong>{} → {}</strong></a>: {} \
                 <span class=\"n\">(also <a href=\"{stem}.md\">Markdown</a>, \
                 <a href=\"{stem}.json\">JSON</a>)</span></li>",
                esc(s.old),
                esc(s.new),
                esc(&s.entry.headline)
            );
        }
        out.push_str(
            "</ul>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">From</th>\
                      <th scope=\"col\">To</th>",
        );
        for k in KINDS {
            let _ = write!(out, "<th scope=\"col\" class=\"num\">{k}</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for s in &index.steps {
            let _ = write!(
                out,
                "<tr><td>{}</td><td><a href=\"{}.html\">{}</a></td>",
                esc(s.old),
                esc(&s.stem),
                esc(s.new)
            );
            for k in KINDS {
                let _ = write!(
                    out,
                    "<td class=\"num\">{}</td>",
                    s.entry.counts.get(k).copied().unwrap_or(0)
                );
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div>\n");
    }
    if !index.invalid.is_empty() {
        out.push_str(
            "<h2>Invalid drafts</h2>\n<p>These drafts are left out of the timeline until they \
             are fixed; reports made from their last good version are kept.</p>\n<ul>\n",
        );
        for message in &index.invalid {
            let _ = writeln!(out, "<li><code>{}</code></li>", esc(message));
        }
        out.push_str("</ul>\n");
    }
    if !index.bad_corrections.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Corrections not applied</h2>\n<p>{NOT_APPLIED}</p>\n<ul>"
        );
        for message in &index.bad_corrections {
            let _ = writeln!(out, "<li><code>{}</code></li>", esc(message));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</main>\n");
    let feed_title = format!("Changes of {}", index.document);
    html::page_with_feed(index.document, Some((&feed_title, "feed.atom")), &out)
}

/// The visible link to the feed beside an index page's title.
const FEED_LINK: &str = "<p class=\"n\"><a href=\"feed.atom\" type=\"application/atom+xml\">\
                         Atom feed</a> of these changes, for a feed reader</p>\n";

/// The list of documents as a page.
pub fn top_index_html(documents: &[DocumentSummary]) -> String {
    let esc = html::escape;
    let mut out = String::from("<header class=\"top\" id=\"top\">\n<h1>Documents</h1>\n");
    out.push_str(FEED_LINK);
    out.push_str("</header>\n<main>\n");
    if documents.is_empty() {
        out.push_str("<p>No drafts yet.</p>\n");
    } else {
        out.push_str(
            "<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Document</th>\
             <th scope=\"col\" class=\"num\">Versions</th><th scope=\"col\">Latest version</th>\
             <th scope=\"col\">Last changed</th><th scope=\"col\" class=\"num\">Problems</th>\
             </tr></thead>\n<tbody>\n",
        );
        for d in documents {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\"><a href=\"{}/index.html\">{}</a></th><td class=\"num\">\
                 {}</td><td>{}</td><td class=\"date\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&d.folder),
                esc(d.document),
                d.versions,
                d.latest.map_or_else(|| "—".into(), |m| esc(&m.version)),
                d.latest
                    .and_then(|m| m.date.as_deref())
                    .map_or_else(|| "—".into(), esc),
                d.problems
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    out.push_str("</main>\n");
    // The tab and bookmark name says whose page this is, not only "Documents".
    let feed = ("Changes of every document", "feed.atom");
    html::page_with_feed("Documents compared by draftdiff", Some(feed), &out)
}
