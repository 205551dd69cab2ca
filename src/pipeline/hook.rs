//! The `--on-report` command, run after a step's reports are written.

use super::log::Logger;
use super::manifest::StepEntry;
use super::settings::Settings;
use super::step::Step;

/// Runs the `--on-report` command; its failure is logged, never fatal.
pub(super) fn run_hook(
    command: &str,
    settings: &Settings,
    step: &Step,
    entry: &StepEntry,
    log: &Logger,
) {
    let path_of = |ext: &str| {
        entry
            .files
            .keys()
            .find(|f| f.ends_with(ext))
            .map(|f| settings.reports.join(f).display().to_string())
            .unwrap_or_default()
    };
    let mut shell = std::process::Command::new("sh");
    if let Some(base_url) = &settings.base_url {
        let html = entry.files.keys().find(|f| f.ends_with(".html"));
        if let Some(html) = html {
            shell.env("DRAFTDIFF_REPORT_URL", super::feed::url_of(base_url, html));
        }
    }
    let status = shell
        .arg("-c")
        .arg(command)
        .env("DRAFTDIFF_DOCUMENT", &step.document)
        .env(
            "DRAFTDIFF_DOCUMENT_DIR",
            settings.reports.join(&step.document_folder),
        )
        .env("DRAFTDIFF_OLD_VERSION", &step.old_version)
        .env("DRAFTDIFF_NEW_VERSION", &step.new_version)
        .env("DRAFTDIFF_REPORT_MD", path_of(".md"))
        .env("DRAFTDIFF_REPORT_JSON", path_of(".json"))
        .env("DRAFTDIFF_REPORT_HTML", path_of(".html"))
        .env("DRAFTDIFF_HEADLINE", &entry.headline)
        .env("DRAFTDIFF_KEY_CHANGES", entry.key_changes.plain_text())
        .stdin(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => {
            let m = format!("--on-report command failed ({s}) for {}", step.stem);
            log.warn("hook_failed", &[("step", &step.stem)], &m);
        }
        Err(e) => {
            let m = format!("--on-report command could not start: {e}");
            log.warn("hook_failed", &[("step", &step.stem)], &m);
        }
    }
}
