//! The recipes of docs/notifications.md, run as the page shows them, against local
//! stand-ins: a `sendmail` that records what it is given, and a web server on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::common::*;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The recipe's command as docs/notifications.md shows it, with the recipes beside it.
fn recipe(tree: &Tree, script: &str) -> String {
    let command = format!("sh docs/recipes/{script}");
    let page = std::fs::read_to_string(Path::new(REPO).join("docs/notifications.md"))
        .expect("docs/notifications.md");
    assert!(
        page.contains(&format!("--on-report '{command}'")),
        "docs/notifications.md no longer shows --on-report '{command}'"
    );
    let recipes = tree.root().join("docs/recipes");
    std::fs::create_dir_all(&recipes).expect("recipes folder");
    std::fs::copy(
        Path::new(REPO).join("docs/recipes").join(script),
        recipes.join(script),
    )
    .expect("copy the recipe");
    command
}

fn needs(tool: &str) {
    let found = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(found, "the recipe needs {tool}; .ci/run installs it");
}

fn two_versions() -> Tree {
    let tree = Tree::new();
    tree.write("plan/v1.yaml", &small("v1", "2025-01-01", "within 30 days"));
    tree.write(
        "plan/v2.yaml",
        &draft(
            "v2",
            Some("2025-02-01"),
            &[
                "The parties agree to a ceasefire along the current line of contact.",
                "Prisoners are exchanged on an all-for-all basis within 90 days.",
            ],
        ),
    );
    tree
}

const HEADLINE: &str = "3 provisions became 2: 1 removed, 1 changed, 1 unchanged.";

#[test]
fn the_mail_recipe_sends_the_headline_and_the_key_changes() {
    let tree = two_versions();
    let command = recipe(&tree, "mail.sh");
    let bin = tree.root().join("bin");
    std::fs::create_dir(&bin).expect("bin folder");
    let stub = bin.join("sendmail");
    std::fs::write(
        &stub,
        "#!/bin/sh\nprintf '%s\\n' \"$*\" > \"$MAIL_LOG.args\"\ncat > \"$MAIL_LOG\"\n",
    )
    .expect("stub sendmail");
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&stub)
        .status()
        .expect("chmod");
    let log = tree.root().join("mail.txt");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = tree
        .command("run")
        .args(["--on-report", &command])
        .env("PATH", path)
        .env("MAIL_TO", "desk@example.org")
        .env("MAIL_LOG", &log)
        .output()
        .expect("run draftdiff");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mail = std::fs::read_to_string(&log).expect("sendmail was given a message");
    assert!(mail.starts_with("To: desk@example.org\n"), "{mail}");
    assert!(
        mail.contains(&format!("\nSubject: plan, v1 -> v2: {HEADLINE}\n")),
        "{mail}"
    );
    let body = mail.split_once("\n\n").expect("headers, then a body").1;
    assert!(body.starts_with(HEADLINE), "{body}");
    assert!(
        body.contains("Numbers, amounts and dates (1)\n- 2: “30 days” became “90 days”"),
        "{body}"
    );
    assert!(
        body.contains("Removed provisions (1)\n- 3: A joint commission"),
        "{body}"
    );
    assert!(
        body.contains("Full report: ") && body.contains("plan/v1..v2.html"),
        "{body}"
    );
    let args = std::fs::read_to_string(log.with_extension("txt.args")).expect("args");
    assert_eq!(args.trim(), "-i -t");
}

/// One HTTP request to a listener on 127.0.0.1: its body.
fn serve(listener: TcpListener, bodies: Arc<Mutex<Vec<String>>>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { return };
        let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
        let mut length = 0;
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().expect("a length");
            }
            if lower.starts_with("expect: 100-continue") {
                let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
            }
            line.clear();
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("the body");
        bodies
            .lock()
            .unwrap()
            .push(String::from_utf8(body).expect("UTF-8"));
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    }
}

#[test]
fn the_webhook_recipe_posts_json_built_from_the_report() {
    needs("jq");
    needs("curl");
    let tree = two_versions();
    let command = recipe(&tree, "webhook.sh");
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let received = Arc::clone(&bodies);
    std::thread::spawn(move || serve(listener, received));
    let output = tree
        .command("run")
        .args(["--on-report", &command])
        .args(["--base-url", "https://example.org/reports"])
        .env("WEBHOOK_URL", &url)
        .output()
        .expect("run draftdiff");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        output.stdout.is_empty(),
        "the server's reply reached stdout"
    );
    let err = stderr(&output);
    assert!(
        !err.contains("hook_failed") && !err.contains("failed"),
        "{err}"
    );
    let bodies = bodies.lock().unwrap();
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    let json: serde_json::Value = serde_json::from_str(&bodies[0]).expect("a JSON body");
    let text = json["text"].as_str().expect("a text field");
    assert!(
        text.starts_with(&format!("plan: v1 → v2\n{HEADLINE}\n\n")),
        "{text}"
    );
    assert!(text.contains("- 2: “30 days” became “90 days”"), "{text}");
    assert!(
        text.ends_with("\n\nhttps://example.org/reports/plan/v1..v2.html"),
        "{text}"
    );
}

/// The key changes handed to a command show control characters and bidi overrides as
/// escapes, and keep draft text out of the command's parsing.
#[test]
fn key_changes_in_the_environment_are_made_visible() {
    let tree = Tree::new();
    let hostile = r#""Gone: $(touch pwned) `touch pwned` \u202Etxet \e[2J end.""#;
    tree.write(
        "plan/v1.yaml",
        &format!("version: v1\ndate: 2025-01-01\nprovisions:\n  - Kept.\n  - {hostile}\n"),
    );
    tree.write("plan/v2.yaml", &draft("v2", Some("2025-01-02"), &["Kept."]));
    let output = tree
        .command("run")
        .args([
            "--on-report",
            "printf '%s\\n%s' \"$DRAFTDIFF_HEADLINE\" \"$DRAFTDIFF_KEY_CHANGES\" > got.txt",
        ])
        .output()
        .expect("run draftdiff");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let got = std::fs::read_to_string(tree.root().join("got.txt")).expect("the command ran");
    assert!(
        got.starts_with("2 provisions became 1: 1 removed, 1 unchanged.\n"),
        "{got}"
    );
    assert!(
        got.contains("Removed provisions (1)\n- 2: Gone: $(touch pwned)"),
        "{got}"
    );
    assert!(got.contains("\\u{202e}txet \\u{1b}[2J"), "{got}");
    assert!(!got.contains(['\u{202e}', '\u{1b}']), "{got}");
    assert!(!tree.root().join("pwned").exists());
}
