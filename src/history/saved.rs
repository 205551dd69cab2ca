//! A history's working state as bytes, so that `run` can go on from the versions it has
//! already traced instead of comparing every pair again: the builder after version N,
//! given the comparison of N and N + 1, is the builder after N + 1 (see
//! `pipeline::resume`, which keeps these files).
//!
//! The bytes are JSON, written in a fixed order (the same history gives the same bytes).
//! They are read back only through [`Builder::resume`], which checks every index before
//! use: the file lies in a folder anyone may edit, and a bad one must cost a rebuild,
//! never a panic or a wrong history.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize, Serializer};

use super::{Builder, Event};

/// The layout of the saved form; a builder saved under another is not read.
const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct Out<'a> {
    schema: u32,
    builder: &'a Builder,
}

#[derive(Deserialize)]
struct In {
    schema: u32,
    builder: Builder,
}

impl Builder {
    /// The builder as bytes for [`Builder::resume`].
    pub fn save(&self, into: &mut impl std::io::Write) -> std::io::Result<()> {
        let out = Out {
            schema: SCHEMA,
            builder: self,
        };
        serde_json::to_writer(into, &out).map_err(std::io::Error::other)
    }

    /// A builder saved by [`Builder::save`]; `None` when the bytes are not one, were saved
    /// under another layout, or do not hold together.
    pub fn resume(bytes: &[u8]) -> Option<Builder> {
        let saved: In = serde_json::from_slice(bytes).ok()?;
        (saved.schema == SCHEMA && saved.builder.holds_together()).then_some(saved.builder)
    }

    /// How many versions it has traced.
    pub fn version_count(&self) -> usize {
        self.versions.len()
    }

    /// Whether every index a later `push` or `finish` follows is in range: each thread
    /// in use has one entry per version, joins point to older threads (so following them
    /// ends), and the order holds each live thread once.
    fn holds_together(&self) -> bool {
        let count = self.threads.len();
        let versions = self.versions.len();
        let live = |t: usize| t < count && self.threads[t].joined_into.is_none();
        let threads_fit = self.threads.iter().enumerate().all(|(t, grow)| {
            let events_fit = grow.thread.events.iter().all(|e| event_fits(e, versions))
                && grow.keys.len() == grow.thread.events.len();
            match grow.joined_into {
                Some(into) => into < t,
                None => grow.thread.presence.len() == versions && events_fit,
            }
        });
        let mut in_order = vec![false; count];
        let order_fits = self
            .order
            .iter()
            .all(|&t| live(t) && !std::mem::replace(&mut in_order[t], true));
        let every_live_in_order = (0..count).all(|t| !live(t) || in_order[t]);
        versions > 0
            && threads_fit
            && order_fits
            && every_live_in_order
            && self.latest.values().all(|&t| t < count)
            && self
                .threads
                .iter()
                .all(|g| events_in_order(&g.thread.events))
    }
}

/// An event names a version there is: `present` the first, a step a later one (it is
/// read as the step from the version before).
fn event_fits(event: &Event, versions: usize) -> bool {
    match event {
        Event::Present { version, .. } => *version == 0,
        Event::Step { version, .. } => (1..versions).contains(version),
    }
}

/// A thread's events are oldest first.
fn events_in_order(events: &[Event]) -> bool {
    events.windows(2).all(|w| w[0].version() <= w[1].version())
}

/// A map written in key order, so the same builder always gives the same bytes.
pub(super) fn in_key_order<S: Serializer>(
    map: &HashMap<String, usize>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    map.iter().collect::<BTreeMap<_, _>>().serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::History;
    use crate::model::Draft;
    use crate::report::Report;
    use crate::test_support::draft;

    const A: &str = "Ukraine's armed forces may number no more than 600,000 personnel.";
    const B: &str = "Frozen Russian funds are used for the reconstruction of Ukraine, \
                     under a joint investment vehicle supervised by the Peace Council.";
    const B1: &str = "Frozen Russian funds are used for the reconstruction of Ukraine.";
    const B2: &str = "A joint investment vehicle supervised by the Peace Council manages them.";
    const C: &str = "Grain exports through the Black Sea continue under UN monitoring.";

    /// Versions with a merge of two threads (a join), a drop, a split and an addition.
    fn versions() -> Vec<Draft> {
        vec![
            draft("v1", &[("1", A), ("2", B1), ("3", B2), ("4", C)]),
            draft("v2", &[("1", A), ("2", B), ("3", C)]),
            draft("v3", &[("1", B), ("2", C)]),
            draft("v4", &[("1", B1), ("2", B2), ("3", C), ("4", A)]),
        ]
    }

    fn compare(old: &Draft, new: &Draft) -> Report {
        Report::compare(old, new)
    }

    fn saved(builder: &Builder) -> Vec<u8> {
        let mut bytes = Vec::new();
        builder.save(&mut bytes).expect("save");
        bytes
    }

    #[test]
    fn a_history_resumed_from_its_saved_state_is_the_history_built_in_one_go() {
        let drafts = versions();
        let whole = History::build(&drafts);
        for cut in 1..drafts.len() {
            let mut builder = Builder::start(&drafts[0]);
            for pair in drafts[..cut].windows(2) {
                builder.push(compare(&pair[0], &pair[1]));
            }
            let bytes = saved(&builder);
            let mut resumed = Builder::resume(&bytes).expect("resumes");
            assert_eq!(resumed.version_count(), cut);
            assert_eq!(
                saved(&resumed),
                bytes,
                "the same state gives the same bytes"
            );
            for pair in drafts[cut - 1..].windows(2) {
                resumed.push(compare(&pair[0], &pair[1]));
            }
            assert_eq!(resumed.finish(), whole, "resumed after {cut} versions");
        }
        let kinds: Vec<&str> = whole
            .threads
            .iter()
            .flat_map(|t| &t.events)
            .map(crate::history::event_kind)
            .collect();
        for kind in ["merged", "removed", "split", "added"] {
            assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
        }
    }

    #[test]
    fn a_damaged_or_foreign_state_is_not_resumed() {
        let drafts = versions();
        let mut builder = Builder::start(&drafts[0]);
        builder.push(compare(&drafts[0], &drafts[1]));
        builder.push(compare(&drafts[1], &drafts[2]));
        let text = String::from_utf8(saved(&builder)).expect("utf-8");
        assert!(Builder::resume(text.as_bytes()).is_some());
        let value: serde_json::Value = serde_json::from_str(&text).expect("json");
        let edited = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut v = value.clone();
            edit(&mut v);
            Builder::resume(v.to_string().as_bytes())
        };
        assert!(Builder::resume(&text.as_bytes()[..text.len() / 2]).is_none());
        assert!(edited(&|v| v["schema"] = 999.into()).is_none());
        // Orders, joins and ids naming threads that are not there, or a join that loops.
        assert!(edited(&|v| v["builder"]["order"][0] = 99.into()).is_none());
        assert!(edited(&|v| {
            v["builder"]["order"].as_array_mut().unwrap().pop();
        })
        .is_none());
        assert!(edited(&|v| v["builder"]["threads"][0]["joined_into"] = 0.into()).is_none());
        assert!(edited(&|v| v["builder"]["latest"]["1"] = 99.into()).is_none());
        // A thread missing a version's entry, or an event after the last version.
        assert!(edited(&|v| v["builder"]["threads"][0]["thread"]["presence"]
            .as_array_mut()
            .unwrap()
            .truncate(1))
        .is_none());
        assert!(
            edited(&|v| v["builder"]["versions"].as_array_mut().unwrap().truncate(2)).is_none()
        );
    }

    /// The bytes of a small builder, by layout version: a change to the saved types that
    /// alters them (a field added, renamed or removed in `Change`, `Provision`, `Event`,
    /// ...) must bump [`SCHEMA`], or a state saved by an older build would be read as if
    /// it were of this one. (An alignment change that alters this small history changes
    /// them too; bumping then costs each history one rebuild, nothing else.)
    #[test]
    fn the_saved_layout_changes_only_with_its_schema() {
        const LAYOUTS: [(u32, &str); 1] = [(1, "d4194c10b1599fbb")];
        let drafts = versions();
        let mut builder = Builder::start(&drafts[0]);
        for pair in drafts.windows(2) {
            builder.push(compare(&pair[0], &pair[1]));
        }
        let digest = crate::pipeline::names::fingerprint(&saved(&builder));
        match LAYOUTS.iter().find(|(schema, _)| *schema == SCHEMA) {
            Some((_, recorded)) => assert_eq!(
                *recorded,
                digest,
                "the saved form of a history changed: bump history::saved::SCHEMA to {} and \
                 record ({}, \"{digest}\") in LAYOUTS",
                SCHEMA + 1,
                SCHEMA + 1
            ),
            None => panic!("record ({SCHEMA}, \"{digest}\") in LAYOUTS"),
        }
    }
}
