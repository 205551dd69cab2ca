//! `draftdiff run` and `draftdiff watch` end to end: the real binary, driven in temporary
//! folders. One test binary (STYLE.md); the modules group the scenarios: `run` for the
//! one-shot pass, `watch` for real file-system events (bounded waits, never a fixed sleep
//! as the assertion), `sample` for the committed sample reports.

#[path = "pipeline/crash.rs"]
mod crash;
#[path = "pipeline/feeds.rs"]
mod feeds;
#[path = "pipeline/notifications.rs"]
mod notifications;
#[path = "pipeline/resume.rs"]
mod resume;

mod common {
    use std::collections::{BTreeMap, BTreeSet};
    use std::fs::File;
    use std::os::unix::fs::MetadataExt;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, ExitStatus, Output, Stdio};
    use std::time::{Duration, Instant, SystemTime};

    pub const BIN: &str = env!("CARGO_BIN_EXE_draftdiff");
    pub const LOCK: &str = ".draftdiff.lock";
    pub const MANIFEST: &str = ".draftdiff-manifest.json";
    pub const CACHE: &str = ".draftdiff-cache";

    /// How long a watch test waits for what it expects. Only a failing test waits this long;
    /// it is generous because the machine may be busy with the other tests.
    pub const PATIENCE: Duration = Duration::from_secs(10);

    /// A temporary project: `drafts/` (created) and `reports/` (left to draftdiff).
    pub struct Tree {
        dir: tempfile::TempDir,
    }

    impl Tree {
        pub fn new() -> Tree {
            let dir = tempfile::tempdir().expect("temporary folder");
            std::fs::create_dir(dir.path().join("drafts")).expect("drafts folder");
            Tree { dir }
        }

        pub fn root(&self) -> &Path {
            self.dir.path()
        }

        pub fn drafts(&self) -> PathBuf {
            self.root().join("drafts")
        }

        pub fn reports(&self) -> PathBuf {
            self.root().join("reports")
        }

        /// Writes `drafts/<rel>`, creating its folder.
        pub fn write(&self, rel: &str, text: &str) {
            let path = self.drafts().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
            std::fs::write(&path, text).expect("write draft");
        }

        pub fn remove(&self, rel: &str) {
            std::fs::remove_file(self.drafts().join(rel)).expect("remove draft");
        }

        /// `reports/<rel>` as text (empty when missing).
        pub fn report(&self, rel: &str) -> String {
            std::fs::read_to_string(self.reports().join(rel)).unwrap_or_default()
        }

        pub fn has_report(&self, rel: &str) -> bool {
            self.reports().join(rel).is_file()
        }

        /// `draftdiff <subcommand> --drafts … --reports …`.
        pub fn command(&self, subcommand: &str) -> Command {
            let mut command = Command::new(BIN);
            command
                .arg(subcommand)
                .arg("--drafts")
                .arg(self.drafts())
                .arg("--reports")
                .arg(self.reports())
                .current_dir(self.root())
                .stdin(Stdio::null());
            command
        }

        /// Runs `draftdiff run` to the end, and checks that it left the drafts exactly as
        /// they were (bytes, modification times, inodes).
        pub fn run(&self, args: &[&str]) -> Output {
            let before = snapshot(&self.drafts());
            let output = self
                .command("run")
                .args(args)
                .output()
                .expect("run draftdiff");
            assert_unchanged(&before, &snapshot(&self.drafts()), "drafts/ after a run");
            output
        }

        /// Runs `draftdiff run` and expects exit code `code`.
        pub fn run_expect(&self, code: i32, args: &[&str]) -> Output {
            let output = self.run(args);
            assert_eq!(
                output.status.code(),
                Some(code),
                "exit code of `draftdiff run`; stderr:\n{}",
                stderr(&output)
            );
            output
        }

        pub fn run_ok(&self) -> Output {
            self.run_expect(0, &["--quiet"])
        }

        /// A copy of this tree's drafts in a new tree.
        pub fn copy_drafts(&self) -> Tree {
            let copy = Tree::new();
            copy_dir(&self.drafts(), &copy.drafts());
            copy
        }

        /// What `reports/` holds after an uninterrupted run from scratch on these drafts.
        pub fn fresh_reports(&self) -> BTreeMap<String, Vec<u8>> {
            let fresh = self.copy_drafts();
            let output = fresh.run(&["--quiet"]);
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "fresh run failed: {}",
                stderr(&output)
            );
            contents(&fresh.reports())
        }
    }

    pub fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("create folder");
        for entry in std::fs::read_dir(from).expect("read folder") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("file type").is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy file");
            }
        }
    }

    pub fn stderr(output: &Output) -> String {
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    /// What a file-system entry looks like, for telling whether anything touched it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct State {
        /// File contents; `<dir>` for a folder, `-> target` for a symlink.
        pub bytes: Vec<u8>,
        pub modified: SystemTime,
        pub inode: u64,
    }

    /// Every entry under `dir`, folders included (a new file changes its folder's time),
    /// keyed by `/`-separated relative path; the folder itself is "".
    pub fn snapshot(dir: &Path) -> BTreeMap<String, State> {
        let mut out = BTreeMap::new();
        walk(dir, "", &mut out);
        out
    }

    fn walk(path: &Path, rel: &str, out: &mut BTreeMap<String, State>) {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return;
        };
        let bytes = if meta.file_type().is_symlink() {
            let target = std::fs::read_link(path).expect("read link");
            format!("-> {}", target.display()).into_bytes()
        } else if meta.is_dir() {
            b"<dir>".to_vec()
        } else {
            std::fs::read(path).expect("read file")
        };
        out.insert(
            rel.to_string(),
            State {
                bytes,
                modified: meta.modified().expect("mtime"),
                inode: meta.ino(),
            },
        );
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).expect("read folder") {
                let name = entry.expect("entry").file_name();
                let name = name.to_string_lossy();
                let child = if rel.is_empty() {
                    name.to_string()
                } else {
                    format!("{rel}/{name}")
                };
                walk(&path.join(&*name), &child, out);
            }
        }
    }

    /// The bytes of every entry under `dir`, without the lock file (it is only a lock) and
    /// the saved history states (a cache, which `tests/pipeline/resume.rs` checks).
    pub fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        snapshot(dir)
            .into_iter()
            .filter(|(rel, _)| rel != LOCK && rel.split('/').next() != Some(CACHE))
            .map(|(rel, state)| (rel, state.bytes))
            .collect()
    }

    /// Paths whose state differs between two snapshots (added, removed or changed).
    pub fn changed_paths<T: PartialEq>(
        old: &BTreeMap<String, T>,
        new: &BTreeMap<String, T>,
    ) -> BTreeSet<String> {
        old.keys()
            .chain(new.keys())
            .filter(|k| old.get(*k) != new.get(*k))
            .cloned()
            .collect()
    }

    pub fn assert_unchanged(
        old: &BTreeMap<String, State>,
        new: &BTreeMap<String, State>,
        what: &str,
    ) {
        let changed = changed_paths(old, new);
        assert!(changed.is_empty(), "{what}: touched {changed:?}");
    }

    /// Fails with the list of paths that differ, not with two screenfuls of bytes.
    pub fn assert_same_files(
        expected: &BTreeMap<String, Vec<u8>>,
        actual: &BTreeMap<String, Vec<u8>>,
        what: &str,
    ) {
        let missing: Vec<_> = expected
            .keys()
            .filter(|k| !actual.contains_key(*k))
            .collect();
        let extra: Vec<_> = actual
            .keys()
            .filter(|k| !expected.contains_key(*k))
            .collect();
        let different: Vec<_> = expected
            .keys()
            .filter(|k| actual.get(*k).is_some_and(|a| a != &expected[*k]))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty() && different.is_empty(),
            "{what}: missing {missing:?}, unexpected {extra:?}, different {different:?}"
        );
    }

    /// A YAML string literal.
    pub fn q(text: &str) -> String {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }

    /// A draft: `version: …` on line 1, `date: …` on line 2 (when given), then provisions.
    pub fn draft(version: &str, date: Option<&str>, provisions: &[&str]) -> String {
        let mut out = format!("version: {}\n", q(version));
        if let Some(date) = date {
            out.push_str(&format!("date: {}\n", q(date)));
        }
        out.push_str("provisions:\n");
        for p in provisions {
            out.push_str(&format!("  - {}\n", q(p)));
        }
        out
    }

    /// A draft that names its document (which wins over its folder).
    pub fn draft_of(
        document: &str,
        version: &str,
        date: Option<&str>,
        provisions: &[&str],
    ) -> String {
        format!(
            "document: {}\n{}",
            q(document),
            draft(version, date, provisions)
        )
    }

    /// Three short provisions; `variant` rewords the second one.
    pub fn small(version: &str, date: &str, variant: &str) -> String {
        draft(
            version,
            Some(date),
            &[
                "The parties agree to a ceasefire along the current line of contact.",
                &format!("Prisoners are exchanged on an all-for-all basis {variant}."),
                "A joint commission monitors the implementation of this agreement.",
            ],
        )
    }

    const WORDS: [&str; 24] = [
        "party",
        "shall",
        "territory",
        "forces",
        "agreement",
        "border",
        "guarantee",
        "council",
        "reconstruction",
        "sanctions",
        "withdraw",
        "monitor",
        "referendum",
        "assets",
        "treaty",
        "commission",
        "security",
        "election",
        "humanitarian",
        "corridor",
        "amnesty",
        "nuclear",
        "ceasefire",
        "zone",
    ];

    /// Version `version` (1-based) of a generated document: seeded by the document's name,
    /// so every tree made from the same arguments is identical.
    pub fn generated(document: &str, version: usize, provisions: usize) -> String {
        let mut seed = document.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        let mut texts: Vec<String> = (0..provisions.max(20))
            .map(|_| {
                (0..16)
                    .map(|_| WORDS[next() % WORDS.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        if version >= 2 {
            for t in texts.iter_mut().step_by(7) {
                t.push_str(" as amended in the second round");
            }
        }
        if version >= 3 {
            texts.drain(10..15);
            let at = texts.len() / 3;
            texts.insert(
                at,
                "A new provision on the exchange of prisoners of war".into(),
            );
            for t in texts.iter_mut().skip(3).step_by(11) {
                t.insert_str(0, "Subject to ratification, ");
            }
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        draft(
            &format!("v{version}"),
            Some(&format!("2025-01-{version:02}")),
            &refs,
        )
    }

    /// `documents` × `versions` generated drafts of `provisions` provisions each.
    pub fn generate(tree: &Tree, documents: usize, versions: usize, provisions: usize) {
        for d in 0..documents {
            let document = format!("doc-{d:02}");
            for v in 1..=versions {
                tree.write(
                    &format!("{document}/v{v}.yaml"),
                    &generated(&document, v, provisions),
                );
            }
        }
    }

    /// Polls `condition` until it holds or `PATIENCE` runs out.
    pub fn eventually(mut condition: impl FnMut() -> bool) -> bool {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if condition() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Writes a temporary file beside `path` and renames it over `path`, as editors do.
    pub fn save_atomically(path: &Path, text: &str) {
        let name = path.file_name().expect("file name").to_string_lossy();
        let tmp = path.with_file_name(format!(".{name}.swx"));
        std::fs::write(&tmp, text).expect("write temporary");
        std::fs::rename(&tmp, path).expect("rename");
    }

    /// Sends a signal by name (`TERM`, `INT`) to a process.
    pub fn signal(pid: u32, name: &str) {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("kill -s {name} {pid}"))
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -s {name} {pid}");
    }

    /// A running `draftdiff watch`, killed when dropped so that a failing test never leaves
    /// it behind. Its stderr goes to a file, read while it runs.
    pub struct Watcher {
        child: Child,
        log: PathBuf,
    }

    impl Watcher {
        /// Wraps a watcher started by the test itself.
        pub fn from_child(child: Child, log: PathBuf) -> Watcher {
            Watcher { child, log }
        }

        /// Starts `draftdiff watch --debounce 0.1 ARGS` and waits for its catch-up pass.
        pub fn start(tree: &Tree, args: &[&str]) -> Watcher {
            Watcher::start_with(tree, args, &[])
        }

        pub fn start_with(tree: &Tree, args: &[&str], env: &[(&str, &Path)]) -> Watcher {
            let log = tree.root().join("watch.log");
            let file = File::create(&log).expect("log file");
            let mut command = tree.command("watch");
            command
                .args(["--debounce", "0.1"])
                .args(args)
                .stdout(Stdio::null())
                .stderr(file);
            for (k, v) in env {
                command.env(k, v);
            }
            let child = command.spawn().expect("start draftdiff watch");
            let mut watcher = Watcher { child, log };
            let index = tree.reports().join("index.md");
            watcher.expect("the catch-up pass to write reports/index.md", || {
                index.is_file()
            });
            watcher
        }

        pub fn pid(&self) -> u32 {
            self.child.id()
        }

        pub fn log(&self) -> String {
            std::fs::read_to_string(&self.log).unwrap_or_default()
        }

        /// The log's JSON lines (for a watcher started with `--log-format json`).
        pub fn json_log(&self) -> Vec<serde_json::Value> {
            self.log()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
                .collect()
        }

        pub fn is_running(&mut self) -> bool {
            self.child.try_wait().expect("try_wait").is_none()
        }

        /// Waits for `condition`; fails with the watcher's log if it never holds or the
        /// watcher exits first.
        pub fn expect(&mut self, what: &str, mut condition: impl FnMut() -> bool) {
            let mut exited = None;
            let ok = eventually(|| {
                if condition() {
                    return true;
                }
                exited = self.child.try_wait().expect("try_wait");
                exited.is_some()
            }) && exited.is_none();
            assert!(
                ok,
                "waited for {what}; watcher {}; its log:\n{}",
                exited.map_or_else(|| "still running".into(), |s| format!("exited: {s}")),
                self.log()
            );
        }

        /// Sends `signal` and waits (boundedly) for the watcher to exit.
        pub fn stop(&mut self, name: &str) -> ExitStatus {
            signal(self.pid(), name);
            let mut status = None;
            let exited = eventually(|| {
                status = self.child.try_wait().expect("try_wait");
                status.is_some()
            });
            assert!(
                exited,
                "watcher still running after SIG{name}:\n{}",
                self.log()
            );
            status.expect("exit status")
        }
    }

    impl Drop for Watcher {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

mod run {
    use super::common::*;

    /// A newline (or a bidi override) in a draft's file name would forge log lines and
    /// index entries: such a file is a problem, shown escaped, and the others go on.
    #[test]
    fn a_file_name_with_a_newline_forges_nothing() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree.write(
            "doc/x\nwrote FORGED\ny.yaml",
            &small("v3", "2025-01-03", "three"),
        );
        tree.write("doc/\u{202e}lmay.yaml", &small("v4", "2025-01-04", "four"));
        for format in ["human", "json"] {
            let output = tree.run_expect(1, &["--log-format", format]);
            let err = stderr(&output);
            assert!(err.lines().all(|l| !l.starts_with("wrote FORGED")), "{err}");
            assert!(!err.contains('\u{202e}'), "{err}");
            assert!(
                err.contains("wrote FORGED") && err.contains("ny.yaml"),
                "{err}"
            );
        }
        assert!(tree.has_report("doc/v1..v2.md"));
        for index in ["doc/index.md", "doc/index.html", "index.md"] {
            let page = tree.report(index);
            assert!(
                page.lines()
                    .all(|l| !l.contains("- wrote FORGED") && !l.starts_with("wrote")),
                "{page}"
            );
            assert!(!page.contains('\u{202e}'), "{index}");
        }
    }

    /// A document folder that is there but cannot be read (a symlink to a share that is not
    /// mounted, a folder a sync tool briefly replaced by a file) is not a deleted one: its
    /// reports stay, the pass says why (exit 1), and once the folder is back nothing moved.
    #[test]
    fn an_unreadable_document_folder_keeps_its_reports() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree.write("other/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.run_ok();
        let before = contents(&tree.reports());
        let doc = tree.drafts().join("doc");
        let aside = tree.root().join("doc-aside");
        std::fs::rename(&doc, &aside).unwrap();
        for (how, make) in [
            (
                "not a folder",
                &(|p: &Path| std::fs::write(p, "x").unwrap()) as &dyn Fn(&Path),
            ),
            ("No such file", &|p: &Path| {
                std::os::unix::fs::symlink("/nonexistent/share", p).unwrap()
            }),
        ] {
            make(&doc);
            let output = tree.run_expect(1, &[]);
            let err = stderr(&output);
            assert!(
                err.contains("drafts/doc: cannot read this document folder") && err.contains(how),
                "{err}"
            );
            for (rel, bytes) in &before {
                let report = [".md", ".json", ".html"].iter().any(|e| rel.ends_with(e));
                if report && !rel.contains("index.") {
                    let now = std::fs::read(tree.reports().join(rel)).ok();
                    assert_eq!(now.as_ref(), Some(bytes), "{rel} after {how}");
                }
            }
            std::fs::remove_file(&doc).unwrap();
        }
        std::fs::rename(&aside, &doc).unwrap();
        tree.run_ok();
        assert_same_files(
            &before,
            &contents(&tree.reports()),
            "once the folder is back",
        );
    }

    /// Report names are one-to-one: labels a review found sharing a folder get their own,
    /// a document labelled like the top index does not take its place, and two documents
    /// that would still share a folder (differing only in case) make the later one a
    /// problem, pass after pass, while every other document is processed.
    #[test]
    fn an_invalid_draft_never_takes_the_folder_of_a_valid_document() {
        let tree = Tree::new();
        // Unreadable, so filed under its folder's name, "Treaty".
        tree.write("Treaty/broken.yaml", "version: [\n");
        tree.write(
            "lower/v1.yaml",
            &draft_of("treaty", "v1", Some("2025-01-01"), &["One."]),
        );
        tree.write(
            "lower/v2.yaml",
            &draft_of("treaty", "v2", Some("2025-01-02"), &["Two."]),
        );
        let output = tree.run_expect(1, &[]);
        let err = stderr(&output);
        assert!(!err.contains("would have the same reports folder"), "{err}");
        assert!(tree.has_report("treaty/v1..v2.md"), "{err}");
        let index = tree.report("treaty/index.md");
        assert!(
            index.contains("broken.yaml"),
            "listed in the index it shares:\n{index}"
        );
    }

    #[test]
    fn documents_never_share_a_reports_folder_or_take_the_index() {
        let tree = Tree::new();
        let one = |d: &str, v: &str| draft_of(d, v, Some("2025-01-01"), &["One."]);
        let two = |d: &str, v: &str| draft_of(d, v, Some("2025-01-02"), &["Two."]);
        let labels = [
            "Peace/plan; final&draft—2",
            "Peace / plan’final*draft#2",
            "index.md",
            "index.html",
        ];
        for (i, label) in labels.iter().enumerate() {
            tree.write(&format!("d{i}/v1.yaml"), &one(label, "v1"));
            tree.write(&format!("d{i}/v2.yaml"), &two(label, "v2"));
        }
        tree.write("upper/v1.yaml", &one("Treaty", "v1"));
        tree.write("lower/v1.yaml", &one("treaty", "v1"));
        tree.write("lower/v2.yaml", &two("treaty", "v2"));
        for _ in 0..2 {
            let output = tree.run_expect(1, &[]);
            let err = stderr(&output);
            assert!(
                err.contains(
                    "lower/v1.yaml: document \"treaty\" would have the same reports folder"
                ) && err.contains("lower/v2.yaml"),
                "{err}"
            );
            assert!(!err.contains("panicked"), "{err}");
        }
        assert!(tree.reports().join("index.md").is_file());
        assert!(tree.reports().join("index.html").is_file());
        let top = tree.report("index.md");
        let folders: std::collections::BTreeSet<String> = std::fs::read_dir(tree.reports())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().unwrap().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name != CACHE)
            .collect();
        // Four documents with two versions and Treaty: five folders, each with its index.
        assert_eq!(folders.len(), 5, "{folders:?}");
        for folder in &folders {
            assert!(
                tree.reports().join(folder).join("index.md").is_file(),
                "{folder}"
            );
            assert!(
                top.contains(folder.as_str()),
                "{folder} missing from the index:\n{top}"
            );
        }
        // Treaty's index lists treaty's versions as its problems.
        let treaty = tree.report("Treaty/index.md");
        assert!(treaty.contains("lower/v2.yaml"), "{treaty}");
    }

    /// A reports folder that is the drafts folder, lies inside it or holds it is refused
    /// before anything is touched: a pass removes what it no longer writes there.
    #[test]
    fn overlapping_drafts_and_reports_folders_are_refused() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/.v1.yaml.tmp", "an editor's temporary file");
        let drafts = tree.drafts();
        let before = snapshot(tree.root());
        for (reports, how) in [
            (drafts.clone(), "is the drafts folder"),
            (drafts.join("doc/out"), "is inside the drafts folder"),
            (tree.root().to_path_buf(), "holds the drafts folder"),
            (drafts.join("doc/../."), "is the drafts folder"),
        ] {
            for subcommand in ["run", "watch"] {
                let output = std::process::Command::new(BIN)
                    .arg(subcommand)
                    .arg("--drafts")
                    .arg(&drafts)
                    .arg("--reports")
                    .arg(&reports)
                    .stdin(std::process::Stdio::null())
                    .output()
                    .expect("run draftdiff");
                assert_eq!(
                    output.status.code(),
                    Some(2),
                    "{subcommand} {}",
                    reports.display()
                );
                let err = stderr(&output);
                assert!(err.contains(how) && err.contains("--reports"), "{err}");
            }
        }
        assert_unchanged(&before, &snapshot(tree.root()), "the tree");
    }

    /// The manifest is committed and may be edited by anyone: one naming files outside
    /// reports/ (or deeper than a document folder) is not trusted, and nothing it names is
    /// deleted; the pass regenerates as if it knew nothing.
    #[test]
    fn a_manifest_naming_files_outside_the_reports_is_not_trusted() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree.run_ok();
        let victims = [
            tree.root().join("victim.txt"),
            tree.root().join("victim-dir/inside.txt"),
        ];
        std::fs::create_dir_all(tree.root().join("victim-dir")).unwrap();
        for v in &victims {
            std::fs::write(v, "keep me").unwrap();
        }
        let path = tree.reports().join(".draftdiff-manifest.json");
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let absolute = victims[1].display().to_string();
        manifest["indexes"]
            .as_array_mut()
            .unwrap()
            .push("../victim.txt".into());
        let step = manifest["steps"]["doc/v1..v2"].clone();
        let mut forged = step.clone();
        forged["files"] = serde_json::json!({ "../victim-dir/inside.txt": 7, absolute: 7 });
        manifest["steps"]["doc/v0..v1"] = forged;
        std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
        let before = snapshot(&tree.reports());
        tree.run_ok();
        for v in &victims {
            assert_eq!(
                std::fs::read_to_string(v).unwrap(),
                "keep me",
                "{}",
                v.display()
            );
        }
        // Regenerated from scratch: the same reports, and a manifest of its own.
        assert_same_files(&tree.fresh_reports(), &contents(&tree.reports()), "after");
        assert!(snapshot(&tree.reports()).len() >= before.len());
    }

    /// `run --dry-run` says what a run would do and does none of it: no reports folder
    /// on a first run, no file changed on a later one, the same plan as the run it
    /// foretells.
    #[test]
    fn a_dry_run_prints_the_plan_and_writes_nothing() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        let output = tree.run_expect(0, &["--dry-run"]);
        assert!(
            !tree.reports().exists(),
            "a dry run made the reports folder"
        );
        let plan = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(plan.contains("compare doc: v1 → v2"), "{plan}");
        assert!(
            plan.contains("rebuild doc/history.{md,json,html} from 2 versions"),
            "{plan}"
        );
        assert!(
            plan.contains("1 comparison to make (0 up to date)"),
            "{plan}"
        );

        tree.run_ok();
        let before = snapshot(&tree.reports());
        tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
        tree.write("doc/bad.yaml", "provisions: [unclosed\n");
        let output = tree.run_expect(1, &["--dry-run"]);
        assert_unchanged(
            &before,
            &snapshot(&tree.reports()),
            "reports/ after a dry run",
        );
        let plan = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(plan.contains("compare doc: v2 → v3"), "{plan}");
        assert!(!plan.contains("v1 → v2"), "{plan}");
        assert!(plan.contains("problem drafts/doc/bad.yaml"), "{plan}");
        assert!(
            plan.contains("1 comparison to make (1 up to date)"),
            "{plan}"
        );
        let run = tree.run_expect(1, &[]);
        assert!(stderr(&run).contains("doc/v2..v3.md"), "{}", stderr(&run));
        assert!(!stderr(&run).contains("doc/v1..v2.md"), "{}", stderr(&run));
    }
    use std::collections::BTreeSet;
    use std::path::Path;
    use std::time::{Duration, Instant};

    /// Three documents of three versions each, one rewording per version.
    fn three_documents() -> Tree {
        let tree = Tree::new();
        for doc in ["alpha", "bravo", "charlie"] {
            tree.write(
                &format!("{doc}/v1.yaml"),
                &small("v1", "2025-01-01", "first"),
            );
            tree.write(
                &format!("{doc}/v2.yaml"),
                &small("v2", "2025-01-02", "second"),
            );
            tree.write(
                &format!("{doc}/v3.yaml"),
                &small("v3", "2025-01-03", "third"),
            );
        }
        tree
    }

    /// `--timings` prints each stage of the pass and the total to stderr, and the reports
    /// are the same bytes as without it.
    #[test]
    fn timings_print_the_stages_and_change_no_report() {
        let tree = three_documents();
        let output = tree.run_expect(0, &["--quiet", "--timings"]);
        let err = stderr(&output);
        for stage in [
            "lock",
            "read drafts",
            "plan",
            "compare and write",
            "clean up",
            "indexes",
            "manifest",
            "total",
        ] {
            let line = err
                .lines()
                .find(|l| l.starts_with(stage))
                .unwrap_or_else(|| panic!("no {stage:?} line in:\n{err}"));
            assert!(line.trim_end().ends_with(" ms"), "{line:?}");
        }
        assert!(output.stdout.is_empty(), "stdout stays empty");
        assert_same_files(&tree.fresh_reports(), &contents(&tree.reports()), "reports");
    }

    #[test]
    fn reports_every_consecutive_pair_and_the_indexes() {
        let tree = three_documents();
        tree.run_ok();
        let files: BTreeSet<String> = contents(&tree.reports()).into_keys().collect();
        let mut expected: BTreeSet<String> = ["", "index.md", "index.html", "feed.atom", MANIFEST]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for doc in ["alpha", "bravo", "charlie"] {
            expected.insert(doc.to_string());
            for page in [
                "index.md",
                "index.html",
                "feed.atom",
                "history.md",
                "history.json",
                "history.html",
            ] {
                expected.insert(format!("{doc}/{page}"));
            }
            for step in ["v1..v2", "v2..v3"] {
                for ext in ["md", "json", "html"] {
                    expected.insert(format!("{doc}/{step}.{ext}"));
                }
            }
        }
        assert_eq!(files, expected);
        let top = tree.report("index.md");
        for doc in ["alpha", "bravo", "charlie"] {
            assert!(top.contains(&format!("(<{doc}/index.md>)")), "{top}");
        }
        let index = tree.report("alpha/index.md");
        assert!(
            index.contains("(<v1..v2.md>)") && index.contains("(<v2..v3.json>)"),
            "{index}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&tree.report("alpha/v1..v2.json")).expect("report is JSON");
        assert_eq!(json["old"]["version"], "v1");
        assert_eq!(json["new"]["version"], "v2");
    }

    #[test]
    fn a_second_run_writes_nothing() {
        let tree = three_documents();
        // An invalid draft too: its path through the pass must be idempotent as well.
        tree.write("delta/v1.yaml", "version: v1\nprovisions: [\n");
        tree.run_expect(1, &["--quiet"]);
        let before = snapshot(&tree.reports());
        std::thread::sleep(Duration::from_millis(20)); // a rewrite would get a later mtime
        let output = tree.run_expect(1, &["--quiet"]);
        assert_unchanged(
            &before,
            &snapshot(&tree.reports()),
            "reports/ after a second run",
        );
        assert!(
            stderr(&output).contains("delta/v1.yaml"),
            "{}",
            stderr(&output)
        );
    }

    #[test]
    fn two_runs_from_scratch_are_byte_identical() {
        let one = three_documents();
        one.run_ok();
        let two = one.copy_drafts();
        two.run_ok();
        assert_same_files(
            &contents(&one.reports()),
            &contents(&two.reports()),
            "two fresh runs",
        );
    }

    #[test]
    fn a_changed_draft_rewrites_only_its_reports() {
        let tree = three_documents();
        tree.run_ok();
        let before = snapshot(&tree.reports());
        tree.write("bravo/v2.yaml", &small("v2", "2025-01-02", "reworded"));
        tree.run_ok();
        let changed = changed_paths(&before, &snapshot(&tree.reports()));
        let must: BTreeSet<String> = [
            "bravo/v1..v2.md",
            "bravo/v1..v2.json",
            "bravo/v1..v2.html",
            "bravo/v2..v3.md",
            "bravo/v2..v3.json",
            "bravo/v2..v3.html",
            "bravo/history.md",
            "bravo/history.json",
            "bravo/history.html",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Folders change when a file is renamed into them; the indexes and the manifest may.
        let may: BTreeSet<String> = [
            "",
            "bravo",
            "bravo/index.md",
            "bravo/index.html",
            "index.md",
            "index.html",
            MANIFEST,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert!(
            must.is_subset(&changed),
            "not rewritten: {:?}",
            must.difference(&changed)
        );
        // And bravo's saved history state (its new state replaces the old one).
        let bravo_state = |p: &str| p.starts_with(&format!("{CACHE}/bravo"));
        assert!(changed
            .iter()
            .any(|p| p.ends_with(".json") && bravo_state(p)));
        let unexpected: Vec<_> = changed
            .difference(&must)
            .filter(|p| !may.contains(*p) && !bravo_state(p))
            .collect();
        assert!(unexpected.is_empty(), "touched: {unexpected:?}");
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after the change",
        );
    }

    #[test]
    fn a_backfilled_version_takes_its_place_by_date() {
        let tree = Tree::new();
        tree.write("doc/v0.yaml", &small("v0", "2024-12-31", "zero"));
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
        tree.run_ok();
        assert!(tree.has_report("doc/v1..v3.md"));
        let before = snapshot(&tree.reports());
        // Named to sort last: only its date puts it between v1 and v3.
        tree.write("doc/zz-late.yaml", &small("v2", "2025-01-02", "two"));
        tree.run_ok();
        let after = snapshot(&tree.reports());
        assert!(!tree.has_report("doc/v1..v3.md") && !tree.has_report("doc/v1..v3.json"));
        for step in ["v1..v2", "v2..v3"] {
            assert!(tree.has_report(&format!("doc/{step}.md")), "{step}");
        }
        // The step before the backfill is not affected.
        assert_eq!(before["doc/v0..v1.md"], after["doc/v0..v1.md"]);
        assert_eq!(before["doc/v0..v1.json"], after["doc/v0..v1.json"]);
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after a backfill",
        );
    }

    #[test]
    fn a_deleted_version_pairs_its_neighbours() {
        let tree = Tree::new();
        for (v, date) in [
            ("v0", "2024-12-31"),
            ("v1", "2025-01-01"),
            ("v2", "2025-01-02"),
            ("v3", "2025-01-03"),
        ] {
            tree.write(&format!("doc/{v}.yaml"), &small(v, date, v));
        }
        tree.run_ok();
        let before = snapshot(&tree.reports());
        tree.remove("doc/v2.yaml");
        tree.run_ok();
        let after = snapshot(&tree.reports());
        for gone in ["v1..v2.md", "v1..v2.json", "v2..v3.md", "v2..v3.json"] {
            assert!(
                !tree.has_report(&format!("doc/{gone}")),
                "{gone} is still there"
            );
        }
        assert!(tree.has_report("doc/v1..v3.md") && tree.has_report("doc/v1..v3.json"));
        assert_eq!(before["doc/v0..v1.md"], after["doc/v0..v1.md"]);
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after a deletion",
        );
    }

    #[test]
    fn a_deleted_document_leaves_no_reports_behind() {
        let tree = three_documents();
        tree.run_ok();
        for v in ["v1", "v2", "v3"] {
            tree.remove(&format!("charlie/{v}.yaml"));
        }
        tree.run_ok();
        assert!(
            !tree.reports().join("charlie").exists(),
            "reports/charlie is still there"
        );
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after removing a document",
        );
    }

    #[test]
    fn versions_go_by_date_then_natural_file_name_and_the_document_field_wins() {
        let tree = Tree::new();
        // No dates, no version labels: file names, 2 before 10.
        for n in ["10", "2", "1"] {
            tree.write(
                &format!("numbered/{n}.yaml"),
                &format!("provisions:\n  - {}\n", q(&format!("Text of draft {n}."))),
            );
        }
        // Dates win over names.
        tree.write("dated/a.yaml", &small("march", "2025-03-01", "march"));
        tree.write("dated/b.yaml", &small("january", "2025-01-01", "january"));
        // The document field wins over the folder.
        tree.write(
            "misc/one.yaml",
            &draft_of("treaty", "one", Some("2025-01-01"), &["A."]),
        );
        tree.write(
            "misc/two.yaml",
            &draft_of("treaty", "two", Some("2025-01-02"), &["B."]),
        );
        tree.run_ok();
        for file in [
            "numbered/1..2.md",
            "numbered/2..10.md",
            "dated/january..march.md",
            "treaty/one..two.md",
        ] {
            assert!(tree.has_report(file), "missing {file}");
        }
        assert!(!tree.has_report("numbered/1..10.md") && !tree.has_report("numbered/10..2.md"));
        assert!(!tree.reports().join("misc").exists());
    }

    #[test]
    fn an_invalid_draft_is_reported_with_its_location_and_the_rest_goes_on() {
        let tree = three_documents();
        tree.run_ok();
        let v2_reports = (
            tree.report("bravo/v1..v2.md"),
            tree.report("bravo/v2..v3.md"),
        );
        // Line 2, column 7: the date.
        tree.write("bravo/v2.yaml", &small("v2", "2025-02-30", "second"));
        let output = tree.run_expect(1, &[]);
        let err = stderr(&output);
        let located = |text: &str| {
            text.lines().any(|l| {
                l.trim_start_matches("- ")
                    .starts_with("drafts/bravo/v2.yaml:2:7: ")
                    && l.contains("2025-02-30")
            })
        };
        assert!(located(&err), "stderr:\n{err}");
        let index = tree.report("bravo/index.md");
        assert!(
            index.contains("## Invalid drafts") && located(&index),
            "{index}"
        );
        // The other documents are whole, the timeline skips the invalid version, and the
        // reports made from its last good version stay.
        for doc in ["alpha", "charlie"] {
            for step in ["v1..v2", "v2..v3"] {
                assert!(tree.has_report(&format!("{doc}/{step}.md")), "{doc}/{step}");
                assert!(
                    tree.has_report(&format!("{doc}/{step}.json")),
                    "{doc}/{step}"
                );
            }
        }
        assert!(tree.has_report("bravo/v1..v3.md"));
        assert_eq!(
            (
                tree.report("bravo/v1..v2.md"),
                tree.report("bravo/v2..v3.md")
            ),
            v2_reports
        );
        // Fixed: the timeline is whole again and the error is gone.
        tree.write("bravo/v2.yaml", &small("v2", "2025-01-02", "second"));
        tree.run_ok();
        assert!(!tree.report("bravo/index.md").contains("Invalid"));
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after the fix",
        );
    }

    #[test]
    fn a_duplicate_version_label_is_an_error_for_the_later_file() {
        let tree = Tree::new();
        tree.write("doc/01.yaml", &small("first", "2025-01-01", "a"));
        tree.write("doc/02.yaml", &small("second", "2025-01-02", "b"));
        tree.write("doc/03.yaml", &small("second", "2025-01-03", "c"));
        tree.write("other/1.yaml", &small("v1", "2025-01-01", "a"));
        tree.write("other/2.yaml", &small("v2", "2025-01-02", "b"));
        let output = tree.run_expect(1, &[]);
        let err = stderr(&output);
        assert!(
            err.contains("drafts/doc/03.yaml") && err.contains("already used"),
            "{err}"
        );
        let index = tree.report("doc/index.md");
        assert!(
            index.contains("drafts/doc/03.yaml") && index.contains("already used"),
            "{index}"
        );
        assert!(tree.has_report("doc/first..second.md"));
        assert!(tree.has_report("other/v1..v2.md"));
        let reports: Vec<String> = contents(&tree.reports()).into_keys().collect();
        assert_eq!(
            reports
                .iter()
                .filter(|r| r.starts_with("doc/") && r.ends_with(".md") && r.contains(".."))
                .count(),
            1,
            "{reports:?}"
        );
    }

    #[test]
    fn concurrent_runs_end_with_the_uninterrupted_tree() {
        let tree = Tree::new();
        generate(&tree, 8, 3, 30);
        let expected = tree.fresh_reports();
        let before = snapshot(&tree.drafts());
        let children: Vec<_> = (0..3)
            .map(|_| {
                tree.command("run")
                    .args(["--quiet", "--wait", "120"])
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn draftdiff run")
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().expect("wait");
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        }
        assert_unchanged(
            &before,
            &snapshot(&tree.drafts()),
            "drafts/ after concurrent runs",
        );
        assert_same_files(
            &expected,
            &contents(&tree.reports()),
            "after concurrent runs",
        );
    }

    #[test]
    fn a_held_lock_makes_a_run_give_up_with_exit_3() {
        let tree = three_documents();
        std::fs::create_dir(tree.reports()).expect("reports folder");
        let lock = std::fs::File::create(tree.reports().join(LOCK)).expect("lock file");
        lock.lock().expect("take the lock");
        let started = Instant::now();
        let output = tree.run_expect(3, &["--wait", "0.2"]);
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(200),
            "gave up after {waited:?}"
        );
        assert!(waited < Duration::from_secs(5), "waited {waited:?}");
        assert!(stderr(&output).contains("--wait"), "{}", stderr(&output));
        let files: Vec<String> = contents(&tree.reports()).into_keys().collect();
        assert_eq!(files, [""], "wrote while locked out");
        drop(lock);
        tree.run_ok();
        assert!(tree.has_report("alpha/v1..v2.md"));
    }

    /// A run killed by SIGKILL at any moment leaves only whole files, each one exactly what
    /// an uninterrupted run writes; the next run finishes the job.
    #[test]
    fn a_run_killed_part_way_is_finished_by_the_next_run() {
        let reference = Tree::new();
        generate(&reference, 30, 3, 24);
        let started = Instant::now();
        reference.run_ok();
        let full = started.elapsed();
        let expected = contents(&reference.reports());

        // A few fixed early kills, then a search for delays that land while reports are
        // being written: how long the pass parses before it writes depends on the machine.
        let (mut early, mut late) = (Duration::ZERO, full * 2);
        let mut tried: Vec<(Duration, &str)> = Vec::new();
        let mut mid_write = 0;
        for attempt in 0..8 {
            let delay = match attempt {
                0 => Duration::from_millis(3),
                1 => Duration::from_millis(15),
                _ if mid_write >= 2 => break,
                _ => (early + late) / 2,
            };
            let tree = reference.copy_drafts();
            let drafts_before = snapshot(&tree.drafts());
            let mut child = tree.command("run").arg("--quiet").spawn().expect("spawn");
            std::thread::sleep(delay);
            let was_running = child.try_wait().expect("try_wait").is_none();
            child.kill().expect("kill");
            child.wait().expect("wait");
            let partial = contents(&tree.reports());
            check_whole(&partial, &expected, &format!("killed after {delay:?}"));
            let steps = partial.keys().filter(|p| p.ends_with(".json")).count();
            // The manifest is there from the first write on (naming what the pass is about
            // to write): only the whole tree says the pass finished.
            let state = if !was_running || partial == expected {
                late = late.min(delay);
                "finished"
            } else if steps == 0 {
                early = early.max(delay);
                "before writing"
            } else {
                mid_write += 1;
                // Next time a little earlier or later, for variety.
                if mid_write % 2 == 1 {
                    late = delay;
                } else {
                    early = delay;
                }
                "while writing"
            };
            tried.push((delay, state));
            tree.run_ok();
            assert_unchanged(&drafts_before, &snapshot(&tree.drafts()), "drafts/");
            assert_same_files(
                &expected,
                &contents(&tree.reports()),
                &format!("re-run after a kill at {delay:?} ({state})"),
            );
        }
        assert!(
            mid_write > 0,
            "no kill landed while reports were being written (a full run took {full:?}): {tried:?}"
        );
    }

    /// `draftdiff run` that must end within `PATIENCE`: killed and failed otherwise.
    fn run_bounded(tree: &Tree) -> std::process::ExitStatus {
        let mut child = tree.command("run").arg("--quiet").spawn().expect("spawn");
        let mut status = None;
        let ended = eventually(|| {
            status = child.try_wait().expect("try_wait");
            status.is_some()
        });
        if !ended {
            let _ = child.kill();
            let _ = child.wait();
            panic!("run hung");
        }
        status.expect("exited")
    }

    fn mkfifo(path: &std::path::Path) {
        let status = std::process::Command::new("mkfifo").arg(path).status();
        assert!(status.expect("mkfifo").success());
    }

    /// The lock and the manifest are ours: a symlink put in their place is replaced, never
    /// followed, and a FIFO or a device is neither waited on nor read without end.
    #[test]
    fn special_files_in_place_of_the_lock_or_the_manifest_are_not_followed() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree.run_ok();
        let expected = contents(&tree.reports());
        let outside = tree.root().join("outside-lock");
        let lock = tree.reports().join(LOCK);
        std::fs::remove_file(&lock).expect("remove the lock");
        std::os::unix::fs::symlink(&outside, &lock).expect("symlink");
        assert!(run_bounded(&tree).success());
        assert!(!outside.exists(), "the lock was followed out of reports/");
        assert!(std::fs::symlink_metadata(&lock).unwrap().is_file());

        std::fs::remove_file(&lock).expect("remove the lock");
        mkfifo(&lock);
        assert!(run_bounded(&tree).success(), "a FIFO as the lock");
        assert!(std::fs::symlink_metadata(&lock).unwrap().is_file());

        let manifest = tree.reports().join(MANIFEST);
        std::fs::remove_file(&manifest).expect("remove the manifest");
        mkfifo(&manifest);
        assert!(run_bounded(&tree).success(), "a FIFO as the manifest");
        assert_eq!(contents(&tree.reports()), expected);

        std::fs::remove_file(&manifest).expect("remove the manifest");
        std::os::unix::fs::symlink("/dev/zero", &manifest).expect("symlink");
        assert!(run_bounded(&tree).success(), "/dev/zero as the manifest");
        assert_eq!(contents(&tree.reports()), expected);
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/zero")
            .unwrap()
            .file_type()
            .is_char_device());
    }

    /// DEL, C1 and bidi controls from a draft's file name and text are escaped in the
    /// manifest and the JSON log lines, as in every other JSON draftdiff writes.
    #[test]
    fn every_json_escapes_del_c1_and_bidi_controls() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        let titled = small("v2", "2025-01-02", "two");
        tree.write(
            "doc/v2.yaml",
            &format!("title: \"Plan \\x7f\\x9b\\u202E\"\n{titled}"),
        );
        tree.write(
            "doc/x\u{7f}\u{9b}\u{202e}.yaml",
            &small("v3", "2025-01-03", "three"),
        );
        tree.write(
            "doc/bad.yaml",
            "version: v4\nprovisions:\n  - \"\\x7f\\x9b\\u202E\"\n  - [\n",
        );
        let output = tree.run_expect(1, &["--log-format", "json"]);
        let manifest = std::fs::read_to_string(tree.reports().join(MANIFEST)).unwrap();
        for (what, text) in [("manifest", manifest.as_str()), ("log", &stderr(&output))] {
            for c in ['\u{7f}', '\u{9b}', '\u{202e}'] {
                assert!(!text.contains(c), "{what} holds {c:?} raw:\n{text}");
            }
        }
        assert!(
            manifest.contains("Plan \\u007f\\u009b\\u202e"),
            "{manifest}"
        );
        for line in stderr(&output).lines() {
            serde_json::from_str::<serde_json::Value>(line).expect("a JSON line");
        }
        serde_json::from_str::<serde_json::Value>(&manifest).expect("the manifest is JSON");
    }

    /// What a draft quotes into a problem (a 1 MB key) is cut, not copied into stderr, the
    /// index and the manifest on every pass.
    #[test]
    fn a_huge_key_in_a_draft_is_cut_in_every_message() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        let key = "k".repeat(1_000_000);
        tree.write(
            "doc/v2.yaml",
            &format!("version: v2\n? {key}\n: 1\nprovisions:\n  - ok\n"),
        );
        let output = tree.run_expect(1, &[]);
        let err = stderr(&output);
        assert!(
            err.contains("unknown field `kkkk") && err.contains("… (cut)"),
            "{}",
            &err[..500.min(err.len())]
        );
        assert!(err.len() < 5_000, "stderr holds {} bytes", err.len());
        for rel in [MANIFEST, "doc/index.md", "doc/index.html"] {
            let size = tree.report(rel).len();
            assert!(size < 20_000, "{rel} holds {size} bytes");
        }
    }

    /// Two file names that differ only in bytes that are not UTF-8 would share one manifest
    /// entry: each is a problem, and the other drafts go on.
    #[test]
    fn a_file_name_that_is_not_utf8_is_a_problem() {
        use std::os::unix::ffi::OsStrExt;
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        for bad in [&b"x\xff.yaml"[..], &b"x\xfe.yaml"[..]] {
            let name = std::ffi::OsStr::from_bytes(bad);
            std::fs::write(
                tree.drafts().join("doc").join(name),
                small("v3", "2025-01-03", "x"),
            )
            .unwrap();
        }
        let output = tree.run_expect(1, &[]);
        let err = stderr(&output);
        assert!(err.contains("the file name is not valid UTF-8"), "{err}");
        assert!(tree.has_report("doc/v1..v2.md"));
        assert!(!tree.has_report("doc/v2..v3.md"));
    }

    /// Reports named by a build with other output (another report format, which named
    /// them differently) go when this build no longer writes them: no orphans.
    #[test]
    fn reports_of_an_older_build_are_removed_when_no_longer_written() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree.run_ok();
        let path = tree.reports().join(MANIFEST);
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        manifest["output"] = "report format 0 of an older build".into();
        let steps = manifest["steps"].as_object_mut().unwrap();
        let mut entry = steps.remove("doc/v1..v2").expect("the step");
        let mut files = serde_json::Map::new();
        for ext in ["md", "json", "html"] {
            let (old, new) = (
                format!("doc/v1..v2.{ext}"),
                format!("doc/v1-v2-e620c319.{ext}"),
            );
            let reports = tree.reports();
            std::fs::rename(reports.join(&old), reports.join(&new)).unwrap();
            files.insert(new, entry["files"][&old].clone());
        }
        entry["files"] = files.into();
        steps.insert("doc/v1-v2-e620c319".into(), entry);
        std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
        tree.run_ok();
        assert!(!tree.has_report("doc/v1-v2-e620c319.md"));
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after a build with other output",
        );
    }

    /// `kill -9 $PPID` from `--on-report`: the pass dies right after writing a step's
    /// reports, before its manifest is final.
    const KILL_THE_PASS: &str = "kill -9 $PPID";

    fn killed_run(tree: &Tree) {
        let output = tree
            .command("run")
            .args(["--quiet", "--on-report", KILL_THE_PASS])
            .output()
            .expect("run draftdiff");
        assert_eq!(output.status.code(), None, "killed: {}", stderr(&output));
    }

    /// A pass killed after rewriting a report, then the draft changed back: the report has
    /// the size of the one it replaced ("90" for "60"), and must still not be trusted.
    #[test]
    fn a_report_from_a_killed_pass_is_not_trusted_when_the_drafts_change_back() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "within 30 days"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "within 60 days"));
        tree.run_ok();
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "within 90 days"));
        killed_run(&tree);
        assert!(
            tree.report("doc/v1..v2.md").contains("90"),
            "the kill came late"
        );
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "within 60 days"));
        tree.run_ok();
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after the drafts changed back",
        );
    }

    /// A pass killed after writing a new step's reports, then that version deleted: its
    /// reports go, although no finished pass ever recorded them.
    #[test]
    fn reports_of_a_killed_pass_go_with_their_draft() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "within 30 days"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "within 60 days"));
        tree.run_ok();
        tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "within 90 days"));
        killed_run(&tree);
        assert!(tree.has_report("doc/v2..v3.md"), "the kill came late");
        tree.remove("doc/v3.yaml");
        tree.run_ok();
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after the new version was deleted",
        );
    }

    /// The same while updating existing reports: every file is the old one or the new one.
    #[test]
    fn a_run_killed_while_updating_is_finished_by_the_next_run() {
        let reference = Tree::new();
        generate(&reference, 30, 3, 24);
        let old_tree = reference.copy_drafts();
        old_tree.run_ok();
        let old = contents(&old_tree.reports());
        for d in 0..30 {
            let document = format!("doc-{d:02}");
            let text = generated(&document, 3, 24).replace("Subject to", "Pending");
            reference.write(&format!("{document}/v3.yaml"), &text);
        }
        let started = Instant::now();
        reference.run_ok();
        let full = started.elapsed();
        let new = contents(&reference.reports());
        for fraction in [0.3, 0.7] {
            let tree = Tree::new();
            copy_dir(&old_tree.reports(), &tree.reports());
            copy_dir(&reference.drafts(), &tree.drafts());
            let mut child = tree.command("run").arg("--quiet").spawn().expect("spawn");
            std::thread::sleep(full.mul_f64(fraction));
            child.kill().expect("kill");
            child.wait().expect("wait");
            for (path, bytes) in contents(&tree.reports()) {
                if is_temporary(&path) || bytes == b"<dir>" || is_interim_manifest(&path, &bytes) {
                    continue;
                }
                assert!(
                    old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes),
                    "{path} is neither the old nor the new file after a kill"
                );
                if path.ends_with(".json") {
                    serde_json::from_slice::<serde_json::Value>(&bytes)
                        .unwrap_or_else(|e| panic!("{path} is torn: {e}"));
                }
            }
            tree.run_ok();
            assert_same_files(
                &new,
                &contents(&tree.reports()),
                "re-run after a kill while updating",
            );
        }
    }

    /// Regression: SIGTERM (systemd stopping a timer's run, `timeout`, Ctrl-C) made the
    /// pass skip the comparisons left, then carry on: it deleted the outdated reports it had
    /// not redone, wrote indexes without them, and exited 0 as if the job were done.
    #[test]
    fn a_run_stopped_by_sigterm_removes_nothing_and_does_not_exit_0() {
        let reference = Tree::new();
        generate(&reference, 30, 3, 24);
        let old_tree = reference.copy_drafts();
        old_tree.run_ok();
        let old = contents(&old_tree.reports());
        for d in 0..30 {
            let document = format!("doc-{d:02}");
            let text = generated(&document, 3, 24).replace("Subject to", "Pending");
            reference.write(&format!("{document}/v3.yaml"), &text);
        }
        reference.run_ok();
        let new = contents(&reference.reports());
        let first_new = new
            .keys()
            .find(|k| k.ends_with("v2..v3.json"))
            .expect("a v2..v3 report")
            .clone();
        let mut stopped = false;
        for _attempt in 0..3 {
            let tree = Tree::new();
            copy_dir(&old_tree.reports(), &tree.reports());
            copy_dir(&reference.drafts(), &tree.drafts());
            let watched = tree.reports().join(&first_new);
            let mut child = tree
                .command("run")
                .arg("--quiet")
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn");
            // Stop it once it has started writing the new reports, not before.
            let writing = eventually(|| {
                std::fs::read(&watched).ok().as_ref() == new.get(&first_new)
                    || child.try_wait().ok().flatten().is_some()
            });
            assert!(writing, "the run neither wrote nor finished");
            signal(child.id(), "TERM");
            let output = child.wait_with_output().expect("wait");
            if output.status.code() == Some(0) && contents(&tree.reports()) == new {
                continue; // finished before the signal arrived: try again
            }
            stopped = true;
            assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
            assert!(stderr(&output).contains("next run"), "{}", stderr(&output));
            for (path, bytes) in contents(&tree.reports()) {
                if bytes == b"<dir>" || is_interim_manifest(&path, &bytes) {
                    continue;
                }
                assert!(
                    old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes),
                    "{path} is neither the old nor the new file"
                );
            }
            for path in old.keys() {
                assert!(
                    tree.reports().join(path).exists(),
                    "{path} was removed by the interrupted run"
                );
            }
            tree.run_ok();
            assert_same_files(&new, &contents(&tree.reports()), "re-run after SIGTERM");
            break;
        }
        assert!(stopped, "the run always finished before SIGTERM arrived");
    }

    fn is_temporary(rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        name.starts_with('.') && name.ends_with(".tmp")
    }

    /// Every file left by a killed run from scratch is exactly the uninterrupted run's file
    /// (temporaries aside), and every JSON file parses.
    /// A pass records a manifest before its first write (naming what it is about to
    /// write), so a pass stopped part-way leaves that one: whole, neither old nor new.
    fn is_interim_manifest(path: &str, bytes: &[u8]) -> bool {
        path == MANIFEST && serde_json::from_slice::<serde_json::Value>(bytes).is_ok()
    }

    fn check_whole(
        partial: &std::collections::BTreeMap<String, Vec<u8>>,
        expected: &std::collections::BTreeMap<String, Vec<u8>>,
        what: &str,
    ) {
        for (path, bytes) in partial {
            if is_temporary(path) {
                continue;
            }
            if path.ends_with(".json") {
                serde_json::from_slice::<serde_json::Value>(bytes)
                    .unwrap_or_else(|e| panic!("{what}: {path} is torn: {e}"));
            }
            if is_interim_manifest(path, bytes) {
                continue;
            }
            assert!(
                expected.get(path) == Some(bytes),
                "{what}: {path} differs from the uninterrupted run's"
            );
        }
    }

    #[test]
    fn a_symlinked_document_folder_is_replaced_not_written_through() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        let outside = tree.root().join("outside");
        std::fs::create_dir(&outside).expect("outside");
        std::fs::write(outside.join("keep.txt"), "not a report").expect("sentinel");
        std::fs::create_dir(tree.reports()).expect("reports");
        std::os::unix::fs::symlink(&outside, tree.reports().join("doc")).expect("symlink");
        let outside_before = snapshot(&outside);
        tree.run_ok();
        assert_unchanged(&outside_before, &snapshot(&outside), "the symlink's target");
        let meta = std::fs::symlink_metadata(tree.reports().join("doc")).expect("reports/doc");
        assert!(meta.is_dir() && !meta.file_type().is_symlink());
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after replacing the symlink",
        );
    }

    /// Regression: a symlink swapped in for a document folder that already had reports
    /// (same file names behind it) was trusted as up to date, and the reports of a removed
    /// step were deleted through it.
    #[test]
    fn a_symlink_swapped_in_after_a_run_is_not_read_or_deleted_through() {
        let tree = Tree::new();
        for (v, date) in [
            ("v1", "2025-01-01"),
            ("v2", "2025-01-02"),
            ("v3", "2025-01-03"),
        ] {
            tree.write(&format!("doc/{v}.yaml"), &small(v, date, v));
        }
        tree.run_ok();
        let outside = tree.root().join("outside");
        std::fs::rename(tree.reports().join("doc"), &outside).expect("move reports out");
        std::os::unix::fs::symlink(&outside, tree.reports().join("doc")).expect("symlink");
        let outside_before = snapshot(&outside);

        tree.run_ok();
        assert_unchanged(&outside_before, &snapshot(&outside), "the symlink's target");
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after an unchanged run",
        );

        std::fs::remove_dir_all(tree.reports().join("doc")).expect("remove");
        std::os::unix::fs::symlink(&outside, tree.reports().join("doc")).expect("symlink");
        tree.remove("doc/v3.yaml");
        tree.run_ok();
        assert_unchanged(&outside_before, &snapshot(&outside), "the symlink's target");
        assert_same_files(
            &tree.fresh_reports(),
            &contents(&tree.reports()),
            "after a deletion",
        );
    }

    #[test]
    fn hostile_labels_stay_inside_reports() {
        let tree = Tree::new();
        let hostile = [
            "CON",
            "../../../tmp/escaped",
            "a/b",
            "..",
            "nul.txt",
            ".hidden",
        ];
        for (i, version) in hostile.iter().enumerate() {
            tree.write(
                &format!("weird/{i}.yaml"),
                &draft_of(
                    "../../etc",
                    version,
                    Some(&format!("2025-01-{:02}", i + 1)),
                    &[&format!("Text {i}.")],
                ),
            );
        }
        tree.write("aux/1.yaml", &small("1", "2025-01-01", "a"));
        tree.write("aux/2.yaml", &small("2", "2025-01-02", "b"));
        let parent_before: Vec<_> = std::fs::read_dir(tree.root().parent().expect("parent"))
            .expect("read")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .filter(|n| n == "etc" || n == "escaped")
            .collect();
        tree.run_ok();
        let top: BTreeSet<String> = std::fs::read_dir(tree.root())
            .expect("read root")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            top,
            ["drafts", "reports"].map(String::from).into(),
            "written outside reports/"
        );
        let reserved = ["CON", "PRN", "AUX", "NUL", "COM1", "LPT1"];
        for path in contents(&tree.reports())
            .into_keys()
            .filter(|p| !p.is_empty())
        {
            for part in path.split('/') {
                assert!(part != ".." && part != ".", "{path}");
                let stem = part.split('.').next().unwrap_or("").to_ascii_uppercase();
                assert!(!reserved.contains(&stem.as_str()), "{path}: reserved name");
                assert!(
                    !part.starts_with('.') || path == MANIFEST,
                    "{path}: hidden name"
                );
            }
        }
        let steps = contents(&tree.reports())
            .into_keys()
            .filter(|p| p.ends_with(".json") && p.contains(".."))
            .count();
        assert_eq!(
            steps,
            (hostile.len() - 1) + 1,
            "every consecutive pair of ../../etc, and aux's one"
        );
        let parent_after: Vec<_> = std::fs::read_dir(tree.root().parent().expect("parent"))
            .expect("read")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .filter(|n| n == "etc" || n == "escaped")
            .collect();
        assert_eq!(parent_before, parent_after);
        assert!(
            tree.report("index.md").contains("../../etc"),
            "{}",
            tree.report("index.md")
        );
    }

    #[test]
    fn a_missing_drafts_folder_or_unwritable_reports_exit_2() {
        let tree = Tree::new();
        let output = std::process::Command::new(BIN)
            .args(["run", "--drafts", "no-such-folder", "--reports", "reports"])
            .current_dir(tree.root())
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("no-such-folder"),
            "{}",
            stderr(&output)
        );
        assert!(!tree.reports().exists(), "created reports/ for nothing");

        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        std::fs::write(tree.root().join("a-file"), "").expect("file");
        let output = std::process::Command::new(BIN)
            .args(["run", "--drafts", "drafts", "--reports", "a-file/reports"])
            .current_dir(tree.root())
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    }

    /// An undated version beside dated ones would sort first and be compared backwards:
    /// it is a problem of its own file, and the dated versions go on without it.
    #[test]
    fn an_undated_version_beside_dated_ones_is_a_problem_of_that_file() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree.write(
            "doc/late.yaml",
            &draft("late", None, &["A text that came without a date."]),
        );
        let output = tree.run_expect(1, &[]);
        assert!(
            stderr(&output).contains("doc/late.yaml: no `date`, while the other versions"),
            "{}",
            stderr(&output)
        );
        assert!(tree.has_report("doc/v1..v2.json"));
        assert!(!tree.has_report("doc/late..v1.json") && !tree.has_report("doc/v2..late.json"));
        let index = tree.report("doc/index.md");
        assert!(index.contains("late.yaml: no \\`date\\`, while"), "{index}");
        // Dated, it takes its place and is compared like any version.
        tree.write("doc/late.yaml", &small("late", "2025-01-03", "three"));
        tree.run_expect(0, &[]);
        assert!(tree.has_report("doc/v2..late.json"));
    }

    #[test]
    fn json_log_lines_parse() {
        let tree = three_documents();
        tree.write("bravo/v4.yaml", "version: v4\nprovisions: {\n");
        let output = tree.run_expect(1, &["--log-format", "json", "--verbose"]);
        let err = stderr(&output);
        let lines: Vec<serde_json::Value> = err
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
            .collect();
        for line in &lines {
            assert!(
                line["level"].is_string()
                    && line["event"].is_string()
                    && line["message"].is_string(),
                "{line}"
            );
        }
        let events: BTreeSet<&str> = lines.iter().filter_map(|l| l["event"].as_str()).collect();
        assert!(
            events.contains("wrote") && events.contains("invalid"),
            "{events:?}"
        );
    }

    #[test]
    fn timings_in_a_json_log_are_a_json_line() {
        let tree = three_documents();
        let output = tree.run_expect(0, &["--log-format", "json", "--timings"]);
        let lines: Vec<serde_json::Value> = stderr(&output)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
            .collect();
        let timings = lines
            .iter()
            .find(|l| l["event"] == "timings")
            .expect("a timings line");
        assert!(timings["stages_ms"]["read drafts"].is_f64(), "{timings}");
        assert!(timings["total_ms"].as_f64().unwrap() >= 0.0, "{timings}");
    }

    #[test]
    fn quiet_normal_and_verbose_output() {
        let tree = three_documents();
        let quiet = tree.run_expect(0, &["--quiet"]);
        assert_eq!(stderr(&quiet), "");
        std::fs::remove_dir_all(tree.reports()).expect("clear reports");
        let normal = tree.run_expect(0, &[]);
        // Paths are shown as the reports folder was named (here, an absolute temporary one).
        let wrote = tree.reports().join("alpha/v1..v2.md");
        assert!(
            stderr(&normal).contains(&format!("wrote {}", wrote.display())),
            "{}",
            stderr(&normal)
        );
        // Nothing to do: one line says the reports are current, and what they cover.
        let again = tree.run_expect(0, &[]);
        let up_to_date = format!("{}/ is up to date: 3 documents, ", tree.reports().display());
        assert!(
            stderr(&again).starts_with(&up_to_date) && stderr(&again).lines().count() == 1,
            "{}",
            stderr(&again)
        );
        assert_eq!(stderr(&tree.run_expect(0, &["--quiet"])), "");
    }

    #[test]
    fn a_failing_on_report_command_is_logged_not_fatal() {
        let tree = three_documents();
        let output = tree.run_expect(0, &["--on-report", "exit 7"]);
        assert!(
            stderr(&output).contains("--on-report command failed"),
            "{}",
            stderr(&output)
        );
        assert!(tree.has_report("charlie/v2..v3.json"));
    }

    /// A copy paused at a line boundary looks like a whole draft: while the copying program
    /// holds the file open for writing it has no report and fires no `--on-report`, so the
    /// hook runs once, for the version as written.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_draft_still_being_copied_in_waits_for_the_next_run() {
        use std::io::Write;
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.run_ok();
        let text = small("v2", "2025-01-02", "two");
        let cut = text.rfind("\n  - ").expect("a last provision") + 1;
        let half = tree.root().join("doc/v2.yaml");
        std::fs::create_dir(tree.root().join("doc")).unwrap();
        std::fs::write(&half, &text[..cut]).unwrap();
        let check = std::process::Command::new(BIN)
            .arg("check")
            .arg(&half)
            .output()
            .unwrap();
        assert_eq!(
            check.status.code(),
            Some(0),
            "the first half alone is a valid draft"
        );
        let hooks = tree.root().join("hooks.log");
        let hook = format!(
            "echo \"$DRAFTDIFF_OLD_VERSION..$DRAFTDIFF_NEW_VERSION\" >> '{}'",
            hooks.display()
        );
        let mut file = std::fs::File::create(tree.drafts().join("doc/v2.yaml")).unwrap();
        file.write_all(&text.as_bytes()[..cut]).unwrap();
        file.flush().unwrap();
        let output = tree.run_expect(0, &["--on-report", &hook]);
        assert!(
            stderr(&output).contains("doc/v2.yaml: still open for writing"),
            "{}",
            stderr(&output)
        );
        assert!(!tree.has_report("doc/v1..v2.md") && !hooks.exists());
        file.write_all(&text.as_bytes()[cut..]).unwrap();
        drop(file);
        tree.run_expect(0, &["--on-report", &hook]);
        assert!(tree
            .report("doc/v1..v2.md")
            .contains("3 provisions became 3"));
        assert_eq!(std::fs::read_to_string(&hooks).unwrap(), "v1..v2\n");
    }

    /// Drafts that name their document, moved to another folder: their reports are kept
    /// (the same bytes give the same reports), and the manifest names the files they are
    /// read from now, as a run from scratch does.
    #[test]
    fn a_renamed_drafts_folder_keeps_its_reports_and_names_the_new_files() {
        let tree = Tree::new();
        let one = draft_of("doc", "v1", Some("2025-01-01"), &["One.", "Two."]);
        let two = draft_of("doc", "v2", Some("2025-01-02"), &["One.", "Two, amended."]);
        tree.write("a/v1.yaml", &one);
        tree.write("a/v2.yaml", &two);
        tree.run_ok();
        std::fs::rename(tree.drafts().join("a"), tree.drafts().join("b")).unwrap();
        tree.run_ok();
        assert_same_files(&tree.fresh_reports(), &contents(&tree.reports()), "renamed");
    }

    #[test]
    fn the_only_hidden_files_are_the_lock_the_manifest_and_the_history_cache() {
        let tree = three_documents();
        tree.run_ok();
        let hidden: Vec<String> = snapshot(&tree.reports())
            .into_keys()
            .filter(|p| p.rsplit('/').next().is_some_and(|n| n.starts_with('.')))
            .collect();
        let cache_ignore = format!("{CACHE}/.gitignore");
        assert_eq!(hidden, [CACHE, &cache_ignore, MANIFEST, LOCK]);
        assert!(Path::new(&tree.reports().join(LOCK)).is_file());
    }
}

mod watch {
    use super::common::*;
    use std::path::Path;

    fn two_versions() -> Tree {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree
    }

    fn index_links(tree: &Tree, document: &str, stem: &str) -> bool {
        tree.report(&format!("{document}/index.md"))
            .contains(&format!("(<{stem}.md>)"))
    }

    /// Bytes the process has read so far (Linux `/proc/PID/io`, all its threads).
    fn bytes_read(pid: u32) -> u64 {
        let io = std::fs::read_to_string(format!("/proc/{pid}/io")).expect("/proc/PID/io");
        io.lines()
            .find_map(|l| l.strip_prefix("rchar: "))
            .and_then(|n| n.trim().parse().ok())
            .expect("rchar")
    }

    /// Regression: the pass's own reads of the drafts came back as file events (inotify
    /// OPEN), each one triggering another pass: an idle watcher re-read every draft once
    /// per debounce window, forever.
    #[test]
    fn an_idle_watcher_reads_nothing() {
        let tree = two_versions();
        let watcher = Watcher::start(&tree, &[]);
        // Let the catch-up pass and the events it caused die down.
        std::thread::sleep(std::time::Duration::from_millis(500));
        let before = bytes_read(watcher.pid());
        std::thread::sleep(std::time::Duration::from_millis(1000));
        let read = bytes_read(watcher.pid()) - before;
        let draft = std::fs::metadata(tree.drafts().join("doc/v1.yaml"))
            .unwrap()
            .len();
        assert!(
            read < draft,
            "an idle watcher read {read} bytes in a second"
        );
    }

    #[test]
    fn a_dropped_file_gets_its_report() {
        let tree = two_versions();
        let mut watcher = Watcher::start(&tree, &[]);
        assert!(tree.has_report("doc/v1..v2.md"), "catch-up pass");
        tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
        watcher.expect("doc/v2..v3", || index_links(&tree, "doc", "v2..v3"));
        assert!(tree.has_report("doc/v2..v3.json"));
        assert!(watcher.is_running());
    }

    #[test]
    fn an_editor_atomic_save_and_its_litter() {
        let tree = two_versions();
        let mut watcher = Watcher::start(&tree, &["--log-format", "json"]);
        let old_report = tree.report("doc/v1..v2.md");
        // What editors leave around: swap and backup files, a probe file, notes.
        let dir = tree.drafts().join("doc");
        std::fs::write(dir.join(".v2.yaml.swp"), "\u{0}binary swap").unwrap();
        std::fs::write(dir.join("v2.yaml~"), "version: [").unwrap();
        std::fs::write(dir.join("4913"), "").unwrap();
        std::fs::write(dir.join("notes.md"), "# notes").unwrap();
        save_atomically(
            &dir.join("v2.yaml"),
            &small("v2", "2025-01-02", "saved by an editor"),
        );
        watcher.expect("the rewritten v1..v2 report", || {
            let report = tree.report("doc/v1..v2.md");
            report != old_report && report.contains("editor")
        });
        let errors: Vec<_> = watcher
            .json_log()
            .into_iter()
            .filter(|l| l["level"] == "error")
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(!tree.report("doc/index.md").contains("Invalid"));
    }

    #[test]
    fn a_file_written_in_two_halves_is_not_reported_invalid() {
        use std::io::Write;
        let tree = two_versions();
        let mut watcher = Watcher::start(&tree, &["--log-format", "json", "--verbose"]);
        let text = small("v3", "2025-01-03", "three");
        // Cut inside a quoted string: the first half alone is not valid YAML.
        let cut = text.find("all-for-all").expect("cut point");
        let mut file = std::fs::File::create(tree.drafts().join("doc/v3.yaml")).unwrap();
        file.write_all(&text.as_bytes()[..cut]).unwrap();
        file.flush().unwrap();
        // A pass sees the half file and leaves it to settle (2 s); the rest comes a little
        // later, well inside that time, as from a slow copy.
        watcher.expect("the half file to be seen and left to settle", || {
            watcher_log_has(&tree, "pending")
        });
        std::thread::sleep(std::time::Duration::from_millis(300));
        file.write_all(&text.as_bytes()[cut..]).unwrap();
        drop(file);
        watcher.expect("doc/v2..v3", || index_links(&tree, "doc", "v2..v3"));
        let errors: Vec<_> = watcher
            .json_log()
            .into_iter()
            .filter(|l| l["level"] == "error")
            .collect();
        assert!(errors.is_empty(), "the half file was reported: {errors:?}");
        assert!(
            !tree.report("doc/index.md").contains("Invalid"),
            "{}",
            tree.report("doc/index.md")
        );
    }

    /// A draft arriving in two halves beside a corrections file for its pair, in a folder
    /// not named like its document: it is left to settle, not re-read on every pass
    /// ("kept changing"), and its document's history waits with its reports.
    #[test]
    fn a_half_written_draft_with_corrections_settles_quietly() {
        use std::io::Write;
        let tree = Tree::new();
        let one = draft_of(
            "Plan A",
            "v1",
            Some("2025-01-01"),
            &["One.", "Two parties."],
        );
        tree.write("plan/v1.yaml", &one);
        let two = draft_of("Plan A", "v2", Some("2025-01-02"), &["One.", "Two states."]);
        tree.write("plan/v2.yaml", &two);
        tree.write(
            "plan/corrections/v1-v2.yaml",
            "old: v1\nnew: v2\nremoved:\n  - {id: \"2\", note: \"Dropped\"}\nadded:\n  - \"2\"\n",
        );
        let mut watcher = Watcher::start(&tree, &["--log-format", "json", "--verbose"]);
        let report_says = |words: &str| {
            let folders = tree.reports().read_dir().into_iter().flatten().flatten();
            folders.into_iter().any(|e| {
                std::fs::read_to_string(e.path().join("v1..v2.md")).is_ok_and(|t| t.contains(words))
            })
        };
        watcher.expect("the first reports", || report_says("states"));
        let three = draft_of(
            "Plan A",
            "v2",
            Some("2025-01-02"),
            &["One.", "Two nations."],
        );
        let cut = three.find("Two nations").expect("cut point") + 2;
        let mut file = std::fs::File::create(tree.drafts().join("plan/v2.yaml")).unwrap();
        file.write_all(&three.as_bytes()[..cut]).unwrap();
        file.flush().unwrap();
        watcher.expect("the half file to be left to settle", || {
            watcher_log_has(&tree, "pending")
        });
        std::thread::sleep(std::time::Duration::from_millis(300));
        file.write_all(&three.as_bytes()[cut..]).unwrap();
        drop(file);
        watcher.expect("the new report", || report_says("nations"));
        let problems: Vec<_> = watcher
            .json_log()
            .into_iter()
            .filter(|l| l["level"] == "error" || l["level"] == "warn" || l["event"] == "changed")
            .collect();
        assert!(problems.is_empty(), "{problems:?}");
    }

    /// A sync tool removes the drafts folder and creates it again: the watcher watches the
    /// new folder and sees the drafts dropped into it.
    #[test]
    fn a_replaced_drafts_folder_is_watched_again() {
        let tree = two_versions();
        let mut watcher = Watcher::start(&tree, &[]);
        watcher.expect("the first reports", || tree.has_report("doc/v1..v2.md"));
        let old = tree.root().join("drafts.old");
        std::fs::rename(tree.drafts(), &old).unwrap();
        std::fs::create_dir(tree.drafts()).unwrap();
        copy_dir(&old, &tree.drafts());
        watcher.expect("the watch on the new folder", || {
            watch_log(&tree).contains("watching the new folder")
        });
        tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
        watcher.expect("doc/v2..v3 from the new folder", || {
            tree.has_report("doc/v2..v3.md")
        });
    }

    fn watch_log(tree: &Tree) -> String {
        std::fs::read_to_string(tree.root().join("watch.log")).unwrap_or_default()
    }

    fn watcher_log_has(tree: &Tree, event: &str) -> bool {
        watch_log(tree)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .any(|l| l["event"] == event)
    }

    #[test]
    fn an_invalid_draft_does_not_stop_the_watcher_and_its_fix_is_picked_up() {
        let tree = two_versions();
        let mut watcher = Watcher::start(&tree, &[]);
        let path = tree.drafts().join("doc/v3.yaml");
        save_atomically(&path, "version: v3\nprovisions:\n  - [unclosed\n");
        // The index is written by the pass, the log line by the driver right after it.
        watcher.expect("the error in doc/index.md and in the log", || {
            tree.report("doc/index.md").contains("drafts/doc/v3.yaml:")
                && watch_log(&tree).contains("drafts/doc/v3.yaml:")
        });
        assert!(watcher.is_running());
        // Another change makes another pass: the same error is not logged again.
        tree.write("other/v1.yaml", &small("v1", "2025-01-01", "one"));
        watcher.expect("reports/other/index.md", || {
            tree.has_report("other/index.md")
        });
        assert_eq!(
            watch_log(&tree).matches("drafts/doc/v3.yaml:").count(),
            1,
            "{}",
            watch_log(&tree)
        );
        save_atomically(&path, &small("v3", "2025-01-03", "three"));
        watcher.expect("doc/v2..v3 and no error", || {
            index_links(&tree, "doc", "v2..v3") && !tree.report("doc/index.md").contains("Invalid")
        });
    }

    /// A version being rewritten slowly (not atomically) keeps its place in the timeline
    /// until it settles: its neighbours are not compared with each other meanwhile.
    #[test]
    fn an_existing_version_rewritten_in_two_halves_keeps_its_place() {
        use std::io::Write;
        let tree = two_versions();
        tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
        let hooks = tree.root().join("hooks");
        std::fs::create_dir(&hooks).unwrap();
        let hook = "touch \"$HOOK_OUT/$DRAFTDIFF_OLD_VERSION..$DRAFTDIFF_NEW_VERSION\"";
        let mut watcher = Watcher::start_with(
            &tree,
            &["--log-format", "json", "--verbose", "--on-report", hook],
            &[("HOOK_OUT", &hooks)],
        );
        let text = small("v2", "2025-01-02", "two, rewritten");
        let cut = text.find("all-for-all").expect("cut point");
        let mut file = std::fs::File::create(tree.drafts().join("doc/v2.yaml")).unwrap();
        file.write_all(&text.as_bytes()[..cut]).unwrap();
        file.flush().unwrap();
        watcher.expect("the half file to be seen and left to settle", || {
            watcher_log_has(&tree, "pending")
        });
        // "pending" is logged before the pass compares anything: give that pass time to
        // finish (it takes milliseconds), still well inside the 2 s settle time.
        std::thread::sleep(std::time::Duration::from_millis(400));
        let index = tree.report("doc/index.md");
        assert!(
            !tree.has_report("doc/v1..v3.md") && index.contains("(<v1..v2.md>)"),
            "v2 left the timeline while it was being written:\n{index}"
        );
        file.write_all(&text.as_bytes()[cut..]).unwrap();
        drop(file);
        watcher.expect("the rewritten v1..v2", || {
            tree.report("doc/v1..v2.md").contains("rewritten")
        });
        let hooks_run: Vec<_> = std::fs::read_dir(&hooks)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !hooks_run.contains(&"v1..v3".to_string()),
            "--on-report ran for v1..v3: {hooks_run:?}"
        );
    }

    /// A new version copied in with a pause at a line boundary, where its first half is a
    /// valid draft: the watcher waits while the copy holds the file open, and fires
    /// `--on-report` once, for the whole version.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_copy_paused_at_a_line_boundary_fires_on_report_once() {
        use std::io::Write;
        let tree = two_versions();
        let hooks = tree.root().join("hooks.log");
        let hook = "echo \"$DRAFTDIFF_OLD_VERSION..$DRAFTDIFF_NEW_VERSION\" >> \"$HOOK_OUT\"";
        let mut watcher = Watcher::start_with(
            &tree,
            &["--log-format", "json", "--verbose", "--on-report", hook],
            &[("HOOK_OUT", &hooks)],
        );
        watcher.expect("the first report", || tree.has_report("doc/v1..v2.md"));
        let text = small("v3", "2025-01-03", "three");
        let cut = text.rfind("\n  - ").expect("a last provision") + 1;
        let mut file = std::fs::File::create(tree.drafts().join("doc/v3.yaml")).unwrap();
        file.write_all(&text.as_bytes()[..cut]).unwrap();
        file.flush().unwrap();
        watcher.expect("the half copy to be seen and waited for", || {
            watcher_log_has(&tree, "pending")
        });
        std::thread::sleep(std::time::Duration::from_millis(400));
        assert!(!tree.has_report("doc/v2..v3.md"), "a report on half a copy");
        file.write_all(&text.as_bytes()[cut..]).unwrap();
        drop(file);
        watcher.expect("v2..v3", || tree.has_report("doc/v2..v3.md"));
        std::thread::sleep(std::time::Duration::from_millis(400));
        let hooks_run = std::fs::read_to_string(&hooks).unwrap();
        assert_eq!(hooks_run, "v1..v2\nv2..v3\n");
    }

    #[test]
    fn a_watcher_waits_for_a_held_lock() {
        let tree = two_versions();
        std::fs::create_dir(tree.reports()).unwrap();
        let lock = std::fs::File::create(tree.reports().join(LOCK)).unwrap();
        lock.lock().unwrap();
        let log = std::fs::File::create(tree.root().join("watch.log")).unwrap();
        let child = tree
            .command("watch")
            .args(["--debounce", "0.1", "--wait", "0.2", "--verbose"])
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut watcher = Watcher::from_child(child, tree.root().join("watch.log"));
        watcher.expect("a pass that found the lock taken", || {
            watch_log(&tree).contains("locked")
        });
        assert!(!tree.has_report("doc/v1..v2.md"));
        drop(lock);
        watcher.expect("doc/v1..v2 once the lock is free", || {
            index_links(&tree, "doc", "v1..v2")
        });
    }

    #[test]
    fn watcher_lines_carry_the_time_of_day() {
        let tree = two_versions();
        let watcher = Watcher::start(&tree, &[]);
        let human = watcher.log();
        drop(watcher);
        let first = human.lines().next().expect("a line");
        let (clock, rest) = first.split_at(9);
        assert!(
            clock.bytes().enumerate().all(|(i, b)| match i {
                2 | 5 => b == b':',
                8 => b == b'Z',
                _ => b.is_ascii_digit(),
            }) && rest.starts_with(' '),
            "{human}"
        );
        let tree = two_versions();
        let watcher = Watcher::start(&tree, &["--log-format", "json"]);
        let lines = watcher.json_log();
        assert!(!lines.is_empty());
        for line in lines {
            let time = line["time"].as_str().unwrap_or_default();
            assert!(time.len() == 20 && time.ends_with('Z'), "{line}");
        }
    }

    #[test]
    fn a_missing_drafts_folder_is_fatal_for_watch() {
        let tree = Tree::new();
        std::fs::remove_dir(tree.drafts()).unwrap();
        let output = tree.command("watch").output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("drafts: the drafts folder does not exist"),
            "{}",
            stderr(&output)
        );
    }

    #[test]
    fn a_document_folder_created_after_start() {
        let tree = two_versions();
        let mut watcher = Watcher::start(&tree, &[]);
        tree.write("late/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("late/v2.yaml", &small("v2", "2025-01-02", "two"));
        watcher.expect("late/v1..v2", || index_links(&tree, "late", "v1..v2"));
        // And a later file in it, now that the folder is watched.
        tree.write("late/v3.yaml", &small("v3", "2025-01-03", "three"));
        watcher.expect("late/v2..v3", || index_links(&tree, "late", "v2..v3"));
    }

    /// Regression: a folder whose name has a dot (`treaty-2.0`) moved in whole gave one
    /// event for the folder, which the filter took for a non-YAML file, so no pass ran.
    #[test]
    fn a_document_folder_moved_in_whole() {
        let tree = two_versions();
        let staging = tree.root().join("staging/treaty-2.0");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("a.yaml"), small("a", "2025-01-01", "one")).unwrap();
        std::fs::write(staging.join("b.yaml"), small("b", "2025-01-02", "two")).unwrap();
        let mut watcher = Watcher::start(&tree, &[]);
        std::fs::rename(&staging, tree.drafts().join("treaty-2.0")).unwrap();
        watcher.expect("treaty-2.0/a..b", || {
            index_links(&tree, "treaty-2.0", "a..b")
        });
    }

    #[test]
    fn a_file_moved_in_and_a_deleted_version() {
        let tree = two_versions();
        tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
        let mut watcher = Watcher::start(&tree, &[]);
        let outside = tree.root().join("v4.yaml");
        std::fs::write(&outside, small("v4", "2025-01-04", "four")).unwrap();
        std::fs::rename(&outside, tree.drafts().join("doc/v4.yaml")).unwrap();
        watcher.expect("doc/v3..v4", || index_links(&tree, "doc", "v3..v4"));
        tree.remove("doc/v2.yaml");
        watcher.expect("doc/v1..v3 instead of v1..v2 and v2..v3", || {
            index_links(&tree, "doc", "v1..v3")
                && !tree.has_report("doc/v1..v2.md")
                && !tree.has_report("doc/v2..v3.json")
        });
    }

    #[test]
    fn on_report_gets_the_step_in_its_environment() {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        let hooks = tree.root().join("hooks");
        std::fs::create_dir(&hooks).unwrap();
        let command = "env | grep '^DRAFTDIFF_' | sort > \"$HOOK_OUT/$DRAFTDIFF_OLD_VERSION..$DRAFTDIFF_NEW_VERSION.env\"";
        let mut watcher =
            Watcher::start_with(&tree, &["--on-report", command], &[("HOOK_OUT", &hooks)]);
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        let env_file = hooks.join("v1..v2.env");
        watcher.expect("the hook's output", || {
            std::fs::read_to_string(&env_file).is_ok_and(|t| t.lines().count() == 9)
        });
        let text = std::fs::read_to_string(&env_file).unwrap();
        let reports = tree.reports();
        let expected = [
            "DRAFTDIFF_DOCUMENT=doc".to_string(),
            format!("DRAFTDIFF_DOCUMENT_DIR={}", reports.join("doc").display()),
            "DRAFTDIFF_HEADLINE=3 provisions became 3: 1 changed, 2 unchanged.".into(),
            "DRAFTDIFF_KEY_CHANGES=No number, obligation or negation changed, and no provision \
             was added or removed."
                .into(),
            "DRAFTDIFF_NEW_VERSION=v2".into(),
            "DRAFTDIFF_OLD_VERSION=v1".into(),
            format!(
                "DRAFTDIFF_REPORT_HTML={}",
                reports.join("doc/v1..v2.html").display()
            ),
            format!(
                "DRAFTDIFF_REPORT_JSON={}",
                reports.join("doc/v1..v2.json").display()
            ),
            format!(
                "DRAFTDIFF_REPORT_MD={}",
                reports.join("doc/v1..v2.md").display()
            ),
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), expected);
        for line in &expected[6..] {
            let path = line.split_once('=').unwrap().1;
            assert!(Path::new(path).is_file(), "{path}");
        }
    }

    #[test]
    fn sigterm_and_sigint_exit_0() {
        for signal in ["TERM", "INT"] {
            let tree = two_versions();
            let mut watcher = Watcher::start(&tree, &[]);
            let status = watcher.stop(signal);
            assert_eq!(
                status.code(),
                Some(0),
                "SIG{signal}: {status}; log:\n{}",
                watcher.log()
            );
        }
    }

    /// The watcher keeps the drafts and comparisons of the documents it rebuilt, and makes
    /// histories from them: whatever it kept, its reports are those of a fresh run.
    #[test]
    fn versions_dropped_and_edited_end_as_a_fresh_run() {
        let tree = Tree::new();
        generate(&tree, 1, 1, 30);
        tree.write("other/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("other/v2.yaml", &small("v2", "2025-01-02", "two"));
        let mut watcher = Watcher::start(&tree, &[]);
        for v in 2..=4 {
            tree.write(&format!("doc-00/v{v}.yaml"), &generated("doc-00", v, 30));
            let stem = format!("v{}..v{v}", v - 1);
            watcher.expect(&format!("doc-00/{stem}"), || {
                index_links(&tree, "doc-00", &stem)
            });
        }
        // A middle version edited in place, then one removed: kept comparisons no longer
        // match and must not be used.
        let edited = generated("doc-00", 2, 30).replace("as amended", "as revised");
        save_atomically(&tree.drafts().join("doc-00/v2.yaml"), &edited);
        watcher.expect("the edited v1..v2 report", || {
            tree.report("doc-00/v1..v2.md").contains("revised")
        });
        tree.remove("doc-00/v3.yaml");
        watcher.expect("doc-00/v2..v4", || index_links(&tree, "doc-00", "v2..v4"));
        // The last pass may still be writing the history: wait for it, then compare.
        let expected = tree.fresh_reports();
        watcher.expect("the reports of a fresh run", || {
            contents(&tree.reports()) == expected
        });
        assert_same_files(&expected, &contents(&tree.reports()), "after watching");
    }

    #[test]
    fn poll_mode_picks_up_a_dropped_file() {
        let tree = two_versions();
        let mut watcher = Watcher::start(&tree, &["--poll", "0.2"]);
        tree.write("doc/v3.yaml", &small("v3", "2025-01-03", "three"));
        watcher.expect("doc/v2..v3", || index_links(&tree, "doc", "v2..v3"));
    }
}

mod sample {
    use super::common::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    fn repo() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// What `draftdiff run` makes of the committed `drafts/` from scratch.
    fn fresh_sample_reports() -> BTreeMap<String, Vec<u8>> {
        let out = tempfile::tempdir().expect("temporary folder");
        let drafts_before = snapshot(&repo().join("drafts"));
        let output = std::process::Command::new(BIN)
            .arg("run")
            .arg("--quiet")
            .arg("--drafts")
            .arg(repo().join("drafts"))
            .arg("--reports")
            .arg(out.path().join("reports"))
            .output()
            .expect("run draftdiff");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_unchanged(&drafts_before, &snapshot(&repo().join("drafts")), "drafts/");
        contents(&out.path().join("reports"))
    }

    /// The committed `reports/` is what `draftdiff run` makes of the committed `drafts/`.
    #[test]
    fn committed_sample_reports_are_up_to_date() {
        let hint = "run `cargo run -- run` to regenerate (bless), and review the diff; if \
                    the pass says it is up to date, the output changed without a version bump";
        let committed = repo().join("reports");
        assert!(committed.is_dir(), "reports/ is missing: {hint}");
        let expected = fresh_sample_reports();
        let actual = contents(&committed);
        let differ = changed_paths(&expected, &actual);
        assert!(
            differ.is_empty(),
            "reports/ is out of date ({differ:?}): {hint}"
        );
    }

    /// The manifest keys reports on the report format's and the alignment's versions, not
    /// on the code, so output that changes without a bump would be trusted stale forever.
    /// `tests/output-versions.txt` records, for each version, a digest of the sample
    /// reports and the golden files it produces; a new version is added with
    /// `DRAFTDIFF_BLESS=1`, an old one's digest is never rewritten.
    #[test]
    fn output_changes_bump_a_version() {
        let fresh = fresh_sample_reports();
        let manifest: serde_json::Value =
            serde_json::from_slice(&fresh[".draftdiff-manifest.json"]).expect("manifest");
        let version = manifest["output"]
            .as_str()
            .expect("output field")
            .to_string();
        let digest = output_digest(&fresh);
        let record = repo().join("tests/output-versions.txt");
        let text = std::fs::read_to_string(&record).unwrap_or_default();
        let known = text
            .lines()
            .filter_map(|line| line.rsplit_once(" = "))
            .find(|(v, _)| *v == version);
        match known {
            Some((_, recorded)) => assert_eq!(
                recorded, digest,
                "the sample reports or golden files changed but the output version did not \
                 ({version}): bump report::FORMAT_VERSION or align::VERSION in this commit, \
                 then run with DRAFTDIFF_BLESS=1 to record the new version"
            ),
            None if std::env::var_os("DRAFTDIFF_BLESS").is_some() => {
                let line = format!("{version} = {digest}\n");
                std::fs::write(&record, text + &line).expect("write tests/output-versions.txt");
            }
            None => panic!(
                "output version {version:?} is not in tests/output-versions.txt: run with \
                 DRAFTDIFF_BLESS=1 to record it"
            ),
        }
    }

    /// Fingerprint of every report but the manifest (which holds the version itself) and of
    /// the golden files, by path.
    fn output_digest(reports: &BTreeMap<String, Vec<u8>>) -> String {
        let mut bytes = Vec::new();
        let golden = contents(&repo().join("tests/golden"));
        let files = reports
            .iter()
            .filter(|(rel, _)| *rel != ".draftdiff-manifest.json");
        let golden = golden.iter().map(|(rel, b)| (format!("golden/{rel}"), b));
        for (rel, content) in files.map(|(r, b)| (r.clone(), b)).chain(golden) {
            bytes.extend_from_slice(rel.as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(&(content.len() as u64).to_le_bytes());
            bytes.extend_from_slice(content);
        }
        draftdiff::pipeline::names::fingerprint(&bytes)
    }
}

/// The sample's notes say, pairing by pairing, what the committed report shows.
#[test]
fn the_sample_notes_agree_with_the_committed_report() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let notes = std::fs::read_to_string(repo.join("drafts/peace-plan/NOTES.md")).unwrap();
    let block = notes
        .split("```\n# kind  old_ids -> new_ids\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the expected.txt block in NOTES.md");
    let mut expected: Vec<String> = block.lines().map(str::to_string).collect();
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo.join("reports/peace-plan/leaked-28-point..post-geneva.json")).unwrap(),
    )
    .unwrap();
    let ids = |v: &serde_json::Value| -> String {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_str().unwrap())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut actual: Vec<String> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let new = ids(&c["new_ids"]);
            let arrow = if new.is_empty() {
                "->".to_string()
            } else {
                format!("-> {new}")
            };
            format!(
                "{} {} {arrow}",
                c["kind"].as_str().unwrap(),
                ids(&c["old_ids"])
            )
        })
        .collect();
    expected.sort();
    actual.sort();
    assert_eq!(expected, actual);
    let headline = report["headline"].as_str().unwrap();
    assert!(
        headline
            .starts_with("28 provisions became 19: 7 removed, 4 changed, 2 merged, 13 unchanged"),
        "{headline}"
    );
    assert!(notes.contains("Counts: 13 unchanged, 4 changed, 2 merged, 7 removed"));
}

/// Corrections files under `drafts/<document>/corrections/`, as `run` and `watch` use them.
mod corrections {
    use super::common::*;

    const FIX: &str = "old: v1\nnew: v2\nremoved:\n  - {id: \"2\", note: \"Dropped, not reworded\"}\nadded:\n  - \"2\"\n";

    fn two_versions() -> Tree {
        let tree = Tree::new();
        tree.write("doc/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("doc/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree.write("other/v1.yaml", &small("v1", "2025-01-01", "one"));
        tree.write("other/v2.yaml", &small("v2", "2025-01-02", "two"));
        tree
    }

    fn kinds(tree: &Tree, stem: &str) -> Vec<String> {
        let report: serde_json::Value =
            serde_json::from_str(&tree.report(&format!("{stem}.json"))).expect("JSON report");
        report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| format!("{} {} {}", c["kind"], c["old_ids"], c["new_ids"]))
            .collect()
    }

    #[test]
    fn a_corrections_file_is_applied_and_never_taken_for_a_version() {
        let tree = two_versions();
        tree.write("doc/corrections/v1-v2.yaml", FIX);
        tree.run_ok();
        let kinds = kinds(&tree, "doc/v1..v2");
        assert!(
            kinds.contains(&"\"removed\" [\"2\"] []".to_string()),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&"\"added\" [] [\"2\"]".to_string()),
            "{kinds:?}"
        );
        assert!(tree
            .report("doc/v1..v2.md")
            .contains("✎ *Set by hand: Dropped, not reworded*"));
        // Two versions, one step: the corrections file is no version.
        let index = tree.report("doc/index.md");
        assert!(!index.contains("v1-v2"), "{index}");
        assert_eq!(
            kinds_of_other(&tree),
            [
                "\"unchanged\" [\"1\"] [\"1\"]",
                "\"changed\" [\"2\"] [\"2\"]",
                "\"unchanged\" [\"3\"] [\"3\"]"
            ]
        );
        // The history follows: old 2 and new 2 are two threads now.
        let history: serde_json::Value =
            serde_json::from_str(&tree.report("doc/history.json")).unwrap();
        assert_eq!(history["provisions"].as_array().unwrap().len(), 4);
        // And its text says which steps were decided by hand, as the reports do.
        let md = tree.report("doc/history.md");
        assert!(
            md.contains("✎ *set by hand: Dropped, not reworded*"),
            "{md}"
        );
    }

    fn kinds_of_other(tree: &Tree) -> Vec<String> {
        kinds(tree, "other/v1..v2")
    }

    #[test]
    fn editing_corrections_regenerates_exactly_what_depends_on_them() {
        let tree = two_versions();
        tree.run_ok();
        let before = contents(&tree.reports());
        tree.write("doc/corrections/v1-v2.yaml", FIX);
        tree.run_ok();
        let after = contents(&tree.reports());
        let changed = changed_paths(&before, &after);
        for path in &changed {
            assert!(
                path.starts_with("doc/v1..v2.")
                    || path.starts_with("doc/history.")
                    || path.starts_with("doc/index.")
                    // The feeds carry the pair's key changes, which follow the corrections.
                    || path.ends_with("feed.atom")
                    || path == ".draftdiff-manifest.json",
                "{path} changed: {changed:?}"
            );
        }
        assert!(changed.contains("doc/v1..v2.json") && changed.contains("doc/history.json"));
        // The same as from scratch, and a second run touches nothing.
        assert_same_files(&tree.fresh_reports(), &after, "after adding corrections");
        tree.run_ok();
        assert_eq!(contents(&tree.reports()), after);
        // Removing the file undoes it.
        tree.remove("doc/corrections/v1-v2.yaml");
        tree.run_ok();
        assert_same_files(
            &before,
            &contents(&tree.reports()),
            "after removing corrections",
        );
    }

    #[test]
    fn an_invalid_corrections_file_is_reported_like_an_invalid_draft_and_not_applied() {
        let tree = two_versions();
        tree.run_ok();
        let before = contents(&tree.reports());
        tree.write(
            "doc/corrections/v1-v2.yaml",
            "old: v1\nnew: v2\nremoved:\n  - \"2\"\n  - \"9\"\n",
        );
        let out = tree.run_expect(1, &[]);
        let err = stderr(&out);
        assert!(
            err.contains(
                "drafts/doc/corrections/v1-v2.yaml:5:5: version \"v1\" has no provision \"9\""
            ),
            "{err}"
        );
        let index = tree.report("doc/index.md");
        assert!(
            index.contains("drafts/doc/corrections/v1-v2.yaml:5:5"),
            "{index}"
        );
        // Under its own heading, saying what became of the pair, not "Invalid drafts".
        assert!(index.contains("## Corrections not applied"), "{index}");
        assert!(index.contains("compared without them"), "{index}");
        assert!(!index.contains("Invalid drafts"), "{index}");
        assert!(tree
            .report("doc/index.html")
            .contains("<h2>Corrections not applied</h2>"));
        assert!(tree.report("index.md").contains("| Problems |"));
        // Not half-applied: old 2 is still paired, the reports are as without the file.
        assert_eq!(
            contents(&tree.reports())["doc/v1..v2.json"],
            before["doc/v1..v2.json"]
        );
        // Labels that name no consecutive pair, and a second file for the same pair.
        tree.write("doc/corrections/v1-v2.yaml", "old: v2\nnew: v1\n");
        let err = stderr(&tree.run_expect(1, &[]));
        assert!(
            err.contains("\"v2\" → \"v1\" is not a pair of consecutive versions"),
            "{err}"
        );
        tree.write("doc/corrections/v1-v2.yaml", FIX);
        tree.write("doc/corrections/z.yaml", FIX);
        let err = stderr(&tree.run_expect(1, &[]));
        assert!(
            err.contains("drafts/doc/corrections/z.yaml: \"v1\" → \"v2\" already has corrections in drafts/doc/corrections/v1-v2.yaml"),
            "{err}"
        );
        // The first file still applies, and the other document was never held up.
        assert!(kinds(&tree, "doc/v1..v2").contains(&"\"removed\" [\"2\"] []".to_string()));
        assert!(tree.has_report("other/v1..v2.json"));
    }

    #[test]
    fn a_watcher_picks_up_a_corrections_file_like_a_draft() {
        let tree = two_versions();
        let mut watcher = Watcher::start(&tree, &[]);
        watcher.expect("the first reports", || tree.has_report("doc/v1..v2.json"));
        std::fs::create_dir_all(tree.drafts().join("doc/corrections")).unwrap();
        save_atomically(&tree.drafts().join("doc/corrections/v1-v2.yaml"), FIX);
        watcher.expect("the corrected doc/v1..v2", || {
            tree.report("doc/v1..v2.md").contains("Set by hand")
        });
        assert!(watcher.is_running());
    }
}
