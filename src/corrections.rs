//! Corrections: decisions taken by hand for one pair of versions, read from YAML and
//! checked against the two drafts before alignment carries them out (`docs/corrections.md`).
//!
//! A file is checked whole: every problem is reported with its line and column, and a file
//! with any problem is not applied at all, so a pairing is never half-corrected.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::align::Decided;
use crate::error::{Error, InvalidDraft, Problem};
use crate::load::{parse_yaml, read_bounded, utf8_text, FileKind};
use crate::model::Draft;
use crate::report::ByHand;

/// Where `run` and `watch` look for corrections: this folder inside a document's folder of
/// drafts, one YAML file per pair of versions. Drafts are only ever read from the
/// document's folder itself, so nothing in here can be taken for a version.
pub const FOLDER: &str = "corrections";

/// A corrections file as read: its labels and entries, each with where it was written.
#[derive(Debug, Clone)]
pub struct Corrections {
    /// The file as the user named it (for messages).
    pub origin: String,
    pub old: Located,
    pub new: Located,
    entries: Vec<Entry>,
}

/// A value and its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub value: String,
    pub line: u64,
    pub column: u64,
}

/// One decision: old ids became new ids (one side empty for removed or added).
#[derive(Debug, Clone)]
struct Entry {
    old: Vec<Located>,
    new: Vec<Located>,
    note: Option<String>,
    /// Written under `same:`, so both sides must name provisions.
    from_same: bool,
    line: u64,
    column: u64,
}

/// Reads the corrections file at `path` (its shape only; see [`Corrections::resolve`]).
pub fn load_file(path: &Path) -> Result<Corrections, Error> {
    let bytes = read_bounded(path)?;
    read(&bytes, &path.display().to_string()).map_err(Error::Invalid)
}

/// Parses a corrections file held in memory. `origin` names it in messages.
pub fn read(bytes: &[u8], origin: &str) -> Result<Corrections, InvalidDraft> {
    let invalid = |problems: Vec<Problem>| InvalidDraft {
        path: origin.to_string(),
        problems,
        ..InvalidDraft::default()
    };
    let text = utf8_text(bytes, FileKind::Corrections).map_err(|p| invalid(vec![p]))?;
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        return Err(invalid(vec![problem(
            0,
            0,
            "the corrections file is empty: it needs at least `old:` and `new:`, the labels of \
             the two versions it is for (see docs/corrections.md)",
        )]));
    }
    let raw: RawCorrections =
        parse_yaml(text, FileKind::Corrections).map_err(|p| InvalidDraft {
            stopped: true,
            ..invalid(vec![p]).with_source(text)
        })?;
    let mut entries = Vec::new();
    for same in raw.same {
        let (line, column) = (same.referenced.line(), same.referenced.column());
        entries.push(Entry {
            old: same.value.old.into_list(),
            new: same.value.new.into_list(),
            note: non_empty(same.value.note),
            from_same: true,
            line,
            column,
        });
    }
    for (list, removed) in [(raw.removed, true), (raw.added, false)] {
        for lone in list {
            let (line, column) = (lone.referenced.line(), lone.referenced.column());
            let (id, note) = match lone.value {
                RawLone::Id(id) => (
                    Located {
                        value: id,
                        line,
                        column,
                    },
                    None,
                ),
                RawLone::Full { id, note } => (located(id), note),
            };
            let (old, new) = if removed {
                (vec![id], vec![])
            } else {
                (vec![], vec![id])
            };
            entries.push(Entry {
                old,
                new,
                note: non_empty(note),
                from_same: false,
                line,
                column,
            });
        }
    }
    // File order, whichever list comes first: "already decided on line N" must point back
    // to the earlier line, and decisions are kept in the order the analyst wrote them.
    entries.sort_by_key(|e| (e.line, e.column));
    let mut old = located(raw.old);
    let mut new = located(raw.new);
    // One table of lines for all ids: looking each up from the start would be quadratic
    // in a large file.
    let lines: Vec<&str> = text.lines().collect();
    for id in [&mut old, &mut new].into_iter().chain(
        entries
            .iter_mut()
            .flat_map(|e| e.old.iter_mut().chain(&mut e.new)),
    ) {
        keep_as_written(&lines, id);
    }
    Ok(Corrections {
        origin: origin.to_string(),
        old,
        new,
        entries,
    })
}

/// YAML reads `0x7`, `+7` and `7_0` as the numbers 7, 7 and 70, but a draft keeps such an
/// id as written (see docs/draft-format.md), so an id that came through as a number is
/// taken from its source line instead: `0x7` names provision "0x7", never provision "7".
fn keep_as_written(lines: &[&str], id: &mut Located) {
    let numeric = |v: &str| {
        let digits = v.strip_prefix('-').unwrap_or(v);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    if !numeric(&id.value) || id.line == 0 || id.column == 0 {
        return;
    }
    let Some(line) = lines.get(id.line as usize - 1) else {
        return;
    };
    let start: String = line.chars().skip(id.column as usize - 1).collect();
    if start.starts_with(['"', '\'', '|', '>']) {
        return;
    }
    let end = start
        .find([',', ']', '}'])
        .into_iter()
        .chain(start.find(" #"))
        .min()
        .unwrap_or(start.len());
    let written = start[..end].trim();
    if !written.is_empty() {
        id.value = written.to_string();
    }
}

impl Corrections {
    /// Whether the file is for the pair of versions labelled `old` and `new`.
    pub fn is_for(&self, old: &str, new: &str) -> bool {
        self.old.value == old && self.new.value == new
    }

    /// The decisions for aligning `old` with `new`, or every problem: labels that are not
    /// these versions', ids these versions do not have, an id decided twice, and a
    /// decision that is neither a pair, a split, a merge, a removal nor an addition.
    pub fn resolve(&self, old: &Draft, new: &Draft) -> Result<ByHand, InvalidDraft> {
        let mut problems = Vec::new();
        for (label, draft, side) in [(&self.old, old, "older"), (&self.new, new, "newer")] {
            if label.value != draft.version {
                problems.push(problem(
                    label.line,
                    label.column,
                    format!(
                        "these corrections are for version {:?}, but the {side} draft compared is {:?}",
                        label.value, draft.version
                    ),
                ));
            }
        }
        let (old_index, new_index) = (ids_of(old), ids_of(new));
        let mut decided_at: [HashMap<String, u64>; 2] = [HashMap::new(), HashMap::new()];
        let mut by_hand = ByHand::default();
        for entry in &self.entries {
            if entry.old.len() > 1 && entry.new.len() > 1 {
                problems.push(problem(
                    entry.line,
                    entry.column,
                    "a correction is a pair, a split (one old, several new) or a merge \
                     (several old, one new), not several old into several new",
                ));
            }
            for (side, ids) in [(0, &entry.old), (1, &entry.new)] {
                if ids.is_empty() && entry.from_same {
                    let which = if side == 0 { "old" } else { "new" };
                    problems.push(problem(
                        entry.line,
                        entry.column,
                        format!("`{which}` needs at least one provision id"),
                    ));
                }
            }
            let mut resolved = [Vec::new(), Vec::new()];
            let sides = [
                (&entry.old, &old_index, old, "old"),
                (&entry.new, &new_index, new, "new"),
            ];
            for (side, (ids, index, draft, name)) in sides.into_iter().enumerate() {
                for id in ids {
                    match index.get(id.value.as_str()) {
                        None => problems.push(problem(
                            id.line,
                            id.column,
                            format!(
                                "version {:?} has no provision {:?}",
                                draft.version, id.value
                            ),
                        )),
                        Some(&i) => resolved[side].push(i),
                    }
                    if let Some(first) = decided_at[side].get(&id.value) {
                        problems.push(problem(
                            id.line,
                            id.column,
                            format!(
                                "{name} provision {:?} is already decided on line {first}",
                                id.value
                            ),
                        ));
                    } else {
                        decided_at[side].insert(id.value.clone(), id.line);
                    }
                }
            }
            let [old, new] = resolved;
            by_hand.decided.push(Decided { old, new });
            by_hand.notes.push(entry.note.clone());
        }
        if problems.is_empty() {
            Ok(by_hand)
        } else {
            problems.sort_by_key(|p| (p.line, p.column));
            Err(InvalidDraft {
                path: self.origin.clone(),
                problems,
                ..InvalidDraft::default()
            })
        }
    }
}

/// Index of each provision by its id (ids are unique within a draft).
fn ids_of(draft: &Draft) -> HashMap<&str, usize> {
    draft
        .provisions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect()
}

fn problem(line: u64, column: u64, message: impl Into<String>) -> Problem {
    Problem {
        line,
        column,
        message: message.into(),
    }
}

fn non_empty(note: Option<String>) -> Option<String> {
    note.map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|n| !n.is_empty())
}

fn located(s: Spanned<Id>) -> Located {
    Located {
        line: s.referenced.line(),
        column: s.referenced.column(),
        value: s.value.0,
    }
}

// ---------------------------------------------------------------------------------------
// The raw YAML shape. Unknown keys are errors, as in drafts.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorrections {
    old: Spanned<Id>,
    new: Spanned<Id>,
    #[serde(default)]
    same: Vec<Spanned<RawSame>>,
    #[serde(default)]
    removed: Vec<Spanned<RawLone>>,
    #[serde(default)]
    added: Vec<Spanned<RawLone>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSame {
    old: Spanned<Ids>,
    new: Spanned<Ids>,
    note: Option<String>,
}

/// One id or a list of them.
enum Ids {
    One(Id),
    Many(Vec<Spanned<Id>>),
}

trait IntoList {
    fn into_list(self) -> Vec<Located>;
}

impl IntoList for Spanned<Ids> {
    /// Each id with where it was written (a lone id where the value starts).
    fn into_list(self) -> Vec<Located> {
        match self.value {
            Ids::One(id) => vec![Located {
                value: id.0,
                line: self.referenced.line(),
                column: self.referenced.column(),
            }],
            Ids::Many(ids) => ids.into_iter().map(located).collect(),
        }
    }
}

/// An entry of `removed:` or `added:`: an id, or `{id, note}`.
enum RawLone {
    Id(String),
    Full {
        id: Spanned<Id>,
        note: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLoneFields {
    id: Spanned<Id>,
    note: Option<String>,
}

/// A provision id or version label as written: a string, or a whole number (`7`), which
/// YAML reads as a number but a reader means as the id `7`.
struct Id(String);

const NOT_AN_ID: &str = "expected a provision id: quote ids such as \"1.50\" or \"yes\"";

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = Id;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a provision id")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
        Ok(Id(v.split_whitespace().collect::<Vec<_>>().join(" ")))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
        Ok(Id(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
        Ok(Id(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Id, E> {
        Err(E::custom(NOT_AN_ID))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Id, E> {
        Err(E::custom(NOT_AN_ID))
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IdVisitor)
    }
}

impl<'de> Deserialize<'de> for Ids {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than `#[serde(untagged)]`, which buffers its input and loses
        // the locations of the ids in a list.
        struct IdsVisitor;
        impl<'de> Visitor<'de> for IdsVisitor {
            type Value = Ids;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a provision id or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ids, E> {
                IdVisitor.visit_str(v).map(Ids::One)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Ids, E> {
                IdVisitor.visit_i64(v).map(Ids::One)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Ids, E> {
                IdVisitor.visit_u64(v).map(Ids::One)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Ids, E> {
                IdVisitor.visit_f64(v).map(Ids::One)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Ids, E> {
                IdVisitor.visit_bool(v).map(Ids::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ids, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<Spanned<Id>>()? {
                    ids.push(id);
                }
                Ok(Ids::Many(ids))
            }
        }
        d.deserialize_any(IdsVisitor)
    }
}

impl<'de> Deserialize<'de> for RawLone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct LoneVisitor;
        impl<'de> Visitor<'de> for LoneVisitor {
            type Value = RawLone;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a provision id, or a mapping with `id` and `note`")
            }
            // Scalars are ids, read as `Id` reads them.
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawLone, E> {
                IdVisitor.visit_str(v).map(|id| RawLone::Id(id.0))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawLone, E> {
                IdVisitor.visit_i64(v).map(|id| RawLone::Id(id.0))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawLone, E> {
                IdVisitor.visit_u64(v).map(|id| RawLone::Id(id.0))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawLone, E> {
                IdVisitor.visit_f64(v).map(|id| RawLone::Id(id.0))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawLone, E> {
                IdVisitor.visit_bool(v).map(|id| RawLone::Id(id.0))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<RawLone, A::Error> {
                Err(de::Error::custom(
                    "one provision per entry: write each removed or added id on its own `- ` line",
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawLone, A::Error> {
                let f = RawLoneFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawLone::Full {
                    id: f.id,
                    note: f.note,
                })
            }
        }
        d.deserialize_any(LoneVisitor)
    }
}
