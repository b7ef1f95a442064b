use muslab_catalogue::Id;
use muslab_report::{format_bytes, Check, Observed};
use muslab_sys::rlimit;

/// RLIMIT_STACK: the main thread's stack, and glibc's default thread stack.
pub fn check() -> Check {
    let check = Check::new(Id::Env, "rlimit-stack", "RLIMIT_STACK (soft / hard)");
    match rlimit::stack() {
        Ok(l) => {
            let show = |v: Option<u64>| v.map(format_bytes).unwrap_or_else(|| "unlimited".into());
            check.ok(
                Observed::text(format!("{} / {}", show(l.soft), show(l.hard))),
                "glibc sizes new threads' stacks from the soft limit; musl does not",
            )
        }
        Err(e) => check.error(e.to_string()),
    }
}
