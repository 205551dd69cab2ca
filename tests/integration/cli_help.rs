//! The command line explains itself: examples and exit codes in every subcommand's help,
//! shell completions that load, a man page that formats.

use std::process::Command;

use crate::common::draftdiff;

const SUBCOMMANDS: [&str; 9] = [
    "diff",
    "check",
    "run",
    "watch",
    "import",
    "history",
    "synth",
    "completions",
    "man",
];

fn stdout(args: &[&str]) -> String {
    let out = draftdiff().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_subcommand_is_listed_and_its_help_has_examples() {
    let top = stdout(&["--help"]);
    for sub in SUBCOMMANDS {
        assert!(
            top.contains(&format!("\n  {sub} ")),
            "{sub} missing from:\n{top}"
        );
        let help = stdout(&[sub, "--help"]);
        assert!(
            help.contains("Examples:\n  ") && help.contains(&format!("draftdiff {sub} ")),
            "{sub}:\n{help}"
        );
    }
}

#[test]
fn help_gives_each_commands_exit_codes() {
    for sub in ["diff", "check", "run", "watch", "import", "history"] {
        let help = stdout(&[sub, "--help"]);
        assert!(help.contains("Exit codes:\n  0  "), "{sub}:\n{help}");
    }
    let diff = stdout(&["diff", "--help"]);
    assert!(diff.contains("1  they differ"), "{diff}");
    assert!(diff.contains("set -e"), "{diff}");
    let run = stdout(&["run", "--help"]);
    assert!(
        run.contains("3  another draftdiff held the reports lock"),
        "{run}"
    );
}

#[test]
fn watch_describes_wait_in_its_own_words() {
    let watch = stdout(&["watch", "--help"]);
    let run = stdout(&["run", "--help"]);
    assert!(watch.contains("never gives up"), "{watch}");
    assert!(!watch.contains("exits with 3"), "{watch}");
    assert!(run.contains("`run` exits"), "{run}");
}

#[test]
fn bash_completions_load_and_complete_subcommands() {
    let script = stdout(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("draftdiff.bash");
    std::fs::write(&file, &script).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(syntax.status.success(), "{syntax:?}");
    // Loaded into a shell, the function offers the subcommands after `draftdiff `.
    let probe = format!(
        "source {}; COMP_WORDS=(draftdiff ''); COMP_CWORD=1; COMP_LINE='draftdiff '; \
         COMP_POINT=10; _draftdiff draftdiff '' draftdiff; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = Command::new("bash").args(["-c", &probe]).output().unwrap();
    let offered = String::from_utf8_lossy(&out.stdout);
    for sub in ["diff", "run", "watch", "completions"] {
        assert!(
            offered.lines().any(|l| l == sub),
            "{sub}: {offered} {out:?}"
        );
    }
}

#[test]
fn completions_for_the_other_shells_name_the_commands() {
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&["completions", shell]);
        assert!(
            script.contains("draftdiff") && script.contains("corrections"),
            "{shell}"
        );
    }
    let out = draftdiff().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// groff formats the page without a warning (`-ww` turns every warning on).
fn formats_cleanly(roff: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("groff, to format the man page");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(roff.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_man_pages_format_and_carry_the_examples() {
    let page = stdout(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH draftdiff 1"),
        "{page}"
    );
    let shown = formats_cleanly(&page);
    assert!(shown.contains("draftdiff-diff(1)"), "{shown}");
    for sub in ["diff", "run", "watch"] {
        let page = stdout(&["man", sub]);
        assert!(page.contains(&format!(".TH draftdiff-{sub} 1")), "{page}");
        let shown = formats_cleanly(&page);
        assert!(shown.contains("Exit codes:"), "{shown}");
    }
    let out = draftdiff().args(["man", "nonsense"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no subcommand \"nonsense\""));
}
