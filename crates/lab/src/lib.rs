//! The muslab lab: environments, the matrix runner and its renderers. The
//! `muslab` binary is a thin CLI over this library.

#![forbid(unsafe_code)]

pub mod agreement;
pub mod bench_report;
pub mod compare;
pub mod container;
pub mod dns_matrix;
pub mod environment;
pub mod explain;
pub mod fixtures;
pub mod matrix;
pub mod progress;
pub mod render;
pub mod results;
pub mod rootfs;
pub mod runner;
pub mod selection;
pub mod version_subjects;
/// The build targets live beside the probe registry, where every crate finds them.
pub use muslab_report::target;
