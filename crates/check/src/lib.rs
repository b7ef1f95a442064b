//! `muslab check`: predicts where an ELF file, a tree, a wheel or a tarball
//! will run (this host, glibc >= X.Y, an Alpine-like musl root, musl with
//! libc6-compat or gcompat, a bundled glibc, i686 on x86_64, qemu-user), why,
//! and the fix.
//!
//! Pipeline: [`inputs`] expands paths -> [`read_source`]/[`elf_read`] read
//! [`elf_facts`] -> [`floors`], [`musl_binding`], [`catalogue`] judge them ->
//! [`predict_rootfs`] (real files) and [`predict_model`] (typical systems)
//! give [`verdict`]s -> [`fixes`] -> [`render_text`] / [`json_output`].
//! The prediction API for other code is [`predict`] / [`check_file`].

#![forbid(unsafe_code)]

pub mod analysis;
pub mod archive;
pub mod bundled;
pub mod catalogue;
pub mod dep_walk;
pub mod elf_facts;
pub mod elf_read;
pub mod environment_id;
pub mod export_set;
pub mod fixes;
pub mod floors;
pub mod image_root;
pub mod inputs;
pub mod json_output;
pub mod libc_flavour;
pub mod loader_messages;
pub mod machine;
pub mod musl_binding;
pub mod musl_exports;
pub mod musl_version;
pub mod predict_model;
pub mod predict_rootfs;
pub mod prediction;
pub mod read_source;
pub mod render_text;
pub mod require;
pub mod rootfs;
pub mod runner;
pub mod script;
pub mod verdict;
pub mod verdict_env;

pub use analysis::{check_bytes, check_file, predict, FileReport, Options};
pub use environment_id::{EnvironmentId, PredictedBy};
pub use prediction::{Prediction, Predictor};
pub use verdict::{EnvVerdict, FailReason, Verdict};
pub use verdict_env::VerdictEnv;

use std::path::PathBuf;
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Environments judged for every file:
  host / root         this machine's (or --root DIR's) real loader and libraries
  glibc-X.Y           a glibc X.Y system (--glibc, default 2.28)
  musl-rootfs         an Alpine-like root: busybox + musl only
  musl+libc6-compat   musl + the glibc loader path symlinked to musl's
  musl+gcompat        musl + gcompat (unknown when musl lacks symbols)
  musl+bundled-glibc  musl + this host's glibc copied in, run via its loader
  i686-on-x86_64      32-bit x86 files on a 64-bit-only install
  qemu-user           foreign-architecture files under qemu-ARCH-static
Verdicts: runs, runs-differently (catalogue ids: docs/catalogue.md or
`muslab catalogue`), fails (with the message the user will see), unknown,
not-applicable.

Requirements (--require, repeatable): musl-rootfs, musl+libc6-compat,
musl+gcompat, musl+bundled-glibc, host, root, i686-on-x86_64, qemu-user,
glibc<=X.Y, static. 'unknown' fails a requirement.

Exit status: 0 all good; 1 a file failed a --require; 2 a path could not be
read or is not ELF (tree scans skip non-ELF files silently and go on past
errors), or bad arguments.

--json prints one document, schema \"muslab-check/1\" (check/SCHEMA.md).";

/// Arguments of `muslab check`.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct CheckArgs {
    /// ELF files, directories (scanned recursively), Python wheels (.whl) or tarballs (.tar, .tar.gz, .tgz).
    pub paths: Vec<PathBuf>,
    /// Accepted for familiarity (scanelf -R): directories are always scanned recursively.
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// Judge the files as they would run inside this root file system (resolve the loader and
    /// DT_NEEDED there, honouring RPATH/RUNPATH/$ORIGIN, ld.so.conf and /etc/ld-musl-*.path).
    /// With no paths, scans the whole root. A file is taken as a `docker save` or
    /// `docker export` tarball: its root is extracted to a temporary directory (layers in order,
    /// whiteouts honoured) and absolute paths are read inside it, as the image sees them.
    #[arg(long, value_name = "DIR|TARBALL")]
    pub root: Option<PathBuf>,
    /// glibc version(s) to model as environments glibc-X.Y (default 2.28).
    #[arg(long = "glibc", value_name = "X.Y")]
    pub glibc: Vec<String>,
    /// The musl version the musl models assume (default: Alpine's current, 1.2.5); DT_RELR
    /// needs 1.2.4 or later. A --root's musl is read from its loader.
    #[arg(long = "musl", value_name = "X.Y.Z")]
    pub musl: Option<String>,
    /// Exit 1 unless every file meets this: musl-rootfs, musl+libc6-compat, musl+gcompat, host,
    /// root, glibc<=X.Y, static. Repeatable.
    #[arg(long, value_name = "REQ")]
    pub require: Vec<String>,
    /// One JSON document (schema "muslab-check/1") instead of text.
    #[arg(long, conflicts_with = "brief")]
    pub json: bool,
    /// One line per file: path, kind, libc floor, and a word per environment.
    #[arg(long)]
    pub brief: bool,
    /// Worker threads for tree scans (default: one per CPU).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// Runs `muslab check` and returns its exit status.
pub fn run(args: &CheckArgs) -> ExitCode {
    match runner::run(args, &mut std::io::stdout().lock()) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("muslab check: {e}");
            ExitCode::from(2)
        }
    }
}
