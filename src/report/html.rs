//! The HTML report: one self-contained page (inline CSS; no script, font, image or other
//! external resource), so it works offline, from a `file://` URL, attached to an e-mail
//! and on paper.
//!
//! Every piece of draft text goes through [`escape`]; anchors made from provision ids go
//! through [`anchor`]. Deletions are `<del>` (struck through) and insertions `<ins>`
//! (underlined), and both carry visually hidden "deleted"/"inserted" labels, so the
//! redline does not rely on colour, nor on sight. The "show only" filter is radio inputs
//! and sibling selectors: it needs no script, and with CSS off the page is simply whole.

use std::fmt::Write;

use super::highlights::{by_kind, what_of, Highlight};
use super::{cut_redline, Change, Report, Version};
use crate::align::ChangeKind;
use crate::diff::{Op, Segment};

/// Escapes text for HTML element content and quoted attribute values. Control characters
/// and bidirectional overrides, which could hide or reorder what a reader sees, are shown
/// as visible `\u{..}` escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A fragment id for a provision: `new-6`, `old-6.a`. Ids may hold any character, so
/// everything but ASCII letters, digits, `-` and `.` is written `_XX` (the UTF-8 bytes in
/// hex), which keeps distinct ids distinct and the result safe in a URL and an attribute.
pub fn anchor(side: &str, id: &str) -> String {
    format!("{side}-{}", encode(id))
}

/// The encoding of [`anchor`]: ASCII letters, digits, `-` and `.` as they are, every other
/// byte as `_XX`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            out.push(b as char);
        } else {
            let _ = write!(out, "_{b:02X}");
        }
    }
    out
}

/// The anchor of a change: its first new provision, or its first old one when removed.
pub fn change_anchor(change: &Change) -> String {
    match (change.new.first(), change.old.first()) {
        (Some(p), _) => anchor("new", &p.id),
        (None, Some(p)) => anchor("old", &p.id),
        (None, None) => "change".into(),
    }
}

/// A whole page: doctype, head with the shared style sheet, and `body`.
pub fn page(title: &str, body: &str) -> String {
    page_with_feed(title, None, body)
}

/// [`page`], announcing an Atom feed (`(title, href)`) to browsers and feed readers.
pub fn page_with_feed(title: &str, feed: Option<(&str, &str)>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + CSS.len() + 512);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing on the page may load anything, whatever a draft contains.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"generator\" content=\"draftdiff\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    if let Some((feed_title, href)) = feed {
        let _ = writeln!(
            out,
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{}\" href=\"{}\">",
            escape(feed_title),
            escape(href)
        );
    }
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

/// Renders the report as a standalone HTML page.
pub fn render(report: &Report) -> String {
    let mut body = String::new();
    body.push_str("<a class=\"skip\" href=\"#changes\">Skip to the changes</a>\n");
    header(&mut body, report);
    body.push_str("<main>\n");
    key_changes(&mut body, report);
    changes(&mut body, report);
    body.push_str("</main>\n");
    footer(&mut body);
    let title = format!(
        "{}: {} → {}",
        report.document, report.old.version, report.new.version
    );
    page(&title, &body)
}

fn header(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<header class=\"top\" id=\"top\">\n<p class=\"kicker\">draftdiff report · {}</p>",
        escape(&report.document)
    );
    let _ = writeln!(
        out,
        "<h1>{} <span class=\"arrow\" aria-label=\"to\">→</span> {}</h1>",
        escape(&report.old.version),
        escape(&report.new.version)
    );
    let _ = writeln!(
        out,
        "<p class=\"headline\">{}</p>",
        escape(&report.headline())
    );
    out.push_str("<div class=\"versions\">\n");
    version_card(out, "Old version", &report.old);
    version_card(out, "New version", &report.new);
    out.push_str("</div>\n</header>\n");
}

/// One version's label, date, status, title and source.
pub fn version_card(out: &mut String, label: &str, v: &Version) {
    let _ = writeln!(
        out,
        "<section class=\"version\" aria-label=\"{label}\">\n<p class=\"label\">{label}</p>\n<dl>"
    );
    let _ = writeln!(out, "<dt>Version</dt><dd>{}</dd>", escape(&v.version));
    for (name, value) in [
        ("Date", &v.date),
        ("Status", &v.status),
        ("Title", &v.title),
        ("Source", &v.source),
    ] {
        if let Some(value) = value {
            let _ = writeln!(
                out,
                "<dt>{name}</dt><dd dir=\"auto\">{}</dd>",
                escape(value)
            );
        }
    }
    let _ = writeln!(out, "<dt>Provisions</dt><dd>{}</dd>", v.provisions);
    out.push_str("</dl>\n</section>\n");
}

fn key_changes(out: &mut String, report: &Report) {
    out.push_str(
        "<section class=\"key\" aria-labelledby=\"key-changes\">\n\
         <h2 id=\"key-changes\">Key changes</h2>\n",
    );
    let groups = by_kind(&report.highlights);
    for (kind, items) in &groups {
        let _ = writeln!(
            out,
            "<h3>{} <span class=\"count\">({})</span></h3>",
            kind.heading(),
            items.len()
        );
        let wording = items[0][0].is_wording();
        let _ = writeln!(
            out,
            "<ul class=\"{}\">",
            if wording { "wording" } else { "compact" }
        );
        for item in items {
            highlight_item(out, item);
        }
        out.push_str("</ul>\n");
    }
    if groups.is_empty() {
        out.push_str(
            "<p>No number, obligation or negation changed, and no provision was added or \
             removed.</p>\n",
        );
    }
    out.push_str("</section>\n");
}

/// One provision's highlights of one kind: a link to it, what changed, the passages.
fn highlight_item(out: &mut String, item: &[&Highlight]) {
    let h = item[0];
    let target = match (h.new_ids.first(), h.old_ids.first()) {
        (Some(id), _) => anchor("new", id),
        (None, Some(id)) => anchor("old", id),
        (None, None) => "changes".into(),
    };
    let title = h
        .title
        .as_deref()
        .map(|t| format!("<span class=\"title\">{}</span>", escape(t)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<li><a href=\"#{target}\"><span class=\"ids\">{}</span>{title}</a>",
        escape(&h.id_label())
    );
    if h.is_wording() {
        let _ = write!(
            out,
            " <span class=\"what\">{}</span>",
            escape(&what_of(item))
        );
        for h in item {
            let _ = write!(
                out,
                "\n<span class=\"phrase\" dir=\"auto\">{}",
                escape(&h.before)
            );
            if !h.old.is_empty() {
                let _ = write!(out, "<del>{}</del>", escape(&h.old));
            }
            if !h.new.is_empty() {
                let _ = write!(out, "<ins>{}</ins>", escape(&h.new));
            }
            let _ = write!(out, "{}</span>", escape(&h.after));
        }
    } else if h.title.is_none() {
        let text = if h.old.is_empty() { &h.new } else { &h.old };
        let _ = write!(
            out,
            " <span class=\"gist\" dir=\"auto\">{}</span>",
            escape(text)
        );
    }
    tag_list(out, &h.tags);
    for (mark, note) in h.marks() {
        let _ = write!(out, " <span class=\"check\">{mark} {}</span>", escape(note));
    }
    out.push_str("</li>\n");
}

fn tag_list(out: &mut String, tags: &[String]) {
    if tags.is_empty() {
        return;
    }
    out.push_str(" <span class=\"tags\"><span class=\"vh\">Tags:</span>");
    for t in tags {
        let _ = write!(out, " <span class=\"tag\">{}</span>", escape(t));
    }
    out.push_str("</span>");
}

/// The filters offered, with the class a change must have to stay visible.
const FILTERS: [(&str, &str); 10] = [
    ("check", "To check"),
    ("by-hand", "Set by hand"),
    ("removed", "Removed"),
    ("added", "Added"),
    ("changed", "Changed"),
    ("split", "Split"),
    ("merged", "Merged"),
    ("renumbered", "Renumbered"),
    ("moved", "Moved"),
    ("unchanged", "Unchanged"),
];

fn changes(out: &mut String, report: &Report) {
    out.push_str(
        "<section class=\"all\" aria-labelledby=\"changes\">\n<h2 id=\"changes\">All changes</h2>\n\
         <p class=\"note\">In the order of the new version, removed provisions where they \
         stood. <del>Deleted words</del> are struck through, <ins>inserted words</ins> \
         underlined. Unchanged provisions are folded: open one to read it.</p>\n",
    );
    let s = &report.summary;
    let to_check = report
        .changes
        .iter()
        .filter(|c| c.assessment.is_low())
        .count();
    let by_hand = report
        .changes
        .iter()
        .filter(|c| c.by_hand().is_some())
        .count();
    let count = |name: &str| match name {
        "check" => to_check,
        "by-hand" => by_hand,
        "renumbered" => s.renumbered,
        "moved" => s.moved,
        "removed" => s.removed,
        "added" => s.added,
        "changed" => s.changed,
        "split" => s.split,
        "merged" => s.merged,
        _ => s.unchanged,
    };
    let offered: Vec<(&str, &str)> = FILTERS
        .iter()
        .copied()
        .filter(|(name, _)| count(name) > 0)
        .collect();
    // The inputs come first: the sibling selectors that do the filtering look forward.
    out.push_str("<input type=\"radio\" name=\"show\" id=\"show-all\" class=\"pick\" checked>\n");
    for (name, _) in &offered {
        let _ = writeln!(
            out,
            "<input type=\"radio\" name=\"show\" id=\"show-{name}\" class=\"pick\">"
        );
    }
    out.push_str("<div class=\"filters\"><span class=\"show\">Show:</span>\n");
    let _ = writeln!(
        out,
        "<label for=\"show-all\">All <span class=\"n\">{}</span></label>",
        report.changes.len()
    );
    for (name, label) in &offered {
        let _ = writeln!(
            out,
            "<label for=\"show-{name}\">{label} <span class=\"n\">{}</span></label>",
            count(name)
        );
    }
    out.push_str("</div>\n<div class=\"list\">\n");
    for change in &report.changes {
        change_section(out, change);
    }
    out.push_str("</div>\n</section>\n");
}

/// The classes that the filters and the style sheet key on.
fn classes(change: &Change) -> String {
    let mut c = format!("change k-{}", change.kind.name());
    if change.renumbered {
        c.push_str(" f-renumbered");
    }
    if change.moved {
        c.push_str(" f-moved");
    }
    if change.assessment.is_low() {
        c.push_str(" f-check");
    }
    if change.by_hand().is_some() {
        c.push_str(" f-by-hand");
    }
    c
}

/// One change as a `<section>` with the anchors of all its provisions.
pub fn change_section(out: &mut String, change: &Change) {
    let primary = change_anchor(change);
    let _ = writeln!(
        out,
        "<section class=\"{}\" id=\"{primary}\" aria-labelledby=\"h-{primary}\">",
        classes(change)
    );
    // Every other provision of the change gets its own anchor too.
    for (side, list) in [("old", &change.old), ("new", &change.new)] {
        for p in list.iter() {
            let a = anchor(side, &p.id);
            if a != primary {
                let _ = write!(out, "<span class=\"alias\" id=\"{a}\"></span>");
            }
        }
    }
    let heading = format!(
        "<h3 id=\"h-{primary}\"><span class=\"ids\">{}</span>{} <a class=\"self\" \
         href=\"#{primary}\" title=\"Link to this provision\"><span aria-hidden=\"true\">#\
         </span><span class=\"vh\">Link to this provision</span></a></h3>",
        escape(&change.id_label()),
        change
            .title()
            .map(|t| format!(" <span class=\"title\" dir=\"auto\">{}</span>", escape(t)))
            .unwrap_or_default()
    );
    if change.kind == ChangeKind::Unchanged {
        let _ = writeln!(
            out,
            "<details>\n<summary>{heading} {}</summary>",
            badges(change)
        );
        change_body(out, change);
        out.push_str("</details>\n</section>\n");
    } else {
        let _ = writeln!(out, "{heading}\n<p class=\"badges\">{}</p>", badges(change));
        change_body(out, change);
        out.push_str("</section>\n");
    }
}

/// Badges in words: "Changed", "Renumbered 6 → 4", "Moved".
pub fn badges(change: &Change) -> String {
    let kind = change.kind.name();
    let mut out = format!("<span class=\"badge b-{kind}\">{}</span>", capitalise(kind));
    if change.renumbered {
        let _ = write!(
            out,
            " <span class=\"badge\">Renumbered {} → {}</span>",
            escape(&change.old_ids().join(", ")),
            escape(&change.new_ids().join(", "))
        );
    }
    if change.moved {
        out.push_str(" <span class=\"badge\">Moved</span>");
    }
    if change.assessment.is_low() {
        out.push_str(" <span class=\"badge b-check\">Check</span>");
    }
    if change.by_hand().is_some() {
        out.push_str(" <span class=\"badge\">Set by hand</span>");
    }
    out
}

/// The body of a change: its text or redline, parts, side-by-side view and tags.
pub fn change_body(out: &mut String, change: &Change) {
    for (mark, note) in change.notes() {
        let _ = writeln!(
            out,
            "<p class=\"check\">{mark} {}</p>",
            escape(&capitalise(&note))
        );
    }
    match change.kind {
        ChangeKind::Removed => {
            for p in &change.old {
                let _ = writeln!(
                    out,
                    "<p class=\"text\" dir=\"auto\"><del>{}</del></p>",
                    escape(&p.text)
                );
            }
        }
        ChangeKind::Added => {
            for p in &change.new {
                let _ = writeln!(
                    out,
                    "<p class=\"text\" dir=\"auto\"><ins>{}</ins></p>",
                    escape(&p.text)
                );
            }
        }
        ChangeKind::Unchanged => {
            let _ = writeln!(
                out,
                "<p class=\"text\" dir=\"auto\">{}</p>",
                escape(&Change::joined_text(&change.new))
            );
        }
        ChangeKind::Changed | ChangeKind::Split | ChangeKind::Merged => {
            title_change(out, change);
            if matches!(change.kind, ChangeKind::Split | ChangeKind::Merged) {
                parts(out, change);
            }
            if change.diff.is_empty() {
                let _ = writeln!(
                    out,
                    "<p class=\"text\" dir=\"auto\">{}</p>",
                    escape(&Change::joined_text(&change.new))
                );
            } else {
                let _ = writeln!(
                    out,
                    "<p class=\"redline\" dir=\"auto\">{}</p>",
                    redline_html(&change.diff)
                );
                side_by_side(out, change);
            }
        }
    }
    let mut tags: Vec<&String> = Vec::new();
    for t in change.new.iter().chain(&change.old).flat_map(|p| &p.tags) {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    if !tags.is_empty() {
        out.push_str("<p class=\"tags\">Tags:");
        for t in tags {
            let _ = write!(out, " <span class=\"tag\">{}</span>", escape(t));
        }
        out.push_str("</p>\n");
    }
}

/// Title and tag changes of a provision that kept its identity.
fn title_change(out: &mut String, change: &Change) {
    for (field, old, new) in change.attribute_changes() {
        let side = |text: &str, tag: &str| {
            if text.is_empty() {
                "<span class=\"none\">(none)</span>".to_string()
            } else {
                format!("<{tag}>{}</{tag}>", escape(text))
            }
        };
        let name = if field == "title" { "Title" } else { "Tags" };
        let _ = writeln!(
            out,
            "<p class=\"retitled\">{name}: {} {}</p>",
            side(&old, "del"),
            side(&new, "ins")
        );
    }
}

fn parts(out: &mut String, change: &Change) {
    let _ = writeln!(
        out,
        "<p class=\"parts\">{}.</p>",
        change.parts_sentence(escape)
    );
}

/// The redline as inline HTML: equal text, `<del>` and `<ins>`.
pub fn redline_html(diff: &[Segment]) -> String {
    let mut out = String::new();
    for s in diff {
        let text = escape(&s.text);
        match s.op {
            Op::Equal => out.push_str(&text),
            Op::Delete => {
                let _ = write!(out, "<del>{text}</del>");
            }
            Op::Insert => {
                let _ = write!(out, "<ins>{text}</ins>");
            }
        }
    }
    out
}

/// Old and new text in two columns (one on a phone), each part of a split or merge on its
/// own, deletions marked on the old side and insertions on the new.
fn side_by_side(out: &mut String, change: &Change) {
    out.push_str(
        "<details class=\"sbs\">\n<summary>Old and new text side by side</summary>\n\
         <div class=\"cols\">\n",
    );
    for (side, label, skip, list) in [
        ("old", "Old", Op::Insert, &change.old),
        ("new", "New", Op::Delete, &change.new),
    ] {
        let _ = writeln!(out, "<div class=\"col {side}\">");
        let lengths: Vec<usize> = list.iter().map(|p| p.text.len()).collect();
        for (p, html) in list.iter().zip(side_parts(&change.diff, skip, &lengths)) {
            let title = p
                .title
                .as_deref()
                .map(|t| format!(" · {}", escape(t)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<h4>{label} {}{title}</h4>\n<p dir=\"auto\">{html}</p>",
                escape(&p.id)
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n</details>\n");
}

/// One side of a redline cut back into its parts, each as HTML without the other side's
/// segments (`skip`).
fn side_parts(diff: &[Segment], skip: Op, lengths: &[usize]) -> Vec<String> {
    let counted = if skip == Op::Insert {
        Op::Delete
    } else {
        Op::Insert
    };
    cut_redline(diff, counted, lengths)
        .into_iter()
        .map(|part| {
            let kept: Vec<Segment> = part.into_iter().filter(|s| s.op != skip).collect();
            redline_html(&kept)
        })
        .collect()
}

fn footer(out: &mut String) {
    out.push_str(
        "<footer>\n<p>Made with draftdiff. Deleted words are struck through and inserted \
         words underlined; screen readers announce them as deleted and inserted. The filter \
         above the changes works without scripts; printing keeps the filter chosen.</p>\n\
         <p><a href=\"#top\">Back to the top</a></p>\n</footer>\n",
    );
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The one style sheet of every page draftdiff writes.
pub const CSS: &str = r#"
:root{--ink:#1b1b1b;--muted:#555;--rule:#d0d0d0;--paper:#fff;--soft:#f4f4f2;--link:#0b4f9c;
--del:#8a1010;--del-bg:#fbe4e4;--ins:#0b5a1e;--ins-bg:#e3f3e6;--accent:#1b1b1b}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:62rem;padding:0 1rem 2rem;color:var(--ink);background:var(--paper);
font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif;
overflow-wrap:break-word}
a{color:var(--link)}
a:focus-visible,summary:focus-visible,label:focus-visible{outline:3px solid var(--link);outline-offset:2px}
h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 1rem}
h2{font-size:1.3rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
h4{font-size:.9rem;margin:.6rem 0 .2rem;color:var(--muted)}
.vh{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:var(--paper);padding:.4rem;z-index:1}
.kicker{margin:1rem 0 0;color:var(--muted);font-size:.9rem}
.arrow{color:var(--muted)}
.versions{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:.8rem;margin:0 0 1rem}
.version{border:1px solid var(--rule);border-radius:6px;padding:.5rem .8rem;background:var(--soft)}
.version .label{margin:0 0 .3rem;font-weight:700}
.version dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .7rem;margin:0;font-size:.92rem}
.version dt{color:var(--muted)}
.version dd{margin:0}
.headline{font-size:1.15rem;font-weight:600;margin:.3rem 0 1rem}
.key ul{padding-left:1.2rem;margin:.2rem 0 .8rem}
.key li{margin:.35rem 0}
.key ul.compact li{margin:.15rem 0}
.key .count,.n{color:var(--muted);font-weight:400}
.what{font-weight:600}
.phrase{display:block;margin:.15rem 0;color:var(--ink)}
.gist{color:var(--muted)}
del+ins{margin-left:.2em}
.k-removed del{text-decoration-thickness:1px}
.ids{font-variant-numeric:tabular-nums;font-weight:700;margin-right:.4rem}
.tag{display:inline-block;border:1px solid var(--rule);border-radius:3px;padding:0 .35rem;font-size:.8rem;color:var(--muted);margin-left:.15rem;background:var(--paper)}
del{color:var(--del);background:var(--del-bg);text-decoration:line-through;text-decoration-thickness:2px}
ins{color:var(--ins);background:var(--ins-bg);text-decoration:underline;text-decoration-thickness:2px;text-underline-offset:2px}
del::before,del::after,ins::before,ins::after{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
del::before{content:" [deleted: "}
ins::before{content:" [inserted: "}
del::after,ins::after{content:"] "}
.note{color:var(--muted);font-size:.92rem}
.pick{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.filters{display:flex;flex-wrap:wrap;gap:.35rem;align-items:center;margin:.6rem 0 1rem;position:sticky;top:0;background:var(--paper);padding:.4rem 0;z-index:1;border-bottom:1px solid var(--rule)}
.filters .show{font-weight:600;margin-right:.2rem}
.filters label{border:1px solid var(--ink);border-radius:999px;padding:.15rem .7rem;cursor:pointer;font-size:.92rem;background:var(--paper);white-space:nowrap}
.filters label:hover{background:var(--soft)}
#show-all:checked~.filters [for=show-all],#show-removed:checked~.filters [for=show-removed],
#show-added:checked~.filters [for=show-added],#show-changed:checked~.filters [for=show-changed],
#show-split:checked~.filters [for=show-split],#show-merged:checked~.filters [for=show-merged],
#show-renumbered:checked~.filters [for=show-renumbered],#show-moved:checked~.filters [for=show-moved],
#show-unchanged:checked~.filters [for=show-unchanged],#show-check:checked~.filters [for=show-check],
#show-by-hand:checked~.filters [for=show-by-hand]{background:var(--ink);color:var(--paper);font-weight:600}
#show-all:checked~.filters [for=show-all] .n,#show-removed:checked~.filters [for=show-removed] .n,
#show-added:checked~.filters [for=show-added] .n,#show-changed:checked~.filters [for=show-changed] .n,
#show-split:checked~.filters [for=show-split] .n,#show-merged:checked~.filters [for=show-merged] .n,
#show-renumbered:checked~.filters [for=show-renumbered] .n,#show-moved:checked~.filters [for=show-moved] .n,
#show-unchanged:checked~.filters [for=show-unchanged] .n,#show-check:checked~.filters [for=show-check] .n,
#show-by-hand:checked~.filters [for=show-by-hand] .n{color:var(--paper)}
#show-all:focus-visible~.filters [for=show-all],#show-removed:focus-visible~.filters [for=show-removed],
#show-added:focus-visible~.filters [for=show-added],#show-changed:focus-visible~.filters [for=show-changed],
#show-split:focus-visible~.filters [for=show-split],#show-merged:focus-visible~.filters [for=show-merged],
#show-renumbered:focus-visible~.filters [for=show-renumbered],#show-moved:focus-visible~.filters [for=show-moved],
#show-unchanged:focus-visible~.filters [for=show-unchanged],#show-check:focus-visible~.filters [for=show-check],
#show-by-hand:focus-visible~.filters [for=show-by-hand]{outline:3px solid var(--link);outline-offset:2px}
#show-removed:checked~.list .change:not(.k-removed),#show-added:checked~.list .change:not(.k-added),
#show-changed:checked~.list .change:not(.k-changed),#show-split:checked~.list .change:not(.k-split),
#show-merged:checked~.list .change:not(.k-merged),#show-renumbered:checked~.list .change:not(.f-renumbered),
#show-moved:checked~.list .change:not(.f-moved),#show-unchanged:checked~.list .change:not(.k-unchanged),
#show-check:checked~.list .change:not(.f-check),#show-by-hand:checked~.list .change:not(.f-by-hand){display:none}
.check{color:var(--ink);background:#fff3c4;border-left:3px solid #b58100;padding:.1rem .4rem;margin:.2rem 0}
span.check{display:inline-block;font-size:.92rem}
.b-check{border-color:#b58100;background:#fff3c4}
.change{border-top:1px solid var(--rule);padding:.3rem 0 .6rem;scroll-margin-top:3.5rem}
.change:target{background:#fffbe0;box-shadow:0 0 0 .5rem #fffbe0}
.change h3{display:inline;margin:0}
.change>h3{display:block;margin:.6rem 0 .2rem}
.self{font-weight:400;text-decoration:none;color:var(--muted);margin-left:.3rem}
.self:hover,.self:focus{text-decoration:underline}
.badges{margin:.1rem 0 .4rem}
.badge{display:inline-block;font-size:.78rem;font-weight:600;letter-spacing:.02em;text-transform:uppercase;border:1px solid var(--muted);border-radius:3px;padding:0 .35rem;color:var(--ink);background:var(--paper)}
.b-removed{border-color:var(--del);color:var(--del)}
.b-added{border-color:var(--ins);color:var(--ins)}
.b-unchanged{color:var(--muted);border-color:var(--rule)}
.k-unchanged summary{cursor:pointer;padding:.2rem 0;color:var(--muted)}
.k-unchanged summary .ids,.k-unchanged summary .title{color:var(--ink)}
.k-unchanged .title{font-weight:400}
.text,.redline{margin:.3rem 0}
.redline{font-size:1.02rem}
.retitled,.parts{font-size:.92rem;color:var(--muted);margin:.2rem 0}
.sbs{margin:.4rem 0;font-size:.92rem}
.sbs summary{cursor:pointer;color:var(--link)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin-top:.3rem}
.col{border-left:3px solid var(--rule);padding-left:.6rem}
.col.old{border-left-style:dashed}
.col p{margin:.2rem 0 .5rem}
.tags{font-size:.85rem;color:var(--muted);margin:.3rem 0}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}
th,td{border:1px solid var(--rule);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;max-width:100%}
.date{white-space:nowrap}
.events{list-style:none;padding:0;margin:.3rem 0 1rem}
.event{margin:.5rem 0 .8rem;padding-left:.8rem;border-left:3px solid var(--rule)}
.event>p:first-child{margin:.2rem 0}
.e-removed{border-left-style:dashed}
.path{color:var(--muted);font-size:.92rem;margin:.1rem 0}
.thread{border-top:1px solid var(--rule);scroll-margin-top:1rem}
.thread:target{background:#fffbe0;box-shadow:0 0 0 .5rem #fffbe0}
.thread>h3{margin:.8rem 0 .2rem}
tr.gone th,tr.gone td{color:var(--muted)}
.event .when{font-weight:600}
.gone{color:var(--muted)}
footer{margin-top:2.5rem;border-top:1px solid var(--rule);color:var(--muted);font-size:.85rem}
@media (max-width:40rem){
body{padding:0 .75rem 2rem;font-size:16px}
h1{font-size:1.3rem}
.versions,.cols{grid-template-columns:1fr}
.version dl{font-size:.85rem}
.filters{position:static}
}
@media print{
body{max-width:none;padding:0;font-size:10.5pt;color:#000}
.skip,.filters,.pick,.self,.sbs summary,footer p:last-child{display:none!important}
a{color:inherit;text-decoration:none}
.change{break-inside:avoid}
h2,h3{break-after:avoid}
.filters{position:static}
del{color:#000;background:none}
ins{color:#000;background:none}
.version{background:none}
.change:target{background:none;box-shadow:none}
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        for (input, expected) in [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=alert(1)>",
                "&lt;img src=x onerror=alert(1)&gt;",
            ),
            ("\"quotes'", "&quot;quotes&#39;"),
            ("a & b", "a &amp; b"),
            ("x\u{202e}y\u{1b}", "x\\u{202e}y\\u{1b}"),
            ("plain ünïcode 和平", "plain ünïcode 和平"),
        ] {
            assert_eq!(escape(input), expected, "{input:?}");
        }
    }

    #[test]
    fn anchors_are_safe_and_distinct() {
        for (id, expected) in [
            ("6", "new-6"),
            ("6.a", "new-6.a"),
            ("a b", "new-a_20b"),
            ("a_20b", "new-a_5F20b"),
            ("\"><script>", "new-_22_3E_3Cscript_3E"),
            ("第六条", "new-_E7_AC_AC_E5_85_AD_E6_9D_A1"),
        ] {
            assert_eq!(anchor("new", id), expected, "{id:?}");
        }
    }

    #[test]
    fn side_parts_split_at_joints() {
        let diff = crate::diff::redline("Alpha one. Beta two.", "Alpha one and beta two.");
        let parts = side_parts(&diff, Op::Insert, &[10, 9]);
        let plain: Vec<String> = parts
            .iter()
            .map(|p| p.replace("<del>", "").replace("</del>", ""))
            .collect();
        assert_eq!(plain, ["Alpha one.", "Beta two."]);
    }
}
