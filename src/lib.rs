//! muslab's probe library: one module per probe area, on top of the libc
//! wrappers in `muslab_sys` (this crate has no unsafe code of its own). The
//! probe binaries in `probes/` are a few lines each on top of this, so the
//! logic is testable without spawning binaries.

#![forbid(unsafe_code)]

pub mod build_info;
pub mod cli;
pub mod dns;
pub mod env;
pub mod libc_api;
pub mod loader;
pub mod locale;

pub mod stack;
