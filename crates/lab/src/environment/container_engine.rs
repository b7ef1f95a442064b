//! The lab's boxes as container images run by a real engine (podman or
//! docker, see `crate::container`): one detached container per environment,
//! the subject bind-mounted as /x and `exec`ed, so the matrix records the
//! engine's own words: through the image's shell a glibc binary meets
//! `/bin/sh: /x: not found`, started by the engine itself it meets the OCI
//! runtime's `exec /x: no such file or directory`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use super::{in_rootfs, native, Environment, EnvironmentId, ProcessExit, ProcessOutput, Support};
use crate::container::handle::unique_name;
use crate::container::subject_file::SubjectFile;
use crate::container::{image, Container, EngineCommand};
use crate::rootfs::layout::SUBJECT;
use crate::rootfs::{self, Flavour, Rootfs};
use crate::target::Target;

/// How the subject is started inside the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// `engine exec C /bin/sh -c '/x args'`: what a user typing in the box sees.
    Shell,
    /// `engine exec C /x args`: what an image whose entrypoint is the binary shows.
    Direct,
}

/// What the engine is asked to impose beyond its defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    None,
    /// `--cpuset-cpus 0`: the affinity mask holds one CPU (D23).
    CpusetZero,
    /// `--cpus 1`: a CFS quota of one CPU, the mask untouched (D23).
    CpuQuotaOne,
    /// `--security-opt seccomp=<profile>`: everything allowed except clone3,
    /// which fails with this errno (D34). glibc >= 2.34 creates threads
    /// with clone3 and falls back to clone only on ENOSYS; musl uses clone.
    Clone3Fails(i32),
}

pub struct ContainerEngine {
    id: EnvironmentId,
    flavour: Flavour,
    start: Start,
    limit: Limit,
    build_dir: PathBuf,
    prepared: Option<Prepared>,
}

struct Prepared {
    rootfs: Rootfs,
    /// The engine and image, or why there is none.
    engine: Result<(EngineCommand, String), String>,
    /// `run` options for the limit.
    options: Vec<String>,
    /// Started at the first run, again after a timeout removed it.
    container: Mutex<Option<Running>>,
}

/// A started container and the file it runs its subjects from. The
/// container is removed before its file (fields drop in order).
struct Running {
    container: Container,
    subject: SubjectFile,
}

impl ContainerEngine {
    pub fn musl(build_dir: &Path) -> Self {
        Self::new(
            EnvironmentId::EngineMusl,
            Flavour::Musl,
            Start::Shell,
            build_dir,
        )
    }

    pub fn musl_direct(build_dir: &Path) -> Self {
        Self::new(
            EnvironmentId::EngineMuslDirect,
            Flavour::Musl,
            Start::Direct,
            build_dir,
        )
    }

    pub fn libc6_compat(build_dir: &Path) -> Self {
        Self::new(
            EnvironmentId::EngineLibc6Compat,
            Flavour::Libc6Compat,
            Start::Shell,
            build_dir,
        )
    }

    /// busybox and this host's glibc: where the glibc builds start.
    pub fn glibc(build_dir: &Path) -> Self {
        Self::new(
            EnvironmentId::EngineGlibc,
            Flavour::Glibc,
            Start::Shell,
            build_dir,
        )
    }

    /// The glibc box under `limit`.
    pub fn glibc_limited(limit: Limit, build_dir: &Path) -> Self {
        let id = match limit {
            Limit::None => EnvironmentId::EngineGlibc,
            Limit::CpusetZero => EnvironmentId::EngineGlibcCpuset0,
            Limit::CpuQuotaOne => EnvironmentId::EngineGlibcCpus1,
            Limit::Clone3Fails(libc::ENOSYS) => EnvironmentId::EngineGlibcClone3Enosys,
            Limit::Clone3Fails(_) => EnvironmentId::EngineGlibcClone3Eperm,
        };
        let mut env = Self::new(id, Flavour::Glibc, Start::Shell, build_dir);
        env.limit = limit;
        env
    }

    fn new(id: EnvironmentId, flavour: Flavour, start: Start, build_dir: &Path) -> Self {
        ContainerEngine {
            id,
            flavour,
            start,
            limit: Limit::None,
            build_dir: build_dir.to_owned(),
            prepared: None,
        }
    }

    /// The image this environment runs, once prepared with an engine.
    pub fn image(&self) -> Option<&str> {
        match &self.prepared.as_ref()?.engine {
            Ok((_, image)) => Some(image),
            Err(_) => None,
        }
    }

    fn command(&self, args: &[&str]) -> Vec<String> {
        match self.start {
            Start::Shell => vec![
                "/bin/sh".into(),
                "-c".into(),
                in_rootfs::subject_command(args),
            ],
            Start::Direct => std::iter::once(SUBJECT)
                .chain(args.iter().copied())
                .map(str::to_owned)
                .collect(),
        }
    }
}

impl ContainerEngine {
    /// Starts this environment's container with `binary` mounted as /x:
    /// a sleeping PID 1 that runs every subject by `exec`.
    fn start_with(
        &self,
        engine: &EngineCommand,
        image: &str,
        limit_options: &[String],
        binary: &Path,
    ) -> std::io::Result<Running> {
        let name = unique_name(&self.name().replace('+', "-"));
        let subject = SubjectFile::create(&self.build_dir, &name).map_err(std::io::Error::other)?;
        subject.put(binary)?;
        let mut options = limit_options.to_vec();
        options.extend(subject.mount_options(SUBJECT));
        let container =
            Container::start(engine, image, name, &options, &["/bin/sleep", "2147483647"])
                .map_err(std::io::Error::other)?;
        Ok(Running { container, subject })
    }

    /// The engine options of the limit, writing its seccomp profile under
    /// the build dir.
    fn options(&self) -> Result<Vec<String>, String> {
        Ok(match self.limit {
            Limit::None => vec![],
            Limit::CpusetZero => vec!["--cpuset-cpus".into(), "0".into()],
            Limit::CpuQuotaOne => vec!["--cpus".into(), "1".into()],
            Limit::Clone3Fails(errno) => {
                let dir = std::path::absolute(&self.build_dir)
                    .unwrap_or_else(|_| self.build_dir.clone())
                    .join("muslab")
                    .join("engine");
                let file = dir.join(format!("seccomp-clone3-{}.json", errno_name(errno)));
                std::fs::create_dir_all(&dir)
                    .and_then(|()| std::fs::write(&file, clone3_profile(errno)))
                    .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
                vec![
                    "--security-opt".into(),
                    format!("seccomp={}", file.display()),
                ]
            }
        })
    }
}

fn errno_name(errno: i32) -> &'static str {
    match errno {
        libc::EPERM => "EPERM",
        libc::ENOSYS => "ENOSYS",
        _ => "an errno",
    }
}

/// An engine seccomp profile (the JSON docker and podman read) allowing
/// every syscall but clone3, which fails with `errno`.
pub fn clone3_profile(errno: i32) -> String {
    serde_json::json!({
        "defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{
            "names": ["clone3"],
            "action": "SCMP_ACT_ERRNO",
            "errnoRet": errno,
        }],
    })
    .to_string()
}

impl Environment for ContainerEngine {
    fn slow_runs(&self) -> bool {
        true
    }

    fn id(&self) -> EnvironmentId {
        self.id
    }

    fn describe(&self) -> String {
        let how = match self.start {
            Start::Shell => "started by the image's busybox /bin/sh (`exec C /bin/sh -c /x`)",
            Start::Direct => "started by the engine itself (`exec C /x`), no shell",
        };
        let limit = match self.limit {
            Limit::None => String::new(),
            Limit::CpusetZero => "; run with --cpuset-cpus 0".into(),
            Limit::CpuQuotaOne => "; run with --cpus 1".into(),
            Limit::Clone3Fails(errno) => format!(
                "; run with a seccomp profile that fails clone3 with {}",
                errno_name(errno)
            ),
        };
        format!(
            "the {} box imported as a container image and run by podman or docker \
             ({} or auto-detected), no network; the binary bind-mounted read-only as /x, {how}{limit}",
            self.flavour.name(),
            crate::container::engine::ENGINE_VAR
        )
    }

    fn prepare(&mut self) -> Result<(), String> {
        let rootfs = rootfs::ensure(&self.build_dir, self.flavour)?;
        let engine = EngineCommand::choose(None, &self.build_dir).and_then(|e| {
            let image = image::ensure(&e, &rootfs, &self.build_dir)?;
            Ok((e, image))
        });
        let options = self.options()?;
        self.prepared = Some(Prepared {
            rootfs,
            engine,
            options,
            container: Mutex::new(None),
        });
        Ok(())
    }

    fn supports(&self, target: &Target) -> Support {
        match self.prepared.as_ref().map(|p| &p.engine) {
            Some(Err(why)) => Support::NotAvailable(why.clone()),
            // The limits show the same on i686; running only the x86_64
            // builds keeps the matrix's engine time down.
            _ if self.limit != Limit::None && target.arch != "x86_64" => {
                Support::NotAvailable("this limit's column runs the x86_64 builds only".into())
            }
            _ => native(target),
        }
    }

    fn run(
        &self,
        binary: &Path,
        args: &[&str],
        timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        let p = self.prepared.as_ref().ok_or_else(|| {
            std::io::Error::other(format!("{}: prepare() was not called", self.name()))
        })?;
        let (engine, image) = p
            .engine
            .as_ref()
            .map_err(|e| std::io::Error::other(e.clone()))?;
        let mut slot = p.container.lock().unwrap_or_else(|e| e.into_inner());
        let running = match slot.take() {
            Some(r) => match r.subject.put(binary) {
                Ok(()) => r,
                // A process of an earlier run still executes /x: removing
                // the container ends it, and a new one gets a new file.
                Err(e) if e.raw_os_error() == Some(libc::ETXTBSY) => {
                    drop(r);
                    self.start_with(engine, image, &p.options, binary)?
                }
                Err(e) => {
                    *slot = Some(r);
                    return Err(e);
                }
            },
            None => self.start_with(engine, image, &p.options, binary)?,
        };
        let command = self.command(args);
        let words: Vec<&str> = command.iter().map(String::as_str).collect();
        let out = running.container.exec(&words, timeout);
        // A timed-out exec's cleanup removed the container; the next run
        // starts one.
        if !matches!(
            out,
            Ok(ProcessOutput {
                exit: ProcessExit::TimedOut { .. },
                ..
            })
        ) {
            *slot = Some(running);
        }
        out
    }

    fn root(&self) -> Option<&Path> {
        self.prepared.as_ref().map(|p| p.rootfs.dir.as_path())
    }
}
