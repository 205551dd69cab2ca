//! Helpers shared by the unit tests.

/// Runs `f` on a thread and fails if it takes more than a minute: a regression of a
/// complexity bound would otherwise hang the test run rather than fail it.
pub fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(f()));
    receive
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("did not finish within a minute")
}
