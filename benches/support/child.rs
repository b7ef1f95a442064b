//! Workloads measured in a child process: the bench binary re-executes
//! itself with `MUSLAB_BENCH_WORKLOAD=<name>`, the child runs the workload a
//! fixed number of times and prints the figures only it can take (as JSON,
//! a `Vec<Figure>`, with its peak RSS from VmHWM), and the parent adds the
//! voluntary context switches wait4 reports. (wait4's ru_maxrss is no use
//! here: it keeps the high-water mark of the memory the child shared with the
//! parent before exec.) A fresh process keeps one bench's
//! heap out of the next one's figures, and a hang is killed by the timeout.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use muslab_report::bench::{Figure, Quantity};

const WORKLOAD_VAR: &str = "MUSLAB_BENCH_WORKLOAD";

/// The workload this process was started to run, if it is such a child.
pub fn requested_workload() -> Option<String> {
    std::env::var(WORKLOAD_VAR).ok()
}

/// In the child: print the figures, with this process's peak RSS, for the
/// parent and exit.
pub fn report(figures: &[Figure]) -> ! {
    let mut figures = figures.to_vec();
    if let Some(peak) = super::proc::status_bytes("VmHWM") {
        figures.push(Figure {
            quantity: Quantity::PeakRss,
            value: peak as f64,
        });
    }
    let json = serde_json::to_string(&figures).expect("figures serialise");
    println!("{json}");
    std::process::exit(0)
}

/// Runs `workload` in a child (this same executable) and returns its own
/// figures plus the voluntary context switches wait4 reports.
pub fn measure(workload: &str, timeout: Duration) -> Result<Vec<Figure>, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let mut child = Command::new(exe)
        .env(WORKLOAD_VAR, workload)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start the {workload} child: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.take().expect("stdout was piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value to be overwritten.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our child; status and usage are valid out-pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break (status, usage);
        }
        if r < 0 {
            return Err(format!(
                "wait4 for the {workload} child: {}",
                std::io::Error::last_os_error()
            ));
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            // SAFETY: reaps the child we just killed.
            unsafe { libc::waitpid(pid, &mut status, 0) };
            return Err(format!(
                "the {workload} child did not finish in {timeout:?}; killed"
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let out = reader.join().unwrap_or_default();
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!(
            "the {workload} child failed (wait status {status:#x})"
        ));
    }
    let mut figures: Vec<Figure> = serde_json::from_str(out.trim())
        .map_err(|e| format!("the {workload} child printed no figures ({e}): {out:?}"))?;
    figures.push(Figure {
        quantity: Quantity::VoluntarySwitches,
        value: usage.ru_nvcsw as f64,
    });
    Ok(figures)
}
