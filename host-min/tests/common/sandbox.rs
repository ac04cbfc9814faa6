//! A granted directory and what lies around it, for the tests that run a
//! guest with `--dir`: `root/grant` is granted, `root/outside` (beside it)
//! is not and holds a file the guest must never see or change.

use std::path::PathBuf;

pub struct Sandbox {
    pub root: tempfile::TempDir,
    pub grant: PathBuf,
    pub outside: PathBuf,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let root = tempfile::tempdir().unwrap();
        let (grant, outside) = (root.path().join("grant"), root.path().join("outside"));
        std::fs::create_dir(&grant).unwrap();
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "not yours\n").unwrap();
        Sandbox { root, grant, outside }
    }

    /// Everything around the grant (the root, and `outside/` with what it
    /// holds), with contents, size, mode and modification time: compared
    /// before and after a run. A directory's time changes when an entry is
    /// made or removed in it, so even a file made and removed again shows.
    pub fn around(&self) -> Vec<String> {
        use std::os::unix::fs::MetadataExt;
        let mut seen = Vec::new();
        for dir in [self.root.path().to_path_buf(), self.outside.clone()] {
            let entries = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path());
            // The grant itself is the guest's to change; what is around it is not.
            for path in entries.chain([dir.clone()]).filter(|path| *path != self.grant) {
                let meta = std::fs::symlink_metadata(&path).unwrap();
                let content = std::fs::read(&path)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned());
                let stamp = (meta.len(), meta.mode(), meta.mtime(), meta.mtime_nsec());
                seen.push(format!("{} {content:?} {stamp:?}", path.display()));
            }
        }
        seen.sort();
        seen.dedup();
        seen
    }
}
