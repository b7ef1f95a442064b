//! Which container engine runs the lab's containers, and the exact command
//! line it needs. podman and docker share every subcommand the lab uses
//! (`run -d`, `exec`, `cp`, `rm -f`, `import`, `image inspect`); podman needs
//! two flags and a containers.conf on machines with hybrid cgroups (crun
//! refuses them; runc works) and with a hard nofile/nproc limit below
//! podman's default ulimits.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use muslab_sys::process::{self, ProcessOutput};

/// The variable that names the engine when `--engine` is not given.
pub const ENGINE_VAR: &str = "MUSLAB_ENGINE";

/// The exit code of a `muslab` command that needs an engine and finds none.
pub const NO_ENGINE_EXIT: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Podman,
    Docker,
}

impl Engine {
    /// In auto-detection order: podman first, because a `docker` in PATH is
    /// often only a client without a daemon.
    pub const ALL: [Engine; 2] = [Engine::Podman, Engine::Docker];

    pub fn program(self) -> &'static str {
        match self {
            Engine::Podman => "podman",
            Engine::Docker => "docker",
        }
    }

    pub fn parse(name: &str) -> Result<Engine, String> {
        Self::ALL
            .into_iter()
            .find(|e| e.program() == name)
            .ok_or_else(|| format!("unknown container engine '{name}' (known: podman, docker)"))
    }

    /// The engine named by `flag`, else by `MUSLAB_ENGINE`, else the first
    /// of podman and docker found in PATH. The error is one line.
    pub fn choose(flag: Option<&str>) -> Result<Engine, String> {
        let from_var = std::env::var(ENGINE_VAR).ok().filter(|v| !v.is_empty());
        let path = std::env::var_os("PATH").unwrap_or_default();
        Self::choose_in(flag.or(from_var.as_deref()), &path)
    }

    /// As [`Engine::choose`], searching `path` (a PATH value).
    pub fn choose_in(named: Option<&str>, path: &OsStr) -> Result<Engine, String> {
        if let Some(name) = named {
            let e = Self::parse(name)?;
            return match find_in_path(e.program(), path) {
                Some(_) => Ok(e),
                None => Err(format!(
                    "container engine {name} is not in PATH: install it (podman and runc: \
                     apt-get install podman runc) or name another with --engine/{ENGINE_VAR}"
                )),
            };
        }
        Self::ALL
            .into_iter()
            .find(|e| find_in_path(e.program(), path).is_some())
            .ok_or_else(|| {
                "no container engine: neither podman nor docker is in PATH \
                 (install podman and runc: apt-get install podman runc, or run scripts/setup)"
                    .to_owned()
            })
    }
}

fn find_in_path(program: &str, path: &OsStr) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(path)
        .map(|d| d.join(program))
        .find(|p| {
            std::fs::metadata(p)
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}

/// podman's configuration for the lab, written in `<build dir>/muslab/engine/`:
/// no default ulimits, because podman otherwise asks for nofile/nproc
/// limits a container host may not grant; its own image store (graphroot)
/// under the build dir, so the lab's images are cached with the build, go
/// with `cargo clean`, and the machine's default store (/var/lib/containers)
/// is never touched; its own run state (see [`PodmanConfig::run_dir`]).
pub struct PodmanConfig {
    /// CONTAINERS_CONF.
    pub containers_conf: PathBuf,
    /// CONTAINERS_STORAGE_CONF.
    pub storage_conf: PathBuf,
}

impl PodmanConfig {
    /// `<build dir>/muslab/engine`, absolute (canonical once the build dir
    /// exists): the files name paths in it.
    pub fn dir(build_dir: &Path) -> PathBuf {
        std::fs::canonicalize(build_dir)
            .or_else(|_| std::path::absolute(build_dir))
            .unwrap_or_else(|_| build_dir.to_owned())
            .join("muslab")
            .join("engine")
    }

    /// Where the lab's podman keeps its images and containers.
    pub fn storage_dir(build_dir: &Path) -> PathBuf {
        Self::dir(build_dir).join("storage")
    }

    /// Where the store at `storage` keeps its run state (runroot) and
    /// libpod's tmp dir (exit files, attach sockets): a short path outside
    /// the build dir, because the sockets' paths (`<tmp dir>/socket/<64-hex
    /// id>/attach` and conmon's under the runroot) must fit a 108-byte
    /// sun_path; with a runroot of ~50 characters podman cannot attach and
    /// `start -a` waits 20 s for every exit. Named by a hash of the store's
    /// path, so each build dir keeps the one its database recorded. Nothing
    /// cached lives there: images stay under the build dir.
    fn run_dir(storage: &Path) -> PathBuf {
        let hash = storage
            .as_os_str()
            .as_encoded_bytes()
            .iter()
            .fold(0x811c_9dc5_u32, |h, b| {
                (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
            });
        PathBuf::from(format!("/tmp/muslab-{hash:08x}"))
    }

    /// Writes containers.conf and storage.conf under `build_dir` when they
    /// are missing or differ.
    pub fn write(build_dir: &Path) -> Result<PodmanConfig, String> {
        let dir = Self::dir(build_dir);
        let storage = Self::storage_dir(build_dir);
        let quoted = |p: PathBuf| format!("{:?}", p.display().to_string());
        let containers = format!(
            "[containers]\ndefault_ulimits = []\n\n[engine]\ntmp_dir = {}\n",
            quoted(Self::run_dir(&storage).join("tmp"))
        );
        std::fs::create_dir_all(&storage)
            .map_err(|e| format!("cannot create {}: {e}", storage.display()))?;
        // overlay, unless the build dir is itself on overlayfs (a container
        // without a volume), where the kernel refuses overlay mounts.
        let on_overlay = muslab_sys::stat::filesystem_type(&storage)
            .is_ok_and(|t| t == muslab_sys::stat::OVERLAYFS_MAGIC);
        let storage_text = format!(
            "[storage]\ndriver = \"{}\"\ngraphroot = {}\nrunroot = {}\n",
            if on_overlay { "vfs" } else { "overlay" },
            quoted(storage.join("graph")),
            quoted(Self::run_dir(&storage).join("run"))
        );
        if !storage.join("graph").exists() {
            // A new store (first run, or after `cargo clean`): no run state
            // of an older one may remain.
            let _ = std::fs::remove_dir_all(Self::run_dir(&storage));
        }
        let config = PodmanConfig {
            containers_conf: dir.join("containers.conf"),
            storage_conf: dir.join("storage.conf"),
        };
        for (file, text) in [
            (&config.containers_conf, containers),
            (&config.storage_conf, storage_text),
        ] {
            let old = std::fs::read_to_string(file).ok();
            if old.as_deref() != Some(text.as_str()) {
                if old.is_some() {
                    // podman's database records the paths it was created
                    // with and refuses others: the store is a cache, so it
                    // starts again (the lab re-imports its images).
                    for dir in [storage.join("graph"), Self::run_dir(&storage)] {
                        let _ = std::fs::remove_dir_all(dir);
                    }
                }
                std::fs::create_dir_all(&dir)
                    .and_then(|()| std::fs::write(file, &text))
                    .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            }
        }
        Ok(config)
    }
}

/// An engine and everything its command line needs.
#[derive(Debug, Clone)]
pub struct EngineCommand {
    pub engine: Engine,
    containers_conf: PathBuf,
    storage_conf: PathBuf,
}

/// How long an engine command that does not run a subject may take.
pub const ENGINE_TIMEOUT: Duration = Duration::from_secs(120);

impl EngineCommand {
    /// Writes podman's configuration under `build_dir` (see [`PodmanConfig`]).
    pub fn new(engine: Engine, build_dir: &Path) -> Result<EngineCommand, String> {
        let PodmanConfig {
            containers_conf,
            storage_conf,
        } = PodmanConfig::write(build_dir)?;
        Ok(EngineCommand {
            engine,
            containers_conf,
            storage_conf,
        })
    }

    /// The engine chosen as [`Engine::choose`] does.
    pub fn choose(flag: Option<&str>, build_dir: &Path) -> Result<EngineCommand, String> {
        Self::new(Engine::choose(flag)?, build_dir)
    }

    /// [`EngineCommand::choose`] for a subcommand that needs an engine, with
    /// its `--build-dir` (default: the workspace's build dir), which comes
    /// back too. With no engine, the one-line reason is printed and the
    /// documented exit code ([`NO_ENGINE_EXIT`]) comes back as the error.
    pub fn choose_or_exit(
        flag: Option<&str>,
        build_dir: Option<&Path>,
    ) -> Result<(EngineCommand, PathBuf), std::process::ExitCode> {
        let build_dir = build_dir
            .map(Path::to_path_buf)
            .unwrap_or_else(muslab_report::probes::default_build_dir);
        match Self::choose(flag, &build_dir) {
            Ok(engine) => Ok((engine, build_dir)),
            Err(e) => {
                eprintln!("muslab: {e}");
                Err(std::process::ExitCode::from(NO_ENGINE_EXIT))
            }
        }
    }

    /// The engine's program with its global flags, ready for a subcommand.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(self.engine.program());
        if self.engine == Engine::Podman {
            // crun fails on hybrid cgroup v1 hosts; runc and cgroupfs work
            // everywhere podman runs as root.
            cmd.args(["--runtime", "runc", "--cgroup-manager=cgroupfs"])
                .env("CONTAINERS_CONF", &self.containers_conf)
                .env("CONTAINERS_STORAGE_CONF", &self.storage_conf);
        }
        cmd
    }

    /// Runs `engine args...` with a timeout; after an interrupt it never
    /// starts (see `leftovers::engine_call`).
    pub fn run<S: AsRef<OsStr>>(
        &self,
        args: &[S],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let _open = super::leftovers::engine_call();
        self.run_ungated(args, timeout)
    }

    /// [`EngineCommand::run`] for removals, which the interrupt's cleanup
    /// runs itself.
    pub fn run_ungated<S: AsRef<OsStr>>(
        &self,
        args: &[S],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let mut cmd = self.command();
        cmd.args(args);
        process::run(cmd, timeout)
    }

    /// Runs `engine args...` and returns its stdout, or a one-line error
    /// with what the engine said.
    pub fn ok<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<String, String> {
        let words = || {
            args.iter()
                .map(|a| a.as_ref().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let out = self
            .run(args, ENGINE_TIMEOUT)
            .map_err(|e| format!("cannot run {} {}: {e}", self.engine.program(), words()))?;
        if out.success() {
            return Ok(out.stdout);
        }
        let said = out
            .stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_owned();
        Err(format!(
            "{} {} failed ({}): {said}",
            self.engine.program(),
            words(),
            out.exit
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_path_names_no_engine_in_one_line() {
        let e = Engine::choose_in(None, OsStr::new("/nonexistent")).unwrap_err();
        assert!(e.starts_with("no container engine"), "got {e}");
        assert!(!e.contains('\n'), "got {e}");
        let e = Engine::choose_in(Some("docker"), OsStr::new("")).unwrap_err();
        assert!(e.contains("docker is not in PATH"), "got {e}");
        let e = Engine::choose_in(Some("lxc"), OsStr::new("")).unwrap_err();
        assert!(e.contains("unknown container engine 'lxc'"), "got {e}");
    }

    #[test]
    fn podman_stores_everything_under_the_build_dir() {
        let dir = std::env::temp_dir().join(format!("muslab-engine-conf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let conf = PodmanConfig::write(&dir).unwrap();
        let storage = std::fs::read_to_string(&conf.storage_conf).unwrap();
        let containers = std::fs::read_to_string(&conf.containers_conf).unwrap();
        let want = std::fs::canonicalize(&dir)
            .unwrap()
            .join("muslab/engine/storage");
        std::fs::remove_dir_all(&dir).unwrap();
        let line = |text: &str, key: &str| {
            let l = text.lines().find(|l| l.starts_with(key)).unwrap_or("");
            l.split('"').nth(1).unwrap_or("").to_owned()
        };
        let graphroot = line(&storage, "graphroot");
        assert!(
            graphroot.starts_with(&*want.to_string_lossy()),
            "got graphroot {graphroot:?}, want it under {}",
            want.display()
        );
        // Sockets live under these: "/socket/<64 hex>/attach" must still
        // fit a 108-byte sun_path.
        for short in [line(&storage, "runroot"), line(&containers, "tmp_dir")] {
            assert!(
                short.len() <= 40 && !short.starts_with(&*want.to_string_lossy()),
                "got {short:?}, want a short path outside the build dir"
            );
        }
        assert!(
            containers.contains("default_ulimits = []"),
            "got {containers}"
        );
    }

    #[test]
    fn a_named_engine_is_found_in_the_given_path() {
        let dir = std::env::temp_dir().join(format!("muslab-engine-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fake = dir.join("docker");
        std::fs::write(&fake, "#!/bin/sh\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let got = Engine::choose_in(None, dir.as_os_str());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(got, Ok(Engine::Docker));
    }
}
