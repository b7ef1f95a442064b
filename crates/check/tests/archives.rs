//! Wheels and tarballs: ELF members are judged as `ARCHIVE!/member`, and a
//! wheel's platform tag is checked against its members' floors.

mod common;
use common::*;
use std::io::Write;

fn build_wheel(path: &std::path::Path, member: &[u8]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = zip::write::SimpleFileOptions::default();
    z.start_file("pkg/__init__.py", o).unwrap();
    z.write_all(b"").unwrap();
    z.start_file("pkg/_ext.so", o).unwrap();
    z.write_all(member).unwrap();
    z.finish().unwrap();
}

#[test]
fn wheel_members_are_judged_and_the_manylinux_tag_is_checked() {
    let d = tempfile::tempdir().unwrap();
    let so = compile(
        d.path(),
        "ext.so",
        "gcc",
        &["-shared", "-fPIC", "-O2"],
        HELLO,
    );
    let bytes = std::fs::read(&so).unwrap();
    let floor = muslab_check::predict(&so)
        .unwrap()
        .floors
        .glibc
        .unwrap()
        .version;
    let lying = d
        .path()
        .join("pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
    build_wheel(&lying, &bytes);
    let o = cli(&["--json", lying.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        v["files"].as_array().unwrap().len(),
        1,
        "only the ELF member"
    );
    assert!(v["files"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with(".whl!/pkg/_ext.so"));
    assert_eq!(v["files"][0]["elf"]["kind"], "shared-library");
    let problems = v["archives"][0]["tag_problems"].as_array().unwrap();
    assert!(floor > muslab_check::floors::DottedVersion(vec![2, 17]));
    assert!(
        problems[0].as_str().unwrap().contains("manylinux_2_17"),
        "{problems:?}"
    );
    assert_eq!(
        o.exit.code(),
        Some(1),
        "a broken tag promise fails like a requirement"
    );

    let honest = d.path().join(format!(
        "pkg-1.0-cp311-cp311-manylinux_{}_x86_64.whl",
        floor.to_string().replace('.', "_")
    ));
    build_wheel(&honest, &bytes);
    assert_eq!(
        cli(&["--brief", honest.to_str().unwrap()]).exit.code(),
        Some(0)
    );
}

#[test]
fn tarball_members_are_judged() {
    let d = tempfile::tempdir().unwrap();
    let prog = compile(d.path(), "prog", "musl-gcc", &["-static"], HELLO);
    let tgz = d.path().join("dist.tar.gz");
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&tgz).unwrap(),
        flate2::Compression::fast(),
    );
    let mut t = tar::Builder::new(gz);
    t.append_path_with_name(&prog, "bin/prog").unwrap();
    t.append_path_with_name(d.path().join("prog.c"), "src/prog.c")
        .unwrap();
    t.into_inner().unwrap().finish().unwrap();
    let o = cli(&["--brief", "--require", "musl-rootfs", tgz.to_str().unwrap()]);
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("dist.tar.gz!/bin/prog: x86_64 static musl"),
        "{out}"
    );
    assert_eq!(o.exit.code(), Some(0));
}

#[test]
fn corrupt_archives_are_one_line_errors() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("bad.whl");
    std::fs::write(&bad, b"PK\x03\x04 not really").unwrap();
    let o = cli(&[bad.to_str().unwrap()]);
    assert_eq!(o.exit.code(), Some(2));
    assert_eq!(text(&o.stderr).lines().count(), 1, "{}", text(&o.stderr));
    let badgz = d.path().join("bad.tar.gz");
    std::fs::write(&badgz, b"\x1f\x8b garbage").unwrap();
    let o = cli(&[badgz.to_str().unwrap()]);
    assert_eq!(o.exit.code(), Some(2));
    assert!(text(&o.stderr).contains("bad.tar.gz"));
}
