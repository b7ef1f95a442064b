//! Running a command with a timeout and capturing everything it printed: the
//! one exec runner of the workspace (lab environments, the DNS fixture's
//! probe, the probes' own helper programs, tests that start binaries).

use std::fmt;
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::process::{ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use muslab_report::Status;
use serde::{Deserialize, Serialize};

use crate::signal;
use crate::wait::{wait_and_drain, KillScope};

/// How a child process ended: the one exit type of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProcessExit {
    Code { code: i32 },
    Signal { signal: i32 },
    TimedOut { after_ms: u64 },
}

impl ProcessExit {
    pub fn success(&self) -> bool {
        *self == ProcessExit::Code { code: 0 }
    }

    /// The exit code, if the process exited (not killed, not timed out).
    pub fn code(&self) -> Option<i32> {
        match *self {
            ProcessExit::Code { code } => Some(code),
            _ => None,
        }
    }

    /// The report status of a run that ended so: exit 0 is `Ok`, another
    /// code an error ("exit 3: " and `detail`, what the child said), a signal
    /// a crash, a timeout a timeout. The one conversion from a process's end
    /// to a report status.
    pub fn status(&self, detail: &str) -> Status {
        match *self {
            ProcessExit::Code { code: 0 } => Status::Ok,
            ProcessExit::Code { .. } => Status::Error {
                message: match detail.trim() {
                    "" => self.to_string(),
                    said => format!("{self}: {said}"),
                },
            },
            ProcessExit::Signal { signal } => Status::Crashed {
                signal,
                name: signal::name(signal),
            },
            ProcessExit::TimedOut { after_ms } => Status::TimedOut { after_ms },
        }
    }
}

impl fmt::Display for ProcessExit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProcessExit::Code { code } => write!(f, "exit {code}"),
            ProcessExit::Signal { signal } => write!(f, "killed by {}", signal::name(*signal)),
            ProcessExit::TimedOut { after_ms } => write!(f, "timed out after {after_ms} ms"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ProcessOutput {
    pub exit: ProcessExit,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl ProcessOutput {
    pub fn success(&self) -> bool {
        self.exit.success()
    }
}

/// A started command whose stdout and stderr are piped to us. It runs in a
/// process group of its own, and a timeout kills the whole group: in a rootfs
/// the probe runs under the box's shell, and a hung probe killed only through
/// its shell would live on and keep the output pipes open.
pub struct Running {
    pid: u32,
    stdin: Option<ChildStdin>,
    pipes: Option<[OwnedFd; 2]>,
    started: Instant,
}

/// The process groups of children started by [`spawn`] and not yet reaped.
static LIVE_GROUPS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn live_groups() -> std::sync::MutexGuard<'static, Vec<u32>> {
    LIVE_GROUPS.lock().unwrap_or_else(|e| e.into_inner())
}

/// SIGKILLs the group of every child started by [`spawn`] that has not been
/// reaped yet: for an interrupt's cleanup. Each child runs in a group of its
/// own, so the terminal's Ctrl-C never reaches it, and once this process has
/// exited nothing enforces its timeout: a hung probe would run on for good.
pub fn kill_live_groups() {
    for &pgid in live_groups().iter() {
        let _ = signal::kill_process_group(pgid);
    }
}

/// Starts `cmd` (stdin as the caller set it; stdout and stderr piped).
pub fn spawn(mut cmd: Command) -> io::Result<Running> {
    let started = Instant::now();
    let mut child = cmd
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let missing = || io::Error::other("spawned child has no stdout/stderr pipe");
    let stdout = OwnedFd::from(child.stdout.take().ok_or_else(missing)?);
    let stderr = OwnedFd::from(child.stderr.take().ok_or_else(missing)?);
    // From here the child is reaped by `wait_and_drain` (or Drop) with
    // waitpid; std's `Child` neither waits nor kills when dropped.
    live_groups().push(child.id());
    Ok(Running {
        pid: child.id(),
        stdin: child.stdin.take(),
        pipes: Some([stdout, stderr]),
        started,
    })
}

impl Running {
    /// The child's stdin, if the command was given `Stdio::piped()` for it.
    pub fn stdin(&mut self) -> Option<&mut ChildStdin> {
        self.stdin.as_mut()
    }

    /// Closes stdin, then waits at most `timeout` from the start, reading
    /// the output all the while.
    pub fn finish(self, timeout: Duration) -> io::Result<ProcessOutput> {
        self.finish_inner(timeout, None)
    }

    /// As [`Running::finish`], and runs `cleanup` after a timeout has killed
    /// the group (a container engine's `rm -f`, whose container outlives the
    /// killed client).
    pub fn finish_with_cleanup(
        self,
        timeout: Duration,
        mut cleanup: impl FnMut(),
    ) -> io::Result<ProcessOutput> {
        self.finish_inner(timeout, Some(&mut cleanup))
    }

    fn finish_inner(
        mut self,
        timeout: Duration,
        cleanup: Option<&mut dyn FnMut()>,
    ) -> io::Result<ProcessOutput> {
        drop(self.stdin.take());
        let pipes = self.pipes.take().map(Vec::from).unwrap_or_default();
        let ended = wait_and_drain(
            self.pid,
            pipes,
            self.started,
            timeout,
            KillScope::Group,
            cleanup,
        )?;
        let mut outputs = ended.outputs.into_iter();
        let mut text = || String::from_utf8_lossy(&outputs.next().unwrap_or_default()).into_owned();
        Ok(ProcessOutput {
            exit: ended.exit,
            stdout: text(),
            stderr: text(),
            elapsed: self.started.elapsed(),
        })
    }
}

impl Drop for Running {
    /// A child never finished (an error on the caller's side) is killed with
    /// its group and reaped, not left running.
    fn drop(&mut self) {
        if let Some(pipes) = self.pipes.take() {
            drop(pipes);
            let _ = wait_and_drain(
                self.pid,
                Vec::new(),
                Instant::now(),
                Duration::ZERO,
                KillScope::Group,
                None,
            );
        }
        live_groups().retain(|&g| g != self.pid);
    }
}

/// Runs `cmd` with stdin from /dev/null and kills its group after `timeout`.
pub fn run(mut cmd: Command, timeout: Duration) -> io::Result<ProcessOutput> {
    cmd.stdin(Stdio::null());
    spawn(cmd)?.finish(timeout)
}

/// As [`run`], and runs `cleanup` when the timeout fired.
pub fn run_with_cleanup(
    mut cmd: Command,
    timeout: Duration,
    cleanup: impl FnMut(),
) -> io::Result<ProcessOutput> {
    cmd.stdin(Stdio::null());
    spawn(cmd)?.finish_with_cleanup(timeout, cleanup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn sh(script: &str) -> Command {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", script]);
        cmd
    }

    #[test]
    fn captures_exit_code_and_streams() {
        let o = run(sh("echo out; echo err >&2; exit 3"), Duration::from_secs(5)).unwrap();
        assert_eq!(o.exit, ProcessExit::Code { code: 3 });
        assert_eq!(o.stdout, "out\n");
        assert_eq!(o.stderr, "err\n");
    }

    #[test]
    fn a_signal_is_kept_as_a_signal() {
        let o = run(sh("kill -SEGV $$"), Duration::from_secs(5)).unwrap();
        assert_eq!(
            o.exit,
            ProcessExit::Signal {
                signal: libc::SIGSEGV
            },
            "{o:?}"
        );
        assert!(
            matches!(o.exit.status(""), Status::Crashed { signal, .. } if signal == libc::SIGSEGV)
        );
    }

    #[test]
    fn a_mebibyte_on_each_stream_arrives_whole_and_promptly() {
        let o = run(
            sh("head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2"),
            Duration::from_secs(20),
        )
        .unwrap();
        assert_eq!(o.exit, ProcessExit::Code { code: 0 }, "{:?}", o.exit);
        assert_eq!(
            o.stdout.len(),
            1 << 20,
            "got {} bytes, want 1 MiB",
            o.stdout.len()
        );
        assert_eq!(
            o.stderr.len(),
            1 << 20,
            "got {} bytes, want 1 MiB",
            o.stderr.len()
        );
        assert!(o.elapsed < Duration::from_secs(10), "took {:?}", o.elapsed);
    }

    #[test]
    fn kills_at_timeout_and_runs_the_cleanup() {
        let mut cleaned = false;
        let o = run_with_cleanup(sh("sleep 10"), Duration::from_millis(100), || {
            cleaned = true
        })
        .unwrap();
        assert!(
            matches!(o.exit, ProcessExit::TimedOut { .. }),
            "{:?}",
            o.exit
        );
        assert!(o.elapsed < Duration::from_secs(5));
        assert!(cleaned, "cleanup did not run after the timeout");
    }

    #[test]
    fn no_cleanup_without_a_timeout() {
        let mut cleaned = false;
        let o = run_with_cleanup(sh("true"), Duration::from_secs(5), || cleaned = true).unwrap();
        assert!(o.success(), "{:?}", o.exit);
        assert!(!cleaned);
    }

    #[test]
    fn the_timeout_kills_grandchildren_too() {
        // sh forks the sleep, which holds the output pipes.
        let o = run(sh("sleep 20; echo never"), Duration::from_millis(200)).unwrap();
        assert!(matches!(o.exit, ProcessExit::TimedOut { .. }));
        assert!(
            o.elapsed < Duration::from_secs(10),
            "waited {:?} for a grandchild",
            o.elapsed
        );
        assert_eq!(o.stdout, "");
    }

    #[test]
    fn stdin_reaches_a_spawned_child() {
        let mut cmd = Command::new("cat");
        cmd.stdin(Stdio::piped());
        let mut p = spawn(cmd).unwrap();
        p.stdin().unwrap().write_all(b"next\n").unwrap();
        let o = p.finish(Duration::from_secs(5)).unwrap();
        assert_eq!(o.stdout, "next\n");
    }

    #[test]
    fn a_dropped_running_child_is_killed_and_reaped() {
        let p = spawn(sh("sleep 30")).unwrap();
        let pid = p.pid;
        drop(p);
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        assert!(stat.is_empty(), "pid {pid} still exists: {stat}");
    }

    #[test]
    fn exits_read_as_the_user_sees_them() {
        assert_eq!(ProcessExit::Code { code: 3 }.to_string(), "exit 3");
        assert_eq!(
            ProcessExit::Signal {
                signal: libc::SIGSEGV
            }
            .to_string(),
            "killed by SIGSEGV"
        );
        assert_eq!(
            ProcessExit::TimedOut { after_ms: 7 }.to_string(),
            "timed out after 7 ms"
        );
        assert_eq!(ProcessExit::Code { code: 0 }.status("x"), Status::Ok);
        let err = |message: &str| Status::Error {
            message: message.to_owned(),
        };
        assert_eq!(
            ProcessExit::Code { code: 2 }.status(" no\n"),
            err("exit 2: no")
        );
        assert_eq!(ProcessExit::Code { code: 2 }.status(""), err("exit 2"));
        assert_eq!(
            ProcessExit::TimedOut { after_ms: 7 }.status(""),
            Status::TimedOut { after_ms: 7 }
        );
    }
}
