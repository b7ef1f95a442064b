//! The command line: --json schema, --brief, --require gates, exit codes, --root.

mod common;
use common::*;

#[test]
fn json_is_one_versioned_document_with_verdicts() {
    let d = tempfile::tempdir().unwrap();
    let gnu = compile(d.path(), "gnu", "gcc", &["-O2"], HELLO);
    let o = cli(&["--json", gnu.to_str().unwrap()]);
    assert_eq!(o.exit.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    assert_eq!(v["schema"], "muslab-check/1");
    assert!(v["tool"]["musl_exports"][0]
        .as_str()
        .unwrap()
        .contains("musl 1."));
    let f = &v["files"][0];
    assert_eq!(f["elf"]["kind"], "pie");
    assert_eq!(f["elf"]["libc"], "glibc");
    assert!(f["floors"]["glibc"]["version"]
        .as_str()
        .unwrap()
        .starts_with("2."));
    let envs: Vec<&str> = f["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["env"].as_str().unwrap())
        .collect();
    for e in [
        "host",
        "glibc-2.28",
        "musl-rootfs",
        "musl+libc6-compat",
        "musl+gcompat",
    ] {
        assert!(envs.contains(&e), "{envs:?}");
    }
    let musl = verdict_of(f, "musl-rootfs");
    assert_eq!(musl["verdict"], "fails");
    assert_eq!(musl["reason"], "missing-interpreter");
    assert!(musl["message"].as_str().unwrap().ends_with(": not found"));
    assert!(f["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == "rebuild-musl"));
    assert_eq!(v["summary"]["files"], 1);
}

#[test]
fn require_gates_exit_non_zero_only_on_failure() {
    let d = tempfile::tempdir().unwrap();
    let gnu = compile(d.path(), "gnu", "gcc", &["-O2"], HELLO);
    let musl = compile(d.path(), "musl", "musl-gcc", &["-static"], HELLO);
    let (g, m) = (gnu.to_str().unwrap(), musl.to_str().unwrap());
    assert_eq!(
        cli(&["--brief", "--require", "musl-rootfs", m]).exit.code(),
        Some(0)
    );
    assert_eq!(
        cli(&["--brief", "--require", "glibc<=2.17", m]).exit.code(),
        Some(0)
    );
    assert_eq!(
        cli(&["--brief", "--require", "static", m]).exit.code(),
        Some(0)
    );
    let o = cli(&["--brief", "--require", "musl-rootfs", g]);
    assert_eq!(o.exit.code(), Some(1));
    assert!(
        text(&o.stderr).contains("requirement musl-rootfs not met"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        cli(&["--brief", "--require", "glibc<=2.17", g]).exit.code(),
        Some(1)
    );
    assert_eq!(
        cli(&["--brief", "--require", "static", g]).exit.code(),
        Some(1)
    );
    // A floor equal to the requirement passes.
    let floor = muslab_check::predict(&gnu)
        .unwrap()
        .floors
        .glibc
        .unwrap()
        .version
        .to_string();
    assert_eq!(
        cli(&["--brief", "--require", &format!("glibc<={floor}"), g])
            .exit
            .code(),
        Some(0)
    );
    // Bad requirement: usage error.
    assert_eq!(cli(&["--require", "solaris", g]).exit.code(), Some(2));
}

#[test]
fn brief_prints_one_line_per_file() {
    let d = tempfile::tempdir().unwrap();
    compile(d.path(), "a", "gcc", &[], HELLO);
    compile(d.path(), "b", "musl-gcc", &[], HELLO);
    let o = cli(&["--brief", "-r", d.path().to_str().unwrap()]);
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("/a: x86_64 pie glibc>=2.") && l.contains("musl-rootfs=FAILS")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("/b: x86_64 pie musl") && l.contains("musl-rootfs=runs")),
        "{out}"
    );
}

#[test]
fn help_explains_environments_and_exit_codes() {
    let o = cli(&["--help"]);
    let h = text(&o.stdout);
    for w in [
        "--require",
        "--json",
        "--brief",
        "--root",
        "musl+libc6-compat",
        "Exit status",
    ] {
        assert!(h.contains(w), "--help lacks {w}");
    }
}

/// --root: the loader and libraries are looked up in the root, not on the host.
#[test]
fn root_resolves_inside_the_given_tree() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("root");
    std::fs::create_dir_all(root.join("lib")).unwrap();
    std::fs::create_dir_all(root.join("bin")).unwrap();
    let musl_prog = compile(d.path(), "m", "musl-gcc", &[], HELLO);
    let gnu_prog = compile(d.path(), "g", "gcc", &[], HELLO);
    std::fs::copy(&musl_prog, root.join("bin/m")).unwrap();
    std::fs::copy(&gnu_prog, root.join("bin/g")).unwrap();
    // A musl-only root: the loader is an absolute symlink, re-rooted by the checker.
    std::fs::copy(
        "/usr/lib/x86_64-linux-musl/libc.so",
        root.join("lib/libc.musl.so"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/lib/libc.musl.so", root.join("lib/ld-musl-x86_64.so.1")).unwrap();
    let o = cli(&["--json", "--root", root.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    let verdict = |name: &str| {
        let f = files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap();
        verdict_of(f, "root").clone()
    };
    assert_eq!(verdict("bin/m")["verdict"], "runs", "{}", verdict("bin/m"));
    assert_eq!(
        verdict("bin/g")["reason"],
        "missing-interpreter",
        "{}",
        verdict("bin/g")
    );
    // With the glibc loader name pointing at musl (libc6-compat), musl binds the glibc program.
    std::fs::create_dir_all(root.join("lib64")).unwrap();
    std::os::unix::fs::symlink("/lib/libc.musl.so", root.join("lib64/ld-linux-x86-64.so.2"))
        .unwrap();
    let o = cli(&[
        "--json",
        "--root",
        root.to_str().unwrap(),
        root.join("bin/g").to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let root_v = verdict_of(&v["files"][0], "root");
    let compat = verdict_of(&v["files"][0], "musl+libc6-compat");
    assert_eq!(
        root_v["verdict"], compat["verdict"],
        "real root and model agree: {root_v} vs {compat}"
    );
}

#[test]
fn a_closed_output_stops_the_scan_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let d = tempfile::tempdir().unwrap();
    let gnu = compile(d.path(), "gnu", "gcc", &["-O2"], HELLO);
    let tree = d.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    for i in 0..3000 {
        std::fs::hard_link(&gnu, tree.join(format!("p{i:04}"))).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_muslab-check"))
        .args(["--brief", "-r"])
        .arg(&tree)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("p0000: x86_64"), "{first}");
    // The reader is gone, as with `| head -1`.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running a minute after its output closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(
        !err.contains("ELF files"),
        "a summary of a scan that stopped early: {err}"
    );
    assert!(!err.contains("writing output"), "{err}");
}

#[test]
fn a_tree_of_several_chunks_prints_in_walk_order_whatever_the_worker_count() {
    let d = tempfile::tempdir().unwrap();
    let gnu = compile(d.path(), "gnu", "gcc", &["-O2"], HELLO);
    let tree = d.path().join("tree");
    // Walk order: a directory's files by name, then its subdirectories by name.
    let mut expected = Vec::new();
    let mut non_elf = 0;
    for (dir, count) in [("", 700), ("a", 500), ("a/deep", 300), ("b", 600)] {
        let dir = tree.join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..count {
            let path = dir.join(format!("f{i:04}"));
            if i % 3 == 0 {
                std::fs::write(&path, "not an ELF file").unwrap();
                non_elf += 1;
            } else {
                std::fs::hard_link(&gnu, &path).unwrap();
                expected.push(path.display().to_string());
            }
        }
    }
    for jobs in ["1", "8"] {
        let o = cli(&["--brief", "-j", jobs, tree.to_str().unwrap()]);
        assert_eq!(o.exit.code(), Some(0), "{}", text(&o.stderr));
        let printed: Vec<String> = text(&o.stdout)
            .lines()
            .map(|l| l.split(": ").next().unwrap().to_string())
            .collect();
        assert_eq!(printed.len(), expected.len(), "-j {jobs}");
        assert!(printed == expected, "-j {jobs}: files out of walk order");
        let summary = format!(
            "{} ELF files, {non_elf} non-ELF skipped, 0 errors",
            expected.len()
        );
        assert!(
            text(&o.stderr).contains(&summary),
            "-j {jobs}: {}",
            text(&o.stderr)
        );
    }
}
