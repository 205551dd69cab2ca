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
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub document: String,
    /// Every version, oldest first.
    pub versions: Vec<Version>,
    pub threads: Vec<Thread>,
}

/// One provision's lineage across versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Thread {
    /// For each version (same index as [`History::versions`]), the thread's provisions in
    /// it: empty before it appeared and after it was dropped.
    pub presence: Vec<Vec<Provision>>,
    /// What happened to it, oldest first.
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq)]
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

/// Union-find over the provisions of all versions.
struct Families {
    parent: Vec<usize>,
}

impl Families {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The older node stays the root, so a family is named by where it began.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }
}

impl History {
    /// Traces every provision of `drafts` (one document's versions, oldest first).
    pub fn build(drafts: &[Draft]) -> History {
        History::build_corrected(drafts, &[])
    }

    /// As [`History::build`], each pair of consecutive versions aligned around its
    /// decisions by hand (`by_hand[i]` for versions `i` and `i + 1`; none past its end).
    pub fn build_corrected(drafts: &[Draft], by_hand: &[ByHand]) -> History {
        let none = ByHand::default();
        let reports: Vec<Report> = drafts
            .windows(2)
            .enumerate()
            .map(|(i, pair)| {
                let hand = by_hand.get(i).unwrap_or(&none);
                Report::compare_corrected(
                    pair[0].clone(),
                    pair[1].clone(),
                    hand,
                    &mut crate::timings::Timings::new(),
                )
            })
            .collect();
        History::from_reports(drafts, &reports)
    }

    /// As [`History::build`], with the reports of consecutive versions already made.
    pub fn from_reports(drafts: &[Draft], reports: &[Report]) -> History {
        // Node numbers: every provision of every version, in order.
        let mut node: HashMap<(usize, &str), usize> = HashMap::new();
        let mut nodes: Vec<(usize, usize)> = Vec::new(); // (version, index in draft)
        for (v, d) in drafts.iter().enumerate() {
            for (i, p) in d.provisions.iter().enumerate() {
                // Ids are unique within a valid draft; a repeat would only merge threads.
                node.entry((v, p.id.as_str())).or_insert(nodes.len());
                nodes.push((v, i));
            }
        }
        let mut families = Families {
            parent: (0..nodes.len()).collect(),
        };
        let node_of = |v: usize, id: &str| node.get(&(v, id)).copied();
        for (k, report) in reports.iter().enumerate() {
            for change in &report.changes {
                let members: Vec<usize> = change
                    .old
                    .iter()
                    .filter_map(|p| node_of(k, &p.id))
                    .chain(change.new.iter().filter_map(|p| node_of(k + 1, &p.id)))
                    .collect();
                for pair in members.windows(2) {
                    families.union(pair[0], pair[1]);
                }
            }
        }

        let roots: Vec<usize> = (0..nodes.len()).map(|n| families.find(n)).collect();

        // One thread per family, with its presence in every version.
        let mut thread_of: HashMap<usize, usize> = HashMap::new();
        let mut threads: Vec<Thread> = Vec::new();
        for (n, &(v, i)) in nodes.iter().enumerate() {
            let t = *thread_of.entry(roots[n]).or_insert_with(|| {
                threads.push(Thread {
                    presence: vec![Vec::new(); drafts.len()],
                    events: Vec::new(),
                });
                threads.len() - 1
            });
            threads[t].presence[v].push(drafts[v].provisions[i].clone());
        }
        let thread_of_node = |n: usize| thread_of[&roots[n]];
        let thread_of_change = |k: usize, change: &Change| -> Option<usize> {
            let n = change
                .new
                .first()
                .and_then(|p| node_of(k + 1, &p.id))
                .or_else(|| change.old.first().and_then(|p| node_of(k, &p.id)))?;
            Some(thread_of_node(n))
        };

        // Events, and the order: first version's order, then each step's reading order
        // with the threads it no longer has kept after the one they followed.
        let mut order: Vec<usize> = Vec::new();
        if let Some(first) = drafts.first() {
            for p in &first.provisions {
                if let Some(n) = node_of(0, &p.id) {
                    let t = thread_of_node(n);
                    if !order.contains(&t) {
                        let provisions = threads[t].presence[0].clone();
                        threads[t].events.push(Event::Present {
                            version: 0,
                            provisions,
                        });
                        order.push(t);
                    }
                }
            }
        }
        for (k, report) in reports.iter().enumerate() {
            let mut step_order: Vec<usize> = Vec::new();
            for change in &report.changes {
                let Some(t) = thread_of_change(k, change) else {
                    continue;
                };
                threads[t].events.push(Event::Step {
                    version: k + 1,
                    change: change.clone(),
                });
                if !step_order.contains(&t) {
                    step_order.push(t);
                }
            }
            order = merge_order(&order, &step_order);
        }
        let mut ordered: Vec<Thread> = Vec::with_capacity(threads.len());
        let mut taken = vec![false; threads.len()];
        for t in order {
            if !std::mem::replace(&mut taken[t], true) {
                ordered.push(threads[t].clone());
            }
        }
        // Anything not reached above (cannot happen with complete reports) goes last.
        for (t, thread) in threads.into_iter().enumerate() {
            if !taken[t] {
                ordered.push(thread);
            }
        }
        History {
            document: drafts
                .last()
                .map(|d| d.document.clone())
                .unwrap_or_default(),
            versions: drafts.iter().map(Version::of).collect(),
            threads: ordered,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(version: &str, provisions: &[(&str, &str)]) -> Draft {
        Draft {
            document: "doc".into(),
            version: version.into(),
            date: None,
            title: None,
            source: None,
            status: None,
            provisions: provisions
                .iter()
                .map(|(id, text)| Provision {
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

    #[test]
    fn after_a_split_each_step_names_the_part_it_follows() {
        let h = History::build(&[
            draft("v1", &[("1", ARMY), ("2", FUNDS)]),
            draft("v2", &[("1", ARMY), ("2", FUNDS_A), ("3", FUNDS_B)]),
            draft("v3", &[("1", ARMY), ("2", FUNDS_A), ("3", FUNDS_B)]),
        ]);
        let split = summary(&h)
            .into_iter()
            .find(|(_, path, _)| path == "2 → 2, 3 → 2, 3")
            .expect("the split thread");
        assert_eq!(split.0, "2 → 2, 3");
        assert_eq!(split.2[2..], ["2:2: unchanged", "2:3: unchanged"]);
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
                        s("2:unchanged"),
                    ]
                ),
                (
                    s("3 → 2"),
                    s("3 → 2 → 2"),
                    vec![
                        s("0:in the first version as 3"),
                        s("1:unchanged, renumbered 3 → 2"),
                        s("2:unchanged"),
                    ]
                ),
                (
                    s("4 → 3 → 3, 4"),
                    s("4 → 3 → 3, 4"),
                    vec![
                        s("0:in the first version as 4"),
                        s("1:unchanged, renumbered 4 → 3"),
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
