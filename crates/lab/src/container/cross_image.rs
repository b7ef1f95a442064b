//! `muslab cross-image`: the image `cross` builds the probes in where no
//! image registry is reachable (`make probes CARGO=cross`, Cross.toml). It
//! holds what this machine builds the four x86_64/i686 gnu/musl targets
//! with: a Debian bookworm root (debootstrap, `rootfs::debian`) with gcc,
//! gcc-multilib (i686 glibc and its linker), libc6-dev and musl-tools
//! (musl-gcc). cross mounts the Rust toolchain into the container, so the
//! image needs none. Imported as `muslab/cross:<stamp>` and tagged
//! `muslab/cross:bookworm`; rebuilt when the root's parameters change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{image, EngineCommand};
use crate::rootfs::debian::{BuiltRoot, DebianRoot};

/// The repository part of the image's name.
pub const REPOSITORY: &str = "muslab/cross";
/// The tag Cross.toml names.
pub const TAG: &str = "bookworm";

#[derive(clap::Args, Debug)]
pub struct CrossImageArgs {
    /// podman or docker; default: MUSLAB_ENGINE, else the first found in PATH.
    #[arg(long)]
    pub engine: Option<String>,
    /// Where the root is built and (podman) the image stored [default: the
    /// workspace's target/, or $CARGO_TARGET_DIR].
    #[arg(long)]
    pub build_dir: Option<PathBuf>,
}

/// The Debian root the image is made from.
pub fn root() -> DebianRoot {
    DebianRoot {
        suite: "bookworm",
        arch: "amd64",
        include: vec!["gcc", "gcc-multilib", "libc6-dev", "musl-tools"],
        purpose: Some("cross"),
    }
}

/// Builds (or reuses) the root and the image; returns the image's stamped
/// name and the root.
pub fn ensure(engine: &EngineCommand, build_dir: &Path) -> Result<(String, BuiltRoot), String> {
    let root = root();
    let built = root.ensure(build_dir)?;
    let name = image::ensure_dir(
        engine,
        &built.dir,
        REPOSITORY,
        &root.stamp(),
        TAG,
        build_dir,
    )?;
    Ok((name, built))
}

pub fn run(args: &CrossImageArgs) -> Result<ExitCode, String> {
    let (engine, build_dir) =
        match EngineCommand::choose_or_exit(args.engine.as_deref(), args.build_dir.as_deref()) {
            Ok(chosen) => chosen,
            Err(code) => return Ok(code),
        };
    let (name, built) = ensure(&engine, &build_dir)?;
    let how = match &built.provenance {
        crate::rootfs::Provenance::Reused => "reused".to_owned(),
        crate::rootfs::Provenance::Built { because } => format!("built: {because}"),
    };
    eprintln!(
        "cross-image: {REPOSITORY}:{TAG} is {name} (root {}, {how})",
        built.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
