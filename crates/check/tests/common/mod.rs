//! Shared helpers: compile C test subjects into a temp dir, run the CLI.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// Runs the standalone CLI.
pub fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_muslab-check"))
        .args(args)
        .output()
        .expect("run muslab-check")
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

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
