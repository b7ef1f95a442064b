//! The container engine environments and `muslab probe --image`, on a real
//! engine (podman as root here; docker works the same way): the engine's own
//! words for a glibc binary in the musl image, check's prediction beside
//! them, and cleanup (no container of this test process survives a timeout,
//! a panic or an error). Needs root, podman + runc (scripts/setup) and
//! `make probes`. The tests share one lock, so "none left" is about this
//! process's containers at a quiet moment.

mod support;

use std::path::Path;
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
    let s = Scratch::new("engine-direct");
    let direct = prepared(ContainerEngine::musl_direct(&s.0));
    let shell = prepared(ContainerEngine::musl(&s.0));
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
    assert_eq!(ours_left(&engine(&s.0)), Vec::<String>::new());
}

#[test]
fn a_timed_out_subject_takes_its_container_with_it() {
    let _one = serial();
    let s = Scratch::new("engine-timeout");
    let env = prepared(ContainerEngine::musl(&s.0));
    let e = engine(&s.0);
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

#[test]
fn a_panic_while_holding_a_container_removes_it() {
    let _one = serial();
    let s = Scratch::new("engine-panic");
    let mut env = ContainerEngine::musl(&s.0);
    env.prepare().unwrap_or_else(|e| panic!("{e}"));
    let image = env.image().expect("an engine here").to_owned();
    let e = engine(&s.0);
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
    let s = Scratch::new("engine-image");
    let a = prepared(ContainerEngine::musl(&s.0));
    let b = prepared(ContainerEngine::musl(&s.0));
    let name = a.image().expect("an image").to_owned();
    assert!(name.starts_with("muslab/musl-rootfs:"), "got {name}");
    assert_eq!(
        b.image(),
        Some(name.as_str()),
        "the same root, the same image"
    );
    let other = prepared(ContainerEngine::libc6_compat(&s.0));
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
    let s = Scratch::new("engine-cpus");
    let cpuset = prepared(ContainerEngine::glibc_limited(Limit::CpusetZero, &s.0));
    let glibc = report_in(&cpuset, X86_64_GNU, "probe-env");
    let musl = report_in(&cpuset, X86_64_MUSL, "probe-env");
    assert_eq!(
        int(&glibc, "sysconf-online"),
        host_cpus,
        "glibc under --cpuset-cpus 0"
    );
    assert_eq!(
        int(&musl, "sysconf-online"),
        1,
        "musl under --cpuset-cpus 0"
    );
    assert_eq!(
        int(&glibc, "available-parallelism"),
        1,
        "Rust (glibc build)"
    );
    assert_eq!(int(&musl, "available-parallelism"), 1, "Rust (musl build)");

    let quota = prepared(ContainerEngine::glibc_limited(Limit::CpuQuotaOne, &s.0));
    let glibc = report_in(&quota, X86_64_GNU, "probe-env");
    let musl = report_in(&quota, X86_64_MUSL, "probe-env");
    assert_eq!(
        int(&glibc, "sysconf-online"),
        host_cpus,
        "glibc under --cpus 1"
    );
    assert_eq!(
        int(&musl, "sysconf-online"),
        host_cpus,
        "musl under --cpus 1"
    );
    assert_eq!(
        int(&glibc, "available-parallelism"),
        1,
        "Rust under --cpus 1"
    );
    assert_eq!(
        int(&musl, "available-parallelism"),
        1,
        "Rust under --cpus 1"
    );
}

/// D34: glibc creates threads with clone3 and falls back to clone only on
/// ENOSYS; musl uses clone. The engine's seccomp profile decides.
#[test]
fn a_profile_failing_clone3_with_eperm_breaks_glibc_threads_and_not_musl() {
    let _one = serial();
    let s = Scratch::new("engine-clone3");
    let eperm = prepared(ContainerEngine::glibc_limited(
        Limit::Clone3Fails(libc::EPERM),
        &s.0,
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
        &s.0,
    ));
    report_in(&enosys, X86_64_GNU, "probe-stack");
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
fn without_an_engine_probe_says_so_in_one_line_and_exits_3() {
    let out = muslab(&["probe", "--image", "anything"], Some("/nonexistent"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(i32::from(muslab::container::engine::NO_ENGINE_EXIT)),
        "got {:?}, stderr {stderr}",
        out.status
    );
    assert_eq!(stderr.lines().count(), 1, "got {stderr:?}, want one line");
    assert!(
        stderr.starts_with("muslab: no container engine"),
        "got {stderr:?}"
    );
}

/// An image with no shell and no libc (distroless-like): the static probes
/// run as the container's entrypoint; nothing of this process is left.
#[test]
fn probe_image_runs_the_static_probes_without_a_shell_and_leaves_nothing() {
    let _one = serial();
    let s = Scratch::new("engine-probe-image");
    let e = engine(&s.0);
    let root = s.0.join("empty-root");
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::write(root.join("etc/hostname"), "bare\n").unwrap();
    let image = format!("muslab/test-bare:{}", std::process::id());
    muslab::container::image::import_dir(&e, &root, &image, &s.0).unwrap_or_else(|e| panic!("{e}"));
    let out = muslab(&["probe", "--image", &image, "--json"], None);
    let bad = muslab(&["probe", "--image", "muslab/no-such-image:0"], None);
    let _ = e.ok(&["rmi", "-f", &image]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "got {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
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
        "got differences {differs:?}, want os-release among them (the image has none)"
    );
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
    let env = prepared(ContainerEngine::glibc(&s.0));
    let image = env.image().expect("an image").to_owned();
    let e = engine(&s.0);
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
