//! The file a container runs its subjects from: a host file under the
//! build dir, bind-mounted read-only at the subject's path when the
//! container starts and rewritten in place before each run. A bind mount
//! holds the host file's inode, so the container sees every new content
//! without an engine command: `engine cp` per run would cost a client
//! start, a mount of the container's storage and a tar stream each time
//! (podman's cp takes about three times the CPU of its exec). The subject
//! keeps its path, so the engine's and the shell's messages name it as
//! before (`exec /x: ...`, `/bin/sh: /x: not found`).

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::engine::PodmanConfig;
use super::leftovers::{self, Leftover, Registered};

pub struct SubjectFile {
    host: PathBuf,
    _registered: Registered,
}

impl SubjectFile {
    /// An empty executable file `<build dir>/muslab/engine/subjects/<name>`,
    /// named after the container that mounts it; removed on drop and on an
    /// interrupt (see `leftovers`).
    pub fn create(build_dir: &Path, name: &str) -> Result<SubjectFile, String> {
        let dir = PodmanConfig::dir(build_dir).join("subjects");
        let host = dir.join(name);
        // Through the gate, like the engine commands that create things:
        // an interrupt's cleanup sees this file or it is never created.
        let _open = leftovers::engine_call();
        let registered = leftovers::register(Leftover::HostPath(host.clone()));
        std::fs::create_dir_all(&dir)
            .and_then(|()| File::create(&host))
            .and_then(|f| f.set_permissions(std::fs::Permissions::from_mode(0o755)))
            .map_err(|e| format!("cannot create {}: {e}", host.display()))?;
        Ok(SubjectFile {
            host,
            _registered: registered,
        })
    }

    /// The `run` options mounting the file read-only at `at` (`Z`: its own
    /// SELinux label where SELinux is enforced; ignored elsewhere). podman
    /// and docker both read them.
    pub fn mount_options(&self, at: &str) -> Vec<String> {
        vec!["-v".into(), format!("{}:{at}:ro,Z", self.host.display())]
    }

    /// Replaces the file's content with `binary`'s, in place: a new file
    /// renamed over it would not be the inode the container has mounted.
    /// `ETXTBSY` while a process of an earlier run still executes it.
    pub fn put(&self, binary: &Path) -> io::Result<()> {
        let mut from = File::open(binary)?;
        let mut to = OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&self.host)?;
        io::copy(&mut from, &mut to).map(drop)
    }
}

impl Drop for SubjectFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.host);
    }
}
