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
pub const SCHEMA: u32 = 3;

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

/// A thread's name in headings and the overview: its label, with only the first and the
/// last ids when it went through many (the whole label is on its `Ids` line), so a
/// provision renumbered at every version does not carry that list into every heading.
fn heading(thread: &Thread) -> String {
    let label = thread.label();
    let steps: Vec<&str> = label.split(" → ").collect();
    let short = match steps.as_slice() {
        [first, .., last] if steps.len() > HEADING_STEPS => format!("{first} → … → {last}"),
        _ => label.clone(),
    };
    match thread.title() {
        Some(t) => format!("{short} {t}"),
        None => short,
    }
}

/// Most ids a heading lists in full (see [`heading`]).
const HEADING_STEPS: usize = 3;

/// Up to this many versions, the overview gives each provision's ids version by version;
/// past it, when it appeared, when it last changed and what it is now: a grid of every
/// version would grow with versions times provisions, and no reader scans 200 columns.
const GRID_VERSIONS: usize = 10;

/// The overview's column headings after "Provision".
fn overview_columns(history: &History) -> Vec<String> {
    if history.versions.len() <= GRID_VERSIONS {
        history.versions.iter().map(|v| v.version.clone()).collect()
    } else {
        ["Appeared", "Last changed", "Latest"]
            .map(String::from)
            .to_vec()
    }
}

/// A thread's cells under [`overview_columns`].
fn overview_row(history: &History, thread: &Thread) -> Vec<String> {
    if history.versions.len() <= GRID_VERSIONS {
        return overview_cells(thread);
    }
    let name = |v: usize| history.versions[v].version.clone();
    let changed = thread
        .events
        .iter()
        .filter(|e| match e {
            Event::Step { change, .. } => e.is_news() && change.kind != ChangeKind::Added,
            Event::Present { .. } => false,
        })
        .map(Event::version)
        .max();
    let latest = match thread.dropped_in() {
        Some(v) => format!("dropped in {}", name(v)),
        None => {
            let ids: Vec<&str> = thread.presence[thread.last_version()]
                .iter()
                .map(|p| p.id.as_str())
                .collect();
            ids.join(", ")
        }
    };
    vec![
        name(thread.first_version()),
        changed.map_or_else(|| "—".to_string(), name),
        latest,
    ]
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
            terminal_safe(&thread.label()),
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
        let columns = overview_columns(history);
        for column in &columns {
            let _ = write!(out, " {} |", esc(column));
        }
        let _ = writeln!(out, "\n|---|{}", "---|".repeat(columns.len()));
        for thread in &history.threads {
            let gone = if thread.dropped_in().is_some() {
                " (dropped)"
            } else {
                ""
            };
            let _ = write!(out, "| {}{gone} |", esc(&heading(thread)));
            for cell in overview_row(history, thread) {
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
        let _ = writeln!(out, "Ids: {}\n", esc(&thread.label()));
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
    texts: &'a [&'a str],
    provisions: Threads<'a>,
}

#[derive(Serialize)]
struct JsonThread<'a> {
    anchor: String,
    label: String,
    title: Option<&'a str>,
    /// Its ids in each version from `first_version` to `last_version` (`"21, 22"` where
    /// it held two, `""` where it was absent in between): not in every version, which
    /// would make the file grow with versions times provisions.
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
    /// Numbers the texts of `list` not met before.
    fn register(&mut self, list: &'a [Provision]) {
        for p in list {
            let next = self.list.len();
            if *self.index.entry(&p.text).or_insert(next) == next {
                self.list.push(&p.text);
            }
        }
    }

    /// The provisions with their texts' numbers (each text registered before).
    fn provisions(&self, list: &'a [Provision]) -> Vec<JsonProvision<'a>> {
        list.iter()
            .map(|p| JsonProvision {
                id: &p.id,
                title: p.title.as_deref(),
                text: self.index.get(p.text.as_str()).copied().unwrap_or_default(),
                tags: &p.tags,
                line: p.line,
            })
            .collect()
    }
}

/// The thread's ids in each version from its first to its last, `""` where absent.
fn ids_by_version(thread: &Thread) -> Vec<String> {
    thread.presence[thread.first_version()..=thread.last_version()]
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
    texts: &Texts<'a>,
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
    let mut texts = Texts::default();
    for t in &history.threads {
        for e in t.events.iter().filter(|e| e.is_news()) {
            match e {
                Event::Present { provisions, .. } => texts.register(provisions),
                Event::Step { change, .. } => {
                    texts.register(&change.old);
                    texts.register(&change.new);
                }
            }
        }
    }
    let doc = JsonHistory {
        schema: SCHEMA,
        document: &history.document,
        versions: history.versions.iter().map(json_version).collect(),
        texts: &texts.list,
        provisions: Threads {
            history,
            texts: &texts,
        },
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let mut out = escape_remaining_controls(out);
    out.push('\n');
    out
}

/// The threads as JSON, each made as it is written: a long history's events are not all
/// held twice, once as events and once as their JSON form.
struct Threads<'a> {
    history: &'a History,
    texts: &'a Texts<'a>,
}

impl Serialize for Threads<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let history = self.history;
        let name = |v: usize| history.versions[v].version.as_str();
        serializer.collect_seq(history.threads.iter().map(|t| {
            JsonThread {
                anchor: thread_anchor(history, t),
                label: t.label(),
                title: t.title(),
                ids: ids_by_version(t),
                first_version: name(t.first_version()),
                last_version: name(t.last_version()),
                dropped_in: t.dropped_in().map(name),
                events: t
                    .events
                    .iter()
                    .filter(|e| e.is_news())
                    .map(|e| json_event(history, t, e, self.texts))
                    .collect(),
            }
        }))
    }
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
        let note = if history.versions.len() <= GRID_VERSIONS {
            "Each provision's ids, version by version; “—” where it did not exist."
        } else {
            "When each provision appeared, the last version that changed it, and its ids in \
             the latest version."
        };
        let _ = write!(
            out,
            "<section aria-labelledby=\"overview\">\n<h2 id=\"overview\">Overview</h2>\n\
             <p class=\"note\">{note}</p>\n<div class=\"scroll\"><table class=\"overview\">\n\
             <thead><tr><th scope=\"col\">Provision</th>",
        );
        for column in overview_columns(history) {
            let _ = write!(out, "<th scope=\"col\">{}</th>", esc(&column));
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
            for cell in overview_row(history, thread) {
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
        "<p class=\"path\">Ids as they changed: {}</p>\n<ol class=\"events\">",
        esc(&thread.label())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::draft;

    const KEPT: &str = "The ceasefire holds along the line of contact from the day of signing.";
    const RISING: &str = "Prisoners are exchanged on an all-for-all basis within thirty days";

    /// Unrelated provisions, added one per version.
    const FRESH: [&str; 12] = [
        "Grain leaves Odesa by sea under naval escort.",
        "Elections follow within one hundred days.",
        "Sanctions are lifted in stages.",
        "A humanitarian committee resolves open questions.",
        "The Zaporizhzhia plant restarts under IAEA supervision.",
        "Schools teach tolerance between cultures.",
        "Frozen assets fund reconstruction.",
        "Amnesty covers acts committed during the war.",
        "The Dnieper is open to commercial shipping.",
        "Nuclear arms treaties are extended.",
        "Europe joins the security talks.",
        "Disputes go to a joint arbitration panel.",
    ];

    /// `n` versions, each with one more new provision in front (so the kept one is
    /// renumbered every time) and one provision reworded at every step.
    fn long_history(n: usize) -> History {
        let drafts: Vec<_> = (0..n)
            .map(|v| {
                let fresh: Vec<String> = FRESH[..v].iter().map(|t| t.to_string()).collect();
                let mut texts: Vec<String> = fresh;
                texts.push(KEPT.to_string());
                texts.push(format!("{RISING} of signing, version {v}."));
                let ids: Vec<String> = (1..=texts.len()).map(|i| i.to_string()).collect();
                let provisions: Vec<(&str, &str)> = ids
                    .iter()
                    .zip(&texts)
                    .map(|(i, t)| (i.as_str(), t.as_str()))
                    .collect();
                draft(&format!("v{v:02}"), &provisions)
            })
            .collect();
        History::build(&drafts)
    }

    #[test]
    fn a_long_history_has_an_overview_row_per_provision_not_a_column_per_version() {
        let short = markdown(&long_history(GRID_VERSIONS));
        assert!(short.contains("| Provision | v00 | v01 |"), "{short}");
        let long = long_history(GRID_VERSIONS + 2);
        let md = markdown(&long);
        assert!(
            md.contains("| Provision | Appeared | Last changed | Latest |"),
            "{md}"
        );
        assert!(!md.contains("| v00 | v01 |"), "{md}");
        // The reworded provision: there from the first version, changed in the last.
        let last = format!("v{:02}", GRID_VERSIONS + 1);
        let row = format!("| v00 | {last} | {} |", GRID_VERSIONS + 3);
        assert!(md.lines().any(|l| l.ends_with(&row)), "{row} in\n{md}");
        let html = html(&long);
        assert!(html.contains("<th scope=\"col\">Last changed</th>"));
        assert!(!html.contains("<th scope=\"col\">v03</th>"));
    }

    #[test]
    fn a_heading_names_the_first_and_last_ids_of_a_provision_renumbered_many_times() {
        let long = long_history(6);
        let kept = long
            .threads
            .iter()
            .find(|t| t.title().is_none() && t.label().starts_with("1 → 2"))
            .expect("the kept provision, renumbered 1 → 2 → … → 6");
        assert_eq!(kept.label(), "1 → 2 → 3 → 4 → 5 → 6");
        assert_eq!(heading(kept), "1 → … → 6");
        let md = markdown(&long);
        assert!(
            md.contains("## 1 → … → 6\n\nIds: 1 → 2 → 3 → 4 → 5 → 6\n"),
            "{md}"
        );
    }

    #[test]
    fn json_ids_run_from_a_provisions_first_version_to_its_last() {
        let history = History::build(&[
            draft("v1", &[("1", KEPT)]),
            draft("v2", &[("1", KEPT), ("2", FRESH[0])]),
            draft("v3", &[("1", KEPT), ("2", FRESH[0])]),
            draft("v4", &[("1", KEPT)]),
        ]);
        let json: serde_json::Value = serde_json::from_str(&json(&history)).unwrap();
        assert_eq!(json["schema"], 3);
        let ids = |i: usize| json["provisions"][i]["ids"].clone();
        assert_eq!(ids(0), serde_json::json!(["1", "1", "1", "1"]));
        assert_eq!(json["provisions"][1]["first_version"], "v2");
        assert_eq!(ids(1), serde_json::json!(["2", "2"]), "{json}");
    }
}
