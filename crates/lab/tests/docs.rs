//! `make man`: completions and man pages generated from the CLI definition,
//! and `--version` on every command.

use std::process::Command;

#[test]
fn completions_and_man_pages_name_every_command() {
    let dir = std::env::temp_dir().join(format!("muslab-docs-{}", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_muslab"))
        .arg("docs")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bash = std::fs::read_to_string(dir.join("completions/muslab.bash")).unwrap();
    let page = std::fs::read_to_string(dir.join("man/muslab.1")).unwrap();
    for command in ["matrix", "check", "dns", "explain", "catalogue"] {
        assert!(bash.contains(command), "bash completions lack {command}");
        assert!(page.contains(command), "muslab.1 lacks {command}");
        assert!(
            dir.join(format!("man/muslab-{command}.1")).exists(),
            "no man page for {command}"
        );
    }
    assert!(
        !dir.join("man/muslab-docs.1").exists(),
        "a man page for the hidden docs command"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_is_answered_by_every_command() {
    for args in [
        vec!["--version"],
        vec!["explain", "--version"],
        vec!["matrix", "--version"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_muslab"))
            .args(&args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains(env!("CARGO_PKG_VERSION")),
            "{args:?}: got {text:?}"
        );
    }
}
