//! Scripts, empty inputs and the closing summary of a scan.

mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

fn script(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// Starts `cmd`; an exec failure (ENOENT for a missing interpreter) is a start that failed.
fn started(cmd: Command) -> (bool, String) {
    match muslab_sys::process::run(cmd, Duration::from_secs(30)) {
        Ok(o) => (
            o.exit.success(),
            format!("{}: {}{}", o.exit, o.stdout, o.stderr),
        ),
        Err(e) => (false, format!("exec: {e}")),
    }
}

#[test]
fn scripts_report_their_interpreter_and_crlf() {
    let d = tempfile::tempdir().unwrap();
    let bash = script(d.path(), "b.sh", "#!/bin/bash\necho hi\n");
    let crlf = script(d.path(), "c.sh", "#!/bin/sh\r\necho hi\r\n");
    let o = cli(&["--json", bash.to_str().unwrap(), crlf.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(o.exit.code(), Some(0), "got {}: {}", o.exit, o.stderr);
    let scripts = doc["scripts"].as_array().expect("scripts");
    let find = |n: &str| {
        scripts
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(n))
            .unwrap_or_else(|| panic!("no {n}: {doc}"))
    };
    let verdict = |s: &serde_json::Value, env: &str| {
        s["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["env"] == env)
            .cloned()
            .unwrap()
    };
    // On this machine, compared with starting them.
    for (name, path) in [("b.sh", &bash), ("c.sh", &crlf)] {
        let (ran, out) = started(Command::new(path));
        let host = verdict(find(name), "host");
        assert_eq!(host["starts"], ran, "{name}: got {host}; started: {out}");
    }
    let m = verdict(find("b.sh"), "musl-rootfs");
    assert_eq!(m["starts"], false, "got {m}");
    assert!(
        m["problem"].as_str().unwrap().contains("apk add bash"),
        "got {m}"
    );
    let c = verdict(find("c.sh"), "host");
    assert!(c["problem"].as_str().unwrap().contains("CRLF"), "got {c}");
    // In the lab's musl box, where there is no bash.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/muslab/rootfs/musl");
    if root.join("bin/sh").exists() {
        let rel = format!("tmp/checkfix-script-{}", std::process::id());
        std::fs::create_dir_all(root.join(&rel)).unwrap();
        std::fs::copy(&bash, root.join(&rel).join("b.sh")).unwrap();
        let mut c = Command::new("/usr/sbin/chroot");
        c.arg(&root).arg(format!("/{rel}/b.sh"));
        let (ran, out) = started(c);
        let o = cli(&[
            "--json",
            "--root",
            root.to_str().unwrap(),
            root.join(&rel).join("b.sh").to_str().unwrap(),
        ]);
        let _ = std::fs::remove_dir_all(root.join(&rel));
        let doc: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        let v = verdict(&doc["scripts"][0], "root");
        assert_eq!(v["starts"], ran, "--root: got {v}; in the box: {out}");
        assert!(!ran, "bash is not in the box: {out}");
    }
}

fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (path, data) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, path, *data).unwrap();
    }
    b.into_inner().unwrap()
}

fn wheel_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, data) in files {
        z.start_file(*path, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Every kind of input holding no ELF file fails `--require` with one line
/// and exit 2 (and passes without it): an empty directory, a tarball (plain
/// and gzipped), a wheel, and a `docker save` tarball, given as the input
/// and as `--root` with nothing else to judge.
#[test]
fn an_input_without_elf_files_fails_require_in_one_line() {
    let d = tempfile::tempdir().unwrap();
    let empty = d.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(d.path().join("readme.txt"), "no elf here\n").unwrap();
    let tgz = d.path().join("noelf.tgz");
    assert!(Command::new("tar")
        .arg("czf")
        .arg(&tgz)
        .arg("-C")
        .arg(d.path())
        .arg("readme.txt")
        .status()
        .unwrap()
        .success());
    let files: &[(&str, &[u8])] = &[("pkg/__init__.py", b"x = 1\n"), ("bin/run", b"#!/bin/sh\n")];
    let tar = d.path().join("noelf.tar");
    std::fs::write(&tar, tar_of(files)).unwrap();
    let wheel = d.path().join("noelf-1.0-py3-none-any.whl");
    std::fs::write(&wheel, wheel_of(files)).unwrap();
    let layer = tar_of(&[("etc/hostname", b"bare\n")]);
    let saved = d.path().join("saved.tar");
    std::fs::write(
        &saved,
        tar_of(&[
            (
                "manifest.json",
                br#"[{"Config":"c.json","Layers":["l1/layer.tar"]}]"#,
            ),
            ("l1/layer.tar", &layer),
        ]),
    )
    .unwrap();
    let (empty, tgz, tar, wheel, saved) = (
        empty.to_str().unwrap(),
        tgz.to_str().unwrap(),
        tar.to_str().unwrap(),
        wheel.to_str().unwrap(),
        saved.to_str().unwrap(),
    );
    let inputs: [&[&str]; 7] = [
        &[empty],
        &[tgz],
        &[tar],
        &[wheel],
        &[saved],
        &["--root", saved],
        &["--root", empty],
    ];
    for input in inputs {
        let o = cli(&[&["--require", "musl-rootfs"], input].concat());
        assert_eq!(
            o.exit.code(),
            Some(2),
            "{input:?}: got {} {}, want exit 2",
            o.exit,
            o.stderr
        );
        assert_eq!(
            o.stderr.lines().count(),
            1,
            "{input:?}: got {:?}, want one line",
            o.stderr
        );
        assert!(
            o.stderr.contains("no ELF file found"),
            "{input:?}: got {}, want 'no ELF file found'",
            o.stderr
        );
        let o = cli(input);
        assert_eq!(
            o.exit.code(),
            Some(0),
            "{input:?} without --require: got {} {}, want exit 0",
            o.exit,
            o.stderr
        );
    }
}

#[test]
fn a_scan_prints_one_line_per_file_and_a_summary_by_reason() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..3 {
        compile(d.path(), &format!("g{i}"), "gcc", &["-O1"], HELLO);
    }
    let o = cli(&["--brief", d.path().to_str().unwrap()]);
    let lines: Vec<&str> = o.stdout.lines().collect();
    let files = lines.iter().filter(|l| l.contains(" | host=")).count();
    assert_eq!(files, 3, "got {}", o.stdout);
    assert_eq!(lines.len(), 3, "stdout is one line per file: {}", o.stdout);
    let err: Vec<&str> = o.stderr.lines().collect();
    let summary = err
        .iter()
        .position(|l| l.starts_with("summary of 3 files"))
        .unwrap_or_else(|| panic!("no summary: {}", o.stderr));
    assert!(
        err[summary..]
            .iter()
            .any(|l| l.starts_with("  musl-rootfs: 3 ")),
        "got {}",
        o.stderr
    );
    // The full form names a repeated fix once.
    let o = cli(&[d.path().to_str().unwrap()]);
    let repeated = o.stdout.matches("(as above)").count();
    assert!(repeated > 0, "fixes repeated in full: {}", o.stdout);
}
