//! The one rule for ordering a document's versions, shared by `run`, `watch`, `history`
//! and `check`.

use super::names::{file_name_for, natural_cmp};

/// The order of a document's versions: by date (undated first), then by file name in
/// natural order (`2` before `10`), then by path. Each side is (date, path relative to the
/// drafts folder).
pub fn timeline_cmp(a: (Option<&str>, &str), b: (Option<&str>, &str)) -> std::cmp::Ordering {
    a.0.unwrap_or_default()
        .cmp(b.0.unwrap_or_default())
        .then_with(|| natural_cmp(file_stem(a.1), file_stem(b.1)))
        .then_with(|| a.1.cmp(b.1))
}

fn file_stem(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// What the ordering rule reads of a valid version.
pub struct Entry<'a> {
    /// The file, relative to the drafts folder.
    pub rel: &'a str,
    pub version: &'a str,
    pub date: Option<&'a str>,
}

/// Why a valid version has no place in its document's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftOut {
    /// No `date`, while other versions of the document have one: sorted first, it would be
    /// compared with the newest version backwards.
    Undated,
    /// Its version label is already used by this earlier file (relative path).
    VersionTaken { version: String, first: String },
    /// Its reports would have the same file names as those of this earlier file's version
    /// (labels that differ only in case, or a fingerprint collision).
    NameTaken {
        version: String,
        other: String,
        first: String,
    },
}

impl LeftOut {
    /// The message for the file `rel`, each file named as `show` shows it.
    pub fn message(&self, rel: &str, show: impl Fn(&str) -> String) -> String {
        let shown = show(rel);
        match self {
            LeftOut::Undated => format!(
                "{shown}: no `date`, while the other versions of this document have one: add \
                 `date: YYYY-MM-DD` so that it takes its place in the timeline (it is left \
                 out until then)"
            ),
            LeftOut::VersionTaken { version, first } => {
                let first = show(first);
                format!("{shown}: version {version:?} is already used by {first}")
            }
            LeftOut::NameTaken {
                version,
                other,
                first,
            } => {
                let first = show(first);
                format!(
                    "{shown}: version {version:?} would have the same report files as version \
                     {other:?} ({first}) on a file system that ignores case: rename one"
                )
            }
        }
    }
}

/// Orders one document's valid versions (numbered by the caller; `entry` reads one) into
/// its timeline ([`timeline_cmp`]), leaving out undated versions when any is dated, then
/// every file whose version label an earlier file of the timeline already uses. Returns
/// the timeline and, in timeline order, what was left out and why.
pub fn arrange<'a>(
    mut items: Vec<usize>,
    entry: impl Fn(usize) -> Entry<'a>,
) -> (Vec<usize>, Vec<(usize, LeftOut)>) {
    items.sort_by(|&a, &b| {
        let (a, b) = (entry(a), entry(b));
        timeline_cmp((a.date, a.rel), (b.date, b.rel))
    });
    let any_dated = items.iter().any(|&i| entry(i).date.is_some());
    let mut kept = Vec::with_capacity(items.len());
    let mut left_out = Vec::new();
    // Each kept version's report name, as a file system that ignores case sees it.
    let mut seen: std::collections::HashMap<String, (String, String)> =
        std::collections::HashMap::new();
    for item in items {
        let e = entry(item);
        let name = file_name_for(e.version).to_ascii_lowercase();
        let why = if any_dated && e.date.is_none() {
            Some(LeftOut::Undated)
        } else {
            seen.get(&name).map(|(version, first)| {
                if version == e.version {
                    LeftOut::VersionTaken {
                        version: e.version.to_string(),
                        first: first.clone(),
                    }
                } else {
                    LeftOut::NameTaken {
                        version: e.version.to_string(),
                        other: version.clone(),
                        first: first.clone(),
                    }
                }
            })
        };
        match why {
            Some(why) => left_out.push((item, why)),
            None => {
                seen.insert(name, (e.version.to_string(), e.rel.to_string()));
                kept.push(item);
            }
        }
    }
    (kept, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Item = (&'static str, &'static str, Option<&'static str>);

    fn arranged(items: &[Item]) -> (Vec<&'static str>, Vec<(&'static str, LeftOut)>) {
        let (kept, out) = arrange((0..items.len()).collect(), |i| {
            let (rel, version, date) = items[i];
            Entry { rel, version, date }
        });
        (
            kept.into_iter().map(|i| items[i].0).collect(),
            out.into_iter().map(|(i, why)| (items[i].0, why)).collect(),
        )
    }

    #[test]
    fn dates_then_natural_file_order() {
        let (kept, out) = arranged(&[
            ("d/10.yaml", "ten", None),
            ("d/2.yaml", "two", None),
            ("d/1.yaml", "one", None),
        ]);
        assert_eq!(kept, ["d/1.yaml", "d/2.yaml", "d/10.yaml"]);
        assert!(out.is_empty());
        let (kept, _) = arranged(&[
            ("d/a.yaml", "a", Some("2025-02-01")),
            ("d/b.yaml", "b", Some("2025-01-01")),
        ]);
        assert_eq!(kept, ["d/b.yaml", "d/a.yaml"]);
    }

    #[test]
    fn an_undated_version_beside_dated_ones_is_left_out() {
        let (kept, out) = arranged(&[
            ("d/1.yaml", "one", Some("2025-01-01")),
            ("d/0.yaml", "zero", None),
            ("d/2.yaml", "two", Some("2025-01-02")),
        ]);
        assert_eq!(kept, ["d/1.yaml", "d/2.yaml"]);
        assert_eq!(out, [("d/0.yaml", LeftOut::Undated)]);
    }

    #[test]
    fn a_repeated_version_label_keeps_the_earlier_file() {
        let (kept, out) = arranged(&[("d/b.yaml", "v", None), ("d/a.yaml", "v", None)]);
        assert_eq!(kept, ["d/a.yaml"]);
        let why = LeftOut::VersionTaken {
            version: "v".into(),
            first: "d/a.yaml".into(),
        };
        assert_eq!(out, [("d/b.yaml", why.clone())]);
        assert_eq!(
            why.message("d/b.yaml", |r| format!("drafts/{r}")),
            "drafts/d/b.yaml: version \"v\" is already used by drafts/d/a.yaml"
        );
    }

    #[test]
    fn versions_whose_reports_would_share_a_name_keep_the_earlier_file() {
        let (kept, out) = arranged(&[("d/1.yaml", "Draft", None), ("d/2.yaml", "draft", None)]);
        assert_eq!(kept, ["d/1.yaml"]);
        let why = LeftOut::NameTaken {
            version: "draft".into(),
            other: "Draft".into(),
            first: "d/1.yaml".into(),
        };
        assert_eq!(out, [("d/2.yaml", why)]);
    }

    #[test]
    fn an_undated_file_takes_no_label_from_a_dated_one() {
        // Left out for its missing date, it does not keep the label from the dated file.
        let (kept, out) = arranged(&[
            ("d/a.yaml", "v", None),
            ("d/b.yaml", "v", Some("2025-01-01")),
        ]);
        assert_eq!(kept, ["d/b.yaml"]);
        assert_eq!(out, [("d/a.yaml", LeftOut::Undated)]);
    }
}
