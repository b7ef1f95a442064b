//! A named container the lab started: it runs detached, takes files and
//! `exec`s, and is removed (`rm -f`) when the handle is dropped, when an
//! `exec` times out, or on an interrupt (see `leftovers`), so no test
//! failure, hung subject or Ctrl-C leaves it behind.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use muslab_sys::process::{self, ProcessOutput};

use super::engine::{Engine, EngineCommand, ENGINE_TIMEOUT};
use super::leftovers::{self, Leftover, Registered};

/// Every name the lab gives a container starts with this, so a leftover is
/// recognisable (and the tests can assert there is none).
pub const NAME_PREFIX: &str = "muslab-";

pub struct Container {
    engine: EngineCommand,
    name: String,
    _registered: Registered,
}

/// A name unique to this process and call: `muslab-<what>-<pid>-<n>`.
pub fn unique_name(what: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{NAME_PREFIX}{what}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

impl Container {
    /// `engine run -d --name NAME --network none OPTIONS... IMAGE COMMAND...`.
    /// No network: the lab's subjects never need one.
    pub fn start(
        engine: &EngineCommand,
        image: &str,
        name: String,
        options: &[String],
        command: &[&str],
    ) -> Result<Container, String> {
        let mut args: Vec<String> = vec![
            "run".into(),
            "-d".into(),
            "--name".into(),
            name.clone(),
            "--network".into(),
            "none".into(),
        ];
        args.extend(options.iter().cloned());
        args.push(image.into());
        args.extend(command.iter().map(|s| s.to_string()));
        // From here on a container of this name may exist: the handle owns
        // it even if `run` failed half-way.
        let c = Container::owning(engine, name);
        engine.ok(&args)?;
        Ok(c)
    }

    /// `engine create --name NAME OPTIONS... IMAGE COMMAND...`: not started,
    /// so files can be copied in before `start`.
    pub fn create(
        engine: &EngineCommand,
        image: &str,
        name: String,
        options: &[String],
        command: &[&str],
    ) -> Result<Container, String> {
        let mut args: Vec<String> = vec!["create".into(), "--name".into(), name.clone()];
        args.extend(options.iter().cloned());
        args.push(image.into());
        args.extend(command.iter().map(|s| s.to_string()));
        let c = Container::owning(engine, name);
        engine.ok(&args)?;
        Ok(c)
    }

    fn owning(engine: &EngineCommand, name: String) -> Container {
        let registered = leftovers::register(Leftover::Container {
            engine: engine.clone(),
            name: name.clone(),
        });
        Container {
            engine: engine.clone(),
            name,
            _registered: registered,
        }
    }

    /// The container's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Copies the host file `from` to `to` inside the container.
    pub fn copy_in(&self, from: &Path, to: &str) -> Result<(), String> {
        copy_in(&self.engine, &self.name, from, to)
    }

    /// `engine exec NAME args...`; on timeout the container is removed,
    /// because killing the client leaves the process inside running.
    pub fn exec(&self, args: &[&str], timeout: Duration) -> std::io::Result<ProcessOutput> {
        let mut cmd = self.engine.command();
        cmd.arg("exec").arg(&self.name).args(args);
        process::run_with_cleanup(cmd, timeout, || {
            let _ = self.remove();
        })
    }

    /// `engine start -a NAME`: runs a created container to its end, its
    /// output captured; removed on timeout.
    pub fn start_attached(&self, timeout: Duration) -> std::io::Result<ProcessOutput> {
        let mut cmd = self.engine.command();
        cmd.args(["start", "-a"]).arg(&self.name);
        process::run_with_cleanup(cmd, timeout, || {
            let _ = self.remove();
        })
    }

    /// Removes the container, killing what runs in it at once.
    pub fn remove(&self) -> Result<(), String> {
        remove_container(&self.engine, &self.name)
    }
}

/// `engine cp FROM CONTAINER:TO`.
pub fn copy_in(
    engine: &EngineCommand,
    container: &str,
    from: &Path,
    to: &str,
) -> Result<(), String> {
    let dest = format!("{container}:{to}");
    engine
        .ok(&[std::ffi::OsStr::new("cp"), from.as_os_str(), dest.as_ref()])
        .map(drop)
}

/// `engine rm -f NAME`, with `-t 0` for podman, which otherwise waits 10 s
/// for a PID 1 that ignores SIGTERM. Retried until the engine no longer
/// knows the name: podman's `rm` can fail while another client holds the
/// container (a `start -a` or `exec` in flight when an interrupt came) and
/// then leaves it to run to its end. Err says what the engine last said.
pub fn remove_container(engine: &EngineCommand, name: &str) -> Result<(), String> {
    let mut args = vec!["rm", "-f"];
    if engine.engine == Engine::Podman {
        args.extend(["-t", "0"]);
    }
    args.push(name);
    let mut said = String::new();
    for attempt in 0..REMOVE_ATTEMPTS {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
        }
        match engine.run_ungated(&args, ENGINE_TIMEOUT) {
            Ok(out) if out.success() && !container_exists(engine, name) => return Ok(()),
            Ok(out) => said = first_line(&out.stderr),
            Err(e) => said = e.to_string(),
        }
        if !container_exists(engine, name) {
            return Ok(());
        }
    }
    Err(format!(
        "could not remove container {name} ({said}): remove it with `{} rm -f {name}`",
        engine.engine.program()
    ))
}

/// How often [`remove_container`] tries before it reports the container.
const REMOVE_ATTEMPTS: u32 = 5;

/// Whether the engine still knows a container called `name`
/// (`container inspect` fails for an unknown name on docker and podman).
fn container_exists(engine: &EngineCommand, name: &str) -> bool {
    engine
        .run_ungated(
            &["container", "inspect", "--format", "{{.Name}}", name],
            ENGINE_TIMEOUT,
        )
        .is_ok_and(|out| out.success())
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no message")
        .to_owned()
}

/// Whether `path` exists in `container`, asked without a shell: `engine cp
/// CONTAINER:PATH -` streams it as a tar archive, or fails when it is missing.
pub fn exists_in(engine: &EngineCommand, container: &str, path: &str) -> Result<bool, String> {
    let out = engine
        .run_ungated(&["cp", &format!("{container}:{path}"), "-"], ENGINE_TIMEOUT)
        .map_err(|e| format!("cannot run {} cp: {e}", engine.engine.program()))?;
    Ok(out.success())
}

/// Removes a probe the lab copied to `path` in someone else's `container`,
/// which may have neither shell nor `rm`: the probe deletes itself
/// (`--remove-self --version`), else the container's `rm -f` does. Err when
/// the file is still there afterwards.
pub fn remove_file_in(engine: &EngineCommand, container: &str, path: &str) -> Result<(), String> {
    for command in [[path, "--remove-self", "--version"], ["rm", "-f", path]] {
        if !exists_in(engine, container, path)? {
            return Ok(());
        }
        let mut args = vec!["exec", container];
        args.extend(command);
        let _ = engine.run_ungated(&args, ENGINE_TIMEOUT);
    }
    if exists_in(engine, container, path)? {
        return Err(format!(
            "could not remove {path} from container {container}: its probe did not delete \
             itself and it has no rm (remove it with {} cp/exec)",
            engine.engine.program()
        ));
    }
    Ok(())
}

impl Drop for Container {
    fn drop(&mut self) {
        if let Err(e) = self.remove() {
            eprintln!("muslab: {e}");
        }
    }
}
