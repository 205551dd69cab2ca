//! The HTML pages checked as a browser would read them, and the golden reports of the
//! sample drafts.
//!
//! A small tag scanner (below) reads the generated HTML; the tests check its structure:
//! one section per change, every anchor unique and every in-page link landing, nothing
//! loaded from outside, hostile draft text shown as text, the key changes present.
//!
//! Golden files live in `tests/golden/`. They are compared byte for byte and regenerated
//! only by the bless step: `DRAFTDIFF_BLESS=1 cargo test --test html`, then review the diff.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use draftdiff::history::{render as history_render, History};
use draftdiff::load::load_file;
use draftdiff::report::{html, Report};

// ------------------------------------------------------------------------- tag scanner

/// One start or end tag.
#[derive(Debug, Clone)]
struct Tag {
    name: String,
    end: bool,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn classes(&self) -> Vec<&str> {
        self.attr("class")
            .map(|c| c.split_whitespace().collect())
            .unwrap_or_default()
    }
}

/// A scanned page: its tags, the text between them, and the raw style sheets.
struct Page {
    tags: Vec<Tag>,
    text: String,
    styles: Vec<String>,
}

/// Reads tags the way an HTML tokenizer does for the cases that matter here: comments,
/// the doctype, quoted and unquoted attribute values, and `<style>` / `<script>` raw text.
fn scan(html: &str) -> Page {
    let bytes = html.as_bytes();
    let mut page = Page {
        tags: Vec::new(),
        text: String::new(),
        styles: Vec::new(),
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let next = html[i..].find('<').map_or(html.len(), |n| i + n);
            page.text.push_str(&html[i..next]);
            i = next;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(html.len(), |n| i + n + 3);
            continue;
        }
        if html[i..].starts_with("<!") {
            i = html[i..].find('>').map_or(html.len(), |n| i + n + 1);
            continue;
        }
        let mut j = i + 1;
        let end = bytes.get(j) == Some(&b'/');
        if end {
            j += 1;
        }
        let name_start = j;
        while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == name_start {
            // A lone `<` is text.
            page.text.push('<');
            i += 1;
            continue;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                j += 1;
                break;
            }
            let a = j;
            while j < bytes.len() && !b" \t\n=>/".contains(&bytes[j]) {
                j += 1;
            }
            let attr = html[a..j].to_ascii_lowercase();
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let close = html[j + 1..]
                            .find(q as char)
                            .map_or(html.len(), |n| j + 1 + n);
                        value = html[j + 1..close].to_string();
                        j = close + 1;
                    }
                    _ => {
                        let v = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>'
                        {
                            j += 1;
                        }
                        value = html[v..j].to_string();
                    }
                }
            }
            attrs.push((attr, value));
        }
        if !end && (name == "style" || name == "script") {
            let close = format!("</{name}");
            let stop = html[j.min(html.len())..]
                .find(&close)
                .map_or(html.len(), |n| j + n);
            if name == "style" {
                page.styles.push(html[j..stop].to_string());
            }
            page.tags.push(Tag { name, end, attrs });
            i = stop;
            continue;
        }
        page.tags.push(Tag { name, end, attrs });
        i = j;
    }
    page
}

impl Page {
    fn starts(&self, name: &str) -> impl Iterator<Item = &Tag> {
        let name = name.to_string();
        self.tags.iter().filter(move |t| !t.end && t.name == name)
    }

    fn ids(&self) -> Vec<&str> {
        self.tags
            .iter()
            .filter(|t| !t.end)
            .filter_map(|t| t.attr("id"))
            .collect()
    }
}

/// Every id once, and every `href="#x"` pointing at one of them.
fn assert_anchors(page: &Page, what: &str) {
    let ids = page.ids();
    let mut seen = HashSet::new();
    for id in &ids {
        assert!(
            !id.is_empty() && !id.contains(char::is_whitespace),
            "{what}: bad id {id:?}"
        );
        assert!(seen.insert(*id), "{what}: id {id:?} used twice");
    }
    for t in page.starts("a") {
        if let Some(target) = t.attr("href").and_then(|h| h.strip_prefix('#')) {
            assert!(seen.contains(target), "{what}: link to missing #{target}");
        }
    }
}

/// Nothing that loads from anywhere: no script, image, frame, object, link (but the one
/// that announces a feed, which loads nothing) or font; no `src`; no link off the page but
/// relative ones; no `@import` or `url(` in the CSS.
fn assert_self_contained(page: &Page, what: &str) {
    for t in page.tags.iter().filter(|t| !t.end) {
        let feed = t.name == "link"
            && t.attr("rel") == Some("alternate")
            && t.attr("type") == Some("application/atom+xml");
        assert!(
            feed || !matches!(
                t.name.as_str(),
                "script"
                    | "img"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "link"
                    | "audio"
                    | "video"
                    | "source"
                    | "base"
                    | "form"
                    | "svg"
                    | "math"
            ),
            "{what}: <{}> on the page",
            t.name
        );
        for (name, value) in &t.attrs {
            assert!(
                !matches!(
                    name.as_str(),
                    "src" | "srcset" | "background" | "style" | "action"
                ),
                "{what}: attribute {name} on <{}>",
                t.name
            );
            assert!(!name.starts_with("on"), "{what}: event handler {name}");
            if name == "href" {
                let v = value.to_ascii_lowercase();
                assert!(
                    !(v.starts_with("http:")
                        || v.starts_with("https:")
                        || v.starts_with("//")
                        || v.starts_with("javascript:")
                        || v.starts_with("data:")),
                    "{what}: external link {value:?}"
                );
            }
        }
    }
    for css in &page.styles {
        let css = css.to_ascii_lowercase();
        assert!(!css.contains("@import"), "{what}: @import in CSS");
        assert!(!css.contains("url("), "{what}: url( in CSS");
        assert!(!css.contains("@font-face"), "{what}: web font in CSS");
    }
}

// ------------------------------------------------------------------------------ helpers

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample_drafts() -> Vec<PathBuf> {
    let dir = root().join("drafts/peace-plan");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn sample_report() -> Report {
    let files = sample_drafts();
    Report::compare(
        &load_file(&files[0]).unwrap(),
        &load_file(&files[1]).unwrap(),
    )
}

fn draftdiff() -> Command {
    Command::cargo_bin("draftdiff").unwrap()
}

// -------------------------------------------------------------------------------- tests

#[test]
fn report_has_one_section_per_change_and_an_anchor_per_provision() {
    let report = sample_report();
    let page = scan(&html::render(&report));
    let sections: Vec<&Tag> = page
        .starts("section")
        .filter(|t| t.classes().contains(&"change"))
        .collect();
    assert_eq!(sections.len(), report.changes.len());
    for (section, change) in sections.iter().zip(&report.changes) {
        let kind = format!("k-{}", change.kind.name());
        assert!(section.classes().contains(&kind.as_str()), "{:?}", section);
        assert_eq!(
            section.attr("id"),
            Some(html::change_anchor(change).as_str())
        );
    }
    let ids: HashSet<&str> = page.ids().into_iter().collect();
    for change in &report.changes {
        for p in &change.old {
            assert!(
                ids.contains(html::anchor("old", &p.id).as_str()),
                "old {}",
                p.id
            );
        }
        for p in &change.new {
            assert!(
                ids.contains(html::anchor("new", &p.id).as_str()),
                "new {}",
                p.id
            );
        }
    }
    assert_anchors(&page, "report");
    assert_self_contained(&page, "report");
}

#[test]
fn report_opens_with_the_key_changes() {
    let report = sample_report();
    let page = scan(&html::render(&report));
    let section = page
        .starts("section")
        .position(|t| t.classes().contains(&"key"))
        .expect("a key changes section");
    let first_change = page
        .starts("section")
        .position(|t| t.classes().contains(&"change"))
        .unwrap();
    assert!(
        section < first_change,
        "key changes come before the changes"
    );
    for heading in [
        "Key changes",
        "Numbers, amounts and dates",
        "Removed provisions",
    ] {
        assert!(page.text.contains(heading), "{heading}");
    }
    assert!(page.text.contains(&report.headline()));
    // The army ceiling's figure is a key change, linked to the provision.
    assert!(page.text.contains("“600,000” dropped"));
    assert!(page.starts("a").any(|t| t.attr("href") == Some("#new-4")));
    // Deletions and insertions are elements, not colour alone.
    assert!(page.starts("del").count() > 0 && page.starts("ins").count() > 0);
}

#[test]
fn filter_needs_no_script_and_offers_each_kind_present() {
    let report = sample_report();
    let page = scan(&html::render(&report));
    let radios: Vec<&str> = page
        .starts("input")
        .filter(|t| t.attr("type") == Some("radio"))
        .filter_map(|t| t.attr("id"))
        .collect();
    assert_eq!(
        radios,
        [
            "show-all",
            "show-check",
            "show-removed",
            "show-changed",
            "show-merged",
            "show-renumbered",
            "show-unchanged"
        ]
    );
    for id in &radios {
        assert!(
            page.starts("label").any(|t| t.attr("for") == Some(id)),
            "label for {id}"
        );
    }
}

#[test]
fn history_has_one_section_per_provision_thread() {
    let drafts: Vec<_> = sample_drafts()
        .iter()
        .map(|p| load_file(p).unwrap())
        .collect();
    let history = History::build(&drafts);
    let page = scan(&history_render::html(&history));
    let threads = page
        .starts("section")
        .filter(|t| t.classes().contains(&"thread"))
        .count();
    assert_eq!(threads, history.threads.len());
    // Every provision of every version can be linked to.
    let ids: HashSet<&str> = page.ids().into_iter().collect();
    for (v, d) in drafts.iter().enumerate() {
        for p in &d.provisions {
            let a = history_render::node_anchor(&history.versions[v].version, &p.id);
            assert!(ids.contains(a.as_str()), "{a}");
        }
    }
    assert_anchors(&page, "history");
    assert_self_contained(&page, "history");
}

const HOSTILE: &str = "<script>alert(1)</script> <img src=x onerror=alert(1)> \"quotes'";

fn hostile_draft(version: &str, date: &str, text: &str) -> String {
    // YAML double-quoted strings: only `"` and `\` need escaping.
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    format!(
        "document: {doc}\nversion: {ver}\ndate: \"{date}\"\ntitle: {title}\nsource: {src}\n\
         status: {status}\nprovisions:\n\
         \x20 - id: {id1}\n    title: {title}\n    text: {t1}\n    tags: [{tag}]\n\
         \x20 - id: \"2\"\n    text: {t2}\n",
        doc = q("doc <b>"),
        ver = q(&format!("{version} <i>")),
        title = q(HOSTILE),
        src = q("https://example.org/\"><script>alert(1)</script>"),
        status = q("<img src=x onerror=alert(1)>"),
        id1 = q("1\"><script>alert(1)</script>"),
        t1 = q(text),
        tag = q("<svg onload=alert(1)>"),
        t2 = q(&format!("The parties shall act within 100 days. {HOSTILE}")),
    )
}

#[test]
fn hostile_draft_text_is_shown_as_text_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts/doc");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(
        drafts.join("a.yaml"),
        hostile_draft("a", "2025-01-01", &format!("Old words {HOSTILE}")),
    )
    .unwrap();
    std::fs::write(
        drafts.join("b.yaml"),
        hostile_draft("b", "2025-01-02", &format!("New words {HOSTILE}")),
    )
    .unwrap();
    let out = draftdiff()
        .args(["diff", "-f", "html"])
        .arg(drafts.join("a.yaml"))
        .arg(drafts.join("b.yaml"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report_html = String::from_utf8(out.stdout).unwrap();

    let reports = dir.path().join("reports");
    draftdiff()
        .args(["run", "--quiet", "--drafts"])
        .arg(dir.path().join("drafts"))
        .arg("--reports")
        .arg(&reports)
        .assert()
        .success();
    let mut pages = vec![("diff --format html".to_string(), report_html)];
    for entry in walk(&reports) {
        if entry.extension().is_some_and(|e| e == "html") {
            let name = entry.strip_prefix(&reports).unwrap().display().to_string();
            pages.push((name, std::fs::read_to_string(&entry).unwrap()));
        }
    }
    assert!(pages.len() >= 5, "report, history and two indexes from run");
    for (name, text) in &pages {
        let page = scan(text);
        assert_self_contained(&page, name);
        assert_anchors(&page, name);
        assert!(!text.contains("<script>alert"), "{name}: raw script");
        assert!(!text.contains("<img src=x"), "{name}: raw img");
        assert!(!text.contains("<svg"), "{name}: raw svg");
    }
    // The hostile text is there, as text.
    let report = &pages[0].1;
    assert!(report.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(report.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(report.contains("&quot;quotes&#39;"));
    assert!(scan(report).text.contains("&lt;svg onload=alert(1)&gt;"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

// ------------------------------------------------------------------------------ goldens

/// Compares `actual` with the golden file, or rewrites it when blessing.
fn check_golden(rel: &str, actual: &str, failures: &mut Vec<String>) {
    let path = root().join("tests/golden").join(rel);
    if std::env::var_os("DRAFTDIFF_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(_) => failures.push(format!("{rel} differs")),
        Err(_) => failures.push(format!("{rel} is missing")),
    }
}

#[test]
fn golden_reports_of_the_sample_drafts() {
    // The reports that `run` writes for the sample drafts are the committed `reports/`
    // folder, checked by tests/pipeline.rs; here are the terminal outputs beside them.
    let mut actual: BTreeMap<String, String> = BTreeMap::new();
    let files = sample_drafts();
    let text = draftdiff()
        .args(["diff", "--color", "never"])
        .args(&files)
        .output()
        .unwrap();
    actual.insert("diff.txt".into(), String::from_utf8(text.stdout).unwrap());
    let history = draftdiff()
        .args(["history", "peace-plan", "--color", "never", "--drafts"])
        .arg(root().join("drafts"))
        .output()
        .unwrap();
    assert!(history.status.success());
    actual.insert(
        "history.txt".into(),
        String::from_utf8(history.stdout).unwrap(),
    );
    let mut failures = Vec::new();
    for (rel, text) in &actual {
        check_golden(rel, text, &mut failures);
    }
    // A golden file that is no longer produced is stale.
    let golden = root().join("tests/golden");
    if golden.exists() && std::env::var_os("DRAFTDIFF_BLESS").is_none() {
        for file in walk(&golden) {
            let rel = file.strip_prefix(&golden).unwrap().display().to_string();
            if !actual.contains_key(&rel) {
                failures.push(format!("{rel} is no longer produced"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "golden reports out of date (rerun with DRAFTDIFF_BLESS=1 and review the diff):\n{}",
        failures.join("\n")
    );
}

#[test]
fn history_finds_a_provision_by_its_id_in_any_version() {
    let drafts = root().join("drafts");
    let out = draftdiff()
        .args([
            "history",
            "peace-plan",
            "--provision",
            "6",
            "--in",
            "leaked",
        ])
        .args(["--format", "json", "--drafts"])
        .arg(&drafts)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let provisions = json["provisions"].as_array().unwrap();
    assert_eq!(provisions.len(), 1);
    assert_eq!(provisions[0]["title"], "Armed forces");
    assert_eq!(provisions[0]["label"], "6 → 4");
    let kinds: Vec<&str> = provisions[0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["present", "changed"]);

    // Without --in, the id is read in the latest version: 6 there is "Reconstruction".
    let out = draftdiff()
        .args([
            "history",
            "peace-plan",
            "--provision",
            "6",
            "-f",
            "json",
            "--drafts",
        ])
        .arg(&drafts)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["provisions"][0]["title"], "Reconstruction");

    draftdiff()
        .args(["history", "peace-plan", "--provision", "99", "--drafts"])
        .arg(&drafts)
        .assert()
        .code(2);
}

#[test]
fn scanner_sees_what_a_browser_would() {
    let page = scan(
        "<!DOCTYPE html><p class=\"a b\" id=x>t &lt;b&gt;<img src=x onerror=alert(1)>\
         <style>p{}</style><!-- <script> --></p>",
    );
    let names: Vec<&str> = page.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["p", "img", "style", "style", "p"]);
    assert_eq!(page.tags[0].classes(), ["a", "b"]);
    assert_eq!(page.tags[1].attr("onerror"), Some("alert(1)"));
    assert_eq!(page.styles, ["p{}"]);
}

/// The lines `run` logs for the files it wrote and removed.
fn run_log(drafts: &Path, reports: &Path) -> Vec<String> {
    let out = draftdiff()
        .args(["run", "--drafts"])
        .arg(drafts)
        .arg("--reports")
        .arg(reports)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .map(|l| l.replace(&reports.display().to_string(), "reports"))
        .collect()
}

#[test]
fn run_rewrites_a_history_only_when_its_drafts_change() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(drafts.join("peace-plan")).unwrap();
    let files = sample_drafts();
    for f in &files {
        std::fs::copy(f, drafts.join("peace-plan").join(f.file_name().unwrap())).unwrap();
    }
    let first = run_log(&drafts, &reports);
    assert!(
        first.iter().any(|l| l.ends_with("peace-plan/history.html")),
        "{first:?}"
    );
    assert!(
        first.iter().any(|l| l.ends_with("peace-plan/index.html")),
        "{first:?}"
    );
    assert!(
        first.iter().any(|l| l.ends_with("post-geneva.html")),
        "{first:?}"
    );
    // Nothing changed: nothing written, and one line says so.
    assert_eq!(
        run_log(&drafts, &reports),
        ["reports/ is up to date: 1 document, 2 versions, 1 report"]
    );

    // A third version: a new step, and the history follows provisions through all three.
    let third = std::fs::read_to_string(&files[1])
        .unwrap()
        .replace("version: \"post-geneva\"", "version: \"third\"")
        .replace("date: \"2025-11-23\"", "date: \"2025-11-30\"")
        .replace(
            "Ukraine's sovereignty is reaffirmed.",
            "Ukraine's sovereignty is fully reaffirmed.",
        );
    std::fs::write(drafts.join("peace-plan/2025-11-30-third.yaml"), third).unwrap();
    let log = run_log(&drafts, &reports);
    assert!(
        log.iter().any(|l| l.ends_with("post-geneva..third.html")),
        "{log:?}"
    );
    assert!(
        log.last().unwrap().starts_with("reports/ updated (")
            && log
                .last()
                .unwrap()
                .ends_with("): 1 document, 3 versions, 2 reports"),
        "{log:?}"
    );
    assert!(
        log.iter().any(|l| l.ends_with("peace-plan/history.json")),
        "{log:?}"
    );
    let history: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.join("peace-plan/history.json")).unwrap())
            .unwrap();
    assert_eq!(history["versions"].as_array().unwrap().len(), 3);
    // Unchanged in post-geneva (not listed: nothing happened), changed in the third.
    let events = history["provisions"][0]["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[1]["kind"], "changed");
    assert_eq!(events[1]["version"], "third");
    assert_eq!(events[1]["from"], "post-geneva");
    assert_eq!(history["provisions"][0]["ids"].as_array().unwrap().len(), 3);
    assert_eq!(
        run_log(&drafts, &reports),
        ["reports/ is up to date: 1 document, 3 versions, 2 reports"]
    );

    // The document's drafts are gone: so is its history.
    std::fs::remove_dir_all(drafts.join("peace-plan")).unwrap();
    let log = run_log(&drafts, &reports);
    assert!(
        log.iter()
            .any(|l| l == "removed reports/peace-plan/history.html"),
        "{log:?}"
    );
    assert!(!reports.join("peace-plan/history.md").exists());
}

#[test]
fn json_report_lists_the_highlights() {
    let out = draftdiff()
        .args(["diff", "-f", "json"])
        .args(sample_drafts())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let highlights = json["highlights"].as_array().unwrap();
    assert_eq!(highlights[0]["kind"], "counts");
    assert_eq!(highlights[0]["text"], json["headline"]);
    let army = highlights
        .iter()
        .find(|h| h["kind"] == "number_changed" && h["old_ids"][0] == "6")
        .expect("the army ceiling's figure");
    assert_eq!(army["old_terms"][0], "600,000");
    assert_eq!(army["new_ids"][0], "4");
    let removed: Vec<&str> = highlights
        .iter()
        .filter(|h| h["kind"] == "provision_removed")
        .map(|h| h["old_ids"][0].as_str().unwrap())
        .collect();
    assert_eq!(removed, ["3", "4", "7", "8", "9", "10", "15", "16"]);
    assert_eq!(highlights.last().unwrap()["tags"][0], "security-guarantees");
}

#[test]
fn the_top_index_has_a_title_and_says_when_each_document_last_changed() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(drafts.join("peace-plan")).unwrap();
    for f in &sample_drafts() {
        std::fs::copy(f, drafts.join("peace-plan").join(f.file_name().unwrap())).unwrap();
    }
    run_log(&drafts, &reports);
    let page = std::fs::read_to_string(reports.join("index.html")).unwrap();
    assert!(page.contains("<title>Documents compared by draftdiff</title>"));
    assert!(
        page.contains("<th scope=\"col\">Last changed</th>"),
        "{page}"
    );
    // The newest version's date, not the day of the run.
    assert!(
        page.contains("<td>post-geneva</td><td class=\"date\">2025-11-23</td>"),
        "{page}"
    );
    let md = std::fs::read_to_string(reports.join("index.md")).unwrap();
    assert!(md.contains("| post-geneva | 2025-11-23 |"), "{md}");
}
