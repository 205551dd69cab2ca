//! Which file-system events are worth a pass. Events are only a trigger (the pass re-scans
//! the folder), so this errs on the side of reacting: a false trigger costs a pass that
//! writes nothing, a missed one costs a report.

use std::path::Path;

use notify::event::{AccessKind, AccessMode, EventKind};

use crate::pipeline::scan::{is_document_folder, is_draft_name};

/// True when a change at `path` may change the drafts under `root`: a draft file in a
/// document folder (or at the top), or a top-level entry that may be a document folder.
pub fn is_relevant(path: &Path, root: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [] => true,
        // Any visible top-level entry may be a document folder (`treaty-2.0` has a dot, and
        // one moved in whole gives a single event for its name); once it is gone, its name
        // cannot tell. A README edit costs a pass that writes nothing.
        [name] => is_draft_name(name) || is_document_folder(name),
        [folder, name] => {
            is_document_folder(folder)
                && (is_draft_name(name) || name == crate::corrections::FOLDER)
        }
        // A document's corrections are watched like its drafts.
        [folder, dir, name] if dir == crate::corrections::FOLDER => {
            is_document_folder(folder) && is_draft_name(name)
        }
        _ => false,
    }
}

/// False for events that say a file was only looked at: the pass itself opens and reads
/// every draft, so reacting to those would make each pass trigger the next, forever. A
/// close after writing still counts: it is the trailing edge of a save.
pub fn is_relevant_kind(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind};
        for (kind, expected) in [
            (EventKind::Access(AccessKind::Open(AccessMode::Any)), false),
            (EventKind::Access(AccessKind::Read), false),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                false,
            ),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                true,
            ),
            (EventKind::Create(CreateKind::File), true),
            (EventKind::Modify(ModifyKind::Any), true),
            (EventKind::Remove(RemoveKind::File), true),
            (EventKind::Any, true),
            (EventKind::Other, true),
        ] {
            assert_eq!(is_relevant_kind(&kind), expected, "{kind:?}");
        }
    }

    #[test]
    fn relevance() {
        let root = Path::new("/d");
        for (path, expected) in [
            ("/d/peace-plan/02.yaml", true),
            ("/d/peace-plan/02.yml", true),
            ("/d/peace-plan/corrections", true),
            ("/d/peace-plan/corrections/geneva.yaml", true),
            ("/d/peace-plan/corrections/.geneva.yaml.swp", false),
            ("/d/peace-plan/other/geneva.yaml", false),
            ("/d/peace-plan", true),
            ("/d/top.yaml", true),
            ("/d/peace-plan/.02.yaml.swp", false),
            ("/d/peace-plan/02.yaml~", false),
            ("/d/peace-plan/notes.md", false),
            ("/d/.git/index", false),
            ("/d/.hidden/01.yaml", false),
            ("/d/a/b/01.yaml", false),
            ("/elsewhere/01.yaml", false),
            ("/d/treaty-2.0", true),
            ("/d/README.md", true),
            ("/d/_archive", false),
        ] {
            assert_eq!(is_relevant(Path::new(path), root), expected, "{path}");
        }
    }
}
