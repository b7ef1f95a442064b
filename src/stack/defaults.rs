//! The stack sizes each libc hands out when nobody asks for one.

use muslab_catalogue::Id;
use std::time::Duration;

use muslab_report::{Check, Observed};
use muslab_sys::fork::run_in_child;
use muslab_sys::{elf_self, pthread, rlimit};

use super::Variant;

const MAIN_THREAD_TIMEOUT: Duration = Duration::from_secs(5);

pub fn checks(variant: Variant) -> Vec<Check> {
    let p = variant.case_prefix();
    let mut out = Vec::new();
    // Before any thread has existed in this process: glibc caches the stacks
    // of ended threads and hands a new thread the smallest cached stack of
    // at least the size it asks for, up to four times that
    // (nptl/allocatestack.c, get_cached_stack), so a std::thread started
    // after the raw 8 MiB thread below would report 8 MiB. The fork comes
    // first (a single-threaded parent, and a child whose cache is empty).
    let std_threads =
        (variant == Variant::Plain).then(|| (std_thread_after_raw_thread(), std_thread_stack()));

    let image = elf_self::inspect();
    out.push(
        Check::new(Id::S2, &format!("{p}pt-gnu-stack-size"), "PT_GNU_STACK size of this binary").ok(
            Observed::Bytes(image.gnu_stack_size),
            "0 unless linked with -Wl,-z,stack-size=N; musl >= 1.1.21 takes it as the default thread stack",
        ),
    );

    let fresh = Check::new(
        Id::S2,
        &format!("{p}default-attr"),
        "stack size in a fresh pthread_attr_t",
    );
    out.push(match pthread::default_attr_stack_size() {
        Ok(n) => fresh.ok(Observed::Bytes(n as u64), ""),
        Err(e) => fresh.error(e.to_string()),
    });

    let raw = Check::new(
        Id::S2,
        &format!("{p}raw-thread"),
        "stack of a raw pthread (NULL attr, pthread_getattr_np)",
    );
    let mut seen = None;
    out.push(
        match pthread::run(pthread::StackRequest::Default, || {
            seen = Some(pthread::current_thread_stack_size());
        }) {
            Ok(_) => match seen {
                Some(Ok(n)) => raw.ok(Observed::Bytes(n as u64), ""),
                Some(Err(e)) => raw.error(format!("pthread_getattr_np: {e}")),
                None => raw.error("thread did not run"),
            },
            Err(e) => raw.error(format!("pthread_create: {e}")),
        },
    );

    let Some((after_raw, first_std_thread)) = std_threads else {
        return out;
    };
    out.push(std_thread_check(
        "std-thread",
        "stack of a Rust std::thread (default builder), the process's first thread",
        first_std_thread,
        "Rust std asks for 2 MiB (RUST_MIN_STACK overrides) with pthread_attr_setstacksize",
    ));
    out.push(std_thread_check(
        "std-thread-after-raw-thread",
        "stack of a Rust std::thread started after a raw pthread with the default attr ended",
        after_raw,
        "measured in a forked child; glibc reuses the ended thread's cached stack if it is at most 4x the size asked for; musl unmaps it",
    ));

    let main = Check::new(
        Id::S2,
        "main-thread",
        "main thread stack (pthread_getattr_np)",
    );
    out.push(main_thread(main));

    let limit = Check::new(Id::S2, "rlimit-stack", "RLIMIT_STACK soft limit");
    out.push(match rlimit::stack() {
        Ok(l) => match l.soft {
            Some(n) => limit.ok(Observed::Bytes(n), ""),
            None => limit.ok(Observed::text("unlimited"), ""),
        },
        Err(e) => limit.error(e.to_string()),
    });

    let min = Check::new(Id::S2, "stack-min", "sysconf(_SC_THREAD_STACK_MIN)");
    out.push(match pthread::stack_min() {
        Ok(n) => min.ok(
            Observed::Bytes(n as u64),
            format!("compile-time PTHREAD_STACK_MIN {}", libc::PTHREAD_STACK_MIN),
        ),
        Err(e) => min.error(e.to_string()),
    });
    out
}

/// The stack of a std::thread spawned now (default builder).
fn std_thread_stack() -> Result<usize, String> {
    match std::thread::spawn(pthread::current_thread_stack_size).join() {
        Ok(Ok(n)) => Ok(n),
        Ok(Err(e)) => Err(format!("pthread_getattr_np: {e}")),
        Err(_) => Err("thread panicked".to_owned()),
    }
}

/// In a forked child: a raw pthread with the default attribute runs and
/// ends, then a std::thread is measured.
fn std_thread_after_raw_thread() -> Result<usize, String> {
    let run = run_in_child(MAIN_THREAD_TIMEOUT, |w| {
        if let Err(e) = pthread::run(pthread::StackRequest::Default, || {}) {
            let _ = write!(w, "pthread_create: {e}");
            return 1;
        }
        match std_thread_stack() {
            Ok(n) => {
                let _ = write!(w, "{n}");
                0
            }
            Err(e) => {
                let _ = write!(w, "{e}");
                1
            }
        }
    })
    .map_err(|e| format!("fork: {e}"))?;
    if run.success() {
        run.output
            .parse()
            .map_err(|_| format!("child sent {:?}", run.output))
    } else {
        Err(run.status().to_string())
    }
}

fn std_thread_check(case: &str, title: &str, measured: Result<usize, String>, note: &str) -> Check {
    let check = Check::new(Id::S2, case, title);
    match measured {
        Ok(n) => check.ok(Observed::Bytes(n as u64), note),
        Err(e) => check.error(e),
    }
}

/// musl's `pthread_getattr_np` finds the main thread's stack by growing an
/// `mremap` probe one page at a time until it fails; under qemu-user the
/// emulated address space lets that loop run for minutes. So the call runs in
/// a child (forked from the main thread, so the child's caller is its main
/// thread too) with a timeout, and a hang is reported as what it is.
fn main_thread(check: muslab_report::CheckBuilder) -> Check {
    let run = run_in_child(
        MAIN_THREAD_TIMEOUT,
        |w| match pthread::current_thread_stack_size() {
            Ok(n) => {
                let _ = write!(w, "{n}");
                0
            }
            Err(e) => {
                let _ = write!(w, "{e}");
                1
            }
        },
    );
    match run {
        Ok(r) if r.success() => match r.output.parse::<u64>() {
            Ok(n) => check.ok(Observed::Bytes(n), ""),
            Err(_) => check.error(format!("child sent {:?}", r.output)),
        },
        Ok(r) => check.status(
            r.status(),
            Observed::None,
            "pthread_getattr_np on the main thread",
        ),
        Err(e) => check.error(format!("fork: {e}")),
    }
}
