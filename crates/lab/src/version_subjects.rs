//! The C programs that tell musl versions apart, built with Debian's
//! musl-gcc (this machine's musl, 1.2.3) as dynamic programs. The
//! musl-version environments (`environment::musl_version`) run them under
//! the loaders of other releases:
//!
//! - `open64` (D04) imports `open64`, which musl 1.2.3 exports; 1.2.4 took
//!   the LFS64 names out of the link-time API and its loader maps them to
//!   the plain names, so the program still starts on 1.2.5.
//! - `fcntl64-main` (D04) loads `libfcntl64.so`, which imports `fcntl64`:
//!   no musl defines it and the loader's remap does not cover it.
//! - `relr-main` (D32) loads `librelr.so`, linked with
//!   `-z pack-relative-relocs` (DT_RELR), which musl applies from 1.2.4;
//!   older loaders leave its pointers unrelocated and the program crashes.
//!
//! The libraries go into each version root's /usr/lib, where a distribution
//! installs a library, so the loader and `muslab check` find them the same
//! way.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::fixtures::{newer_than_all, source_dir};
use crate::target::Target;

/// The target the subjects are built for: musl-gcc builds x86_64 only.
pub const TRIPLE: &str = "x86_64-unknown-linux-musl";

const COMPILE_TIMEOUT: Duration = Duration::from_secs(120);

/// What [`build_musl`] built.
#[derive(Debug, Clone)]
pub struct Built {
    /// (row name, program), in row order.
    pub programs: Vec<(&'static str, PathBuf)>,
    /// The shared libraries the programs load.
    pub libraries: Vec<PathBuf>,
}

/// `<build_dir>/x86_64-unknown-linux-musl/fixtures/versions`.
pub fn dir(build_dir: &Path) -> PathBuf {
    crate::fixtures::output_path(build_dir, &Target::new(TRIPLE), "versions")
}

/// Builds the subjects under [`dir`] unless each output is newer than its
/// sources.
pub fn build_musl(build_dir: &Path) -> Result<Built, String> {
    let dir = dir(build_dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let src = source_dir();
    let open64 = dir.join("open64");
    if !newer_than_all(&open64, &[&src.join("open64.c")]) {
        compile(
            "musl-gcc",
            &[
                "-O2".as_ref(),
                "-o".as_ref(),
                open64.as_os_str(),
                src.join("open64.c").as_os_str(),
            ],
        )?;
    }
    let fcntl64_lib = dir.join("libfcntl64.so");
    let fcntl64 = dir.join("fcntl64-main");
    if !newer_than_all(
        &fcntl64,
        &[&src.join("fcntl64-lib.c"), &src.join("fcntl64-main.c")],
    ) {
        compile(
            "musl-gcc",
            &[
                "-shared".as_ref(),
                "-fPIC".as_ref(),
                "-O2".as_ref(),
                "-Wl,-soname,libfcntl64.so".as_ref(),
                "-o".as_ref(),
                fcntl64_lib.as_os_str(),
                src.join("fcntl64-lib.c").as_os_str(),
            ],
        )?;
        compile(
            "musl-gcc",
            &[
                "-O2".as_ref(),
                "-o".as_ref(),
                fcntl64.as_os_str(),
                src.join("fcntl64-main.c").as_os_str(),
                fcntl64_lib.as_os_str(),
                // The library's fcntl64 is for the loader to find (or not).
                "-Wl,--allow-shlib-undefined".as_ref(),
            ],
        )?;
    }
    let relr = dir.join("relr-main");
    if !newer_than_all(&relr, &[&src.join("relr-lib.c"), &src.join("relr-main.c")]) {
        relr_program("musl-gcc", &dir)?;
    }
    Ok(Built {
        programs: vec![
            ("open64", open64),
            ("fcntl64-main", fcntl64),
            ("relr-main", relr),
        ],
        libraries: vec![fcntl64_lib, dir.join("librelr.so")],
    })
}

/// fixtures/getaddrinfo.c built with musl-gcc (dynamic) under [`dir`]: the
/// DNS lab's C client (D08 per musl version). Not a matrix subject: outside
/// the DNS fixture it would ask this machine's resolver.
pub fn build_getaddrinfo(build_dir: &Path) -> Result<PathBuf, String> {
    let dir = dir(build_dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let src = source_dir().join("getaddrinfo.c");
    let out = dir.join("getaddrinfo");
    if !newer_than_all(&out, &[&src]) {
        compile(
            "musl-gcc",
            &[
                "-O2".as_ref(),
                "-o".as_ref(),
                out.as_os_str(),
                src.as_os_str(),
            ],
        )?;
    }
    Ok(out)
}

/// relr-lib.c as `dir/librelr.so` with packed relative relocations
/// (`-z pack-relative-relocs`, DT_RELR) or without, built by `compiler`.
pub fn relr_library(compiler: &str, dir: &Path, packed: bool) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let lib = dir.join("librelr.so");
    let relocs = if packed {
        "-Wl,-z,pack-relative-relocs"
    } else {
        "-Wl,-z,nopack-relative-relocs"
    };
    compile(
        compiler,
        &[
            "-shared".as_ref(),
            "-fPIC".as_ref(),
            "-O2".as_ref(),
            relocs.as_ref(),
            "-Wl,-soname,librelr.so".as_ref(),
            "-o".as_ref(),
            lib.as_os_str(),
            source_dir().join("relr-lib.c").as_os_str(),
        ],
    )?;
    Ok(lib)
}

/// The packed `dir/librelr.so` and `dir/relr-main` linked against it, both
/// built by `compiler`: the program.
pub fn relr_program(compiler: &str, dir: &Path) -> Result<PathBuf, String> {
    let lib = relr_library(compiler, dir, true)?;
    let main = dir.join("relr-main");
    compile(
        compiler,
        &[
            "-O2".as_ref(),
            "-o".as_ref(),
            main.as_os_str(),
            source_dir().join("relr-main.c").as_os_str(),
            lib.as_os_str(),
        ],
    )?;
    Ok(main)
}

/// `compiler args...`, or the compiler's first line of complaint.
pub fn compile(compiler: &str, args: &[&OsStr]) -> Result<(), String> {
    let mut cmd = Command::new(compiler);
    cmd.args(args);
    let out = muslab_sys::process::run(cmd, COMPILE_TIMEOUT).map_err(|e| {
        format!("cannot run {compiler}: {e}; install it with scripts/setup (apt-get install -y musl-tools gcc)")
    })?;
    if out.success() {
        Ok(())
    } else {
        Err(format!(
            "{compiler} {} failed ({}): {}",
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            out.exit,
            out.stderr.lines().next().unwrap_or("").trim()
        ))
    }
}
