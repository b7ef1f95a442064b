//! Shared by the integration tests: finding the built probes and running them.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

use muslab::target::Target;
use muslab_report::probes;
use muslab_report::{Observed, Report, Status};

pub const X86_64_GNU: &str = "x86_64-unknown-linux-gnu";
pub const X86_64_MUSL: &str = "x86_64-unknown-linux-musl";
pub const I686_GNU: &str = "i686-unknown-linux-gnu";
pub const I686_MUSL: &str = "i686-unknown-linux-musl";
pub const ALL: [&str; 4] = [X86_64_GNU, X86_64_MUSL, I686_GNU, I686_MUSL];

/// The probe binary built by `make probes`; a missing one fails the test.
pub fn probe(triple: &str, name: &str) -> PathBuf {
    let probe = probes::by_name(name).unwrap_or_else(|| panic!("{name} is not a registered probe"));
    probes::binary(&probes::default_build_dir(), &Target::new(triple), probe)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Runs a probe with `--json` through `sh -c`, after `prefix` (e.g. a ulimit).
pub fn report_with(triple: &str, name: &str, prefix: &str) -> Report {
    let path = probe(triple, name);
    let script = format!("{prefix} exec \"$0\" --json");
    let out = Command::new("sh")
        .args(["-c", &script])
        .arg(&path)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "{} failed: {:?}\n{}",
        path.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    Report::from_json(&String::from_utf8_lossy(&out.stdout)).expect("probe prints a report")
}

pub fn report(triple: &str, name: &str) -> Report {
    report_with(triple, name, "")
}

/// The observation of one check that must have succeeded.
pub fn observed<'a>(r: &'a Report, id: &str, case: &str) -> &'a Observed {
    let c = r
        .check(id.parse().unwrap(), case)
        .unwrap_or_else(|| panic!("{} has no check {id}/{case}", r.probe));
    assert_eq!(
        c.status,
        Status::Ok,
        "{id}/{case} on {}: {:?}",
        r.build.target,
        c
    );
    &c.observed
}

pub fn bytes(r: &Report, id: &str, case: &str) -> u64 {
    match observed(r, id, case) {
        Observed::Bytes(n) => *n,
        other => panic!("{id}/{case}: expected bytes, got {other:?}"),
    }
}

pub fn status<'a>(r: &'a Report, id: &str, case: &str) -> &'a Status {
    &r.check(id.parse().unwrap(), case)
        .unwrap_or_else(|| panic!("{} has no check {id}/{case}", r.probe))
        .status
}

/// A build dir of its own (for a rootfs, say), removed on drop, also when
/// the test fails.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("muslab-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `muslab ARGS...` with its stdout closed before it writes (`| head`)
/// and asserts it ends quietly with exit 0: no panic on the broken pipe.
pub fn assert_quiet_on_closed_output(args: &[&std::ffi::OsStr]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_muslab"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("muslab starts");
    // The reader goes away before the writer is done.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("muslab ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    assert!(err.is_empty(), "got stderr {err}, want none");
}
