//! The Atom feeds (`reports/feed.atom`, `reports/<document>/feed.atom`), read back with
//! feed-rs: a parser independent of the crate that writes them.

use super::common::*;

fn parse(tree: &Tree, rel: &str) -> feed_rs::model::Feed {
    let bytes = std::fs::read(tree.reports().join(rel)).expect("feed written");
    feed_rs::parser::parse(bytes.as_slice()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| e.title.as_ref().expect("entry title").content.clone())
        .collect()
}

fn dates(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| e.updated.expect("entry updated").to_rfc3339())
        .collect()
}

fn three_versions() -> Tree {
    let tree = Tree::new();
    tree.write("plan/v1.yaml", &small("v1", "2025-01-01", "within 30 days"));
    tree.write("plan/v2.yaml", &small("v2", "2025-02-01", "within 60 days"));
    tree.write("plan/v3.yaml", &small("v3", "2025-03-01", "within 90 days"));
    tree
}

/// One entry per comparison, newest first, dated by the newer version, with the headline,
/// the key changes and a link to the report.
#[test]
fn each_comparison_is_an_entry_dated_by_its_newer_version() {
    let tree = three_versions();
    tree.run_ok();
    let feed = parse(&tree, "plan/feed.atom");
    let titles = titles(&feed);
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles[0].starts_with("plan: v2 → v3 — 3 provisions became 3: 1 changed"));
    assert!(titles[1].starts_with("plan: v1 → v2 — "), "{titles:?}");
    assert_eq!(
        dates(&feed),
        ["2025-03-01T00:00:00+00:00", "2025-02-01T00:00:00+00:00"]
    );
    let newest = &feed.entries[0];
    let summary = &newest.summary.as_ref().expect("summary").content;
    assert!(
        summary.contains("Numbers, amounts and dates (1)"),
        "{summary}"
    );
    assert!(
        summary.contains("- 2: “60 days” became “90 days”"),
        "{summary}"
    );
    let content = newest.content.as_ref().and_then(|c| c.body.clone());
    let content = content.expect("content");
    assert!(
        content.contains("<h3>Numbers, amounts and dates (1)</h3>"),
        "{content}"
    );
    assert_eq!(newest.links[0].href, "v2..v3.html");
    assert!(tree.has_report("plan/v2..v3.html"));
    assert!(newest.id.starts_with("urn:uuid:"), "{}", newest.id);
    assert_ne!(newest.id, feed.entries[1].id);

    let top = parse(&tree, "feed.atom");
    assert_eq!(top.entries.len(), 2);
    assert_eq!(top.entries[0].id, newest.id, "one id in both feeds");
    assert_eq!(top.entries[0].links[0].href, "plan/v2..v3.html");
    assert_eq!(
        top.updated.expect("feed updated").to_rfc3339(),
        "2025-03-01T00:00:00+00:00"
    );
}

/// The feed of every document interleaves them by date, newest first.
#[test]
fn the_top_feed_orders_every_document_by_date() {
    let tree = three_versions();
    tree.write("other/a.yaml", &small("a", "2025-01-15", "within 5 days"));
    tree.write("other/b.yaml", &small("b", "2025-02-15", "within 6 days"));
    tree.run_ok();
    let top = parse(&tree, "feed.atom");
    let titles: Vec<String> = titles(&top)
        .iter()
        .map(|t| t.split(" — ").next().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        titles,
        ["plan: v2 → v3", "other: a → b", "plan: v1 → v2"],
        "{titles:?}"
    );
}

/// A version backfilled between two others takes its place: the entry that skipped it
/// goes, the two that now pass through it come; ids of the entries that stay do not move.
#[test]
fn a_backfilled_version_and_a_deleted_one_change_the_entries() {
    let tree = Tree::new();
    tree.write("plan/v1.yaml", &small("v1", "2025-01-01", "within 30 days"));
    tree.write("plan/v3.yaml", &small("v3", "2025-03-01", "within 90 days"));
    tree.run_ok();
    let before = parse(&tree, "plan/feed.atom");
    assert_eq!(titles(&before).len(), 1);
    tree.write("plan/v2.yaml", &small("v2", "2025-02-01", "within 60 days"));
    tree.run_ok();
    let after = parse(&tree, "plan/feed.atom");
    let heads: Vec<String> = titles(&after)
        .iter()
        .map(|t| t.split(" — ").next().unwrap_or("").to_string())
        .collect();
    assert_eq!(heads, ["plan: v2 → v3", "plan: v1 → v2"]);
    assert!(after.entries.iter().all(|e| e.id != before.entries[0].id));
    assert_eq!(contents(&tree.reports()), tree.fresh_reports());

    tree.remove("plan/v2.yaml");
    tree.run_ok();
    let again = parse(&tree, "plan/feed.atom");
    assert_eq!(again.entries.len(), 1);
    assert_eq!(
        again.entries[0].id, before.entries[0].id,
        "v1 → v3 keeps its id"
    );
    assert_eq!(
        std::fs::read(tree.reports().join("plan/feed.atom")).unwrap(),
        {
            let fresh = tree.fresh_reports();
            fresh["plan/feed.atom"].clone()
        },
        "byte-identical to a run from scratch"
    );
}

/// A run with nothing to do rewrites no feed, and a document that goes takes its feed.
#[test]
fn feeds_are_rewritten_only_when_what_they_list_changes() {
    let tree = three_versions();
    tree.run_ok();
    let before = snapshot(&tree.reports());
    tree.run_ok();
    assert_unchanged(
        &before,
        &snapshot(&tree.reports()),
        "reports/ after a second run",
    );
    tree.write("gone/a.yaml", &small("a", "2025-01-15", "within 5 days"));
    tree.write("gone/b.yaml", &small("b", "2025-02-15", "within 6 days"));
    tree.run_ok();
    assert_eq!(parse(&tree, "feed.atom").entries.len(), 3);
    tree.remove("gone/a.yaml");
    tree.remove("gone/b.yaml");
    tree.run_ok();
    assert!(!tree.has_report("gone/feed.atom"));
    assert_eq!(parse(&tree, "feed.atom").entries.len(), 2);
}

/// Undated documents follow the documented rule: the epoch, in timeline order.
#[test]
fn undated_versions_take_the_documented_date() {
    let tree = Tree::new();
    tree.write(
        "plan/1.yaml",
        &draft("one", None, &["A ceasefire in 30 days."]),
    );
    tree.write(
        "plan/2.yaml",
        &draft("two", None, &["A ceasefire in 60 days."]),
    );
    tree.write(
        "plan/10.yaml",
        &draft("ten", None, &["A ceasefire in 90 days."]),
    );
    tree.run_ok();
    let feed = parse(&tree, "plan/feed.atom");
    assert_eq!(dates(&feed), ["1970-01-01T00:00:00+00:00"; 2]);
    let heads: Vec<String> = titles(&feed)
        .iter()
        .map(|t| t.split(" — ").next().unwrap_or("").to_string())
        .collect();
    assert_eq!(heads, ["plan: two → ten", "plan: one → two"]);
}

/// Control characters, a CDATA end, markup and a bidi override in a draft never break the
/// XML nor reach it raw.
#[test]
fn hostile_draft_text_never_reaches_the_feed_raw() {
    let tree = Tree::new();
    // YAML escapes: the characters themselves are refused in a YAML file.
    let hostile =
        r#""Removed: ]]> <script>alert(1)</script> \u202Etxet \e[31m \x7F\x9B \uFFFE & done.""#;
    tree.write(
        "plan/v1.yaml",
        &format!("version: v1\ndate: 2025-01-01\nprovisions:\n  - Kept as it is.\n  - {hostile}\n"),
    );
    tree.write(
        "plan/v2.yaml",
        &draft("v2", Some("2025-01-02"), &["Kept as it is."]),
    );
    tree.run_ok();
    for rel in ["plan/feed.atom", "feed.atom"] {
        let raw = tree.report(rel);
        for bad in [
            "<script", "]]>", "\u{202e}", "\u{1b}", "\u{7f}", "\u{9b}", "\u{fffe}",
        ] {
            assert!(!raw.contains(bad), "{rel} holds {bad:?} raw:\n{raw}");
        }
        let feed = parse(&tree, rel);
        let summary = &feed.entries[0].summary.as_ref().expect("summary").content;
        assert!(summary.contains("<script>alert(1)</script>"), "{summary}");
        assert!(summary.contains("\\u{202e}txet"), "{summary}");
        let content = feed.entries[0]
            .content
            .as_ref()
            .and_then(|c| c.body.clone());
        let content = content.expect("content");
        assert!(content.contains("&lt;script&gt;"), "{content}");
        assert!(!content.contains("<script"), "{content}");
    }
}

/// `--base-url` makes every link absolute; a URL a link cannot carry is refused (exit 2).
#[test]
fn a_base_url_makes_links_absolute() {
    let tree = three_versions();
    tree.run_expect(0, &["--quiet", "--base-url", "https://example.org/r"]);
    let feed = parse(&tree, "plan/feed.atom");
    assert_eq!(
        feed.entries[0].links[0].href,
        "https://example.org/r/plan/v2..v3.html"
    );
    let top = parse(&tree, "feed.atom");
    assert_eq!(
        top.entries[0].links[0].href,
        "https://example.org/r/plan/v2..v3.html"
    );
    assert!(top
        .links
        .iter()
        .any(|l| l.href == "https://example.org/r/feed.atom"));
    let ids: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
    tree.run_ok();
    let relative = parse(&tree, "plan/feed.atom");
    assert_eq!(relative.entries[0].links[0].href, "v2..v3.html");
    let same: Vec<String> = relative.entries.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ids, same, "ids do not depend on the base URL");
    for bad in [
        "ftp://example.org/",
        "https://",
        "https://a b/",
        "https://x/\"onload",
    ] {
        let output = tree.run_expect(2, &["--base-url", bad]);
        assert!(
            stderr(&output).contains("--base-url"),
            "{}",
            stderr(&output)
        );
    }
}

/// The index pages announce their feed to browsers and feed readers, and link it.
#[test]
fn index_pages_announce_their_feed() {
    let tree = three_versions();
    tree.run_ok();
    for rel in ["index.html", "plan/index.html"] {
        let page = tree.report(rel);
        assert!(
            page.contains("<link rel=\"alternate\" type=\"application/atom+xml\"")
                && page.contains("href=\"feed.atom\">"),
            "{rel}:\n{page}"
        );
        assert!(page.contains("<a href=\"feed.atom\""), "{rel}");
    }
    for rel in ["index.md", "plan/index.md"] {
        assert!(
            tree.report(rel).contains("[Atom feed](<feed.atom>)"),
            "{rel}"
        );
    }
}

/// `watch` keeps the feeds as `run` does: a version dropped in becomes the newest entry.
#[test]
fn watch_adds_the_new_comparison_to_the_feeds() {
    let tree = Tree::new();
    tree.write("plan/v1.yaml", &small("v1", "2025-01-01", "within 30 days"));
    tree.write("plan/v2.yaml", &small("v2", "2025-02-01", "within 60 days"));
    let mut watcher = Watcher::start(&tree, &[]);
    let entries = |rel: &str| {
        let raw = tree.report(rel);
        feed_rs::parser::parse(raw.as_bytes()).map_or(0, |f| f.entries.len())
    };
    watcher.expect("the first feed", || entries("plan/feed.atom") == 1);
    tree.write("plan/v3.yaml", &small("v3", "2025-03-01", "within 90 days"));
    watcher.expect("the new entry", || {
        entries("plan/feed.atom") == 2 && entries("feed.atom") == 2
    });
    let feed = parse(&tree, "plan/feed.atom");
    assert!(titles(&feed)[0].starts_with("plan: v2 → v3 — "));
    assert!(watcher.stop("TERM").success());
}

/// A document of one version has a feed with no entry yet, dated by that version.
#[test]
fn a_feed_with_no_entry_is_dated_by_its_newest_version() {
    let tree = Tree::new();
    tree.write("plan/v1.yaml", &small("v1", "2025-04-01", "within 30 days"));
    tree.run_ok();
    for rel in ["plan/feed.atom", "feed.atom"] {
        let feed = parse(&tree, rel);
        assert!(feed.entries.is_empty(), "{rel}");
        let updated = feed.updated.expect("feed updated").to_rfc3339();
        assert_eq!(updated, "2025-04-01T00:00:00+00:00", "{rel}");
    }
}
