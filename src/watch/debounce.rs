//! Trailing-edge debounce: act once events have been quiet for a window, but never later
//! than a maximum delay after the first event, so a file written continuously still gets
//! its report. Pure: time comes in as arguments, so tests drive it with synthetic instants.

use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Debounce {
    window: Duration,
    max_delay: Duration,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Debounce {
    pub fn new(window: Duration) -> Debounce {
        // Ten quiet windows is long enough for any burst of saves, short enough to answer.
        Debounce {
            window,
            max_delay: window * 10,
            first: None,
            last: None,
        }
    }

    /// Records a relevant event.
    pub fn event(&mut self, now: Instant) {
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// When the pending burst is due, if one is pending.
    pub fn deadline(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        Some((last + self.window).min(first + self.max_delay))
    }

    /// True when a burst is pending and due at `now`.
    pub fn due(&self, now: Instant) -> bool {
        self.deadline().is_some_and(|d| now >= d)
    }

    /// Marks the pending burst as handled.
    pub fn fire(&mut self) {
        self.first = None;
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn nothing_pending_is_never_due() {
        let d = Debounce::new(500 * MS);
        assert!(!d.due(Instant::now()));
        assert_eq!(d.deadline(), None);
    }

    #[test]
    fn a_burst_is_due_one_window_after_its_last_event() {
        let t0 = Instant::now();
        let mut d = Debounce::new(500 * MS);
        d.event(t0);
        d.event(t0 + 300 * MS);
        d.event(t0 + 600 * MS);
        assert!(!d.due(t0 + 1000 * MS));
        assert!(d.due(t0 + 1100 * MS));
        d.fire();
        assert!(!d.due(t0 + 5000 * MS));
    }

    #[test]
    fn a_never_ending_burst_is_due_after_the_maximum_delay() {
        let t0 = Instant::now();
        let mut d = Debounce::new(100 * MS);
        for i in 0..50 {
            d.event(t0 + i * 50 * MS);
        }
        assert_eq!(d.deadline(), Some(t0 + 1000 * MS));
    }
}
