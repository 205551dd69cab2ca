//! The history in each output format: text for a terminal, Markdown, JSON and HTML. They
//! share the escaping, redline and anchor helpers of the report renderers.

use std::fmt::Write;

use serde::Serialize;

use super::{event_kind, event_summary, Event, History, Thread};
use crate::align::ChangeKind;
use crate::diff::Op;
use crate::model::Provision;
use crate::report::json::{escape_remaining_controls, version as json_version, JsonVersion};
use crate::report::{html, markdown, Change, Version};
use crate::text::terminal_safe;

/// Version of the history JSON contract (`docs/history.md`).
pub const SCHEMA: u32 = 2;

/// The anchor of provision `id` as it stood in `version`: `at-post-geneva/4`. The `/`
/// cannot come out of [`html::encode`], so different (version, id) pairs never collide.
pub fn node_anchor(version: &str, id: &str) -> String {
    format!("at-{}/{}", html::encode(version), html::encode(id))
}

/// The anchor of a thread: its first provision where it first appeared.
pub fn thread_anchor(history: &History, thread: &Thread) -> String {
    let v = thread.first_version();
    let id = thread.presence[v].first().map_or("", |p| p.id.as_str());
    node_anchor(&history.versions[v].version, id)
}

fn heading(thread: &Thread) -> String {
    match thread.title() {
        Some(t) => format!("{} {t}", thread.label()),
        None => thread.label(),
    }
}

fn intro(history: &History) -> String {
    let n = history.threads.len();
    format!(
        "{n} {} traced through {} {}.",
        if n == 1 { "provision" } else { "provisions" },
        history.versions.len(),
        if history.versions.len() == 1 {
            "version"
        } else {
            "versions"
        }
    )
}

fn version_line(v: &Version) -> String {
    let mut extra: Vec<&str> = Vec::new();
    if let Some(d) = &v.date {
        extra.push(d);
    }
    if let Some(s) = &v.status {
        extra.push(s);
    }
    if extra.is_empty() {
        v.version.clone()
    } else {
        format!("{} ({})", v.version, extra.join(", "))
    }
}

/// The doubt (⚠) and the correction (✎) of a step, as under a change in a report.
fn event_notes(event: &Event) -> Vec<(&'static str, String)> {
    match event {
        Event::Step { change, .. } => change.notes(),
        Event::Present { .. } => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------- text

/// The history for a terminal; `colour` turns on ANSI styling as in the diff report.
pub fn text(history: &History, colour: bool) -> String {
    let (del, ins, bold, reset) = if colour {
        ("\x1b[31;9m", "\x1b[32;4m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let deleted = |t: &str| {
        if colour {
            format!("{del}{}{reset}", terminal_safe(t))
        } else {
            format!("[-{}-]", terminal_safe(t))
        }
    };
    let inserted = |t: &str| {
        if colour {
            format!("{ins}{}{reset}", terminal_safe(t))
        } else {
            format!("{{+{}+}}", terminal_safe(t))
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{bold}{}: provision history{reset}\n{}",
        terminal_safe(&history.document),
        intro(history)
    );
    for (i, v) in history.versions.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, terminal_safe(&version_line(v)));
    }
    for thread in &history.threads {
        let dropped = thread
            .dropped_in()
            .map(|v| format!(", dropped in {}", history.versions[v].version))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{bold}{}{reset}  ({}{})",
            terminal_safe(&heading(thread)),
            terminal_safe(&thread.path()),
            terminal_safe(&dropped)
        );
        for event in thread.events.iter().filter(|e| e.is_news()) {
            let v = &history.versions[event.version()];
            let _ = writeln!(
                out,
                "  {}: {}",
                terminal_safe(&v.version),
                terminal_safe(&event_summary(thread, event))
            );
            for (mark, note) in event_notes(event) {
                let _ = writeln!(out, "    {mark} {}", terminal_safe(&note));
            }
            let body = match event {
                Event::Present { provisions, .. } => {
                    Some(terminal_safe(&Change::joined_text(provisions)).into_owned())
                }
                Event::Step { change, .. } => match change.kind {
                    ChangeKind::Unchanged | ChangeKind::Removed => None,
                    ChangeKind::Added => Some(inserted(&Change::joined_text(&change.new))),
                    _ if change.diff.is_empty() => None,
                    _ => Some(
                        change
                            .diff
                            .iter()
                            .map(|s| match s.op {
                                Op::Equal => terminal_safe(&s.text).into_owned(),
                                Op::Delete => deleted(&s.text),
                                Op::Insert => inserted(&s.text),
                            })
                            .collect(),
                    ),
                },
            };
            if let Some(body) = body {
                let _ = writeln!(out, "    {body}");
            }
        }
        if let Some((v, line)) = quiet_tail(history, thread) {
            let version = &history.versions[v].version;
            let _ = writeln!(
                out,
                "  {}: {}",
                terminal_safe(version),
                terminal_safe(&line)
            );
        }
    }
    out
}

/// The last version that holds a thread whose last news came earlier, and a sentence for
/// it ("unchanged since leaked-28-point, renumbered 11 → 5"): one line, where listing
/// every quiet step would repeat "unchanged" once per version.
fn quiet_tail(history: &History, thread: &Thread) -> Option<(usize, String)> {
    let news = thread
        .events
        .iter()
        .filter(|e| e.is_news())
        .map(Event::version)
        .max()?;
    let last = thread.last_version();
    if last <= news {
        return None;
    }
    let ids = |v: usize| {
        let list: Vec<&str> = thread.presence[v].iter().map(|p| p.id.as_str()).collect();
        list.join(", ")
    };
    let (then, now) = (ids(news), ids(last));
    let renumbered = if then == now {
        String::new()
    } else {
        format!(", renumbered {then} → {now}")
    };
    let since = &history.versions[news].version;
    Some((last, format!("unchanged since {since}{renumbered}")))
}

// ------------------------------------------------------------------------------ markdown

/// The history as CommonMark.
pub fn markdown(history: &History) -> String {
    let esc = markdown::escape;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: provision history\n\n{} When each provision appeared, each rewording \
         with its redline, renumberings, splits and merges, and when it was dropped.\n",
        esc(&history.document),
        esc(&intro(history))
    );
    let _ = writeln!(
        out,
        "| # | Version | Date | Status | Provisions |\n|---:|---|---|---|---:|"
    );
    let dash = |v: &Option<String>| v.as_deref().map_or_else(|| "—".to_string(), esc);
    for (i, v) in history.versions.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            i + 1,
            esc(&v.version),
            dash(&v.date),
            dash(&v.status),
            v.provisions
        );
    }
    out.push('\n');
    if history.threads.len() > 1 {
        let _ = writeln!(out, "## Overview\n");
        let _ = write!(out, "| Provision |");
        for v in &history.versions {
            let _ = write!(out, " {} |", esc(&v.version));
        }
        let _ = writeln!(out, "\n|---|{}", "---|".repeat(history.versions.len()));
        for thread in &history.threads {
            let gone = if thread.dropped_in().is_some() {
                " (dropped)"
            } else {
                ""
            };
            let _ = write!(out, "| {}{gone} |", esc(&heading(thread)));
            for cell in overview_cells(thread) {
                let _ = write!(out, " {} |", esc(&cell));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    for thread in &history.threads {
        let dropped = thread
            .dropped_in()
            .map(|v| format!(" (dropped in {})", esc(&history.versions[v].version)))
            .unwrap_or_default();
        let _ = writeln!(out, "## {}{dropped}\n", esc(&heading(thread)));
        let _ = writeln!(out, "Ids: {}\n", esc(&thread.path()));
        for event in thread.events.iter().filter(|e| e.is_news()) {
            let v = &history.versions[event.version()];
            let _ = writeln!(
                out,
                "- **{}**: {}",
                esc(&version_line(v)),
                esc(&event_summary(thread, event))
            );
            for (mark, note) in event_notes(event) {
                let _ = writeln!(out, "\n  {mark} *{}*", esc(&note));
            }
            let body = match event {
                Event::Present { provisions, .. } => Some(esc(&Change::joined_text(provisions))),
                Event::Step { change, .. } => match change.kind {
                    ChangeKind::Unchanged | ChangeKind::Removed => None,
                    ChangeKind::Added => Some(format!(
                        "<ins>{}</ins>",
                        esc(&Change::joined_text(&change.new))
                    )),
                    _ if change.diff.is_empty() => None,
                    _ => Some(
                        change
                            .diff
                            .iter()
                            .map(|s| match s.op {
                                Op::Equal => esc(&s.text),
                                Op::Delete => format!("<del>{}</del>", esc(&s.text)),
                                Op::Insert => format!("<ins>{}</ins>", esc(&s.text)),
                            })
                            .collect(),
                    ),
                },
            };
            if let Some(body) = body {
                let _ = writeln!(out, "\n  > {body}\n");
            }
        }
        if let Some((v, line)) = quiet_tail(history, thread) {
            let version = version_line(&history.versions[v]);
            let _ = writeln!(out, "- **{}**: {}", esc(&version), esc(&line));
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// One cell per version for the overview: the ids there, with what happened in words.
fn overview_cells(thread: &Thread) -> Vec<String> {
    let mut cells: Vec<String> = thread
        .presence
        .iter()
        .map(|list| {
            list.iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    for event in thread.events.iter().filter(|e| e.is_news()) {
        let v = event.version();
        let word = match event {
            Event::Present { .. } => None,
            Event::Step { change, .. } => match change.kind {
                ChangeKind::Unchanged if change.moved => Some("moved"),
                ChangeKind::Unchanged => None,
                ChangeKind::Changed => Some("changed"),
                ChangeKind::Added => Some("added"),
                ChangeKind::Removed => Some("dropped"),
                ChangeKind::Split => Some("split"),
                ChangeKind::Merged => Some("merged"),
            },
        };
        if let Some(word) = word {
            let cell = &mut cells[v];
            if cell.is_empty() {
                *cell = word.to_string();
            } else if !cell.contains(word) {
                cell.push_str(&format!(" ({word})"));
            }
        }
    }
    for cell in &mut cells {
        if cell.is_empty() {
            *cell = "—".into();
        }
    }
    cells
}

// ---------------------------------------------------------------------------------- json

#[derive(Serialize)]
struct JsonHistory<'a> {
    schema: u32,
    document: &'a str,
    versions: Vec<JsonVersion<'a>>,
    /// Every distinct provision text once, in order of first appearance; provisions name
    /// theirs by its index.
    texts: Vec<&'a str>,
    provisions: Vec<JsonThread<'a>>,
}

#[derive(Serialize)]
struct JsonThread<'a> {
    anchor: String,
    label: String,
    title: Option<&'a str>,
    /// Its ids in each version, oldest first (`"21, 22"` where it held two, `""` where it
    /// was absent).
    ids: Vec<String>,
    first_version: &'a str,
    last_version: &'a str,
    dropped_in: Option<&'a str>,
    events: Vec<JsonEvent<'a>>,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    version: &'a str,
    /// The version compared with; null for `present`.
    from: Option<&'a str>,
    summary: String,
    kind: &'static str,
    old_ids: Vec<&'a str>,
    new_ids: Vec<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    renumbered: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    moved: bool,
    similarity: f64,
    confidence: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    evidence: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    correction_note: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    old: Vec<JsonProvision<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    new: Vec<JsonProvision<'a>>,
}

#[derive(Serialize)]
struct JsonProvision<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    /// Index into `texts`.
    text: usize,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    line: u64,
}

/// The distinct texts, numbered as they are first met.
#[derive(Default)]
struct Texts<'a> {
    index: std::collections::HashMap<&'a str, usize>,
    list: Vec<&'a str>,
}

impl<'a> Texts<'a> {
    fn provisions(&mut self, list: &'a [Provision]) -> Vec<JsonProvision<'a>> {
        list.iter()
            .map(|p| {
                let next = self.list.len();
                let text = *self.index.entry(&p.text).or_insert(next);
                if text == next {
                    self.list.push(&p.text);
                }
                JsonProvision {
                    id: &p.id,
                    title: p.title.as_deref(),
                    text,
                    tags: &p.tags,
                    line: p.line,
                }
            })
            .collect()
    }
}

/// The thread's ids in each version, `""` where absent.
fn ids_by_version(thread: &Thread) -> Vec<String> {
    thread
        .presence
        .iter()
        .map(|list| {
            let ids: Vec<&str> = list.iter().map(|p| p.id.as_str()).collect();
            ids.join(", ")
        })
        .collect()
}

fn json_event<'a>(
    history: &'a History,
    thread: &'a Thread,
    event: &'a Event,
    texts: &mut Texts<'a>,
) -> JsonEvent<'a> {
    let name = |v: usize| history.versions[v].version.as_str();
    let ids = |list: &'a [Provision]| list.iter().map(|p| p.id.as_str()).collect();
    let summary = event_summary(thread, event);
    match event {
        Event::Present {
            version,
            provisions,
        } => JsonEvent {
            version: name(*version),
            from: None,
            summary,
            kind: "present",
            old_ids: vec![],
            new_ids: ids(provisions),
            renumbered: false,
            moved: false,
            similarity: 1.0,
            confidence: "high",
            evidence: vec![],
            correction_note: None,
            old: vec![],
            new: texts.provisions(provisions),
        },
        Event::Step { version, change } => JsonEvent {
            version: name(*version),
            from: Some(name(version - 1)),
            summary,
            kind: change.kind.name(),
            old_ids: ids(&change.old),
            new_ids: ids(&change.new),
            renumbered: change.renumbered,
            moved: change.moved,
            similarity: change.similarity,
            confidence: change.assessment.confidence.name(),
            evidence: change
                .assessment
                .evidence
                .iter()
                .map(|g| g.name())
                .collect(),
            correction_note: change
                .assessment
                .by_hand
                .as_deref()
                .filter(|n| !n.is_empty()),
            old: texts.provisions(&change.old),
            new: texts.provisions(&change.new),
        },
    }
}

/// The history as pretty-printed JSON with a final newline: each distinct text once, the
/// events that changed something (see [`Event::is_news`]), no redlines (each step's report
/// has them).
pub fn json(history: &History) -> String {
    let name = |v: usize| history.versions[v].version.as_str();
    let mut texts = Texts::default();
    let mut threads = Vec::with_capacity(history.threads.len());
    for t in &history.threads {
        let events = t
            .events
            .iter()
            .filter(|e| e.is_news())
            .map(|e| json_event(history, t, e, &mut texts))
            .collect();
        threads.push(JsonThread {
            anchor: thread_anchor(history, t),
            label: t.label(),
            title: t.title(),
            ids: ids_by_version(t),
            first_version: name(t.first_version()),
            last_version: name(t.last_version()),
            dropped_in: t.dropped_in().map(name),
            events,
        });
    }
    let doc = JsonHistory {
        schema: SCHEMA,
        document: &history.document,
        versions: history.versions.iter().map(json_version).collect(),
        texts: texts.list,
        provisions: threads,
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let mut out = escape_remaining_controls(out);
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------- html

/// The history as a standalone HTML page.
pub fn html(history: &History) -> String {
    let esc = html::escape;
    let mut out = String::new();
    out.push_str("<a class=\"skip\" href=\"#provisions\">Skip to the provisions</a>\n");
    let _ = writeln!(
        out,
        "<header class=\"top\" id=\"top\">\n<p class=\"kicker\">draftdiff history · {}</p>\n\
         <h1>{}: provision history</h1>\n<p class=\"headline\">{}</p>",
        esc(&history.document),
        esc(&history.document),
        esc(&intro(history))
    );
    out.push_str("<div class=\"versions\">\n");
    for (i, v) in history.versions.iter().enumerate() {
        html::version_card(&mut out, &format!("Version {}", i + 1), v);
    }
    out.push_str("</div>\n</header>\n<main>\n");
    if history.threads.len() > 1 {
        out.push_str(
            "<section aria-labelledby=\"overview\">\n<h2 id=\"overview\">Overview</h2>\n\
             <p class=\"note\">Each provision's ids, version by version; “—” where it did not \
             exist.</p>\n<div class=\"scroll\"><table class=\"overview\">\n<thead><tr>\
             <th scope=\"col\">Provision</th>",
        );
        for v in &history.versions {
            let _ = write!(out, "<th scope=\"col\">{}</th>", esc(&v.version));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for thread in &history.threads {
            let gone = thread.dropped_in().is_some();
            let _ = write!(
                out,
                "<tr{}><th scope=\"row\"><a href=\"#{}\">{}</a>{}</th>",
                if gone { " class=\"gone\"" } else { "" },
                thread_anchor(history, thread),
                esc(&heading(thread)),
                if gone { " (dropped)" } else { "" }
            );
            for cell in overview_cells(thread) {
                let _ = write!(out, "<td>{}</td>", esc(&cell));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div>\n</section>\n");
    }
    out.push_str(
        "<section aria-labelledby=\"provisions\">\n<h2 id=\"provisions\">Provisions</h2>\n",
    );
    for thread in &history.threads {
        thread_section(&mut out, history, thread);
    }
    out.push_str(
        "</section>\n</main>\n<footer>\n<p>Made with draftdiff. Deleted words are \
         struck through and inserted words underlined.</p>\n<p><a href=\"#top\">Back to the \
         top</a></p>\n</footer>\n",
    );
    html::page(&format!("{}: provision history", history.document), &out)
}

fn thread_section(out: &mut String, history: &History, thread: &Thread) {
    let esc = html::escape;
    let primary = thread_anchor(history, thread);
    let class = if thread.dropped_in().is_some() {
        "thread gone"
    } else {
        "thread"
    };
    let _ = writeln!(
        out,
        "<section class=\"{class}\" id=\"{primary}\" aria-labelledby=\"h-{primary}\">"
    );
    for (v, list) in thread.presence.iter().enumerate() {
        for p in list {
            let a = node_anchor(&history.versions[v].version, &p.id);
            if a != primary {
                let _ = write!(out, "<span class=\"alias\" id=\"{a}\"></span>");
            }
        }
    }
    let dropped = thread
        .dropped_in()
        .map(|v| {
            format!(
                " <span class=\"badge b-removed\">Dropped in {}</span>",
                esc(&history.versions[v].version)
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<h3 id=\"h-{primary}\"><span class=\"ids\">{}</span>{}{dropped} <a class=\"self\" \
         href=\"#{primary}\" title=\"Link to this provision\"><span aria-hidden=\"true\">#\
         </span><span class=\"vh\">Link to this provision</span></a></h3>",
        esc(&thread.label()),
        thread
            .title()
            .map(|t| format!(" <span class=\"title\" dir=\"auto\">{}</span>", esc(t)))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "<p class=\"path\">Ids version by version: {}</p>\n<ol class=\"events\">",
        esc(&thread.path())
    );
    for event in thread.events.iter().filter(|e| e.is_news()) {
        let v = &history.versions[event.version()];
        let _ = writeln!(
            out,
            "<li class=\"event e-{}\"><p><span class=\"when\">{}</span>: {}</p>",
            event_kind(event),
            esc(&version_line(v)),
            esc(&event_summary(thread, event))
        );
        match event {
            Event::Present { provisions, .. } => {
                for p in provisions {
                    let _ = writeln!(out, "<p class=\"text\" dir=\"auto\">{}</p>", esc(&p.text));
                }
            }
            Event::Step { change, .. } => match change.kind {
                ChangeKind::Unchanged => {}
                _ => html::change_body(out, change),
            },
        }
        out.push_str("</li>\n");
    }
    if let Some((v, line)) = quiet_tail(history, thread) {
        let _ = writeln!(
            out,
            "<li class=\"event e-unchanged\"><p><span class=\"when\">{}</span>: {}</p></li>",
            esc(&version_line(&history.versions[v])),
            esc(&line)
        );
    }
    out.push_str("</ol>\n</section>\n");
}
