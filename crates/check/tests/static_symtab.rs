//! Static programs: check reads `.symtab` when the file keeps it, so a
//! static musl program that starts threads without a stack size is warned
//! about S2, and the test shows the crash is real.

mod common;
use common::*;

use std::process::Command;
use std::time::Duration;

use muslab_sys::ProcessExit;

const THREAD_512K: &str = include_str!("../../../fixtures/thread-512k.c");

#[test]
fn static_musl_thread_with_512k_of_locals_is_warned_about_and_really_crashes() {
    let d = tempfile::tempdir().unwrap();
    let prog = compile(
        d.path(),
        "thread-512k",
        "musl-gcc",
        &["-static"],
        THREAD_512K,
    );
    let o = cli(&["--json", prog.to_str().unwrap()]);
    assert_eq!(o.exit.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    let f = &v["files"][0];
    assert_eq!(f["elf"]["kind"], "static", "got {}", f["elf"]["kind"]);
    assert_eq!(f["elf"]["libc"], "musl", "got {}", f["elf"]["libc"]);
    let linked: Vec<&str> = f["elf"]["linked"]
        .as_array()
        .expect("elf.linked")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(
        linked.contains(&"pthread_create"),
        "got linked {linked:?}, want pthread_create"
    );
    let s2 = f["exposures"]
        .as_array()
        .expect("exposures")
        .iter()
        .find(|e| e["id"] == "S2");
    assert!(s2.is_some(), "got exposures {}, want S2", f["exposures"]);
    for env in ["host", "musl-rootfs"] {
        let verdict = verdict_of(f, env);
        let notes = verdict["notes"]
            .as_array()
            .map(|n| n.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>())
            .unwrap_or_default();
        assert!(
            notes
                .iter()
                .any(|n| n.contains("128 KiB") && n.contains("SIGSEGV")),
            "{env}: got notes {notes:?}, want the S2 thread-stack warning"
        );
    }
    let fixes: Vec<&str> = f["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .filter_map(|x| x["id"].as_str())
        .collect();
    assert!(
        fixes.contains(&"thread-stack"),
        "got fixes {fixes:?}, want thread-stack"
    );

    let run = muslab_sys::process::run(Command::new(&prog), Duration::from_secs(10))
        .expect("run thread-512k");
    let segv = matches!(run.exit, ProcessExit::Signal { signal } if muslab_sys::signal::name(signal) == "SIGSEGV");
    assert!(
        segv,
        "got {}, want SIGSEGV: musl's 128 KiB thread stack",
        run.exit
    );

    // The same program with glibc runs: its default thread stack is RLIMIT_STACK.
    let gnu = compile(
        d.path(),
        "thread-512k-gnu",
        "gcc",
        &["-static", "-pthread"],
        THREAD_512K,
    );
    let run = muslab_sys::process::run(Command::new(&gnu), Duration::from_secs(10))
        .expect("run glibc thread-512k");
    assert!(
        run.exit.success(),
        "glibc build: got {}, want exit 0",
        run.exit
    );
}

#[test]
fn stripped_static_program_has_no_linked_names_and_no_warning() {
    let d = tempfile::tempdir().unwrap();
    let prog = compile(
        d.path(),
        "thread-512k-stripped",
        "musl-gcc",
        &["-static", "-s"],
        THREAD_512K,
    );
    let o = cli(&["--json", prog.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    let f = &v["files"][0];
    assert!(
        f["elf"]["linked"].is_null(),
        "got {}, want no linked names from a stripped file",
        f["elf"]["linked"]
    );
    assert!(
        !f["exposures"]
            .as_array()
            .is_some_and(|e| e.iter().any(|x| x["id"] == "S2")),
        "got {}, want no S2 without a symbol table",
        f["exposures"]
    );
}
