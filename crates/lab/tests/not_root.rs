//! Commands that need root, run as nobody: one line naming the fix, exit 1,
//! nothing run. Needs root (to drop to nobody with setpriv).

use std::process::Command;

#[test]
fn dns_as_nobody_is_one_line_and_exit_1() {
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_muslab"))
        .args(["dns", "--no-write", "--quiet"])
        .output()
        .expect("setpriv (util-linux)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "got {err:?}, want one line");
    assert!(err.contains("needs root"), "got {err:?}");
    assert!(
        out.stdout.is_empty(),
        "got stdout {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
}
