//! The table of seed S2: raw pthreads whose job uses 64 KiB .. 1 MiB of stack,
//! each in a forked child with a timeout, with the default attribute and with
//! `pthread_attr_setstacksize` (fix 1). Run from the `-z stack-size` binary,
//! the default-attribute rows show fix 2.

use muslab_catalogue::Id;
use std::time::Duration;

use muslab_report::{format_bytes, Check, Observed};
use muslab_sys::fork::run_in_child;
use muslab_sys::pthread::{self, StackRequest};

use super::{consume::use_stack, size_key, Variant, JOB_SIZES};

/// Room for the frames' own overhead and the libc's per-thread data when the
/// fix asks for "enough" stack.
pub const FIX_HEADROOM: usize = 64 << 10;

const CHILD_TIMEOUT: Duration = Duration::from_secs(10);

pub fn checks(variant: Variant) -> Vec<Check> {
    let p = variant.case_prefix();
    let mut out = Vec::new();
    for &size in &JOB_SIZES {
        out.push(run_job(
            Check::new(
                Id::S2,
                &format!("{p}default-attr/{}", size_key(size)),
                &format!(
                    "raw pthread, default attr, {} of locals",
                    format_bytes(size as u64)
                ),
            ),
            StackRequest::Default,
            size,
        ));
    }
    if variant == Variant::Plain {
        for &size in &JOB_SIZES {
            let asked = size + FIX_HEADROOM;
            out.push(run_job(
                Check::new(
                    Id::S2,
                    &format!("setstacksize/{}", size_key(size)),
                    &format!(
                        "raw pthread, setstacksize({}), {} of locals",
                        format_bytes(asked as u64),
                        format_bytes(size as u64)
                    ),
                ),
                StackRequest::Size(asked),
                size,
            ));
        }
    }
    out
}

fn run_job(check: muslab_report::CheckBuilder, stack: StackRequest<'static>, size: usize) -> Check {
    let run = run_in_child(CHILD_TIMEOUT, |_| {
        match pthread::run(stack, || {
            use_stack(size);
        }) {
            Ok(true) => 0,
            Ok(false) => 3,
            Err(_) => 4,
        }
    });
    match run {
        Ok(r) => {
            let status = r.status();
            let observed = match status {
                muslab_report::Status::Ok => Observed::text("pass"),
                _ => Observed::None,
            };
            check.status(
                status,
                observed,
                format!("child ran {} ms", r.elapsed.as_millis()),
            )
        }
        Err(e) => check.error(format!("fork: {e}")),
    }
}
