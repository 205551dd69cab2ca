//! Logging for the pipeline drivers: one concise line per event on stderr, or JSON lines
//! for schedulers. Only the pipeline logs; the comparison stages never print.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use crate::report::json::escape_remaining_controls;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Human,
    Json,
}

pub struct Logger {
    level: Level,
    format: LogFormat,
    progress: bool,
    clock: bool,
    lock: Mutex<()>,
}

impl Logger {
    pub fn new(level: Level, format: LogFormat) -> Logger {
        // A progress line only for a person watching a terminal, never in logs.
        let progress =
            format == LogFormat::Human && level >= Level::Normal && std::io::stderr().is_terminal();
        Logger {
            level,
            format,
            progress,
            clock: false,
            lock: Mutex::new(()),
        }
    }

    /// Every line also says when it was written (UTC): a watcher runs for days, and its
    /// lines are read long after. `run` lines go to a scheduler's log, which has its own.
    pub fn with_clock(mut self) -> Logger {
        self.clock = true;
        self
    }

    /// The stage durations of `--timings`: aligned text, or one JSON line among the others.
    pub fn timings(&self, timings: &crate::timings::Timings, total: std::time::Duration) {
        match self.format {
            LogFormat::Human => {
                let _guard = self.lock.lock();
                let _ = write!(std::io::stderr(), "{}", timings.render(total));
            }
            LogFormat::Json => {
                // Microseconds are all a person tuning a schedule can use.
                let ms = |d: std::time::Duration| ((d.as_secs_f64() * 1e6).round() / 1e3).into();
                let mut stages = serde_json::Map::new();
                for (stage, elapsed) in timings.stages() {
                    stages.insert(stage.to_string(), ms(*elapsed));
                }
                let mut map = serde_json::Map::new();
                map.insert("level".into(), "info".into());
                map.insert("event".into(), "timings".into());
                map.insert("stages_ms".into(), stages.into());
                map.insert("total_ms".into(), ms(total));
                self.write_line(map);
            }
        }
    }

    /// Something worth a line at the normal level: a report written or removed.
    pub fn info(&self, event: &str, fields: &[(&str, &str)], human: &str) {
        if self.level >= Level::Normal {
            self.emit("info", event, fields, human);
        }
    }

    pub fn verbose(&self, event: &str, fields: &[(&str, &str)], human: &str) {
        if self.level >= Level::Verbose {
            self.emit("debug", event, fields, human);
        }
    }

    /// Problems are always shown, even with `--quiet`.
    pub fn error(&self, event: &str, fields: &[(&str, &str)], human: &str) {
        self.emit("error", event, fields, human);
    }

    pub fn warn(&self, event: &str, fields: &[(&str, &str)], human: &str) {
        self.emit("warn", event, fields, human);
    }

    /// `done` of `total` reports generated; drawn over itself on a terminal.
    pub fn progress(&self, done: usize, total: usize) {
        if self.progress && total >= 20 {
            let _guard = self.lock.lock();
            let end = if done == total { "\r\x1b[K" } else { "" };
            let _ = write!(
                std::io::stderr(),
                "\r  comparing versions {done}/{total}{end}"
            );
        }
    }

    fn emit(&self, level: &str, event: &str, fields: &[(&str, &str)], human: &str) {
        match self.format {
            LogFormat::Human => {
                let mut line = crate::text::terminal_safe(human).into_owned();
                if let Some(now) = self.now() {
                    // The time of day only, `Z` for UTC: the date is in the JSON lines.
                    line = format!("{} {line}", &now[11..20]);
                }
                if self.progress {
                    line = format!("\r\x1b[K{line}");
                }
                let _guard = self.lock.lock();
                let _ = writeln!(std::io::stderr(), "{line}");
            }
            LogFormat::Json => {
                let mut map = serde_json::Map::new();
                map.insert("level".into(), level.into());
                map.insert("event".into(), event.into());
                for (k, v) in fields {
                    map.insert((*k).into(), (*v).into());
                }
                map.insert("message".into(), human.into());
                self.write_line(map);
            }
        }
    }

    /// `2026-12-07T09:41:07Z` when lines carry the time.
    fn now(&self) -> Option<String> {
        self.clock
            .then(|| humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string())
    }

    fn write_line(&self, mut map: serde_json::Map<String, serde_json::Value>) {
        if let Some(now) = self.now() {
            map.insert("time".into(), now.into());
        }
        // As in every JSON draftdiff writes: DEL, C1 and bidi controls escaped too.
        let line = escape_remaining_controls(serde_json::Value::Object(map).to_string());
        let _guard = self.lock.lock();
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}
