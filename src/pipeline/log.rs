//! Logging for the pipeline drivers: one concise line per event on stderr, or JSON lines
//! for schedulers. Only the pipeline logs; the comparison stages never print.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

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
            lock: Mutex::new(()),
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
        let line = match self.format {
            LogFormat::Human => {
                let text = crate::text::terminal_safe(human).into_owned();
                if self.progress {
                    format!("\r\x1b[K{text}")
                } else {
                    text
                }
            }
            LogFormat::Json => {
                let mut map = serde_json::Map::new();
                map.insert("level".into(), level.into());
                map.insert("event".into(), event.into());
                for (k, v) in fields {
                    map.insert((*k).into(), (*v).into());
                }
                map.insert("message".into(), human.into());
                serde_json::Value::Object(map).to_string()
            }
        };
        let _guard = self.lock.lock();
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}
