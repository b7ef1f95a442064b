//! Other releases' C libraries, met for real in Debian roots built with
//! debootstrap under the workspace's build dir (cached there; the first run
//! builds each root, about two minutes each on a cold mirror). Needs root.

mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use muslab::environment::uname_denied::UnameDenied;
use muslab::environment::{Environment, ProcessExit, ProcessOutput};
use muslab::target::Target;
use muslab_report::probes;
use support::I686_GNU;

const T: Duration = Duration::from_secs(60);

fn build_dir() -> PathBuf {
    probes::default_build_dir()
}

/// The static hellos built by bullseye's (glibc 2.31) and bookworm's (2.36)
/// i386 gcc, built once per test binary.
fn debian_hellos() -> &'static [(String, PathBuf)] {
    static HELLOS: OnceLock<Vec<(String, PathBuf)>> = OnceLock::new();
    HELLOS.get_or_init(|| {
        muslab::fixtures::build_debian_hellos(&build_dir(), &[Target::new(I686_GNU)])
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|(_, name, path)| (name, path))
            .collect()
    })
}

fn hello_of(suite: &str) -> &'static Path {
    let name = muslab::fixtures::debian_hello_name(suite);
    debian_hellos()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p.as_path())
        .unwrap_or_else(|| panic!("no {name} was built"))
}

fn sandbox(via_qemu: bool, proc_hidden: bool) -> UnameDenied {
    let mut env = UnameDenied {
        via_qemu,
        proc_hidden,
    };
    env.prepare().unwrap_or_else(|e| panic!("{e}"));
    env
}

fn run(env: &UnameDenied, binary: &Path) -> ProcessOutput {
    env.run(binary, &[], T)
        .unwrap_or_else(|e| panic!("{} in {}: {e}", binary.display(), env.name()))
}

fn assert_says_hello(env: &UnameDenied, suite: &str) {
    let out = run(env, hello_of(suite));
    assert!(
        out.success() && out.stdout == "hello, world\n",
        "{suite} static hello in {}: got {} stdout {:?} stderr {:?}, want exit 0 and \"hello, world\"",
        env.name(),
        out.exit,
        out.stdout,
        out.stderr
    );
}

#[test]
fn bullseye_static_glibc_aborts_without_uname_and_proc() {
    let out = run(&sandbox(false, true), hello_of("bullseye"));
    assert_eq!(
        out.exit,
        ProcessExit::Signal {
            signal: libc::SIGABRT
        },
        "got {}, want SIGABRT; stderr {:?}",
        out.exit,
        out.stderr
    );
    assert_eq!(
        out.stderr, "FATAL: cannot determine kernel version\n",
        "got stderr {:?}, want glibc 2.31's start-up message",
        out.stderr
    );
    assert_eq!(out.stdout, "", "main must not have run");
}

#[test]
fn bullseye_static_glibc_runs_with_proc_or_under_qemu() {
    for (via_qemu, proc_hidden) in [(false, false), (true, false), (true, true)] {
        assert_says_hello(&sandbox(via_qemu, proc_hidden), "bullseye");
    }
}

#[test]
fn bookworm_static_glibc_never_asks_uname() {
    for via_qemu in [false, true] {
        for proc_hidden in [false, true] {
            assert_says_hello(&sandbox(via_qemu, proc_hidden), "bookworm");
        }
    }
}
