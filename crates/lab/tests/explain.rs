//! `muslab explain` on reports recorded by the lab's reference run
//! (crates/report/tests/reports): golden output in tests/snapshots
//! (`UPDATE_SNAPSHOTS=1` rewrites them), and its error paths run as a user
//! would run them.

use std::path::{Path, PathBuf};
use std::process::Command;

use muslab::explain::{explain, load};

mod support;

fn recorded(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../report/tests/reports")
        .join(name)
}

fn snapshot(name: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "{}: got\n{got}\nwant\n{want}\n(UPDATE_SNAPSHOTS=1 rewrites it)",
        path.display()
    );
}

#[test]
fn glibc_and_musl_stack_reports_explained_with_their_difference() {
    let reports = ["host-gnu-probe-stack.json", "host-musl-probe-stack.json"]
        .map(|n| load(&recorded(n)).unwrap_or_else(|e| panic!("{e}")));
    let text = explain(&reports, 100);
    for want in [
        "[1] vs [2]: 1 rows differ",
        "stack size in a fresh pthread_attr_t: 8 MiB ([1]) vs 128 KiB ([2])",
        "What it breaks: Segmentation fault",
    ] {
        assert!(text.contains(want), "got\n{text}\nwant {want:?}");
    }
    snapshot("explain-stack.snap", &text);
}

#[test]
fn env_reports_of_both_libcs_explained() {
    let reports = ["host-gnu-probe-env.json", "host-musl-probe-env.json"]
        .map(|n| load(&recorded(n)).unwrap_or_else(|e| panic!("{e}")));
    snapshot("explain-env.snap", &explain(&reports, 100));
}

fn muslab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_muslab"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn empty_and_foreign_input_is_one_line_and_exit_1() {
    let dir = std::env::temp_dir().join(format!("muslab-explain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "\n").unwrap();
    let foreign = dir.join("other.json");
    std::fs::write(&foreign, "{\"schema\": \"muslab.report/0\"}").unwrap();
    for (path, want) in [
        (&empty, "empty: write a report with a probe's --json"),
        (&foreign, "is not \"muslab.report/1\""),
    ] {
        let out = muslab(&["explain", path.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: stderr {err}",
            path.display()
        );
        assert_eq!(err.lines().count(), 1, "got {err}, want one line");
        assert!(err.contains(want), "got {err}, want {want:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_closed_output_ends_quietly_with_exit_0() {
    let (locale, stack) = (
        recorded("host-musl-probe-locale.json"),
        recorded("host-gnu-probe-stack.json"),
    );
    support::assert_quiet_on_closed_output(&[
        "explain".as_ref(),
        locale.as_os_str(),
        stack.as_os_str(),
    ]);
}
