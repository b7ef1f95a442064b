//! Runs a piece of probe code in a forked child with a timeout, so that a
//! deliberate stack overflow or lazy-binding fault kills the child, not the
//! probe. The child can send text back through a pipe, which the parent reads
//! while it waits (the same core as [`crate::process`]), so the child may
//! write more than a pipe buffer holds.
//!
//! Fork only from a single-threaded parent: after fork the child has one
//! thread, and locks held by other parent threads would stay locked. The
//! runner itself starts no threads (its drain is poll(2) on the caller's
//! thread).

use std::io::{self, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use muslab_report::Status;

use crate::process::ProcessExit;
use crate::rlimit;
use crate::wait::{wait_and_drain, KillScope};

#[derive(Debug, Clone)]
pub struct ChildRun {
    pub exit: ProcessExit,
    /// What the child wrote to its pipe before it ended.
    pub output: String,
    pub elapsed: Duration,
}

impl ChildRun {
    /// Whether the child returned 0.
    pub fn success(&self) -> bool {
        self.exit.success()
    }

    /// The report status for this run (see [`ProcessExit::status`]).
    pub fn status(&self) -> Status {
        self.exit.status(&self.output)
    }
}

fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills the two-element array we own.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both descriptors are fresh and owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Forks; the child runs `body` with a writer to the parent and exits with
/// its return value. The parent reads the pipe while it waits at most
/// `timeout`, then SIGKILLs the child.
pub fn run_in_child(
    timeout: Duration,
    body: impl FnOnce(&mut dyn Write) -> i32,
) -> io::Result<ChildRun> {
    let (read_end, write_end) = pipe()?;
    let started = Instant::now();
    // SAFETY: fork in a single-threaded caller (module contract); the child
    // only runs `body` and leaves with _exit, never returning into the parent's
    // stack frames or running its atexit handlers.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        drop(read_end);
        rlimit::disable_core_dumps();
        let mut out = std::fs::File::from(write_end);
        let code = body(&mut out);
        let _ = out.flush();
        // SAFETY: ends the child without unwinding or running parent cleanup.
        unsafe { libc::_exit(code) };
    }
    drop(write_end);
    let pid = u32::try_from(pid).map_err(|_| io::Error::other("fork returned a negative pid"))?;
    let ended = wait_and_drain(
        pid,
        vec![read_end],
        started,
        timeout,
        KillScope::Process,
        None,
    )?;
    let output = ended.outputs.into_iter().next().unwrap_or_default();
    Ok(ChildRun {
        exit: ended.exit,
        output: String::from_utf8_lossy(&output).into_owned(),
        elapsed: started.elapsed(),
    })
}
