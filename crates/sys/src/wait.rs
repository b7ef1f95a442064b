//! The core both process runners share: wait for one child while draining its
//! output pipes, and kill it at a deadline. Draining while waiting matters: a
//! child that writes more than the pipe buffer (64 KiB on Linux) blocks in
//! `write` until someone reads, so a runner that waits first and reads
//! afterwards sees a hang. The drain uses poll(2) on the caller's thread, so
//! a probe that forks again later is still single-threaded.

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::{Duration, Instant};

use crate::process::ProcessExit;
use crate::signal;

/// What a timeout kills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KillScope {
    /// The child's own process group (`process_group(0)`): a shell and all
    /// it started.
    Group,
    /// The child alone: a forked child stays in its parent's group, so that
    /// whoever runs the parent can still kill both together.
    Process,
}

pub(crate) struct Ended {
    pub exit: ProcessExit,
    /// One buffer per pipe, in the order given.
    pub outputs: Vec<Vec<u8>>,
}

/// How long pipes may stay open after the child has ended (held by a
/// grandchild) before the runner kills what holds them and stops reading.
const LINGER: Duration = Duration::from_secs(1);
const MAX_PAUSE: Duration = Duration::from_millis(10);

/// Waits for `pid` (a child of this process, not yet reaped) until `started +
/// timeout`, reading `pipes` all the while. On the deadline the child is
/// killed (`scope`) and reaped, then `on_timeout` runs.
pub(crate) fn wait_and_drain(
    pid: u32,
    pipes: Vec<OwnedFd>,
    started: Instant,
    timeout: Duration,
    scope: KillScope,
    on_timeout: Option<&mut dyn FnMut()>,
) -> io::Result<Ended> {
    let deadline = started + timeout;
    let mut open: Vec<Option<File>> = pipes.into_iter().map(|p| Some(File::from(p))).collect();
    let mut outputs = vec![Vec::new(); open.len()];
    let mut exit = None;
    let mut on_timeout = on_timeout;
    let mut pause = Duration::from_micros(200);
    let mut linger_until = None;
    loop {
        if exit.is_none() {
            exit = try_wait(pid)?;
        }
        let all_closed = open.iter().all(Option::is_none);
        if exit.is_some() && all_closed {
            break;
        }
        let now = Instant::now();
        if exit.is_none() && now >= deadline {
            kill(pid, scope);
            wait_blocking(pid)?;
            if let Some(cleanup) = on_timeout.take() {
                cleanup();
            }
            exit = Some(ProcessExit::TimedOut {
                after_ms: started.elapsed().as_millis() as u64,
            });
            continue;
        }
        if exit.is_some() {
            // Ended, but something still holds a pipe open.
            let until = *linger_until.get_or_insert(now + LINGER);
            if now >= until {
                if scope == KillScope::Group {
                    let _ = signal::kill_process_group(pid);
                }
                break;
            }
        }
        if all_closed {
            std::thread::sleep(pause.min(deadline.saturating_duration_since(now)));
            pause = (pause * 2).min(MAX_PAUSE);
            continue;
        }
        let wait = MAX_PAUSE.min(
            deadline
                .saturating_duration_since(now)
                .max(Duration::from_millis(1)),
        );
        for (i, ready) in poll_readable(&open, wait)?.into_iter().enumerate() {
            if !ready {
                continue;
            }
            if let Some(file) = open[i].as_mut() {
                let mut chunk = [0u8; 64 * 1024];
                match file.read(&mut chunk) {
                    Ok(0) => open[i] = None,
                    Ok(n) => outputs[i].extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => open[i] = None,
                }
            }
        }
    }
    Ok(Ended {
        exit: exit.unwrap_or(ProcessExit::TimedOut {
            after_ms: started.elapsed().as_millis() as u64,
        }),
        outputs,
    })
}

fn kill(pid: u32, scope: KillScope) {
    let group_killed = scope == KillScope::Group && signal::kill_process_group(pid).is_ok();
    if !group_killed {
        let _ = signal::kill(pid);
    }
}

/// Which of the open pipes have data or hang-up, waiting at most `wait`.
fn poll_readable(open: &[Option<File>], wait: Duration) -> io::Result<Vec<bool>> {
    let mut fds: Vec<libc::pollfd> = open
        .iter()
        .map(|f| libc::pollfd {
            // A negative fd makes poll skip the entry.
            fd: f.as_ref().map_or(-1, |f| f.as_raw_fd()),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    let ms = libc::c_int::try_from(wait.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: `fds` is a live array of `fds.len()` pollfd entries whose
    // descriptors stay open (owned by `open`) for the call.
    let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    if rc < 0 {
        let e = io::Error::last_os_error();
        return if e.kind() == io::ErrorKind::Interrupted {
            Ok(vec![false; fds.len()])
        } else {
            Err(e)
        };
    }
    Ok(fds.iter().map(|p| p.fd >= 0 && p.revents != 0).collect())
}

/// `waitpid(pid, WNOHANG)`: the exit once the child has ended.
fn try_wait(pid: u32) -> io::Result<Option<ProcessExit>> {
    waitpid(pid, libc::WNOHANG)
}

fn wait_blocking(pid: u32) -> io::Result<()> {
    waitpid(pid, 0).map(drop)
}

fn waitpid(pid: u32, flags: libc::c_int) -> io::Result<Option<ProcessExit>> {
    let pid =
        libc::pid_t::try_from(pid).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    let mut status = 0;
    loop {
        // SAFETY: waitpid writes one int we own; `pid` is a child of ours.
        let r = unsafe { libc::waitpid(pid, &mut status, flags) };
        if r < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        if r == 0 {
            return Ok(None);
        }
        return Ok(Some(if libc::WIFSIGNALED(status) {
            ProcessExit::Signal {
                signal: libc::WTERMSIG(status),
            }
        } else {
            ProcessExit::Code {
                code: libc::WEXITSTATUS(status),
            }
        }));
    }
}
