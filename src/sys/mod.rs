//! Thin, safe wrappers over the libc calls the probes make. Each wrapper owns
//! exactly one call (or one init/use/destroy sequence), states the contract it
//! relies on, and turns failure into `io::Error`. No probe logic lives here.

pub mod cpu;
pub mod elf_self;
pub mod getaddrinfo;
pub mod iconv;
pub mod libc_version;
pub mod locale;
pub mod personality;
pub mod pthread;
pub mod rlimit;
pub mod signal;
pub mod uname;
