//! muslab's probe library: the report model, thin wrappers over libc, and one
//! module per probe area. The probe binaries in `probes/` are a few lines each
//! on top of this, so the logic is testable without spawning binaries.

pub mod build_info;
pub mod child;
pub mod cli;
pub mod dns;
pub mod env;
pub mod locale;

pub mod stack;
pub mod sys;
