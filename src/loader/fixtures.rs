//! The helper programs and libraries of `fixtures/loader/`, built by build.rs
//! with the target libc's C compiler and embedded here, written to a private
//! directory at run time and run there with a timeout.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use muslab_report::Observed;
use muslab_sys::process::{self, ProcessExit};

/// One built fixture: its file name, the command that built it (shown in
/// the cells) and its bytes.
pub struct Fixture {
    pub name: &'static str,
    pub command: &'static str,
    pub bytes: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/loader_fixtures.rs"));

const RUN_TIMEOUT: Duration = Duration::from_secs(10);

/// The directory the fixtures are written to, removed when dropped. Cells
/// print it as `$DIR`, so reports of two runs compare equal.
pub struct Workdir {
    dir: PathBuf,
}

/// How one fixture run ended and what it printed.
pub struct Run {
    pub exit: ProcessExit,
    pub stdout: String,
    pub stderr: String,
    /// `driver lazy $DIR`, for the cell's detail.
    pub what: String,
}

impl Run {
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// Exit, stdout and stderr, the observation of a run whose way of ending
    /// is the behaviour measured.
    pub fn observed(&self) -> Observed {
        Observed::record([
            ("exit", Observed::text(self.exit.to_string())),
            ("stdout", Observed::text(one_line(&self.stdout))),
            ("stderr", Observed::text(one_line(&self.stderr))),
        ])
    }
}

/// Runs `cmd` with stdin a pipe closed at once: minimal boxes have no
/// /dev/null for `process::run` to open.
pub fn run_without_dev_null(
    mut cmd: Command,
    timeout: Duration,
) -> io::Result<process::ProcessOutput> {
    cmd.stdin(Stdio::piped());
    process::spawn(cmd)?.finish(timeout)
}

/// Output lines joined with " | ", so a cell stays on one line.
fn one_line(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join(" | ")
}

impl Workdir {
    /// Writes every built fixture to a fresh directory under the temp dir.
    pub fn create() -> io::Result<Workdir> {
        let dir = std::env::temp_dir().join(format!("muslab-probe-loader-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        let work = Workdir { dir };
        for f in BUILT {
            let path = work.dir.join(f.name);
            fs::write(&path, f.bytes)?;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
        }
        Ok(work)
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Runs the fixture `name` with `args` (`$DIR` stands for the directory).
    /// `Err` says why it could not be run: not built for this target, or
    /// the exec failed.
    pub fn run(&self, name: &str, args: &[&str]) -> Result<Run, String> {
        built(name)?;
        let dir = self.dir.display().to_string();
        let mut cmd = Command::new(self.dir.join(name));
        // The programs find their libraries through LD_LIBRARY_PATH, which
        // both loaders read; `$ORIGIN` in an rpath needs /proc on musl.
        cmd.args(args.iter().map(|a| a.replace("$DIR", &dir)))
            .env("LD_LIBRARY_PATH", &self.dir);
        let out =
            run_without_dev_null(cmd, RUN_TIMEOUT).map_err(|e| format!("running {name}: {e}"))?;
        let hide = |s: &str| s.replace(&dir, "$DIR");
        Ok(Run {
            exit: out.exit,
            stdout: hide(&out.stdout),
            stderr: hide(&out.stderr),
            what: std::iter::once(name)
                .chain(args.iter().copied())
                .collect::<Vec<_>>()
                .join(" "),
        })
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The fixture's build command, or why it was not built.
pub fn built(name: &str) -> Result<&'static str, String> {
    if let Some(f) = BUILT.iter().find(|f| f.name == name) {
        return Ok(f.command);
    }
    match NOT_BUILT.iter().find(|(n, _)| *n == name) {
        Some((_, why)) => Err(format!("{name} not built: {why}")),
        None => Err(format!("{name} not built: {COMPILER}")),
    }
}
