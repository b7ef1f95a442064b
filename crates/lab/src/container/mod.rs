//! Container engines (podman, docker) driven through their command lines:
//! which engine, a named container that is always removed, and the lab's
//! images imported from its own rootfs boxes (no registry needed).

pub mod check_image;
pub mod cross_image;
pub mod engine;
pub mod handle;
pub mod image;
pub mod leftovers;
pub mod probe_in;
pub mod subject_file;

pub use engine::{Engine, EngineCommand};
pub use handle::Container;
