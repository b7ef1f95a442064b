//! The container engine environments and `muslab probe --image`, on a real
//! engine (podman as root here; docker works the same way): the engine's own
//! words for a glibc binary in the musl image, check's prediction beside
//! them, and cleanup (no container of this test process survives a timeout,
//! a panic or an error). Needs root, podman + runc (scripts/setup) and
//! `make probes`. The tests share one lock, so "none left" is about this
//! process's containers at a quiet moment. The engine and the lab's images
//! are the build dir's (`<target>/muslab/engine/storage`), as `make test`
//! and the matrix use them, so the images are imported once per build dir.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use muslab::container::handle::{unique_name, NAME_PREFIX};
use muslab::container::{Container, EngineCommand};
use muslab::environment::container_engine::{ContainerEngine, Limit};
use muslab::environment::{Environment, ProcessExit, ProcessOutput};
use muslab::runner::predict;
use muslab_check::{FailReason, Predictor, Verdict};
use muslab_report::Report;
use support::{probe, Scratch, I686_GNU, X86_64_GNU, X86_64_MUSL};

static SERIAL: Mutex<()> = Mutex::new(());

const T: Duration = Duration::from_secs(60);

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The build dir whose engine storage and lab images the tests use.
fn lab() -> PathBuf {
    muslab_report::probes::default_build_dir()
}

fn engine(build_dir: &Path) -> EngineCommand {
    EngineCommand::choose(None, build_dir).unwrap_or_else(|e| panic!("{e}"))
}

/// The names of this process's containers the engine still has.
fn ours_left(e: &EngineCommand) -> Vec<String> {
    let all = e
        .ok(&["ps", "-a", "--format", "{{.Names}}"])
        .unwrap_or_else(|e| panic!("{e}"));
    let mine = format!("-{}-", std::process::id());
    all.lines()
        .filter(|n| n.starts_with(NAME_PREFIX) && n.contains(&mine))
        .map(str::to_owned)
        .collect()
}

fn prepared(mut env: ContainerEngine) -> ContainerEngine {
    env.prepare()
        .unwrap_or_else(|e| panic!("{}: {e}", env.name()));
    env
}

fn run(env: &ContainerEngine, binary: &Path, args: &[&str]) -> ProcessOutput {
    env.run(binary, args, T)
        .unwrap_or_else(|e| panic!("{} could not run {}: {e}", env.name(), binary.display()))
}

fn assert_predicted_missing_interpreter(env: &ContainerEngine, binary: &Path) {
    let p = predict(&Predictor::default(), env, binary).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(
            p.verdict,
            Verdict::Fails {
                reason: FailReason::MissingInterpreter,
                ..
            }
        ),
        "{}: got prediction {:?}, want a missing interpreter",
        env.name(),
        p.verdict
    );
}

#[test]
fn the_engine_refuses_a_glibc_binary_in_its_own_words_and_runs_a_static_one() {
    let _one = serial();
    let direct = prepared(ContainerEngine::musl_direct(&lab()));
    let shell = prepared(ContainerEngine::musl(&lab()));
    let glibc = probe(X86_64_GNU, "probe-env");

    let out = run(&direct, &glibc, &["--json"]);
    assert_eq!(
        (&out.exit, out.stderr.as_str()),
        (
            &ProcessExit::Code { code: 1 },
            "exec /x: no such file or directory\n"
        ),
        "engine-musl-direct: got {out:?}"
    );
    assert_predicted_missing_interpreter(&direct, &glibc);

    let out = run(&shell, &glibc, &["--json"]);
    assert_eq!(
        (&out.exit, out.stderr.as_str()),
        (&ProcessExit::Code { code: 127 }, "/bin/sh: /x: not found\n"),
        "engine-musl: got {out:?}"
    );
    assert_predicted_missing_interpreter(&shell, &probe(I686_GNU, "probe-env"));

    let musl = probe(X86_64_MUSL, "probe-env");
    for env in [&direct, &shell] {
        let out = run(env, &musl, &["--json"]);
        assert!(out.success(), "{}: got {out:?}, want exit 0", env.name());
        let r = Report::from_json(&out.stdout).expect("a report");
        assert_eq!(r.build.libc, muslab_report::Libc::Musl);
    }
    drop((direct, shell));
    assert_eq!(ours_left(&engine(&lab())), Vec::<String>::new());
}

#[test]
fn a_timed_out_subject_takes_its_container_with_it() {
    let _one = serial();
    let s = Scratch::new("engine-timeout");
    let env = prepared(ContainerEngine::musl(&lab()));
    let e = engine(&lab());
    // A script for the image's busybox sh that outlives the timeout.
    let sleeper = s.0.join("sleeper");
    std::fs::write(&sleeper, "#!/bin/sh\nexec sleep \"$1\"\n").unwrap();
    std::fs::set_permissions(
        &sleeper,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let out = env
        .run(&sleeper, &["30"], Duration::from_secs(3))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(out.exit, ProcessExit::TimedOut { .. }),
        "got {out:?}, want a timeout"
    );
    assert_eq!(ours_left(&e), Vec::<String>::new(), "after the timeout");
    // The next run starts a fresh container.
    let out = run(&env, &sleeper, &["0"]);
    assert!(out.success(), "got {out:?}");
    drop(env);
    assert_eq!(ours_left(&e), Vec::<String>::new(), "after the drop");
}

/// The files under the build dir that process `pid`'s engine containers
/// mount as /x.
fn subject_files_of(pid: u32) -> Vec<String> {
    let dir = lab().join("muslab/engine/subjects");
    let mine = format!("-{pid}-");
    std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(&mine))
                .collect()
        })
        .unwrap_or_default()
}

/// A static musl program that leaves a copy of itself running once its
/// run has ended: the child closes its output and sleeps.
fn lingering_program(s: &Scratch) -> PathBuf {
    let src = s.0.join("linger.c");
    std::fs::write(
        &src,
        "#include <unistd.h>\nint main(void) {\n  if (fork() == 0) {\n    \
         close(0); close(1); close(2); setsid(); sleep(60);\n  }\n  return 0;\n}\n",
    )
    .unwrap();
    let out = s.0.join("linger");
    let built = std::process::Command::new("musl-gcc")
        .arg("-static")
        .arg("-o")
        .arg(&out)
        .arg(&src)
        .output()
        .unwrap_or_else(|e| panic!("musl-gcc (musl-tools, scripts/setup): {e}"));
    assert!(built.status.success(), "musl-gcc: got {built:?}");
    out
}

#[test]
fn a_subject_still_running_from_its_last_run_gets_a_new_container() {
    let _one = serial();
    let s = Scratch::new("engine-linger");
    let env = prepared(ContainerEngine::musl(&lab()));
    let e = engine(&lab());
    let out = run(&env, &lingering_program(&s), &[]);
    assert!(out.success(), "got {out:?}");
    let first = ours_left(&e);
    assert_eq!(first.len(), 1, "got containers {first:?}, want one");
    assert_eq!(
        subject_files_of(std::process::id()).len(),
        1,
        "got {:?}",
        subject_files_of(std::process::id())
    );
    // /x is busy while the child runs: it cannot be rewritten in place,
    // so the environment replaces the container (and the child with it).
    let out = run(&env, &probe(X86_64_MUSL, "probe-env"), &["--json"]);
    assert!(out.success(), "got {out:?}");
    let r = Report::from_json(&out.stdout).expect("a report");
    assert_eq!(r.build.libc, muslab_report::Libc::Musl);
    let second = ours_left(&e);
    assert!(
        second.len() == 1 && second != first,
        "got containers {second:?} after {first:?}, want one new one"
    );
    drop(env);
    assert_eq!(ours_left(&e), Vec::<String>::new(), "after the drop");
    assert_eq!(
        subject_files_of(std::process::id()),
        Vec::<String>::new(),
        "after the drop"
    );
}

#[test]
fn a_panic_while_holding_a_container_removes_it() {
    let _one = serial();
    let mut env = ContainerEngine::musl(&lab());
    env.prepare().unwrap_or_else(|e| panic!("{e}"));
    let image = env.image().expect("an engine here").to_owned();
    let e = engine(&lab());
    let held = std::thread::spawn({
        let e = e.clone();
        move || {
            let c = Container::start(&e, &image, unique_name("panic"), &[], &["/bin/sleep", "60"])
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(ours_left(&e), vec![c.name().to_owned()]);
            panic!("a failure while the container runs");
        }
    })
    .join();
    assert!(held.is_err(), "the thread panicked");
    assert_eq!(ours_left(&e), Vec::<String>::new());
    // An image that does not exist is an error naming it, and leaves nothing.
    let err = Container::start(
        &e,
        "muslab/no-such-image:0",
        unique_name("bad"),
        &[],
        &["/x"],
    )
    .err()
    .expect("an error");
    assert!(err.contains("muslab/no-such-image"), "got {err}");
    assert_eq!(ours_left(&e), Vec::<String>::new());
}

#[test]
fn the_lab_images_are_reused_until_their_root_changes() {
    let _one = serial();
    let a = prepared(ContainerEngine::musl(&lab()));
    let b = prepared(ContainerEngine::musl(&lab()));
    let name = a.image().expect("an image").to_owned();
    assert!(name.starts_with("muslab/musl-rootfs:"), "got {name}");
    assert_eq!(
        b.image(),
        Some(name.as_str()),
        "the same root, the same image"
    );
    let other = prepared(ContainerEngine::libc6_compat(&lab()));
    assert_ne!(other.image(), Some(name.as_str()));
}

fn int(r: &Report, case: &str) -> i64 {
    match support::observed(r, "D23", case) {
        muslab_report::Observed::Int(n) => *n,
        other => panic!("{case}: got {other:?}, want an int"),
    }
}

fn report_in(env: &ContainerEngine, triple: &str, name: &str) -> Report {
    let out = run(env, &probe(triple, name), &["--json"]);
    assert!(out.success(), "{} {triple} {name}: got {out:?}", env.name());
    Report::from_json(&out.stdout).expect("a report")
}

/// D23: `--cpuset-cpus 0` shrinks the affinity mask, which musl's sysconf
/// counts and glibc's does not; `--cpus 1` is a quota that only Rust's
/// available_parallelism reads.
#[test]
fn cpu_limits_reach_musl_and_rust_but_not_glibc_sysconf() {
    let _one = serial();
    let host_cpus = int(&support::report(X86_64_GNU, "probe-env"), "sysconf-online");
    if host_cpus < 2 {
        eprintln!("one CPU here: a one-CPU limit changes nothing to observe");
        return;
    }
    // (limit, what each build's sysconf should count: glibc, musl); Rust's
    // available_parallelism sees one CPU under both.
    for (limit, label, glibc_sysconf, musl_sysconf) in [
        (Limit::CpusetZero, "--cpuset-cpus 0", host_cpus, 1),
        (Limit::CpuQuotaOne, "--cpus 1", host_cpus, host_cpus),
    ] {
        let env = prepared(ContainerEngine::glibc_limited(limit, &lab()));
        let glibc = report_in(&env, X86_64_GNU, "probe-env");
        let musl = report_in(&env, X86_64_MUSL, "probe-env");
        assert_eq!(
            int(&glibc, "sysconf-online"),
            glibc_sysconf,
            "glibc under {label}"
        );
        assert_eq!(
            int(&musl, "sysconf-online"),
            musl_sysconf,
            "musl under {label}"
        );
        assert_eq!(
            int(&glibc, "available-parallelism"),
            1,
            "Rust (glibc build) under {label}"
        );
        assert_eq!(
            int(&musl, "available-parallelism"),
            1,
            "Rust (musl build) under {label}"
        );
    }
}

/// D34: glibc creates threads with clone3 and falls back to clone only on
/// ENOSYS; musl uses clone. The engine's seccomp profile decides.
#[test]
fn a_profile_failing_clone3_with_eperm_breaks_glibc_threads_and_not_musl() {
    let _one = serial();
    let eperm = prepared(ContainerEngine::glibc_limited(
        Limit::Clone3Fails(libc::EPERM),
        &lab(),
    ));
    let out = run(&eperm, &probe(X86_64_GNU, "probe-stack"), &["--json"]);
    assert!(
        !out.success()
            && out.stderr.contains("failed to spawn thread")
            && out.stderr.contains("PermissionDenied"),
        "glibc probe-stack under clone3=EPERM: got {out:?}, want a failed thread spawn"
    );
    report_in(&eperm, X86_64_MUSL, "probe-stack");
    let enosys = prepared(ContainerEngine::glibc_limited(
        Limit::Clone3Fails(libc::ENOSYS),
        &lab(),
    ));
    report_in(&enosys, X86_64_GNU, "probe-stack");
}

/// The `probe --json` output of a successful run in `subject` (which has no
/// os-release): a report from every matrix probe, and os-release among the
/// differences from this machine.
fn probed_everything(out: &std::process::Output, subject: &str) -> serde_json::Value {
    assert!(
        out.status.success(),
        "got {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_str(&String::from_utf8_lossy(&out.stdout)).expect("JSON");
    let reports = v["reports"].as_array().expect("reports");
    assert_eq!(
        reports.len(),
        muslab_report::probes::matrix_probes().count()
    );
    let differs: Vec<&str> = v["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .filter_map(|d| d["case"].as_str())
        .collect();
    assert!(
        differs.contains(&"os-release"),
        "got differences {differs:?}, want os-release among them ({subject} has none)"
    );
    v
}

fn muslab(args: &[&str], path: Option<&str>) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_muslab"));
    cmd.args(args);
    if let Some(p) = path {
        cmd.env("PATH", p)
            .env_remove(muslab::container::engine::ENGINE_VAR);
    }
    cmd.output().expect("muslab runs")
}

#[test]
fn without_an_engine_probe_and_check_image_say_so_in_one_line_and_exit_3() {
    for args in [
        &["probe", "--image", "anything"][..],
        &["probe", "--container", "anything"],
        &["check", "--image", "anything", "/bin/sh"],
    ] {
        let out = muslab(args, Some("/nonexistent"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(i32::from(muslab::container::engine::NO_ENGINE_EXIT)),
            "{args:?}: got {:?}, stderr {stderr}, want exit 3",
            out.status
        );
        assert_eq!(
            stderr.lines().count(),
            1,
            "{args:?}: got {stderr:?}, want one line"
        );
        assert!(
            stderr.starts_with("muslab: no container engine"),
            "{args:?}: got {stderr:?}"
        );
    }
}

/// An image whose root is `files` (path, contents, mode), imported as
/// `muslab/test-<what>:<pid>`; removed by the returned guard.
struct TestImage {
    engine: EngineCommand,
    name: String,
}

impl TestImage {
    fn new(e: &EngineCommand, s: &Scratch, what: &str, files: &[(&str, &Path, u32)]) -> TestImage {
        use std::os::unix::fs::PermissionsExt;
        let root = s.0.join(format!("{what}-root"));
        std::fs::create_dir_all(&root).unwrap();
        for (path, from, mode) in files {
            let to = root.join(path);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(from, &to).unwrap();
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(*mode)).unwrap();
        }
        let name = format!("muslab/test-{what}:{}", std::process::id());
        muslab::container::image::import_dir(e, &root, &name, &s.0)
            .unwrap_or_else(|e| panic!("{e}"));
        TestImage {
            engine: e.clone(),
            name,
        }
    }
}

impl Drop for TestImage {
    fn drop(&mut self) {
        let _ = self.engine.ok(&["rmi", "-f", &self.name]);
    }
}

/// A running container with neither shell nor rm: its only file is a
/// static busybox named /sleep, which runs as `sleep`.
fn sleeper(e: &EngineCommand, s: &Scratch) -> (TestImage, Container) {
    let image = TestImage::new(
        e,
        s,
        "sleeper",
        &[("sleep", Path::new("/bin/busybox"), 0o755)],
    );
    let c = Container::start(
        e,
        &image.name,
        unique_name("target"),
        &[],
        &["/sleep", "600"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (image, c)
}

/// The files `engine diff` lists as added to or changed in `c`.
fn changed_in(e: &EngineCommand, c: &Container) -> String {
    e.ok(&["diff", c.name()]).unwrap_or_else(|e| panic!("{e}"))
}

fn is_running(e: &EngineCommand, c: &Container) -> bool {
    e.ok(&[
        "container",
        "inspect",
        "--format",
        "{{.State.Running}}",
        c.name(),
    ])
    .unwrap_or_else(|e| panic!("{e}"))
    .trim()
        == "true"
}

/// `muslab probe --container`: the probes run in a running container that
/// has no shell and no rm, delete themselves, and the container runs on.
#[test]
fn probe_container_runs_in_a_container_without_a_shell_and_leaves_no_file() {
    let _one = serial();
    let s = Scratch::new("engine-probe-container");
    let e = engine(&lab());
    let (_image, c) = sleeper(&e, &s);
    // `diff` sees a copied file (so an empty answer below means something).
    let marker = s.0.join("marker");
    std::fs::write(&marker, "m\n").unwrap();
    c.copy_in(&marker, "/marker")
        .unwrap_or_else(|e| panic!("{e}"));
    let before = changed_in(&e, &c);
    assert!(
        before.contains("/marker"),
        "engine diff: got {before:?}, want /marker"
    );

    let out = muslab(&["probe", "--container", c.name(), "--json"], None);
    let after = changed_in(&e, &c);
    let v = probed_everything(&out, "the container");
    assert_eq!(
        v["container"].as_str(),
        Some(c.name()),
        "got {}",
        v["container"]
    );
    assert!(
        !after.contains("muslab-probe"),
        "engine diff after the run: got {after:?}, want no /.muslab-probe-* file"
    );
    assert!(is_running(&e, &c), "the container stopped, want it running");

    let missing = muslab(&["probe", "--container", "muslab-no-such-container"], None);
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(
        !missing.status.success() && said.contains("muslab-no-such-container"),
        "a missing container: got {:?} {said}",
        missing.status
    );
}

/// Starts `muslab args`, waits until `ready(pid)` holds, sends `signal`
/// (`kill -INT`/`-TERM`) and returns its pid, exit code and what it said
/// on stderr (kept in a file, so a full pipe cannot stall it).
fn interrupted(
    args: &[&str],
    signal: &str,
    mut ready: impl FnMut(u32) -> bool,
) -> (u32, Option<i32>, String) {
    use std::time::Instant;
    let scratch = Scratch::new(&format!("interrupted{signal}"));
    let said = scratch.0.join("stderr");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_muslab"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&said).expect("a stderr file"))
        .spawn()
        .expect("muslab starts");
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(90);
    while !ready(pid) {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("muslab {args:?} ended ({status}) before it was signalled");
        }
        assert!(Instant::now() < deadline, "muslab {args:?} never got ready");
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "kill {signal} {pid}: {sent}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let stderr = std::fs::read_to_string(&said).unwrap_or_default();
            return (pid, status.code(), stderr);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("muslab {args:?} still runs 60 s after {signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The engine's containers named for process `pid`.
fn containers_of(e: &EngineCommand, pid: u32) -> Vec<String> {
    let all = e
        .ok(&["ps", "-a", "--format", "{{.Names}}"])
        .unwrap_or_else(|e| panic!("{e}"));
    let mine = format!("-{pid}-");
    all.lines()
        .filter(|n| n.starts_with(NAME_PREFIX) && n.contains(&mine))
        .map(str::to_owned)
        .collect()
}

/// Whether process `pid` has a child whose command line holds `word`.
fn has_child_running(pid: u32, word: &str) -> bool {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    procs.flatten().any(|p| {
        let stat = std::fs::read_to_string(p.path().join("stat")).unwrap_or_default();
        let ppid = stat.rsplit(") ").next().and_then(|r| r.split(' ').nth(1));
        ppid == Some(pid.to_string().as_str())
            && std::fs::read(p.path().join("cmdline"))
                .unwrap_or_default()
                .split(|b| *b == 0)
                .any(|w| w == word.as_bytes())
    })
}

/// Ctrl-C during `probe --image`: the temporary containers go, the exit
/// code is 130, and nothing else is said. Interrupted at two moments: while
/// the first probe's container is new, and when the third one appears (the
/// moment a container may be exiting on its own while `rm -f` comes, which
/// once left one behind).
#[test]
fn an_interrupted_probe_image_removes_its_container_and_exits_130() {
    let _one = serial();
    let env = prepared(ContainerEngine::musl(&lab()));
    let image = env.image().expect("an image").to_owned();
    let e = engine(&lab());
    for nth in ["-0", "-2"] {
        let mut seen = Vec::new();
        let (pid, code, said) = interrupted(&["probe", "--image", &image], "-INT", |pid| {
            seen = containers_of(&e, pid);
            seen.iter().any(|n| n.ends_with(nth))
        });
        assert_eq!(
            (code, said.as_str()),
            (Some(130), ""),
            "container {nth}: got exit {code:?} and stderr {said:?}, want 130 and nothing"
        );
        assert_eq!(
            containers_of(&e, pid),
            Vec::<String>::new(),
            "container {nth}: containers left after SIGINT (it had {seen:?})"
        );
    }
}

/// Ctrl-C during `muslab matrix` with an engine environment and qemu-user:
/// the container and the file it runs subjects from are removed, every
/// process the run had started is gone
/// (each runs in a process group of its own, which the terminal's Ctrl-C
/// does not reach),
/// the exit code is 130 and no result file is written.
#[test]
fn an_interrupted_matrix_removes_its_containers_and_kills_its_runs() {
    let _one = serial();
    prepared(ContainerEngine::musl(&lab()));
    let s = Scratch::new("engine-matrix-int");
    let out = s.0.join("out");
    let e = engine(&lab());
    let mut running = Vec::new();
    // probe-libc under qemu-user runs for seconds: a child that would
    // outlive an exit that did not kill it.
    let args = [
        "matrix",
        "--env",
        "engine-musl",
        "--env",
        "qemu-user",
        "--probe",
        "probe-libc",
        "--no-fixtures",
        "--quiet",
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ];
    let (pid, code, said) = interrupted(&args, "-INT", |pid| {
        running = descendants(pid);
        running.iter().any(|(child, _)| cmdline_has(*child, "qemu"))
            && !containers_of(&e, pid).is_empty()
            && !subject_files_of(pid).is_empty()
    });
    assert_eq!(
        (code, said.as_str()),
        (Some(130), ""),
        "got exit {code:?} and stderr {said:?}, want 130 and nothing"
    );
    assert_eq!(containers_of(&e, pid), Vec::<String>::new());
    assert_eq!(
        subject_files_of(pid),
        Vec::<String>::new(),
        "subject files left after SIGINT"
    );
    let alive: Vec<&(u32, String)> = running.iter().filter(|p| still_runs(p)).collect();
    assert!(
        alive.is_empty(),
        "got {alive:?} still running after SIGINT, want none of {running:?}"
    );
    let written: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(written.is_empty(), "got {written:?} in --out, want nothing");
}

/// Every process below `pid`, as (pid, /proc/PID/stat start time field).
fn descendants(pid: u32) -> Vec<(u32, String)> {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let parents: Vec<(u32, u32, String)> = procs
        .flatten()
        .filter_map(|p| {
            let me: u32 = p.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(p.path().join("stat")).ok()?;
            let fields: Vec<&str> = stat.rsplit_once(") ")?.1.split(' ').collect();
            Some((
                me,
                fields.get(1)?.parse().ok()?,
                fields.get(19)?.to_string(),
            ))
        })
        .collect();
    let mut found = vec![pid];
    let mut out = Vec::new();
    while let Some(parent) = found.pop() {
        for (child, ppid, start) in &parents {
            if *ppid == parent {
                found.push(*child);
                out.push((*child, start.clone()));
            }
        }
    }
    out
}

/// Whether process `pid`'s command line has a word containing `part`.
fn cmdline_has(pid: u32, part: &str) -> bool {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .unwrap_or_default()
        .split(|b| *b == 0)
        .any(|w| String::from_utf8_lossy(w).contains(part))
}

/// Whether the process recorded as (pid, start time) still exists.
fn still_runs((pid, start): &(u32, String)) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let rest = stat.rsplit_once(") ")?.1.to_owned();
            let state = rest.split(' ').next()? != "Z";
            Some(state && rest.split(' ').nth(19) == Some(start.as_str()))
        })
        .unwrap_or(false)
}

/// SIGTERM during `probe --container`, while a probe is being copied in:
/// the copy is removed (the container has no rm: the probe deletes itself),
/// the container runs on, the exit code is 143.
#[test]
fn a_terminated_probe_container_removes_its_copies_and_exits_143() {
    let _one = serial();
    let s = Scratch::new("engine-probe-container-term");
    let e = engine(&lab());
    let (_image, c) = sleeper(&e, &s);
    let (_, code, _) = interrupted(&["probe", "--container", c.name()], "-TERM", |pid| {
        has_child_running(pid, "cp")
    });
    assert_eq!(code, Some(143), "got exit {code:?}, want 143 after SIGTERM");
    let after = changed_in(&e, &c);
    assert!(
        !after.contains("muslab-probe"),
        "engine diff after SIGTERM: got {after:?}, want no /.muslab-probe-* file"
    );
    assert!(is_running(&e, &c), "the container stopped, want it running");
}

/// `muslab check --image`: the engine exports the image; files are named
/// and shown by their paths inside it; the export is gone afterwards.
#[test]
fn check_image_judges_files_by_their_paths_inside_the_image() {
    let _one = serial();
    let s = Scratch::new("engine-check-image");
    let e = engine(&lab());
    let base = prepared(ContainerEngine::musl(&lab()));
    let base = base.image().expect("an image").to_owned();
    // The glibc probe in a layer above the musl box.
    let app = s.0.join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::copy(probe(X86_64_GNU, "probe-env"), app.join("probe-env")).unwrap();
    let c = Container::create(&e, &base, unique_name("commit"), &[], &["/bin/true"])
        .unwrap_or_else(|e| panic!("{e}"));
    c.copy_in(&app, "/app").unwrap_or_else(|e| panic!("{e}"));
    let image = format!("muslab/test-glibc-in-musl:{}", std::process::id());
    e.ok(&["commit", c.name(), &image])
        .unwrap_or_else(|e| panic!("{e}"));
    drop(c);
    let text = muslab(&["check", "--image", &image, "/app/probe-env"], None);
    let json = muslab(
        &["check", "--json", "--image", &image, "/app/probe-env"],
        None,
    );
    let tree = muslab(&["check", "--brief", "--image", &image, "-r", "/app"], None);
    let missing = muslab(&["check", "--image", &image, "/no/such/file"], None);
    let _ = e.ok(&["rmi", "-f", &image]);

    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.status.success(),
        "got {:?}: {}",
        text.status,
        String::from_utf8_lossy(&text.stderr)
    );
    assert_eq!(
        stdout.lines().next(),
        Some("/app/probe-env"),
        "got {stdout}"
    );
    assert!(
        stdout.contains("sh: /app/probe-env: not found") && !stdout.contains("check-image-"),
        "got {stdout}, want the in-image path in the musl shell's message and no temporary root"
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let f = &v["files"][0];
    assert_eq!(f["path"], "/app/probe-env");
    assert_eq!(v["options"]["root"], image.as_str());
    let root = f["verdicts"]
        .as_array()
        .expect("verdicts")
        .iter()
        .find(|x| x["env"] == "root")
        .expect("a root verdict");
    assert_eq!(
        (root["verdict"].as_str(), root["reason"].as_str()),
        (Some("fails"), Some("missing-interpreter")),
        "got {root}"
    );
    let brief = String::from_utf8_lossy(&tree.stdout);
    assert!(
        brief.lines().any(|l| l.starts_with("/app/probe-env: ")),
        "-r /app: got {brief:?}"
    );
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(
        missing.status.code() == Some(2)
            && said.contains("/no/such/file")
            && !said.contains("check-image-"),
        "a missing file: got {:?} {said}",
        missing.status
    );
    let left: Vec<_> = std::fs::read_dir(lab().join("muslab"))
        .unwrap()
        .flatten()
        .map(|d| d.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("check-image-"))
        .collect();
    assert_eq!(
        left,
        Vec::<String>::new(),
        "exported roots left under the build dir"
    );
    assert_eq!(ours_left(&e), Vec::<String>::new());
}

/// `--require` on a real `save` of an image holding no ELF file: one line,
/// exit 2 (as for every other input kind, see check's scans tests).
#[test]
fn require_fails_on_a_saved_image_without_elf_files() {
    let _one = serial();
    let s = Scratch::new("engine-save-no-elf");
    let e = engine(&lab());
    let hostname = s.0.join("hostname");
    std::fs::write(&hostname, "bare\n").unwrap();
    let image = TestImage::new(&e, &s, "no-elf", &[("etc/hostname", &hostname, 0o644)]);
    let saved = s.0.join("saved.tar");
    e.ok(&["save", "-o", &saved.to_string_lossy(), &image.name])
        .unwrap_or_else(|e| panic!("{e}"));
    for args in [
        &[
            "check",
            "--require",
            "musl-rootfs",
            "--root",
            &saved.to_string_lossy(),
        ][..],
        &[
            "check",
            "--require",
            "musl-rootfs",
            "--image",
            &image.name,
            "-r",
            "/",
        ],
    ] {
        let out = muslab(args, None);
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: got {:?} {said}, want exit 2",
            out.status
        );
        assert_eq!(
            said.lines().count(),
            1,
            "{args:?}: got {said:?}, want one line"
        );
        assert!(said.contains("no ELF file found"), "{args:?}: got {said}");
    }
}

/// An image with no shell and no libc (distroless-like): the static probes
/// run as the container's entrypoint; nothing of this process is left.
#[test]
fn probe_image_runs_the_static_probes_without_a_shell_and_leaves_nothing() {
    let _one = serial();
    let s = Scratch::new("engine-probe-image");
    let e = engine(&lab());
    let root = s.0.join("empty-root");
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::write(root.join("etc/hostname"), "bare\n").unwrap();
    let image = format!("muslab/test-bare:{}", std::process::id());
    muslab::container::image::import_dir(&e, &root, &image, &s.0).unwrap_or_else(|e| panic!("{e}"));
    let out = muslab(&["probe", "--image", &image, "--json"], None);
    let bad = muslab(&["probe", "--image", "muslab/no-such-image:0"], None);
    let _ = e.ok(&["rmi", "-f", &image]);
    probed_everything(&out, "the image");
    assert!(!bad.status.success(), "a missing image: got success");
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(said.contains("muslab/no-such-image"), "got {said}");
    assert_eq!(ours_left(&e), Vec::<String>::new());
    let all = e
        .ok(&["ps", "-a", "--format", "{{.Names}}"])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !all.lines().any(|n| n.starts_with("muslab-probe-")),
        "got containers {all:?}, want no muslab-probe-* left"
    );
}

/// `muslab check --root` given an engine's `save` and `export` tarballs
/// judges files by their paths inside the image.
#[test]
fn check_reads_a_saved_and_an_exported_image_as_its_root() {
    let _one = serial();
    let s = Scratch::new("engine-check-root");
    let env = prepared(ContainerEngine::glibc(&lab()));
    let image = env.image().expect("an image").to_owned();
    let e = engine(&lab());
    let saved = s.0.join("saved.tar");
    e.ok(&["save", "-o", &saved.to_string_lossy(), &image])
        .unwrap_or_else(|e| panic!("{e}"));
    let exported = s.0.join("exported.tar");
    let c = Container::create(&e, &image, unique_name("export"), &[], &["/bin/true"])
        .unwrap_or_else(|e| panic!("{e}"));
    e.ok(&["export", "-o", &exported.to_string_lossy(), c.name()])
        .unwrap_or_else(|e| panic!("{e}"));
    drop(c);
    for tarball in [&saved, &exported] {
        let out = muslab(
            &[
                "check",
                "--json",
                "--root",
                &tarball.to_string_lossy(),
                "/lib/x86_64-linux-gnu/libgcc_s.so.1",
            ],
            None,
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("libgcc_s.so.1") && stdout.contains("\"root\""),
            "{}: got {:?}\n{stdout}\n{}",
            tarball.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(ours_left(&e), Vec::<String>::new());
}
