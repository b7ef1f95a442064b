//! Runs a piece of probe code in a forked child with a timeout, so that a
//! deliberate stack overflow or lazy-binding fault kills the child, not the
//! probe. The child can send a short text back through a pipe.
//!
//! Fork only from a single-threaded parent: after fork the child has one
//! thread, and locks held by other parent threads would stay locked.

use std::io::{self, Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use crate::sys::{rlimit, signal};
use muslab_report::Status;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChildExit {
    Exited(i32),
    Signaled(i32),
    TimedOut,
}

#[derive(Debug, Clone)]
pub struct ChildRun {
    pub exit: ChildExit,
    /// What the child wrote to its pipe before it ended.
    pub output: String,
    pub elapsed: Duration,
}

impl ChildRun {
    /// The report status for this run: exit 0 is `Ok`, anything else says how
    /// the child ended.
    pub fn status(&self) -> Status {
        match self.exit {
            ChildExit::Exited(0) => Status::Ok,
            ChildExit::Exited(code) => Status::Error {
                message: format!("child exited with status {code}: {}", self.output.trim()),
            },
            ChildExit::Signaled(sig) => Status::Crashed {
                signal: sig,
                name: signal::name(sig),
            },
            ChildExit::TimedOut => Status::TimedOut {
                after_ms: self.elapsed.as_millis() as u64,
            },
        }
    }
}

fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills two descriptors we then own.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both descriptors are fresh and owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Forks; the child runs `body` with a writer to the parent and exits with
/// its return value. The parent waits at most `timeout`, then SIGKILLs.
pub fn run_in_child(
    timeout: Duration,
    body: impl FnOnce(&mut dyn Write) -> i32,
) -> io::Result<ChildRun> {
    let (read_end, write_end) = pipe()?;
    let start = Instant::now();
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
    let mut reader = std::fs::File::from(read_end);
    let exit = wait_with_timeout(pid, timeout)?;
    let mut output = String::new();
    let _ = reader.read_to_string(&mut output);
    Ok(ChildRun {
        exit,
        output,
        elapsed: start.elapsed(),
    })
}

fn wait_with_timeout(pid: libc::pid_t, timeout: Duration) -> io::Result<ChildExit> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_micros(200);
    loop {
        let mut status = 0;
        // SAFETY: waiting on our own child.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        if r == pid {
            return Ok(if libc::WIFSIGNALED(status) {
                ChildExit::Signaled(libc::WTERMSIG(status))
            } else {
                ChildExit::Exited(libc::WEXITSTATUS(status))
            });
        }
        if Instant::now() >= deadline {
            // SAFETY: killing and reaping our own child.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, &mut status, 0);
            }
            return Ok(ChildExit::TimedOut);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_output_and_exit_code_reach_parent() {
        let run = run_in_child(Duration::from_secs(5), |w| {
            write!(w, "hello").unwrap();
            3
        })
        .unwrap();
        assert_eq!(run.exit, ChildExit::Exited(3));
        assert_eq!(run.output, "hello");
    }

    #[test]
    fn crash_is_reported_as_signal() {
        let run = run_in_child(Duration::from_secs(5), |_| {
            // Rust's runtime handles SIGSEGV to detect stack overflow and
            // returns from a raised one; a real fault would re-fault. Restore
            // the default action so the raised signal kills the child.
            // SAFETY: deliberately kills the child.
            unsafe {
                libc::signal(libc::SIGSEGV, libc::SIG_DFL);
                libc::raise(libc::SIGSEGV);
            }
            0
        })
        .unwrap();
        assert_eq!(run.exit, ChildExit::Signaled(libc::SIGSEGV));
        assert!(matches!(run.status(), Status::Crashed { signal, .. } if signal == libc::SIGSEGV));
    }

    #[test]
    fn hung_child_is_killed_at_timeout() {
        let run = run_in_child(Duration::from_millis(100), |_| loop {
            std::thread::sleep(Duration::from_secs(1));
        })
        .unwrap();
        assert_eq!(run.exit, ChildExit::TimedOut);
        assert!(run.elapsed < Duration::from_secs(5));
    }
}
