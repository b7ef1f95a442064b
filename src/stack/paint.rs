//! Measured stack use of the crash table's jobs: each runs on a caller-owned
//! stack painted with a pattern; afterwards the lowest overwritten byte gives
//! the peak depth. Shows that "256 KiB of locals" really is about 256 KiB.
//! Runs in a forked child: a job bigger than the painted memory overflows it.
//!
//! With `pthread_attr_setstack`, glibc places the thread descriptor and
//! static TLS at the top of the supplied memory, and so does musl; both are
//! included in the figure.

use muslab_catalogue::Id;
use std::cell::UnsafeCell;
use std::time::Duration;

use muslab_report::{format_bytes, Check, Observed};
use muslab_sys::fork::run_in_child;
use muslab_sys::pthread::{self, StackRequest};

use super::{consume::use_stack, size_key, JOB_SIZES};

const PAINT: u8 = 0xA5;
const SLACK: usize = 256 << 10;

pub fn checks() -> Vec<Check> {
    JOB_SIZES
        .iter()
        .map(|&size| {
            let check = Check::new(
                Id::S2,
                &format!("peak-use/{}", size_key(size)),
                &format!(
                    "measured stack use of the {} job",
                    format_bytes(size as u64)
                ),
            );
            let run = run_in_child(Duration::from_secs(10), |w| match peak_use(size) {
                Ok(used) => {
                    let _ = write!(w, "{used}");
                    0
                }
                Err(e) => {
                    let _ = write!(w, "{e}");
                    1
                }
            });
            match run {
                Ok(r) if r.success() => match r.output.parse::<u64>() {
                    Ok(used) => check.ok(
                        Observed::Bytes(used.div_ceil(1024) * 1024),
                        "stack painting; includes the libc's thread descriptor and TLS",
                    ),
                    Err(_) => check.error(format!("child sent {:?}", r.output)),
                },
                Ok(r) => check.status(
                    r.status(),
                    Observed::None,
                    "job overflowed the painted stack",
                ),
                Err(e) => check.error(format!("fork: {e}")),
            }
        })
        .collect()
}

/// Runs `use_stack(size)` on a painted stack and returns the bytes touched.
/// Overflowing the painted memory is undefined: call it in a child.
pub fn peak_use(size: usize) -> std::io::Result<usize> {
    let mut memory = vec![PAINT; size + SLACK];
    let cell = UnsafeCell::from_mut(memory.as_mut_slice());
    let finished = pthread::run(StackRequest::Memory(cell), || {
        use_stack(size);
    })?;
    if !finished {
        return Err(std::io::Error::other("job panicked"));
    }
    let untouched = memory
        .iter()
        .position(|&b| b != PAINT)
        .unwrap_or(memory.len());
    Ok(memory.len() - untouched)
}

#[cfg(test)]
mod tests {
    #[test]
    fn painted_use_is_close_to_the_job_size() {
        let used = super::peak_use(128 << 10).unwrap();
        assert!(used >= 128 << 10, "{used}");
        assert!(used < (128 << 10) + (64 << 10), "{used}");
    }
}
