//! Which folder the drafts path names. A file-system watch follows the folder it was put
//! on, not its name: when a sync tool removes the drafts folder and creates it again, the
//! watch still looks at the old one, and no new draft would ever be seen. The loop
//! compares this identity every tick and watches the new folder when it changes.

use std::path::Path;

/// The folder's device and inode (on Unix), or only whether it is there; `None` when the
/// path names no folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity(Option<(u64, u64)>);

impl Identity {
    pub fn of(path: &Path) -> Identity {
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir());
        Identity(meta.map(|m| key(&m)))
    }

    pub fn exists(self) -> bool {
        self.0.is_some()
    }
}

#[cfg(unix)]
fn key(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn key(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_made_again_is_another_folder() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = dir.path().join("drafts");
        assert!(!Identity::of(&drafts).exists());
        std::fs::create_dir(&drafts).unwrap();
        let first = Identity::of(&drafts);
        assert!(first.exists());
        assert_eq!(first, Identity::of(&drafts));
        // Keep the old folder's inode busy so the new one cannot reuse it.
        std::fs::rename(&drafts, dir.path().join("old")).unwrap();
        std::fs::create_dir(&drafts).unwrap();
        assert_ne!(first, Identity::of(&drafts));
    }
}
