//! Running a command with a timeout and capturing everything it printed.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use muslab_probes::sys::signal::kill_process_group;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProcessExit {
    Code { code: i32 },
    Signal { signal: i32 },
    TimedOut { after_ms: u64 },
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
        self.exit == ProcessExit::Code { code: 0 }
    }
}

/// Spawns `cmd` with piped output, kills it after `timeout`. Output is read on
/// helper threads so a chatty child cannot block on a full pipe. The command
/// gets a process group of its own, and the timeout kills the whole group:
/// in a rootfs the probe runs under the box's shell, and a hung probe killed
/// only through its shell would live on and keep the output pipes open.
pub fn run_with_timeout(mut cmd: Command, timeout: Duration) -> std::io::Result<ProcessOutput> {
    let start = Instant::now();
    let mut child = cmd
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let exit = loop {
        if let Some(status) = child.try_wait()? {
            break match (status.code(), status.signal()) {
                (Some(code), _) => ProcessExit::Code { code },
                (None, Some(signal)) => ProcessExit::Signal { signal },
                (None, None) => ProcessExit::Code { code: -1 },
            };
        }
        if start.elapsed() >= timeout {
            if kill_process_group(child.id()).is_err() {
                let _ = child.kill();
            }
            let _ = child.wait();
            break ProcessExit::TimedOut {
                after_ms: start.elapsed().as_millis() as u64,
            };
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    Ok(ProcessOutput {
        exit,
        stdout,
        stderr,
        elapsed: start.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_exit_code_and_streams() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo out; echo err >&2; exit 3"]);
        let o = run_with_timeout(cmd, Duration::from_secs(5)).unwrap();
        assert_eq!(o.exit, ProcessExit::Code { code: 3 });
        assert_eq!(o.stdout, "out\n");
        assert_eq!(o.stderr, "err\n");
    }

    #[test]
    fn kills_at_timeout() {
        let mut cmd = Command::new("sleep");
        cmd.arg("10");
        let o = run_with_timeout(cmd, Duration::from_millis(100)).unwrap();
        assert!(matches!(o.exit, ProcessExit::TimedOut { .. }));
        assert!(o.elapsed < Duration::from_secs(5));
    }

    #[test]
    fn the_timeout_kills_grandchildren_too() {
        // sh forks the sleep, which holds the output pipes.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 20; echo never"]);
        let o = run_with_timeout(cmd, Duration::from_millis(200)).unwrap();
        assert!(matches!(o.exit, ProcessExit::TimedOut { .. }));
        assert!(
            o.elapsed < Duration::from_secs(10),
            "waited {:?} for a grandchild",
            o.elapsed
        );
        assert_eq!(o.stdout, "");
    }
}
