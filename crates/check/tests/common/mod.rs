//! Shared helpers: compile C test subjects into a temp dir, run the CLI.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use muslab_sys::{ProcessExit, ProcessOutput};

pub const HELLO: &str = r#"
#include <stdio.h>
#include <pthread.h>
#include <netdb.h>
static void *run(void *a) { return a; }
int main(int argc, char **argv) {
    pthread_t t; pthread_create(&t, 0, run, 0); pthread_join(t, 0);
    if (argc > 5) { struct addrinfo *r; getaddrinfo(argv[1], 0, 0, &r); }
    printf("hello %d\n", argc);
    return 0;
}
"#;

/// Compiles `src` with `cc` and `flags` into `dir/name`. Panics with the compiler's words on failure:
/// the compilers are part of the project's setup (gcc-multilib, musl-tools).
pub fn compile(dir: &Path, name: &str, cc: &str, flags: &[&str], src: &str) -> PathBuf {
    let c = dir.join(format!("{name}.c"));
    std::fs::write(&c, src).unwrap();
    let out = dir.join(name);
    let o = Command::new(cc)
        .args(flags)
        .arg("-o")
        .arg(&out)
        .arg(&c)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cc} (install gcc-multilib musl-tools): {e}"));
    assert!(
        o.status.success(),
        "{cc} {flags:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// How long one CLI run may take before the test fails on a hang.
const CLI_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs the standalone CLI (killed at [`CLI_TIMEOUT`]).
pub fn cli(args: &[&str]) -> ProcessOutput {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_muslab-check"));
    cmd.args(args);
    let o = muslab_sys::process::run(cmd, CLI_TIMEOUT).expect("run muslab-check");
    assert!(
        !matches!(o.exit, ProcessExit::TimedOut { .. }),
        "muslab-check {args:?}: {}",
        o.exit
    );
    o
}

/// The verdict for `env` in one file of `--json` output.
pub fn verdict_of<'v>(file: &'v serde_json::Value, env: &str) -> &'v serde_json::Value {
    file["verdicts"]
        .as_array()
        .expect("verdicts")
        .iter()
        .find(|x| x["env"] == env)
        .unwrap_or_else(|| panic!("no verdict for {env}: {file}"))
}

pub fn text(b: impl AsRef<[u8]>) -> String {
    String::from_utf8_lossy(b.as_ref()).into_owned()
}
