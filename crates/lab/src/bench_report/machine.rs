//! Where and with what the benches ran: the CPU, the kernel, rustc, the
//! host's glibc, and the build record each bench binary left beside its
//! baseline (target, libc version, allocator).

use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

pub use muslab_report::bench::BuildRecord;
use muslab_report::bench::BUILDS_DIR;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    pub cpu: String,
    pub cpus: usize,
    pub kernel: String,
    /// `rustc -vV` as printed, or why it could not be run.
    pub rustc: String,
    /// The glibc loaded into `muslab` itself (`gnu_get_libc_version`): the
    /// one the glibc benches ran on, since both run on this host.
    pub host_glibc: Option<String>,
    /// /proc/loadavg when the report was made: a 15-minute figure near or
    /// above the CPU count means the benches shared the machine.
    #[serde(default)]
    pub load_average: Option<[f64; 3]>,
    /// Wall time of the `make bench` that made the report, from the release
    /// lab build to the last measurement (the Makefile times it and passes
    /// `--make-seconds`); the goal is at most 15 minutes on 2 CPUs.
    #[serde(default)]
    pub make_bench_seconds: Option<u64>,
}

fn load_average() -> Option<[f64; 3]> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let mut it = text.split_whitespace().map(|v| v.parse::<f64>().ok());
    Some([it.next()??, it.next()??, it.next()??])
}

pub fn this_machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|v| v.trim_start_matches([' ', '\t', ':']).trim().to_owned())
        .unwrap_or_else(|| "unknown (no model name in /proc/cpuinfo)".to_owned());
    let kernel = match muslab_sys::uname::uname() {
        Ok(u) => format!("{} {} {}", u.sysname, u.release, u.machine),
        Err(e) => format!("unknown (uname: {e})"),
    };
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let rustc = match Command::new(&rustc).arg("-vV").output() {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        Ok(o) => format!(
            "rustc -vV failed: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => format!("rustc -vV could not run: {e}"),
    };
    Machine {
        cpu,
        cpus: std::thread::available_parallelism().map_or(0, |n| n.get()),
        kernel,
        rustc,
        host_glibc: muslab_sys::libc_version::runtime(),
        load_average: load_average(),
        make_bench_seconds: None,
    }
}

/// The build records under `<criterion>/muslab-builds/`, for `baselines` only.
/// Unreadable records are skipped: they only cost the report a column.
pub fn build_records(criterion_dir: &Path, baselines: &[&str]) -> Vec<BuildRecord> {
    let Ok(entries) = std::fs::read_dir(criterion_dir.join(BUILDS_DIR)) else {
        return Vec::new();
    };
    let mut out: Vec<BuildRecord> = entries
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|t| serde_json::from_str::<BuildRecord>(&t).ok())
        .filter(|r| baselines.contains(&r.baseline.as_str()))
        .collect();
    out.sort_by(|a, b| (&a.baseline, &a.bench).cmp(&(&b.baseline, &b.bench)));
    out
}
