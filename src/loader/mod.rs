//! probe-loader: the loader and ABI rows (D01-D05, D32) and thread
//! cancellation (D25). A static musl program cannot dlopen, so the probe runs
//! dynamically linked helper programs built for its own libc (build.rs, from
//! `fixtures/loader/`): glibc's through the box's glibc loader, musl's through
//! `/lib/ld-musl-<arch>.so.1`, which must be on the box.

pub mod binding;
pub mod cancel;
pub mod dlclose;
pub mod fixtures;
pub mod ifunc;
pub mod lfs64;
pub mod relr;
pub mod versions;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use muslab_catalogue::Id;
use muslab_report::{Check, CheckBuilder, Libc};

use fixtures::{Run, Workdir};

/// The loader the fixtures run under and its version, read at run time.
pub struct Loader {
    pub path: String,
    pub version: Result<String, String>,
}

impl Loader {
    /// "musl 1.2.3 (/lib/ld-musl-x86_64.so.1)".
    pub fn describe(&self) -> String {
        let libc = crate::build_info::embedded().libc;
        match &self.version {
            Ok(v) => format!("{libc} {v} ({})", self.path),
            Err(e) => format!("{libc} ({}: version unknown: {e})", self.path),
        }
    }
}

/// The interpreter the fixtures name: musl's by architecture, glibc's the
/// one this probe itself runs under.
fn loader_path() -> Option<String> {
    let build = crate::build_info::embedded();
    match build.libc {
        Libc::Musl => Some(format!("/lib/ld-musl-{}.so.1", musl_arch())),
        _ => build.interpreter,
    }
}

fn musl_arch() -> &'static str {
    if cfg!(target_arch = "x86") {
        "i386"
    } else {
        std::env::consts::ARCH
    }
}

/// musl's loader run without arguments prints "Version 1.2.3" on stderr;
/// glibc's version is `gnu_get_libc_version` of this process.
fn loader_version(path: &str) -> Result<String, String> {
    if crate::build_info::embedded().libc != Libc::Musl {
        return muslab_sys::libc_version::runtime()
            .ok_or_else(|| "gnu_get_libc_version failed".to_owned());
    }
    let out = fixtures::run_without_dev_null(Command::new(path), Duration::from_secs(5))
        .map_err(|e| e.to_string())?;
    out.stderr
        .lines()
        .find_map(|l| l.strip_prefix("Version "))
        .map(|v| v.trim().to_owned())
        .ok_or_else(|| format!("no \"Version\" line in its output ({})", out.exit))
}

/// What every row needs: the fixtures written out and the loader, or why
/// nothing can run.
pub struct Setup {
    pub work: Workdir,
    pub loader: Loader,
}

impl Setup {
    /// Runs `name args`, then `judge` on the run; the cell's detail says
    /// what ran, how it was built and under which loader.
    pub fn cell(
        &self,
        check: CheckBuilder,
        name: &str,
        args: &[&str],
        judge: impl FnOnce(&Run) -> Check0,
    ) -> Check {
        let command = match fixtures::built(name) {
            Ok(c) => c,
            Err(why) => return check.unsupported(why),
        };
        match self.work.run(name, args) {
            Ok(run) => {
                let (observed, note) = judge(&run);
                let mut detail = format!(
                    "ran `{}` ({}), built `{command}`; loader {}",
                    run.what,
                    run.exit,
                    self.loader.describe()
                );
                if !note.is_empty() {
                    detail = format!("{note}; {detail}");
                }
                check.ok(observed, detail)
            }
            Err(e) => check.error(e),
        }
    }
}

/// A cell's observation and a note put before its detail.
pub type Check0 = (muslab_report::Observed, String);

/// Every check of the probe.
pub fn checks() -> Vec<Check> {
    if fixtures::BUILT.is_empty() {
        return unsupported(&format!(
            "no helper programs were built for this target: {}",
            fixtures::COMPILER
        ));
    }
    let Some(path) = loader_path() else {
        return unsupported("this probe runs without a dynamic loader and is not a musl build, so it has no loader to run fixtures under");
    };
    if !Path::new(&path).exists() {
        return unsupported(&format!("needs {path}, absent on this box"));
    }
    let work = match Workdir::create() {
        Ok(w) => w,
        Err(e) => {
            return unsupported(&format!(
                "writing the fixtures: {e} (set TMPDIR to a writable, exec-allowed directory)"
            ))
        }
    };
    let loader = Loader {
        version: loader_version(&path),
        path,
    };
    let setup = Setup { work, loader };
    let mut out = Vec::new();
    out.extend(dlclose::checks(&setup));
    out.extend(binding::checks(&setup));
    out.extend(versions::checks(&setup));
    out.extend(lfs64::checks(&setup));
    out.extend(ifunc::checks(&setup));
    out.extend(relr::checks(&setup));
    out.extend(cancel::checks(&setup));
    out
}

/// The rows this probe reports.
pub const ROWS: [Id; 7] = [
    Id::D01,
    Id::D02,
    Id::D03,
    Id::D04,
    Id::D05,
    Id::D32,
    Id::D25,
];

/// One "setup" cell per row when no fixture can run on this box.
fn unsupported(why: &str) -> Vec<Check> {
    ROWS.iter()
        .map(|&id| Check::new(id, "setup", "helper programs for this row").unsupported(why))
        .collect()
}
