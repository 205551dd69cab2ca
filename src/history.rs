//! Provision history: every provision of a document traced through all its versions.
//!
//! Consecutive versions are compared exactly as `diff` and `run` compare them; a provision
//! and what it became in the next version (changed, renumbered, moved, split, merged) are
//! joined into one *thread*, so a thread is a chain of versions of one provision, or a
//! small tree where provisions were split or merged. Threads are listed in the reading
//! order of the latest version that holds them, dropped ones where they last stood.

use std::collections::HashMap;

use crate::align::ChangeKind;
use crate::model::{Draft, Provision};
use crate::report::{ByHand, Change, Report, Version};

/// The history of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub document: String,
    /// Every version, oldest first.
    pub versions: Vec<Version>,
    pub threads: Vec<Thread>,
}

/// One provision's lineage across versions.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thread {
    /// For each version (same index as [`History::versions`]), the thread's provisions in
    /// it (ids, titles and places; texts are in the events): empty before it appeared and
    /// after it was dropped.
    pub presence: Vec<Vec<Provision>>,
    /// What happened to it, oldest first: the events a reader learns something from
    /// ([`Event::is_news`]).
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Event {
    /// The thread is in the document's first version.
    Present {
        version: usize,
        provisions: Vec<Provision>,
    },
    /// What the step from `version - 1` to `version` did to it: added, unchanged, changed,
    /// split, merged or removed (with renumbered and moved flags).
    Step { version: usize, change: Change },
}

impl Event {
    pub fn version(&self) -> usize {
        match self {
            Event::Present { version, .. } | Event::Step { version, .. } => *version,
        }
    }

    /// Whether a reader learns anything from it beyond the thread's ids. A step that left
    /// the provision's text as it was and where it was, with nothing to check or set by
    /// hand, is not listed in any format, even when it renumbered it (the thread's ids,
    /// `6 → 4`, say that): a history lists what changed, and its size grows with that
    /// rather than with versions times provisions.
    pub fn is_news(&self) -> bool {
        match self {
            Event::Present { .. } => true,
            Event::Step { change, .. } => {
                change.kind != ChangeKind::Unchanged || change.moved || !change.notes().is_empty()
            }
        }
    }
}

impl Thread {
    /// The last version that holds the thread.
    pub fn last_version(&self) -> usize {
        self.presence
            .iter()
            .rposition(|p| !p.is_empty())
            .unwrap_or(0)
    }

    pub fn first_version(&self) -> usize {
        self.presence
            .iter()
            .position(|p| !p.is_empty())
            .unwrap_or(0)
    }

    /// The version that dropped it, if the latest version no longer has it.
    pub fn dropped_in(&self) -> Option<usize> {
        let last = self.last_version();
        (last + 1 < self.presence.len()).then_some(last + 1)
    }

    /// The thread's name: its ids as they changed, `5 → 3`, `4 → 3 → 3, 4`.
    pub fn label(&self) -> String {
        // Not the last ids alone: a provision dropped as 3 and another renumbered 5 → 3
        // are "3" and "5 → 3". Ids kept from one version to the next are named once, so
        // a long history of a stable provision stays "3". (A 3 dropped and a new 3 added
        // in the same version still share the label; headings add "dropped in".)
        let mut steps = self.steps();
        steps.dedup();
        steps.join(" → ")
    }

    /// The title it last had.
    pub fn title(&self) -> Option<&str> {
        self.presence
            .iter()
            .rev()
            .flatten()
            .find_map(|p| p.title.as_deref())
    }

    /// True when the thread holds provision `id` in version `version`.
    pub fn holds(&self, version: usize, id: &str) -> bool {
        self.presence
            .get(version)
            .is_some_and(|list| list.iter().any(|p| p.id == id))
    }

    /// "6 → 4 → 4": the ids version by version, `—` where absent.
    pub fn path(&self) -> String {
        self.steps().join(" → ")
    }

    /// The ids in each version from the first that holds the thread to the last.
    fn steps(&self) -> Vec<String> {
        self.presence[self.first_version()..=self.last_version()]
            .iter()
            .map(|list| {
                if list.is_empty() {
                    "—".to_string()
                } else {
                    list.iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            })
            .collect()
    }
}

/// Builds a history one comparison at a time, oldest first, so that a long document's
/// history needs only the pair in hand and the history so far, never every version and
/// every report at once. A history built from scratch and one built on are the same
/// thing: there is no other way to build one.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Builder {
    document: String,
    versions: Vec<Version>,
    threads: Vec<Growing>,
    /// Thread numbers in reading order (see [`merge_order`]).
    order: Vec<usize>,
    /// The thread of each provision id in the latest version.
    #[serde(serialize_with = "saved::in_key_order")]
    latest: HashMap<String, usize>,
}

/// A thread being built.
#[derive(serde::Serialize, serde::Deserialize)]
struct Growing {
    thread: Thread,
    /// For each event, (version, place of its change in that step's report): the order in
    /// which the events of threads joined by a merge interleave.
    keys: Vec<(usize, usize)>,
    /// Set when a merge joined this thread into an older one.
    joined_into: Option<usize>,
}

impl Builder {
    /// A history of one version: every provision is a thread of its own.
    pub fn start(first: &Draft) -> Builder {
        let mut builder = Builder {
            document: first.document.clone(),
            versions: vec![Version::of(first)],
            threads: Vec::with_capacity(first.provisions.len()),
            order: Vec::with_capacity(first.provisions.len()),
            latest: HashMap::with_capacity(first.provisions.len()),
        };
        for (i, p) in first.provisions.iter().enumerate() {
            let t = builder.new_thread();
            let grow = &mut builder.threads[t];
            grow.thread.presence[0].push(trace_of(p));
            grow.thread.events.push(Event::Present {
                version: 0,
                provisions: vec![p.clone()],
            });
            grow.keys.push((0, i));
            builder.order.push(t);
            // Ids are unique within a valid draft; a repeat would only join threads.
            builder.latest.entry(p.id.clone()).or_insert(t);
        }
        builder
    }

    /// Adds the next version through its comparison with the latest one.
    pub fn push(&mut self, report: Report) {
        let v = self.versions.len();
        self.versions.push(report.new.clone());
        self.document = report.document.clone();
        for grow in &mut self.threads {
            grow.thread.presence.push(Vec::new());
        }
        let mut latest: HashMap<String, usize> = HashMap::with_capacity(self.latest.len());
        let mut step_order: Vec<usize> = Vec::new();
        for (i, change) in report.changes.into_iter().enumerate() {
            let mut owners: Vec<usize> = change
                .old
                .iter()
                .filter_map(|p| self.latest.get(&p.id).map(|&t| self.live(t)))
                .collect();
            owners.sort_unstable();
            owners.dedup();
            let t = match owners.split_first() {
                None => self.new_thread(),
                Some((&oldest, others)) => {
                    for &other in others {
                        self.join(oldest, other);
                    }
                    oldest
                }
            };
            let grow = &mut self.threads[t];
            for p in &change.new {
                grow.thread.presence[v].push(trace_of(p));
                latest.entry(p.id.clone()).or_insert(t);
            }
            let event = Event::Step { version: v, change };
            if event.is_news() {
                grow.thread.events.push(event);
                grow.keys.push((v, i));
            }
            if !step_order.contains(&t) {
                step_order.push(t);
            }
        }
        self.latest = latest;
        // A thread joined by this step's merge may still stand in the order, and in the
        // step's own order (a change read before the merge gave it its part), under its
        // old number: it takes the place of the thread it joined.
        let order: Vec<usize> = self.order.iter().map(|&t| self.live(t)).collect();
        let step_order: Vec<usize> = step_order.iter().map(|&t| self.live(t)).collect();
        self.order = merge_order(&dedup_first(order), &dedup_first(step_order));
    }

    /// The history so far.
    pub fn finish(self) -> History {
        let Builder {
            document,
            versions,
            mut threads,
            order,
            ..
        } = self;
        // The order holds each live thread once (joined ones were renumbered at each push).
        let threads = order
            .into_iter()
            .map(|t| std::mem::take(&mut threads[t].thread))
            .collect();
        History {
            document,
            versions,
            threads,
        }
    }

    fn new_thread(&mut self) -> usize {
        self.threads.push(Growing {
            thread: Thread {
                presence: vec![Vec::new(); self.versions.len()],
                events: Vec::new(),
            },
            keys: Vec::new(),
            joined_into: None,
        });
        self.threads.len() - 1
    }

    /// The thread that `t` is now part of.
    fn live(&self, mut t: usize) -> usize {
        while let Some(into) = self.threads[t].joined_into {
            t = into;
        }
        t
    }

    /// Joins thread `other` into the older thread `into` (a merge brought their provisions
    /// together): what each held in every version, and their events in the order they
    /// happened, as if they had been one thread all along.
    fn join(&mut self, into: usize, other: usize) {
        let taken = std::mem::take(&mut self.threads[other]);
        self.threads[other].joined_into = Some(into);
        let grow = &mut self.threads[into];
        for (mine, theirs) in grow.thread.presence.iter_mut().zip(taken.thread.presence) {
            mine.extend(theirs);
            // Within a version, in the order of the draft.
            mine.sort_by_key(|p| p.line);
        }
        let mut events: Vec<((usize, usize), Event)> = std::mem::take(&mut grow.keys)
            .into_iter()
            .zip(std::mem::take(&mut grow.thread.events))
            .chain(taken.keys.into_iter().zip(taken.thread.events))
            .collect();
        events.sort_by_key(|(key, _)| *key);
        // Provisions of the first version that are one thread have one `present` event.
        let mut merged: Vec<((usize, usize), Event)> = Vec::with_capacity(events.len());
        for (key, event) in events {
            match (merged.last_mut(), event) {
                (
                    Some((_, Event::Present { provisions, .. })),
                    Event::Present {
                        provisions: more, ..
                    },
                ) => {
                    provisions.extend(more);
                    provisions.sort_by_key(|p| p.line);
                }
                (_, event) => merged.push((key, event)),
            }
        }
        let (keys, events) = merged.into_iter().unzip();
        grow.keys = keys;
        grow.thread.events = events;
    }
}

impl Default for Growing {
    fn default() -> Growing {
        Growing {
            thread: Thread {
                presence: Vec::new(),
                events: Vec::new(),
            },
            keys: Vec::new(),
            joined_into: None,
        }
    }
}

/// What a thread keeps of a provision in each version: its id, title and place. Its text
/// is in the events that show it, so a long history does not hold every text of every
/// version.
fn trace_of(p: &Provision) -> Provision {
    Provision {
        text: String::new(),
        tags: Vec::new(),
        ..p.clone()
    }
}

/// `order` without repeats, each at its first place.
fn dedup_first(order: Vec<usize>) -> Vec<usize> {
    let mut seen = std::collections::HashSet::with_capacity(order.len());
    order.into_iter().filter(|t| seen.insert(*t)).collect()
}

impl History {
    /// Traces every provision of `drafts` (one document's versions, oldest first).
    pub fn build(drafts: &[Draft]) -> History {
        History::build_corrected(drafts, &[])
    }

    /// As [`History::build`], each pair of consecutive versions aligned around its
    /// decisions by hand (`by_hand[i]` for versions `i` and `i + 1`; none past its end).
    /// Each comparison is made, added and dropped in turn.
    pub fn build_corrected(drafts: &[Draft], by_hand: &[ByHand]) -> History {
        let none = ByHand::default();
        let Some(first) = drafts.first() else {
            return History::default();
        };
        let mut builder = Builder::start(first);
        for (i, pair) in drafts.windows(2).enumerate() {
            let hand = by_hand.get(i).unwrap_or(&none);
            builder.push(Report::compare_corrected(
                pair[0].clone(),
                pair[1].clone(),
                hand,
                &mut crate::timings::Timings::new(),
            ));
        }
        builder.finish()
    }

    /// As [`History::build`], with the reports of consecutive versions already made.
    pub fn from_reports(drafts: &[Draft], reports: &[Report]) -> History {
        let Some(first) = drafts.first() else {
            return History::default();
        };
        let mut builder = Builder::start(first);
        for report in reports {
            builder.push(report.clone());
        }
        builder.finish()
    }

    /// Index of the version called `name`: its exact label, else the one label that starts
    /// with it or contains it ("leaked" finds "leaked-28-point").
    pub fn find_version(&self, name: &str) -> Result<usize, String> {
        if let Some(i) = self.versions.iter().position(|v| v.version == name) {
            return Ok(i);
        }
        let lower = name.to_lowercase();
        for test in [
            &(|v: &str| v.to_lowercase().starts_with(&lower)) as &dyn Fn(&str) -> bool,
            &|v: &str| v.to_lowercase().contains(&lower),
        ] {
            let found: Vec<usize> = (0..self.versions.len())
                .filter(|&i| test(&self.versions[i].version))
                .collect();
            match found.len() {
                1 => return Ok(found[0]),
                0 => {}
                _ => {
                    return Err(format!(
                        "{name:?} matches several versions: {}",
                        found
                            .iter()
                            .map(|&i| self.versions[i].version.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            }
        }
        Err(format!(
            "no version {name:?}; the versions are {}",
            self.versions
                .iter()
                .map(|v| v.version.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// The history of one provision: `id` in version `version`, or when `version` is
    /// `None` in the latest version that has an `id`.
    pub fn only(&self, id: &str, version: Option<usize>) -> Result<History, String> {
        let versions: Vec<usize> = match version {
            Some(v) => vec![v],
            None => (0..self.versions.len()).rev().collect(),
        };
        for v in &versions {
            if let Some(t) = self.threads.iter().find(|t| t.holds(*v, id)) {
                return Ok(History {
                    document: self.document.clone(),
                    versions: self.versions.clone(),
                    threads: vec![t.clone()],
                });
            }
        }
        Err(match version {
            Some(v) => format!(
                "no provision {id:?} in version {}",
                self.versions[v].version
            ),
            None => format!("no provision {id:?} in any version"),
        })
    }
}

/// The new order of threads: `step` (the threads a step touched, in its reading order),
/// with each thread of `previous` that the step did not touch placed right after the
/// thread it followed before.
fn merge_order(previous: &[usize], step: &[usize]) -> Vec<usize> {
    let mut after: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    let mut anchor: Option<usize> = None;
    for &t in previous {
        if step.contains(&t) {
            anchor = Some(t);
        } else {
            after.entry(anchor).or_default().push(t);
        }
    }
    let mut out: Vec<usize> = after.remove(&None).unwrap_or_default();
    for &t in step {
        out.push(t);
        out.extend(after.remove(&Some(t)).unwrap_or_default());
    }
    out
}

/// Kind name for an event: `present` or the change kind.
pub fn event_kind(event: &Event) -> &'static str {
    match event {
        Event::Present { .. } => "present",
        Event::Step { change, .. } => change.kind.name(),
    }
}

/// A sentence for an event, in the reports' words: "in the first version as 6", "changed,
/// renumbered 6 → 4", "dropped (3)". In a thread that holds several provisions (after a
/// split, before a merge) each step says which part it follows: "11: unchanged".
pub fn event_summary(thread: &Thread, event: &Event) -> String {
    let v = event.version();
    let several = thread.presence[v].len() > 1
        || v.checked_sub(1)
            .is_some_and(|before| thread.presence[before].len() > 1);
    match event {
        Event::Present { provisions, .. } => {
            format!("in the first version as {}", ids(provisions))
        }
        Event::Step { change, .. } => {
            let mut out = match change.kind {
                ChangeKind::Added => format!("added as {}", ids(&change.new)),
                ChangeKind::Removed => format!("dropped ({})", ids(&change.old)),
                ChangeKind::Unchanged | ChangeKind::Changed => {
                    let kind = change.kind.name().to_string();
                    if several {
                        format!("{}: {kind}", change.id_label())
                    } else {
                        kind
                    }
                }
                ChangeKind::Split => {
                    format!("split: {} became {}", ids(&change.old), ids(&change.new))
                }
                ChangeKind::Merged => {
                    format!("merged: {} became {}", ids(&change.old), ids(&change.new))
                }
            };
            if change.renumbered
                && !several
                && !matches!(change.kind, ChangeKind::Split | ChangeKind::Merged)
            {
                out.push_str(&format!(
                    ", renumbered {} → {}",
                    ids(&change.old),
                    ids(&change.new)
                ));
            }
            if change.moved {
                out.push_str(", moved");
            }
            out
        }
    }
}

fn ids(list: &[Provision]) -> String {
    list.iter()
        .map(|p| p.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub mod render;
mod saved;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::draft;

    const ARMY: &str = "Ukraine's armed forces may number no more than 600,000 personnel.";
    const ARMY2: &str = "Ukraine's armed forces may number no more than 800,000 personnel.";
    const NATO: &str = "Ukraine writes into its constitution that it will not join NATO.";
    const GRAIN: &str = "Grain exports through the Black Sea continue under UN monitoring.";
    const FUNDS: &str = "Frozen Russian funds are used for the reconstruction of Ukraine, \
                         under a joint investment vehicle supervised by the Peace Council.";
    const FUNDS_A: &str = "Frozen Russian funds are used for the reconstruction of Ukraine.";
    const FUNDS_B: &str =
        "A joint investment vehicle supervised by the Peace Council manages the funds.";

    fn three_versions() -> History {
        History::build(&[
            draft(
                "v1",
                &[("1", NATO), ("2", ARMY), ("3", GRAIN), ("4", FUNDS)],
            ),
            draft("v2", &[("1", ARMY2), ("2", GRAIN), ("3", FUNDS)]),
            draft(
                "v3",
                &[("1", ARMY2), ("2", GRAIN), ("3", FUNDS_A), ("4", FUNDS_B)],
            ),
        ])
    }

    fn summary(h: &History) -> Vec<(String, String, Vec<String>)> {
        h.threads
            .iter()
            .map(|t| {
                (
                    t.label(),
                    t.path(),
                    t.events
                        .iter()
                        .map(|e| format!("{}:{}", e.version(), event_summary(t, e)))
                        .collect(),
                )
            })
            .collect()
    }

    /// A step that changes one part of a split provision and merges its other part into
    /// an older provision joins the two threads while the step is being read: the thread
    /// joined away must not stay in the order (it once did, and every page of such a
    /// history panicked on its empty thread).
    #[test]
    fn a_thread_joined_in_the_step_that_also_changed_it_leaves_the_order() {
        let grain_and_b = format!("{GRAIN} {FUNDS_B}");
        let reworded_a = FUNDS_A.replace("reconstruction", "rebuilding");
        let h = History::build(&[
            draft("v1", &[("1", GRAIN), ("2", NATO), ("3", FUNDS)]),
            draft(
                "v2",
                &[("1", GRAIN), ("2", NATO), ("3", FUNDS_A), ("4", FUNDS_B)],
            ),
            draft(
                "v3",
                &[("1", &reworded_a), ("2", NATO), ("3", &grain_and_b)],
            ),
        ]);
        let kinds: Vec<&str> = h
            .threads
            .iter()
            .flat_map(|t| &t.events)
            .map(event_kind)
            .collect();
        assert!(
            kinds.contains(&"split") && kinds.contains(&"merged"),
            "{kinds:?}"
        );
        assert!(h.threads.iter().all(|t| !t.presence.is_empty()));
        assert_eq!(h.threads.len(), 2, "{:?}", summary(&h));
        for page in [render::markdown(&h), render::json(&h), render::html(&h)] {
            assert!(!page.is_empty());
        }
    }

    #[test]
    fn after_a_split_each_step_names_the_part_it_follows() {
        let reworded = FUNDS_B.replace("manages the funds", "manages the frozen funds");
        assert_ne!(reworded, FUNDS_B);
        let h = History::build(&[
            draft("v1", &[("1", ARMY), ("2", FUNDS)]),
            draft("v2", &[("1", ARMY), ("2", FUNDS_A), ("3", FUNDS_B)]),
            draft("v3", &[("1", ARMY), ("2", FUNDS_A), ("3", &reworded)]),
        ]);
        let split = summary(&h)
            .into_iter()
            .find(|(_, path, _)| path == "2 → 2, 3 → 2, 3")
            .expect("the split thread");
        assert_eq!(split.0, "2 → 2, 3");
        // The part left as it was is no event; the reworded one is, named by its id.
        assert_eq!(split.2[2..], ["2:3: changed"]);
    }

    /// A merge joins two threads into one, as if they had been one all along: both first
    /// provisions in one `present` event, in the order of the draft, the events in the
    /// order they happened, and the thread where the older one stood.
    #[test]
    fn a_merge_joins_two_threads_into_one() {
        let merged = format!("{FUNDS_A} {GRAIN}");
        let h = History::build(&[
            draft(
                "v1",
                &[("1", ARMY), ("2", FUNDS_A), ("3", NATO), ("4", GRAIN)],
            ),
            draft(
                "v2",
                &[("1", ARMY2), ("2", FUNDS_A), ("3", NATO), ("4", GRAIN)],
            ),
            draft("v3", &[("1", ARMY2), ("2", &merged), ("3", NATO)]),
        ]);
        let labels: Vec<String> = h.threads.iter().map(Thread::label).collect();
        assert_eq!(labels, ["1", "2, 4 → 2", "3"]);
        let joined = &h.threads[1];
        let Event::Present { provisions, .. } = &joined.events[0] else {
            panic!("{:?}", joined.events[0]);
        };
        let ids: Vec<&str> = provisions.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["2", "4"]);
        assert_eq!(joined.events.len(), 2, "{:?}", joined.events);
        assert_eq!(
            event_summary(joined, &joined.events[1]),
            "merged: 2, 4 became 2"
        );
    }

    #[test]
    fn threads_follow_provisions_through_renumbering_rewording_drop_and_split() {
        let h = three_versions();
        let s = |x: &str| x.to_string();
        assert_eq!(
            summary(&h),
            vec![
                // Dropped in v2: listed where it stood, before the army point.
                (
                    s("1"),
                    s("1"),
                    vec![s("0:in the first version as 1"), s("1:dropped (1)")]
                ),
                (
                    s("2 → 1"),
                    s("2 → 1 → 1"),
                    vec![
                        s("0:in the first version as 2"),
                        s("1:changed, renumbered 2 → 1"),
                    ]
                ),
                (
                    s("3 → 2"),
                    s("3 → 2 → 2"),
                    // Renumbered, otherwise left as it was: no event (the ids say it).
                    vec![s("0:in the first version as 3")]
                ),
                (
                    s("4 → 3 → 3, 4"),
                    s("4 → 3 → 3, 4"),
                    vec![
                        s("0:in the first version as 4"),
                        s("2:split: 3 became 3, 4"),
                    ]
                ),
            ]
        );
        assert_eq!(h.threads[0].dropped_in(), Some(1));
        assert_eq!(h.threads[1].dropped_in(), None);
    }

    #[test]
    fn a_provision_is_found_by_its_id_in_any_version() {
        let h = three_versions();
        let v1 = h.find_version("v1").unwrap();
        // "2" in v1 is the army point; "2" in the latest version is the grain point.
        assert_eq!(
            h.only("2", Some(v1)).unwrap().threads[0].path(),
            "2 → 1 → 1"
        );
        assert_eq!(h.only("2", None).unwrap().threads[0].path(), "3 → 2 → 2");
        // Old 1 exists only in v1, and is found without naming the version.
        assert_eq!(h.only("4", None).unwrap().threads[0].path(), "4 → 3 → 3, 4");
        assert!(h.only("9", None).is_err());
    }

    #[test]
    fn versions_are_found_by_prefix_or_part() {
        let mut h = three_versions();
        h.versions[0].version = "leaked-28-point".into();
        h.versions[1].version = "post-geneva".into();
        assert_eq!(h.find_version("leaked"), Ok(0));
        assert_eq!(h.find_version("geneva"), Ok(1));
        assert!(h.find_version("v").is_ok());
        assert!(h.find_version("e").unwrap_err().contains("several"));
        assert!(h.find_version("zzz").unwrap_err().contains("no version"));
    }

    #[test]
    fn merge_order_keeps_dropped_threads_where_they_stood() {
        assert_eq!(merge_order(&[0, 1, 2, 3], &[1, 3]), vec![0, 1, 2, 3]);
        assert_eq!(merge_order(&[0, 1, 2], &[2, 1, 4]), vec![0, 2, 1, 4]);
        assert_eq!(merge_order(&[0, 1, 2], &[2, 0]), vec![2, 0, 1]);
    }
}
