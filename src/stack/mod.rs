//! probe-stack: seed S2. musl gives a new pthread 128 KiB of stack unless told
//! otherwise (since 1.1.21; 80 KiB before), glibc gives RLIMIT_STACK (usually
//! 8 MiB). Rust's `std::thread` asks for 2 MiB on both, so only raw pthreads —
//! C libraries, FFI callbacks, language runtimes — meet the difference.

pub mod consume;
pub mod crash_table;
pub mod defaults;
pub mod paint;

use muslab_report::Check;

/// Stack use of the jobs in the crash table: 64 KiB to 1 MiB of locals.
pub const JOB_SIZES: [usize; 5] = [64 << 10, 128 << 10, 256 << 10, 512 << 10, 1 << 20];

/// Which binary is running: the stack probe as built normally, or the one
/// linked with `-z stack-size` (PT_GNU_STACK carries a size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Plain,
    ZStackSize,
}

impl Variant {
    /// Prefix of check cases, so both binaries' rows coexist in one matrix.
    pub fn case_prefix(self) -> &'static str {
        match self {
            Variant::Plain => "",
            Variant::ZStackSize => "zstack/",
        }
    }
}

/// All checks of the probe. The crash table forks a child per case, and a
/// fork is safe only while no other thread runs (see `child`): `defaults`
/// joins every thread it starts before the crash table's first fork.
pub fn checks(variant: Variant) -> Vec<Check> {
    let mut out = Vec::new();
    out.extend(defaults::checks(variant));
    out.extend(crash_table::checks(variant));
    if variant == Variant::Plain {
        out.extend(paint::checks());
    }
    out
}

/// "64k", "1m": the size as it appears in check cases.
pub fn size_key(n: usize) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 {
        format!("{}m", n >> 20)
    } else {
        format!("{}k", n >> 10)
    }
}
