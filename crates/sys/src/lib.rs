//! muslab's one home for unsafe code: thin, safe wrappers over the libc calls
//! the probes and the lab make, and the process runners built on them. Each
//! wrapper owns exactly one call (or one init/use/destroy sequence), states
//! the contract it relies on, and turns failure into `io::Error`. No probe or
//! lab policy lives here: callers decide what to call, this crate how.
//!
//! Probe side: `cpu`, `elf_self`, `getaddrinfo`, `iconv`, `libc_version`,
//! `locale`, `personality`, `pthread`, `rlimit`, `uname`, the C library API
//! calls of probe-libc (`basename`, `crypt`, `dl`, `errno`, `errtext`,
//! `getopt`, `inet`, `malloc`, `math`, `qsort`, `stat`, `stdio_format`, `strlcpy`, `strptime`), and `fork` (a piece
//! of probe code in a forked child). Host side: `namespace` and `seccomp`
//! (set up a child between fork and exec) and `process` (a command with a
//! timeout) and `terminal` (its width) and `lock` (a file lock for caches
//! built by concurrent runs). Both: `signal`, `sysconf`.

pub mod basename;
pub mod cpu;
pub mod crypt;
pub mod dl;
pub mod elf_self;
pub mod errno;
pub mod errtext;
pub mod fork;
pub mod getaddrinfo;
pub mod getopt;
pub mod iconv;
pub mod inet;
pub mod libc_version;
pub mod locale;
pub mod lock;
pub mod malloc;
pub mod math;
pub mod namespace;
pub mod personality;
pub mod process;
pub mod pthread;
pub mod qsort;
pub mod rlimit;
pub mod seccomp;
pub mod signal;
pub mod stat;
pub mod stdio_format;
pub mod strlcpy;
pub mod strptime;
pub mod sysconf;
pub mod terminal;
pub mod uname;
mod wait;

pub use process::{ProcessExit, ProcessOutput};
