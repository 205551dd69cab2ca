//! Atom feeds: `reports/feed.atom` for every document and `reports/<document>/feed.atom`
//! for one, an entry per comparison of consecutive versions, newest version first.
//!
//! A feed says nothing a pass would not say again from the same drafts: entries are dated
//! by their versions (never by the run), their ids come from the document and the two
//! version labels, and the text comes from each step's manifest entry, so a feed is
//! rewritten only when what it lists changed and no report is read back to write it.

use std::cmp::Reverse;

use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text, WriteConfig,
};

use super::manifest::StepEntry;
use crate::hash::xxh64;
use crate::report::html;

/// `updated` of an entry whose newer version has no date, and of a feed with no dated
/// version: the dates of versions are the only times a feed may carry (see
/// `docs/notifications.md`).
const UNDATED: &str = "1970-01-01T00:00:00Z";

/// One comparison, as the feeds list it (borrowed from the pass's timeline and manifest).
#[derive(Debug, Clone)]
pub struct FeedItem<'a> {
    pub document: &'a str,
    pub old: &'a str,
    pub new: &'a str,
    /// The newer version's date (`YYYY-MM-DD`).
    pub date: Option<&'a str>,
    /// Where the newer version stands in its document's timeline (newest first in a feed).
    pub position: usize,
    /// The HTML report, relative to the reports folder.
    pub report: String,
    pub entry: &'a StepEntry,
}

/// Where a feed sits and how its links are written.
pub struct FeedPlace<'a> {
    /// The document followed, or `None` for the feed of all documents.
    pub document: Option<&'a str>,
    /// The feed's folder relative to the reports folder: "" for the top one.
    pub folder: &'a str,
    /// `--base-url` (ending in `/`): links become absolute.
    pub base_url: Option<&'a str>,
}

impl FeedPlace<'_> {
    /// A path relative to the reports folder, as a link from the feed.
    fn link(&self, rel: &str) -> String {
        let encoded = encode_path(rel);
        match self.base_url {
            Some(base) => url_of(base, rel),
            None if self.folder.is_empty() => encoded,
            None => encoded
                .strip_prefix(&format!("{}/", encode_path(self.folder)))
                .unwrap_or(&encoded)
                .to_string(),
        }
    }

    fn in_folder(&self, name: &str) -> String {
        if self.folder.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.folder)
        }
    }
}

/// The feed of `items`: those of the place's document, or of all documents. `latest` is
/// the date of the newest version it follows, the feed's date when it has no entry.
pub fn render(place: &FeedPlace, items: &[FeedItem], latest: Option<&str>) -> String {
    let mut items: Vec<&FeedItem> = items.iter().collect();
    // Newest first; one date holds its versions in timeline order, latest first.
    items.sort_by_key(|item| (Reverse(item.date), item.document, Reverse(item.position)));
    let entries: Vec<Entry> = items.iter().map(|item| entry(item, place)).collect();
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| date_time(latest));
    let (title, id) = match place.document {
        Some(document) => (document, uuid_urn(&["feed of", document])),
        None => ("all documents", uuid_urn(&["feed of all documents"])),
    };
    let feed = Feed {
        title: Text::plain(visible(&format!("draftdiff: {title}"))),
        id,
        updated,
        authors: vec![author()],
        generator: Some(Generator {
            value: "draftdiff".into(),
            uri: None,
            version: None,
        }),
        links: vec![
            link("self", &place.link(&place.in_folder("feed.atom")), None),
            link(
                "alternate",
                &place.link(&place.in_folder("index.html")),
                Some("text/html"),
            ),
        ],
        entries,
        ..Default::default()
    };
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: Some(1),
    };
    let bytes = feed
        .write_with_config(Vec::new(), config)
        .expect("writing into memory cannot fail");
    let mut out = String::from_utf8(bytes).expect("the feed is written from strings");
    out.push('\n');
    out
}

fn entry(item: &FeedItem, place: &FeedPlace) -> Entry {
    let heading = format!("{}: {} → {}", item.document, item.old, item.new);
    let href = place.link(&item.report);
    let brief = &item.entry.key_changes;
    let summary = format!("{}\n\n{}", item.entry.headline, brief.plain_text());
    let content = format!(
        "<p>{}</p>\n{}<p><a href=\"{}\">The full report</a></p>\n",
        html::escape(&item.entry.headline),
        brief.html(),
        html::escape(&href)
    );
    Entry {
        title: Text::plain(visible(&format!("{heading} — {}", item.entry.headline))),
        id: uuid_urn(&["entry", item.document, item.old, item.new]),
        updated: date_time(item.date),
        categories: vec![Category {
            term: visible(item.document),
            scheme: None,
            label: None,
        }],
        links: vec![link("alternate", &href, Some("text/html"))],
        summary: Some(Text::plain(visible(&summary))),
        content: Some(Content {
            value: Some(visible(&content)),
            content_type: Some("html".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn author() -> Person {
    Person {
        name: "draftdiff".into(),
        ..Default::default()
    }
}

fn link(rel: &str, href: &str, mime_type: Option<&str>) -> Link {
    Link {
        href: href.to_string(),
        rel: rel.to_string(),
        mime_type: mime_type.map(str::to_string),
        ..Default::default()
    }
}

/// Midnight UTC of a version's date, or [`UNDATED`].
fn date_time(date: Option<&str>) -> FixedDateTime {
    let text = date.map_or_else(|| UNDATED.to_string(), |d| format!("{d}T00:00:00Z"));
    FixedDateTime::parse_from_rfc3339(&text)
        .or_else(|_| FixedDateTime::parse_from_rfc3339(UNDATED))
        .expect("UNDATED is a valid date")
}

/// A `urn:uuid:` (RFC 9562 version 8) derived from `parts` alone, so an entry keeps its
/// id through every run, every machine and a change of `--base-url`.
fn uuid_urn(parts: &[&str]) -> String {
    // Each part with its length: no two lists of parts give the same string.
    let joined: String = parts.iter().map(|p| format!("{}:{p}", p.len())).collect();
    let hi = xxh64(format!("draftdiff feed id\0{joined}").as_bytes());
    let lo = xxh64(format!("draftdiff feed id, second half\0{joined}").as_bytes());
    let hi = (hi & !0xf000) | 0x8000; // version 8
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62); // the RFC variant
    format!(
        "urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// The absolute URL of a report (`rel` relative to the reports folder) under `--base-url`.
pub fn url_of(base_url: &str, rel: &str) -> String {
    format!("{base_url}{}", encode_path(rel))
}

/// Percent-encodes a report path for a link: report names are ASCII letters, digits and
/// `-_.`, but a link must stay one whatever they become.
fn encode_path(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text an XML 1.0 document can carry (see [`crate::text::markup_safe`]).
fn visible(text: &str) -> String {
    crate::text::markup_safe(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_the_labels_only_and_are_uuids() {
        let a = uuid_urn(&["entry", "plan", "v1", "v2"]);
        assert_eq!(a, uuid_urn(&["entry", "plan", "v1", "v2"]));
        assert_ne!(a, uuid_urn(&["entry", "plan", "v1", "v3"]));
        // Where one label ends and the next begins is part of the id.
        assert_ne!(
            uuid_urn(&["entry", "a", "b\0c", "d"]),
            uuid_urn(&["entry", "a\0b", "c", "d"])
        );
        let uuid = a.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{uuid}");
        assert_eq!(&uuid[14..15], "8", "version nibble: {uuid}");
        assert!("89ab".contains(&uuid[19..20]), "variant: {uuid}");
    }

    #[test]
    fn links_are_relative_to_the_feed_unless_a_base_url_is_given() {
        let doc = FeedPlace {
            document: Some("plan"),
            folder: "plan",
            base_url: None,
        };
        assert_eq!(doc.link("plan/a..b.html"), "a..b.html");
        let top = FeedPlace {
            document: None,
            folder: "",
            base_url: None,
        };
        assert_eq!(top.link("plan/a..b.html"), "plan/a..b.html");
        let hosted = FeedPlace {
            document: Some("plan"),
            folder: "plan",
            base_url: Some("https://example.org/reports/"),
        };
        assert_eq!(
            hosted.link("plan/a b.html"),
            "https://example.org/reports/plan/a%20b.html"
        );
    }

    #[test]
    fn undated_versions_take_the_documented_date() {
        assert_eq!(date_time(None).to_rfc3339(), "1970-01-01T00:00:00+00:00");
        assert_eq!(
            date_time(Some("2025-11-23")).to_rfc3339(),
            "2025-11-23T00:00:00+00:00"
        );
    }
}
