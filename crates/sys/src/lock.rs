//! An exclusive advisory lock on a file (`flock(2)`), held until the value
//! is dropped. The lock belongs to the open file description, so two
//! processes, or two threads that each open the file, exclude each other;
//! the kernel drops it when the descriptor closes, also when its holder dies.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;
use std::path::Path;

/// Holds `flock(LOCK_EX)` on its file until dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Blocks until this caller holds the exclusive lock on `path`, which is
    /// created (empty) when missing. Its contents are never read.
    pub fn exclusive(path: &Path) -> io::Result<FileLock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        loop {
            // SAFETY: flock on a descriptor this function owns.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
                return Ok(FileLock { _file: file });
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }

    /// The lock on `path` if no one else holds it now, else `None`.
    pub fn try_exclusive(path: &Path) -> io::Result<Option<FileLock>> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        // SAFETY: flock on a descriptor this function owns.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            return Ok(Some(FileLock { _file: file }));
        }
        let e = io::Error::last_os_error();
        if e.kind() == io::ErrorKind::WouldBlock {
            Ok(None)
        } else {
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_until_the_first_drops_the_lock() {
        let path = std::env::temp_dir().join(format!("muslab-lock-test-{}", std::process::id()));
        let first = FileLock::exclusive(&path).unwrap();
        assert!(
            FileLock::try_exclusive(&path).unwrap().is_none(),
            "got the lock twice, want the second attempt refused while the first holds it"
        );
        drop(first);
        assert!(
            FileLock::try_exclusive(&path).unwrap().is_some(),
            "got no lock after the holder dropped it, want it free"
        );
        let _ = std::fs::remove_file(&path);
    }
}
