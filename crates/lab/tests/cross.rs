//! `cross` for real: probe-env built for the four x86_64/i686 gnu/musl
//! targets by cross in the local image muslab/cross:bookworm (built here if
//! missing: debootstrap, then an import), through podman via
//! scripts/cross-engine, and each build run on this machine. Minutes of
//! work, so ignored by `cargo test`; `make cross-test` runs it (cross from
//! `cargo install cross`). Builds go to <target>/cross, apart from the
//! probes `make probes` built.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use muslab::container::{cross_image, EngineCommand};
use muslab_report::{probes, Libc, Report};
use muslab_sys::process;

const TARGETS: [(&str, Libc); 4] = [
    ("x86_64-unknown-linux-gnu", Libc::Glibc),
    ("x86_64-unknown-linux-musl", Libc::Musl),
    ("i686-unknown-linux-gnu", Libc::Glibc),
    ("i686-unknown-linux-musl", Libc::Musl),
];

/// The toolchain rustc reports (cross must be told it, or it updates "stable").
fn toolchain() -> String {
    let out = Command::new("rustc")
        .arg("--version")
        .output()
        .expect("rustc runs");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .expect("rustc X.Y.Z")
        .to_owned()
}

#[test]
#[ignore = "minutes: builds four targets in a container; run by make cross-test"]
fn cross_builds_a_probe_for_each_target_in_the_local_image_and_it_runs() {
    let build_dir = probes::default_build_dir();
    let engine =
        EngineCommand::choose(Some("podman"), &build_dir).unwrap_or_else(|e| panic!("{e}"));
    let (image, _) = cross_image::ensure(&engine, &build_dir).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("cross image: {image}");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let wrapper = workspace.join("scripts/cross-engine");
    let target_dir = std::path::absolute(build_dir.join("cross")).expect("an absolute path");
    let toolchain = format!("+{}", toolchain());
    for (triple, libc) in TARGETS {
        let mut cmd = Command::new("cross");
        cmd.current_dir(&workspace)
            .args([toolchain.as_str(), "build", "--quiet", "--profile", "probe"])
            .args([
                "--target",
                triple,
                "-p",
                "muslab-probes",
                "--bin",
                "probe-env",
            ])
            .env("CARGO_TARGET_DIR", &target_dir)
            .env("CROSS_CONTAINER_ENGINE", &wrapper)
            .env(
                "MUSLAB_ENGINE_DIR",
                muslab::container::engine::PodmanConfig::dir(&build_dir),
            );
        let out = process::run(cmd, Duration::from_secs(1800)).unwrap_or_else(|e| {
            panic!("cross is not installed ({e}): cargo install cross --locked")
        });
        assert!(
            out.success(),
            "cross build --target {triple}: got {}\n{}{}",
            out.exit,
            out.stdout,
            out.stderr
        );
        let binary = target_dir.join(triple).join("probe").join("probe-env");
        let mut run = Command::new(&binary);
        run.arg("--json");
        let ran = process::run(run, Duration::from_secs(60)).expect("the probe starts");
        assert!(ran.success(), "{}: got {ran:?}", binary.display());
        let report = Report::from_json(&ran.stdout).expect("a report");
        assert_eq!(
            (report.build.target.as_str(), report.build.libc),
            (triple, libc),
            "{}: got the build of another target",
            binary.display()
        );
    }
}
