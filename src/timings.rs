//! Stage durations for `--timings`: where the time goes on the user's own documents.
//!
//! Printed to stderr only: a report never holds a time, so its bytes stay reproducible.
//! `diff` records load, align, word diff, highlights, render and write. A pass of `run` or
//! `watch` records its own stages (waiting for the lock, reading drafts, planning,
//! comparing and writing the documents on all cores, clean-up, indexes, manifest).

use std::time::{Duration, Instant};

/// Durations by stage, in the order the stages first ran. A stage timed twice adds up.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub fn new() -> Self {
        Timings::default()
    }

    /// Runs `f`, adding its duration to `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.add(stage, start.elapsed());
        out
    }

    /// Ends the stage that began at `since`, adding its duration to `stage`, and starts
    /// the next one: for a driver that goes through its stages one after another.
    pub fn lap(&mut self, stage: &'static str, since: &mut Instant) {
        let now = Instant::now();
        self.add(stage, now.duration_since(*since));
        *since = now;
    }

    pub fn add(&mut self, stage: &'static str, elapsed: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += elapsed,
            None => self.stages.push((stage, elapsed)),
        }
    }

    /// Each stage with its duration, in the order the stages first ran.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }

    /// One line per stage, milliseconds aligned, then the wall-clock `total` (stages run
    /// side by side, like the two loads, can add up to more than it).
    pub fn render(&self, total: Duration) -> String {
        let width = self
            .stages
            .iter()
            .map(|(s, _)| s.len())
            .chain(["total".len()])
            .max()
            .unwrap_or(5);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut out = String::new();
        for (stage, elapsed) in &self.stages {
            out.push_str(&format!("{stage:<width$}  {:>10.1} ms\n", ms(*elapsed)));
        }
        out.push_str(&format!("{:<width$}  {:>10.1} ms\n", "total", ms(total)));
        out
    }
}

/// A writer that counts the time spent in the writer it wraps, so that rendering streamed
/// straight to a file or a pipe can still be told apart from writing.
pub struct TimedWrite<W> {
    inner: W,
    pub elapsed: Duration,
}

impl<W> TimedWrite<W> {
    pub fn new(inner: W) -> Self {
        TimedWrite {
            inner,
            elapsed: Duration::ZERO,
        }
    }
}

impl<W: std::io::Write> std::io::Write for TimedWrite<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let start = Instant::now();
        let n = self.inner.write(buf);
        self.elapsed += start.elapsed();
        n
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let start = Instant::now();
        let result = self.inner.write_all(buf);
        self.elapsed += start.elapsed();
        result
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let start = Instant::now();
        let result = self.inner.flush();
        self.elapsed += start.elapsed();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn stages_add_up_in_first_seen_order() {
        let mut t = Timings::new();
        t.add("load", Duration::from_millis(2));
        t.add("align", Duration::from_millis(3));
        t.add("load", Duration::from_millis(1));
        t.add("align", Duration::from_millis(1));
        let text = t.render(Duration::from_millis(10));
        assert_eq!(
            text,
            "load          3.0 ms\nalign         4.0 ms\ntotal        10.0 ms\n"
        );
    }

    #[test]
    fn timed_write_passes_bytes_through() {
        let mut w = TimedWrite::new(Vec::new());
        w.write_all(b"ab").unwrap();
        w.write_all(b"c").unwrap();
        w.flush().unwrap();
        assert_eq!(w.inner, b"abc");
    }
}
