//! The `--json` document, schema `muslab-check/1` (documented in
//! check/SCHEMA.md). Written as a stream: the `files` array grows while a
//! tree is scanned, so memory stays flat on huge trees.

use crate::analysis::{FileReport, Options};
use serde::Serialize;
use std::io::Write;

/// Schema id; bump the number on incompatible changes.
pub const SCHEMA: &str = "muslab-check/1";

/// A path that could not be checked.
#[derive(Debug, Clone, Serialize)]
pub struct PathError {
    pub path: String,
    pub error: String,
}

/// A file that broke a `--require`.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementFailure {
    pub path: String,
    pub requirement: String,
    pub reason: String,
}

/// Wheel tag problems of one archive.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveNote {
    pub path: String,
    pub tag_problems: Vec<String>,
}

/// Counts at the end.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    /// Explicit non-ELF files with a `#!` line (judged in `scripts`).
    pub scripts: usize,
    pub skipped_non_elf: usize,
    pub errors: usize,
    pub requirement_failures: usize,
}

/// Streams one JSON document.
pub struct JsonStream<'w> {
    out: &'w mut dyn Write,
    first: bool,
}

impl<'w> JsonStream<'w> {
    /// Writes the head up to the opening of `files`.
    pub fn start(out: &'w mut dyn Write, opts: &Options) -> std::io::Result<Self> {
        #[derive(Serialize)]
        struct Head<'a> {
            name: &'a str,
            version: &'a str,
            musl_exports: &'a [&'a str],
        }
        let tool = Head {
            name: "muslab-check",
            version: env!("CARGO_PKG_VERSION"),
            musl_exports: &crate::musl_exports::MuslExports::get().provenance,
        };
        let glibc: Vec<String> = opts.glibc_targets.iter().map(|v| v.to_string()).collect();
        write!(
            out,
            "{{\"schema\":{},\"tool\":{},\"options\":{{\"glibc\":{},\"root\":{},\"host_machine\":{}}},\"files\":[",
            serde_json::to_string(SCHEMA)?,
            serde_json::to_string(&tool)?,
            serde_json::to_string(&glibc)?,
            serde_json::to_string(
                &opts
                    .rootfs
                    .image()
                    .map(str::to_owned)
                    .unwrap_or_else(|| opts.rootfs.root().display().to_string())
            )?,
            serde_json::to_string(&opts.host_machine)?,
        )?;
        Ok(Self { out, first: true })
    }

    /// Appends one file report.
    pub fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        if !self.first {
            self.out.write_all(b",")?;
        }
        self.first = false;
        serde_json::to_writer(&mut *self.out, r)?;
        Ok(())
    }

    /// Closes the document.
    pub fn finish(
        self,
        archives: &[ArchiveNote],
        scripts: &[crate::script::ScriptReport],
        errors: &[PathError],
        reqs: &[RequirementFailure],
        summary: &Summary,
    ) -> std::io::Result<()> {
        writeln!(
            self.out,
            "],\"archives\":{},\"scripts\":{},\"errors\":{},\"requirement_failures\":{},\"summary\":{}}}",
            serde_json::to_string(archives)?,
            serde_json::to_string(scripts)?,
            serde_json::to_string(errors)?,
            serde_json::to_string(reqs)?,
            serde_json::to_string(summary)?,
        )?;
        self.out.flush()
    }
}
