//! D23: what "number of CPUs" means. glibc's `sysconf(_SC_NPROCESSORS_ONLN)`
//! reads the system's online CPUs and ignores affinity; musl's counts the
//! calling thread's affinity mask, so `taskset -c 0` (or a cgroup cpuset)
//! changes it. Observed by pinning a forked child to one CPU. Rust's
//! `std::thread::available_parallelism` is the same on both: the affinity
//! mask, lowered by a cgroup CPU quota (`docker run --cpus 1`), which
//! neither libc's sysconf reads.

use muslab_catalogue::Id;
use std::time::Duration;

use muslab_report::{Check, Observed};
use muslab_sys::cpu;
use muslab_sys::fork::run_in_child;

pub fn checks() -> Vec<Check> {
    let mut out = Vec::new();
    let online = Check::new(Id::D23, "sysconf-online", "sysconf(_SC_NPROCESSORS_ONLN)");
    out.push(match cpu::sysconf_online() {
        Ok(n) => online.ok(Observed::Int(n as i64), ""),
        Err(e) => online.error(e.to_string()),
    });
    let mask = cpu::affinity_cpus();
    let affinity = Check::new(Id::Env, "affinity-cpus", "CPUs in affinity mask");
    out.push(match &mask {
        Ok(cpus) => affinity.ok(Observed::Int(cpus.len() as i64), ""),
        Err(e) => affinity.error(e.to_string()),
    });
    out.push(pinned(mask.ok().and_then(|m| m.first().copied())));
    let rust = Check::new(
        Id::D23,
        "available-parallelism",
        "std::thread::available_parallelism()",
    );
    out.push(match std::thread::available_parallelism() {
        Ok(n) => rust.ok(
            Observed::Int(n.get() as i64),
            "affinity mask and cgroup CPU quota",
        ),
        Err(e) => rust.error(e.to_string()),
    });
    out
}

fn pinned(first_cpu: Option<usize>) -> Check {
    let check = Check::new(
        Id::D23,
        "sysconf-online-pinned",
        "sysconf(_SC_NPROCESSORS_ONLN) pinned to one CPU",
    );
    let Some(cpu_id) = first_cpu else {
        return check.error("affinity mask unreadable");
    };
    let run = run_in_child(Duration::from_secs(5), |w| {
        if let Err(e) = cpu::pin_to(cpu_id) {
            let _ = write!(w, "sched_setaffinity: {e}");
            return 1;
        }
        match cpu::sysconf_online() {
            Ok(n) => {
                let _ = write!(w, "{n}");
                0
            }
            Err(e) => {
                let _ = write!(w, "sysconf: {e}");
                1
            }
        }
    });
    match run {
        Ok(r) if r.success() => match r.output.trim().parse::<i64>() {
            Ok(n) => check.ok(
                Observed::Int(n),
                format!("after sched_setaffinity to CPU {cpu_id} (as taskset -c {cpu_id})"),
            ),
            Err(_) => check.error(format!("child sent {:?}", r.output)),
        },
        Ok(r) => check.status(r.status(), Observed::None, ""),
        Err(e) => check.error(format!("fork: {e}")),
    }
}
