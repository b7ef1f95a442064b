//! The stack sizes each libc hands out when nobody asks for one.

use muslab_catalogue::Id;
use std::time::Duration;

use crate::child::{run_in_child, ChildExit};
use crate::sys::{elf_self, pthread, rlimit};
use muslab_report::{Check, Observed};

use super::Variant;

const MAIN_THREAD_TIMEOUT: Duration = Duration::from_secs(5);

pub fn checks(variant: Variant) -> Vec<Check> {
    let p = variant.case_prefix();
    let mut out = Vec::new();

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

    if variant == Variant::ZStackSize {
        return out;
    }

    let std_thread = Check::new(
        Id::S2,
        "std-thread",
        "stack of a Rust std::thread (default builder)",
    );
    let measured = std::thread::spawn(pthread::current_thread_stack_size).join();
    out.push(match measured {
        Ok(Ok(n)) => std_thread.ok(
            Observed::Bytes(n as u64),
            "Rust std asks for at least 2 MiB (RUST_MIN_STACK overrides); the libc may round it up to its own default",
        ),
        Ok(Err(e)) => std_thread.error(e.to_string()),
        Err(_) => std_thread.error("thread panicked"),
    });

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
        Ok(r) if r.exit == ChildExit::Exited(0) => match r.output.parse::<u64>() {
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
