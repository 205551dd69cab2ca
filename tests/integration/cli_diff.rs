//! `draftdiff diff`: exit codes, `-o`, the JSON contract, colour choices and terminal safety.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{draftdiff, tests_dir};

fn fixture(scenario: &str, file: &str) -> PathBuf {
    tests_dir().join("fixtures").join(scenario).join(file)
}

fn pair(scenario: &str) -> [PathBuf; 2] {
    [fixture(scenario, "old.yaml"), fixture(scenario, "new.yaml")]
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

const ESC: char = '\u{1b}';

mod exit_codes {
    use super::*;

    #[test]
    fn identical_drafts_exit_0() {
        let [old, new] = pair("unchanged");
        let out = draftdiff()
            .arg("diff")
            .arg(&old)
            .arg(&new)
            .assert()
            .code(0)
            .get_output()
            .clone();
        assert!(stdout_of(&out).contains("10 provisions became 10: 10 unchanged."));
        assert_eq!(stderr_of(&out), "");
    }

    #[test]
    fn a_draft_compared_with_itself_exits_0() {
        let old = fixture("reworded", "old.yaml");
        draftdiff().arg("diff").arg(&old).arg(&old).assert().code(0);
    }

    #[test]
    fn differences_exit_1_in_every_format() {
        let [old, new] = pair("reworded");
        for format in ["text", "markdown", "json"] {
            draftdiff()
                .args(["diff", "--format", format])
                .arg(&old)
                .arg(&new)
                .assert()
                .code(1)
                .stderr("");
        }
    }

    /// A move alone is a difference: the provision stands somewhere else now.
    #[test]
    fn move_alone_exits_1() {
        let [old, new] = pair("moved");
        draftdiff().arg("diff").arg(&old).arg(&new).assert().code(1);
    }

    #[test]
    fn missing_file_exits_2_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let old = fixture("reworded", "old.yaml");
        let out = draftdiff()
            .current_dir(dir.path())
            .arg("diff")
            .arg(&old)
            .arg("nosuch.yaml")
            .assert()
            .code(2)
            .stdout("")
            .get_output()
            .clone();
        assert_eq!(stderr_of(&out), "draftdiff: nosuch.yaml: no such file\n");
    }

    /// A full disk behind stdout is an unwritable output (exit 2, said on stderr), not a
    /// silent success; a closed pipe is covered by the reader having asked for no more.
    #[test]
    fn unwritable_stdout_exits_2_in_every_format() {
        let [old, new] = pair("renumbered");
        for format in ["text", "markdown", "json", "html"] {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .expect("open /dev/full");
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_draftdiff"))
                .args(["diff", "--format", format])
                .arg(&old)
                .arg(&new)
                .stdout(full)
                .output()
                .expect("run draftdiff");
            assert_eq!(out.status.code(), Some(2), "{format}");
            assert!(
                stderr_of(&out).contains("standard output"),
                "{format}: {}",
                stderr_of(&out)
            );
        }
    }

    #[test]
    fn directory_instead_of_file_exits_2() {
        let dir = tempfile::tempdir().unwrap();
        let new = fixture("reworded", "new.yaml");
        let out = draftdiff()
            .arg("diff")
            .arg(dir.path())
            .arg(&new)
            .assert()
            .code(2)
            .get_output()
            .clone();
        assert!(
            stderr_of(&out).contains("not a regular file"),
            "{}",
            stderr_of(&out)
        );
    }

    #[test]
    fn invalid_draft_exits_2_with_location() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("bad.yaml"),
            "document: d\nversion: v\nprovisions:\n  - id: \"1\"\n    text: ok\n  - id: \"1\"\n    text: again\n",
        )
        .unwrap();
        let old = fixture("reworded", "old.yaml");
        draftdiff()
            .current_dir(dir.path())
            .arg("diff")
            .arg(&old)
            .arg("bad.yaml")
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                "draftdiff: bad.yaml:6:5: duplicate id \"1\" (first used at line 4)\n \
                 6 |   - id: \"1\"\n   \
                 |     ^\n",
            );
    }

    #[test]
    fn bad_flags_exit_2() {
        let [old, new] = pair("reworded");
        for args in [
            vec!["--format", "pdf"],
            vec!["--color", "sometimes"],
            vec!["--no-such-flag"],
        ] {
            let out = draftdiff()
                .arg("diff")
                .arg(&old)
                .arg(&new)
                .args(&args)
                .assert()
                .code(2)
                .stdout("")
                .get_output()
                .clone();
            assert!(!stderr_of(&out).is_empty(), "{args:?}: no message");
        }
        // Missing the second file, and an unknown subcommand.
        draftdiff().arg("diff").arg(&old).assert().code(2);
        draftdiff()
            .arg("compare")
            .arg(&old)
            .arg(&new)
            .assert()
            .code(2);
        draftdiff().assert().code(2);
    }

    #[test]
    fn help_and_version_exit_0() {
        draftdiff().arg("--help").assert().code(0);
        draftdiff().args(["diff", "--help"]).assert().code(0);
        let out = draftdiff()
            .arg("--version")
            .assert()
            .code(0)
            .get_output()
            .clone();
        assert!(stdout_of(&out).starts_with("draftdiff "));
    }
}

mod output_file {
    use super::*;

    #[test]
    fn dash_o_writes_the_report_and_prints_nothing() {
        let [old, new] = pair("reworded");
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.md");
        let expected = draftdiff()
            .args(["diff", "--format", "markdown"])
            .arg(&old)
            .arg(&new)
            .output()
            .unwrap()
            .stdout;
        draftdiff()
            .args(["diff", "--format", "markdown", "-o"])
            .arg(&target)
            .arg(&old)
            .arg(&new)
            .assert()
            .code(1)
            .stdout("")
            .stderr("");
        assert_eq!(std::fs::read(&target).unwrap(), expected);
        // Only the report: no temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("report.md")]);
    }

    #[test]
    fn dash_o_replaces_an_existing_file() {
        let [old, new] = pair("added");
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.json");
        std::fs::write(
            &target,
            "stale report that is much longer than nothing".repeat(1000),
        )
        .unwrap();
        draftdiff()
            .args(["diff", "--format", "json", "--output"])
            .arg(&target)
            .arg(&old)
            .arg(&new)
            .assert()
            .code(1);
        let written: Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
        assert_eq!(written["summary"]["added"], 2);
    }

    #[test]
    fn text_written_to_a_file_has_no_colour_in_auto_mode() {
        let [old, new] = pair("reworded");
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.txt");
        draftdiff()
            .arg("diff")
            .arg("-o")
            .arg(&target)
            .arg(&old)
            .arg(&new)
            .assert()
            .code(1);
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(!text.contains(ESC));
        assert!(text.contains("[-six months-]{+ninety days+}"), "{text}");
    }

    /// `-o` onto a FIFO, a device or a link to one (`/dev/stdout`) writes into it, as a
    /// shell redirection does, and leaves it what it was.
    #[cfg(unix)]
    #[test]
    fn dash_o_writes_into_a_fifo_or_a_device_without_replacing_it() {
        use std::os::unix::fs::FileTypeExt;
        let [old, new] = pair("reworded");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        draftdiff()
            .args(["diff", "--format", "json", "-o"])
            .arg(&fifo)
            .arg(&old)
            .arg(&new)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(1);
        let json: Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
        assert_eq!(json["document"], "selva-basin-agreement");
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo());
        for device in ["/dev/null", "/dev/stdout"] {
            let before = std::fs::symlink_metadata(device).unwrap().file_type();
            draftdiff()
                .args(["diff", "--format", "markdown", "-o", device])
                .arg(&old)
                .arg(&new)
                .assert()
                .code(1);
            let after = std::fs::symlink_metadata(device).unwrap().file_type();
            assert_eq!(before, after, "{device} is what it was");
            assert!(!after.is_file(), "{device} became a regular file");
        }
    }

    /// `-o` replaces a symlink at the target; it never writes through it.
    #[cfg(unix)]
    #[test]
    fn dash_o_replaces_a_symlink_without_following_it() {
        let [old, new] = pair("reworded");
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.txt");
        std::fs::write(&elsewhere, "not a report").unwrap();
        let target = dir.path().join("report.md");
        std::os::unix::fs::symlink(&elsewhere, &target).unwrap();
        draftdiff()
            .args(["diff", "--format", "markdown", "-o"])
            .arg(&target)
            .arg(&old)
            .arg(&new)
            .assert()
            .code(1);
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "not a report");
        assert!(!std::fs::symlink_metadata(&target)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("# selva-basin-agreement"));
    }

    #[test]
    fn output_onto_a_folder_exits_2() {
        let [old, new] = pair("reworded");
        let dir = tempfile::tempdir().unwrap();
        draftdiff()
            .arg("diff")
            .arg("-o")
            .arg(dir.path())
            .arg(&old)
            .arg(&new)
            .assert()
            .code(2);
        assert!(dir.path().is_dir());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "temporary file left behind"
        );
    }

    #[test]
    fn unwritable_output_exits_2() {
        let [old, new] = pair("reworded");
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no-such-folder").join("report.md");
        let out = draftdiff()
            .arg("diff")
            .arg("-o")
            .arg(&target)
            .arg(&old)
            .arg(&new)
            .assert()
            .code(2)
            .get_output()
            .clone();
        assert!(
            stderr_of(&out).contains("cannot write"),
            "{}",
            stderr_of(&out)
        );
        assert!(!target.exists());
    }
}

mod json_contract {
    use super::*;

    fn json_of(scenario: &str) -> Value {
        let [old, new] = pair(scenario);
        let out = draftdiff()
            .args(["diff", "--format", "json"])
            .arg(&old)
            .arg(&new)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    }

    fn keys(v: &Value) -> Vec<&str> {
        let mut k: Vec<&str> = v
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        k.sort_unstable();
        k
    }

    fn sorted(mut v: Vec<&'static str>) -> Vec<&'static str> {
        v.sort_unstable();
        v
    }

    #[test]
    fn top_level_and_versions() {
        let v = json_of("reworded");
        for key in ["schema", "document", "old", "new", "summary", "changes"] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert_eq!(v["schema"], 1);
        assert_eq!(v["document"], "selva-basin-agreement");
        for (side, version, date, source) in [
            (
                "old",
                "second-reading",
                "2025-03-04",
                "Joint drafting committee, document JDC/2025/4",
            ),
            (
                "new",
                "third-reading",
                "2025-04-10",
                "Joint drafting committee, document JDC/2025/7",
            ),
        ] {
            let s = &v[side];
            for key in ["version", "date", "source", "status", "provisions"] {
                assert!(s.get(key).is_some(), "{side}: missing {key}");
            }
            assert_eq!(s["version"], version);
            assert_eq!(s["date"], date);
            assert_eq!(s["source"], source);
            assert_eq!(s["status"], "negotiating text");
            assert_eq!(s["provisions"], 10);
        }
    }

    #[test]
    fn absent_metadata_is_null() {
        let v = json_of("plain-strings");
        for side in ["old", "new"] {
            assert_eq!(v[side]["source"], Value::Null);
            assert_eq!(v[side]["status"], Value::Null);
            assert_eq!(v[side]["title"], Value::Null);
        }
        assert_eq!(v["old"]["provisions"], 5);
        assert_eq!(v["new"]["provisions"], 6);
    }

    #[test]
    fn summary_counts_match_the_changes() {
        for scenario in [
            "split",
            "merged",
            "moved",
            "renumber-everything-after-a-deletion",
            "sub-provisions",
        ] {
            let v = json_of(scenario);
            let summary = &v["summary"];
            assert_eq!(
                keys(summary),
                sorted(vec![
                    "unchanged",
                    "changed",
                    "added",
                    "removed",
                    "split",
                    "merged",
                    "renumbered",
                    "moved"
                ]),
                "{scenario}"
            );
            let changes = v["changes"].as_array().unwrap();
            for kind in [
                "unchanged",
                "changed",
                "added",
                "removed",
                "split",
                "merged",
            ] {
                let n = changes.iter().filter(|c| c["kind"] == kind).count();
                assert_eq!(summary[kind], n, "{scenario}: {kind}");
            }
            for flag in ["renumbered", "moved"] {
                let n = changes.iter().filter(|c| c[flag] == true).count();
                assert_eq!(summary[flag], n, "{scenario}: {flag}");
            }
        }
        let v = json_of("moved");
        assert_eq!(v["summary"]["moved"], 1);
        let v = json_of("renumber-everything-after-a-deletion");
        assert_eq!(v["summary"]["renumbered"], 7);
        assert_eq!(v["summary"]["removed"], 1);
    }

    #[test]
    fn change_entries() {
        let v = json_of("sub-provisions");
        let changes = v["changes"].as_array().unwrap();
        let required = [
            "kind",
            "old_ids",
            "new_ids",
            "renumbered",
            "moved",
            "similarity",
            "old_text",
            "new_text",
            "diff",
        ];
        for c in changes {
            for key in required {
                assert!(c.get(key).is_some(), "missing {key} in {c}");
            }
            let kind = c["kind"].as_str().unwrap();
            assert!([
                "unchanged",
                "changed",
                "added",
                "removed",
                "split",
                "merged"
            ]
            .contains(&kind));
            let similarity = c["similarity"].as_f64().expect("similarity is a number");
            assert!((0.0..=1.0).contains(&similarity), "similarity {similarity}");
            assert!(c["renumbered"].is_boolean() && c["moved"].is_boolean());
            let (old_ids, new_ids) = (
                c["old_ids"].as_array().unwrap(),
                c["new_ids"].as_array().unwrap(),
            );
            match kind {
                "added" => {
                    assert!(old_ids.is_empty() && c["old_text"].is_null());
                    assert!(new_ids.len() == 1 && c["new_text"].is_string());
                }
                "removed" => {
                    assert!(new_ids.is_empty() && c["new_text"].is_null());
                    assert!(old_ids.len() == 1 && c["old_text"].is_string());
                }
                _ => assert!(c["old_text"].is_string() && c["new_text"].is_string()),
            }
            for segment in c["diff"].as_array().unwrap() {
                assert_eq!(keys(segment), ["op", "text"]);
                assert!(["equal", "delete", "insert"].contains(&segment["op"].as_str().unwrap()));
                assert!(segment["text"].is_string());
            }
        }
        // The reworded paragraph (b): its redline, segment by segment.
        let b = changes
            .iter()
            .find(|c| c["old_ids"] == serde_json::json!(["6.b"]))
            .unwrap();
        assert_eq!(b["kind"], "changed");
        assert_eq!(b["new_ids"], serde_json::json!(["6.b"]));
        let ops: Vec<(&str, &str)> = b["diff"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["op"].as_str().unwrap(), s["text"].as_str().unwrap()))
            .collect();
        assert_eq!(
            ops,
            [
                ("equal", "It shall allow the notified States a period of "),
                ("delete", "six months"),
                ("insert", "ninety days, extendable once by a further sixty days,"),
                ("equal", " within which to study and evaluate the possible effects of the planned measures and to communicate their findings to it."),
            ]
        );
        let rebuilt_old: String = ops
            .iter()
            .filter(|s| s.0 != "insert")
            .map(|s| s.1)
            .collect();
        assert_eq!(rebuilt_old, b["old_text"].as_str().unwrap());
        // Relettered (d) -> (c): renumbered, and its similarity shows a mostly kept text.
        let d = changes
            .iter()
            .find(|c| c["old_ids"] == serde_json::json!(["6.d"]))
            .unwrap();
        assert_eq!(d["new_ids"], serde_json::json!(["6.c"]));
        assert_eq!(d["renumbered"], true);
        assert!(d["similarity"].as_f64().unwrap() > 0.5);
    }

    #[test]
    fn split_entry_lists_both_parts() {
        let v = json_of("split");
        let split: Vec<&Value> = v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == "split")
            .collect();
        assert_eq!(split.len(), 1);
        assert_eq!(split[0]["old_ids"], serde_json::json!(["4"]));
        assert_eq!(split[0]["new_ids"], serde_json::json!(["4", "5"]));
        // The new side's text is both parts, in order.
        let new_text = split[0]["new_text"].as_str().unwrap();
        assert!(new_text.starts_with("The Parties shall, in utilizing"));
        assert!(new_text.ends_with("discuss the question of compensation."));
    }
}

mod colour {
    use super::*;

    fn run(args: &[&str], env: &[(&str, &str)]) -> String {
        let [old, new] = pair("reworded");
        let mut cmd = draftdiff();
        cmd.arg("diff").arg(&old).arg(&new).args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        stdout_of(&cmd.output().unwrap())
    }

    /// Removes the SGR sequences (`ESC [ ... m`) the terminal report uses for styling.
    fn strip_sgr(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ESC && chars.peek() == Some(&'[') {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn never_uses_word_diff_markers() {
        let text = run(&["--color", "never"], &[]);
        assert!(!text.contains(ESC));
        assert!(text.contains("within [-six-]{+twelve+} months"), "{text}");
        assert!(
            text.contains("timely {+and comprehensive +}notification"),
            "{text}"
        );
        assert!(
            text.contains("title: [-Joint Basin Commission-] {+Selva River Basin Commission+}"),
            "{text}"
        );
    }

    #[test]
    fn always_emits_ansi_and_the_same_words() {
        let coloured = run(&["--color", "always"], &[]);
        assert!(
            coloured.contains("\u{1b}[31;9msix\u{1b}[0m"),
            "deletion not red: {coloured}"
        );
        assert!(
            coloured.contains("\u{1b}[32;4mtwelve\u{1b}[0m"),
            "insertion not green: {coloured}"
        );
        assert!(!coloured.contains("[-") && !coloured.contains("{+"));
        // Without its styling, the coloured report is the plain one without markers.
        let plain = run(&["--color", "never"], &[]);
        let unmarked = plain
            .replace("[-", "")
            .replace("-]", "")
            .replace("{+", "")
            .replace("+}", "");
        assert_eq!(strip_sgr(&coloured), unmarked);
    }

    #[test]
    fn always_wins_over_no_color() {
        assert!(run(&["--color", "always"], &[("NO_COLOR", "1")]).contains(ESC));
    }

    #[test]
    fn auto_does_not_colour_a_pipe() {
        let text = run(&[], &[]);
        assert!(!text.contains(ESC));
        assert!(text.contains("[-six-]{+twelve+}"));
    }

    /// Runs the report under a pseudo-terminal (util-linux `script`), where `auto` colours.
    fn on_a_terminal(no_color: Option<&str>) -> String {
        let [old, new] = pair("reworded");
        let command = format!(
            "{} diff --color auto {} {}",
            env!("CARGO_BIN_EXE_draftdiff"),
            old.display(),
            new.display()
        );
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let out = cmd
            .output()
            .expect("util-linux `script` is needed to run draftdiff on a pseudo-terminal");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[test]
    fn auto_colours_a_terminal_unless_no_color_is_set() {
        let tty = on_a_terminal(None);
        assert!(tty.contains("twelve"), "the report did not run: {tty:?}");
        assert!(tty.contains(ESC), "auto on a terminal should colour");
        let no_color = on_a_terminal(Some("1"));
        assert!(no_color.contains("[-six-]{+twelve+}"), "{no_color:?}");
        assert!(!no_color.contains(ESC), "NO_COLOR=1 must turn colour off");
        // An empty NO_COLOR does not count as set (no-color.org).
        assert!(on_a_terminal(Some("")).contains(ESC));
    }
}

mod terminal_safety {
    use super::*;

    /// A draft whose id, title and text carry escape sequences, a bell, a C1 CSI, a
    /// DEL and a right-to-left override.
    const HOSTILE: &str = r#"document: hostile
version: v2
provisions:
  - id: "1"
    title: "Scope\e]0;pwned\a"
    text: "Clear the screen \e[2J and go red \e[31m now. C1 \u009b31m CSI, DEL \x7f, flip \u202e txt."
  - id: "2\e[1m"
    text: "An added provision with a bell \a in it."
"#;

    const PLAIN: &str = r#"document: hostile
version: v1
provisions:
  - id: "1"
    title: "Scope"
    text: "Clear the screen and go red now. C1 CSI, DEL, flip txt."
"#;

    fn drafts() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.yaml");
        let new = dir.path().join("new.yaml");
        std::fs::write(&old, PLAIN).unwrap();
        std::fs::write(&new, HOSTILE).unwrap();
        (dir, old, new)
    }

    fn run(old: &Path, new: &Path, args: &[&str]) -> String {
        let out = draftdiff()
            .arg("diff")
            .arg(old)
            .arg(new)
            .args(args)
            .assert()
            .code(1)
            .get_output()
            .clone();
        stdout_of(&out)
    }

    fn raw_controls(s: &str) -> Vec<char> {
        s.chars().filter(|&c| c.is_control() && c != '\n').collect()
    }

    #[test]
    fn text_report_never_prints_draft_controls() {
        let (_dir, old, new) = drafts();
        let plain = run(&old, &new, &["--color", "never"]);
        assert_eq!(raw_controls(&plain), [], "{plain:?}");
        assert!(
            !plain.contains('\u{202e}'),
            "bidi override reached the terminal"
        );
        // They are shown, visibly escaped.
        for visible in [
            "\\u{1b}[2J",
            "\\u{1b}[31m",
            "\\u{9b}31m",
            "\\u{7f}",
            "\\u{202e}",
            "\\u{7}",
            "\\u{1b}]0;pwned",
        ] {
            assert!(plain.contains(visible), "{visible} not shown in {plain}");
        }
        assert!(plain.contains("2\\u{1b}[1m"), "id not escaped: {plain}");
    }

    #[test]
    fn coloured_text_report_only_has_its_own_escapes() {
        let (_dir, old, new) = drafts();
        let coloured = run(&old, &new, &["--color", "always"]);
        const OURS: [&str; 5] = ["[31;9m", "[32;4m", "[1m", "[2m", "[0m"];
        for (i, _) in coloured.match_indices(ESC) {
            let rest = &coloured[i + 1..];
            assert!(
                OURS.iter().any(|code| rest.starts_with(code)),
                "foreign escape at {:?}",
                &rest[..rest.len().min(12)]
            );
        }
        let without_escape: String = coloured.chars().filter(|&c| c != ESC).collect();
        assert_eq!(raw_controls(&without_escape), []);
        assert!(!coloured.contains('\u{202e}'));
    }

    #[test]
    fn markdown_report_has_no_raw_controls() {
        let (_dir, old, new) = drafts();
        let markdown = run(&old, &new, &["--format", "markdown"]);
        assert_eq!(raw_controls(&markdown), [], "{markdown:?}");
        // Shown as character references (and the `[` escaped as Markdown punctuation).
        assert!(markdown.contains("&#x1b;\\[2J"), "{markdown}");
        assert!(markdown.contains("&#x9b;31m"), "{markdown}");
    }

    /// Regression: JSON printed to a terminal carried DEL and the C1 controls (U+007F..U+009F)
    /// raw: serde_json escapes only C0 controls, and U+009B is a CSI on terminals that
    /// honour C1 controls. `\u007f` / `\u009b` escapes would keep the JSON identical.
    #[test]
    fn json_report_has_no_raw_controls() {
        let (_dir, old, new) = drafts();
        let json = run(&old, &new, &["--format", "json"]);
        assert_eq!(
            raw_controls(&json),
            [],
            "raw control characters in the JSON report"
        );
        // Escaping keeps the JSON faithful to the draft.
        let v: Value = serde_json::from_str(&json).unwrap();
        let texts: Vec<&str> = v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["new_text"].as_str())
            .collect();
        assert!(texts
            .iter()
            .any(|t| t.contains("\u{1b}[2J") && t.contains('\u{9b}')));
    }
}

/// Versions given newest first are compared as asked, with a warning that says so; in the
/// right order there is no warning.
#[test]
fn versions_given_newest_first_get_a_warning() {
    let root = tests_dir().parent().unwrap().join("drafts/peace-plan");
    let (leaked, geneva) = (
        root.join("2025-11-20-leaked.yaml"),
        root.join("2025-11-23-post-geneva.yaml"),
    );
    let reversed = draftdiff()
        .arg("diff")
        .arg(&geneva)
        .arg(&leaked)
        .output()
        .unwrap();
    assert_eq!(reversed.status.code(), Some(1));
    assert!(
        stderr_of(&reversed).contains("dated after the new one"),
        "{}",
        stderr_of(&reversed)
    );
    let ordered = draftdiff()
        .arg("diff")
        .arg(&leaked)
        .arg(&geneva)
        .output()
        .unwrap();
    assert_eq!(stderr_of(&ordered), "");
}

/// `--timings` prints one line per stage and the total to stderr, and changes nothing
/// else: stdout, `-o` files and the exit code are those of the same diff without it.
mod timings {
    use super::*;

    const STAGES: [&str; 8] = [
        "load old",
        "load new",
        "align",
        "word diff",
        "highlights",
        "render",
        "write",
        "total",
    ];

    fn stage_names(stderr: &str) -> Vec<String> {
        stderr
            .lines()
            .map(|line| {
                let (name, ms) = line.trim_end().rsplit_once("  ").expect("name  N ms");
                assert!(ms.trim().ends_with(" ms"), "{line}");
                let value = ms.trim().trim_end_matches(" ms");
                assert!(value.parse::<f64>().is_ok(), "{line}");
                name.trim().to_string()
            })
            .collect()
    }

    #[test]
    fn stages_on_stderr_and_stdout_unchanged_in_every_format() {
        let root = tests_dir().parent().unwrap().join("drafts/peace-plan");
        let (old, new) = (
            root.join("2025-11-20-leaked.yaml"),
            root.join("2025-11-23-post-geneva.yaml"),
        );
        for format in ["text", "markdown", "json", "html"] {
            let plain = draftdiff()
                .args(["diff", "--format", format])
                .arg(&old)
                .arg(&new)
                .output()
                .unwrap();
            let timed = draftdiff()
                .args(["diff", "--timings", "--format", format])
                .arg(&old)
                .arg(&new)
                .output()
                .unwrap();
            assert_eq!(timed.status.code(), plain.status.code(), "{format}");
            assert_eq!(timed.stdout, plain.stdout, "{format}");
            assert_eq!(stderr_of(&plain), "");
            assert_eq!(stage_names(&stderr_of(&timed)), STAGES, "{format}");
        }
    }

    #[test]
    fn a_json_file_written_with_timings_is_the_same() {
        let [old, new] = pair("split");
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.json");
        let expected = draftdiff()
            .args(["diff", "--format", "json"])
            .arg(&old)
            .arg(&new)
            .output()
            .unwrap()
            .stdout;
        let out = draftdiff()
            .args(["diff", "--timings", "--format", "json", "-o"])
            .arg(&target)
            .arg(&old)
            .arg(&new)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stdout_of(&out), "");
        assert_eq!(stage_names(&stderr_of(&out)), STAGES);
        assert_eq!(std::fs::read(&target).unwrap(), expected);
    }
}

#[test]
fn a_dash_reads_one_side_from_standard_input() {
    let drafts = Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts/peace-plan");
    let old = drafts.join("2025-11-20-leaked.yaml");
    let new = drafts.join("2025-11-23-post-geneva.yaml");
    let from_files = draftdiff()
        .args(["diff", "-f", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    let from_stdin = draftdiff()
        .args(["diff", "-f", "json"])
        .arg(&old)
        .arg("-")
        .write_stdin(std::fs::read(&new).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        from_stdin.status.code(),
        Some(1),
        "{}",
        stderr_of(&from_stdin)
    );
    let changes = |o: &std::process::Output| -> Value {
        serde_json::from_slice::<Value>(&o.stdout).unwrap()["changes"].clone()
    };
    assert_eq!(changes(&from_files), changes(&from_stdin));
    let both = draftdiff().args(["diff", "-", "-"]).output().unwrap();
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr_of(&both).contains("only one of OLD and NEW can be `-`"));
}

mod parts_and_escaping {
    use super::*;

    fn render(scenario: &str, format: &str) -> String {
        let [old, new] = pair(scenario);
        let out = draftdiff()
            .args(["diff", "--color", "never", "-f", format])
            .arg(old)
            .arg(new)
            .output()
            .unwrap();
        stdout_of(&out)
    }

    #[test]
    fn a_split_names_every_part_and_shows_each_parts_redline() {
        let md = render("split", "markdown");
        assert!(
            md.contains(
                "Old 4 (Obligation not to cause significant harm) was split into new 4 \
                 (Prevention of significant harm); 5 (Mitigation and compensation).\n"
            ),
            "{md}"
        );
        let first = md
            .find("\nNew 4 · Prevention of significant harm:\n\n> ")
            .expect(&md);
        let second = md
            .find("\nNew 5 · Mitigation and compensation:\n\n> ")
            .expect(&md);
        assert!(first < second);
        // The first part's redline ends before the second part's text begins.
        let between = &md[first..second];
        assert!(!between.contains("nevertheless caused"), "{between}");
        let text = render("split", "text");
        assert!(text.contains("\n  new 4: "), "{text}");
        assert!(
            text.contains("\n  new 5: Where significant harm is nevertheless caused"),
            "{text}"
        );
        assert!(text.contains("(Mitigation and compensation)"), "{text}");
    }

    #[test]
    fn a_merge_names_every_old_title_and_no_first_title_stands_for_all() {
        let md = render("merged", "markdown");
        assert!(
            md.contains("Old 4 (Grants for charging and refueling infrastructure); 5 (Workforce standards) were merged into new 4"),
            "{md}"
        );
        assert!(
            md.contains("\nOld 4 · Grants for charging and refueling infrastructure:\n"),
            "{md}"
        );
        assert!(md.contains("\nOld 5 · Workforce standards:\n"), "{md}");
        // A title change line would compare only the first old title with the new one.
        assert!(!md.contains("Title: <del>"), "{md}");
        let text = render("merged", "text");
        assert!(
            text.contains("\n  old 4: ") && text.contains("\n  old 5: "),
            "{text}"
        );
        assert!(!text.contains("  title: "), "{text}");
    }

    #[test]
    fn an_added_provision_is_marked_inserted_as_a_removed_one_is_marked_deleted() {
        let md = render("added", "markdown");
        assert!(
            md.contains("### Added 4A · Technical assistance\n\n> <ins>The Secretary"),
            "{md}"
        );
        let md = render("removed", "markdown");
        assert!(md.contains("> <del>"), "{md}");
    }

    #[test]
    fn ids_are_escaped_the_same_way_in_headings_lists_and_key_changes() {
        let md = diff_of(
            "document: d\nversion: a\nprovisions:\n  - {id: \"3.b\", text: \"The parties meet every 90 days.\"}\n  - {id: \"1.*\", text: \"Star.\"}\n",
            "document: d\nversion: b\nprovisions:\n  - {id: \"3.c\", text: \"The parties meet every 60 days.\"}\n  - {id: \"1.*\", text: \"Star, moved.\"}\n",
            "markdown",
        );
        assert!(md.contains("### Changed 3.b → 3.c"), "{md}");
        assert!(md.contains("- **3.b → 3.c**"), "{md}");
        assert!(md.contains("### Changed 1.\\*"), "{md}");
        assert!(!md.contains("3\\.b"), "{md}");
    }
}

/// Key changes name a figure once, say "became" for each figure replaced, and take no
/// bare number word ("the two presidents") for a figure.
#[test]
fn key_changes_carry_no_noise() {
    let text = diff_of(
        "document: d\nversion: a\nprovisions:\n  - {id: \"1\", text: \"The fund receives USD 100 billion from frozen assets and USD 20 billion from Europe; the USD 100 billion are invested by the United States.\"}\n  - {id: \"2\", text: \"Territorial questions are left for the parties to settle within 30 days.\"}\n",
        "document: d\nversion: b\nprovisions:\n  - {id: \"1\", text: \"The fund receives USD 50 billion from frozen assets and USD 20 billion from Europe; the USD 50 billion are invested by the United States.\"}\n  - {id: \"2\", text: \"Territorial questions are left for the two presidents to settle within 60 days.\"}\n",
        "text",
    );
    assert!(
        text.contains("    1: “USD 100 billion” became “USD 50 billion”\n"),
        "{text}"
    );
    assert!(
        text.contains("    2: “30 days” became “60 days”\n"),
        "{text}"
    );
    assert!(!text.contains("“two”"), "{text}");
}

/// Figures are paired only inside one passage and only like for like; a number word cut
/// out whole is still reported.
#[test]
fn key_changes_pair_no_unlike_figures_and_keep_a_count_cut_out() {
    let text = diff_of(
        "document: d\nversion: c\nprovisions:\n  - {id: \"1\", text: \"Disputes go to an arbitral tribunal of three within 30 days; the fund gets USD 5 billion.\"}\n",
        "document: d\nversion: d\nprovisions:\n  - {id: \"1\", text: \"Disputes go to an arbitral tribunal within 60 days; the fund gets 10 kilometres.\"}\n",
        "text",
    );
    assert!(text.contains("“three”"), "{text}");
    assert!(!text.contains("“USD 5 billion” became"), "{text}");
    assert!(
        text.contains("“USD 5 billion”") && text.contains("“10 kilometres” added"),
        "{text}"
    );
}

/// The report of two drafts written from their YAML, in `format`.
fn diff_of(old_yaml: &str, new_yaml: &str, format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    std::fs::write(&old, old_yaml).unwrap();
    std::fs::write(&new, new_yaml).unwrap();
    let out = draftdiff()
        .args(["diff", "--color", "never", "-f", format])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    stdout_of(&out)
}
