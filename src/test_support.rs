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

/// A draft of document `doc` at `version`, holding these `(id, text)` provisions.
pub fn draft(version: &str, provisions: &[(&str, &str)]) -> crate::model::Draft {
    crate::model::Draft {
        document: "doc".into(),
        version: version.into(),
        date: None,
        title: None,
        source: None,
        status: None,
        provisions: provisions
            .iter()
            .map(|(id, text)| crate::model::Provision {
                id: id.to_string(),
                id_explicit: true,
                title: None,
                text: text.to_string(),
                tags: vec![],
                depth: 0,
                line: 0,
            })
            .collect(),
        origin: String::new(),
    }
}
