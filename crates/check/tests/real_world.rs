//! The wrong-verdict classes found on published wheels and npm packages,
//! each reproduced on a subject built here and, where the lab's boxes are
//! built (target/muslab/rootfs), compared with loading it there: a
//! library is dlopen()ed by a small loader built with gcc (a glibc
//! process) or musl-gcc (a musl process); a program is started.

mod common;
use common::*;
use muslab_check::floors::DottedVersion;
use muslab_check::{check_file, EnvironmentId, FileReport, Options, Predictor, Verdict};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

const LOADER: &str = r#"
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (!dlopen(argv[i], RTLD_NOW | RTLD_GLOBAL)) { printf("dlopen: %s\n", dlerror()); return 1; }
    }
    puts("loaded");
    return 0;
}
"#;

/// A library with a pointer table: it needs relative relocations.
const TABLE_LIB: &str = r#"
static const char *names[] = {"a", "b", "c"};
const char *name_of(int i) { return names[i % 3]; }
"#;

fn opts_root(root: &Path) -> Options {
    Options {
        rootfs: Arc::new(muslab_check::rootfs::Rootfs::new(root)),
        ..Options::default()
    }
}

fn v<'r>(r: &'r FileReport, env: &str) -> &'r Verdict {
    &r.verdict_named(env)
        .unwrap_or_else(|| panic!("no {env} verdict for {}", r.path))
        .verdict
}

fn starts(r: &FileReport, env: &str) -> bool {
    v(r, env).starts()
}

/// The lab's box root, if built (`muslab build-rootfs` / the lab tests build them).
fn lab_box(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/muslab/rootfs")
        .join(name);
    if p.join("lib").is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipping the {name} box comparison: {} not built",
            p.display()
        );
        None
    }
}

/// Runs `cmd` with a timeout; true when it exited 0. Returns its output too.
fn run(mut cmd: Command) -> (bool, String) {
    cmd.env_clear().env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    let o = muslab_sys::process::run(cmd, Duration::from_secs(30)).expect("run");
    let text = format!("{}{}", text(&o.stdout), text(&o.stderr));
    (o.exit.success(), format!("{}: {text}", o.exit))
}

/// Copies `files` into a fresh directory inside the box and runs the first
/// with the others' in-box paths as arguments, chrooted.
fn run_in_box(root: &Path, files: &[&Path]) -> (bool, String) {
    let rel = format!("tmp/checkfix-{}-{}", std::process::id(), unique());
    let dir = root.join(&rel);
    std::fs::create_dir_all(&dir).unwrap();
    let inside: Vec<String> = files
        .iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(f, dir.join(&name)).unwrap();
            format!("/{rel}/{name}")
        })
        .collect();
    let mut cmd = Command::new("/usr/sbin/chroot");
    cmd.arg(root).args(&inside);
    let out = run(cmd);
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn unique() -> usize {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
}

fn loaders(d: &Path) -> (PathBuf, PathBuf) {
    (
        compile(d, "load_glibc", "gcc", &["-O1"], LOADER),
        compile(d, "load_musl", "musl-gcc", &["-O1"], LOADER),
    )
}

fn shared(d: &Path, name: &str, cc: &str, flags: &[&str], src: &str) -> PathBuf {
    let mut f = vec!["-shared", "-fPIC", "-O1"];
    f.extend_from_slice(flags);
    compile(d, name, cc, &f, src)
}

/// A wheel-like tree: `pkg/_ext.so` with RUNPATH `$ORIGIN/../pkg.libs`
/// needing `libhelper-1a2b.so` there.
fn wheel_tree(d: &Path, cc: &str) -> PathBuf {
    let libs = d.join("pkg.libs");
    let pkg = d.join("pkg");
    std::fs::create_dir_all(&libs).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    shared(
        &libs,
        "libhelper-1a2b.so",
        cc,
        &["-Wl,-soname,libhelper-1a2b.so"],
        "int helper(int x) { return x + 1; }",
    );
    let flags = [
        "-Wl,--disable-new-dtags,-rpath,$ORIGIN/../pkg.libs".to_string(),
        format!("-L{}", libs.display()),
    ];
    let c = pkg.join("_ext.c");
    std::fs::write(&c, "int helper(int); int ext(int x) { return helper(x); }").unwrap();
    let out = pkg.join("_ext.so");
    let o = Command::new(cc)
        .args(["-shared", "-fPIC", "-o"])
        .arg(&out)
        .arg(&c)
        .args(&flags)
        .arg("-l:libhelper-1a2b.so")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    out
}

#[test]
fn class1_origin_bundled_libraries_are_found_on_disk_and_in_archives() {
    let d = tempfile::tempdir().unwrap();
    let (lg, lm) = loaders(d.path());
    let musl_tree = d.path().join("m");
    let ext = wheel_tree(&musl_tree, "musl-gcc");
    let r = check_file(&ext, &Options::default()).unwrap();
    let (ran, out) = run({
        let mut c = Command::new(&lm);
        c.arg(&ext);
        c
    });
    assert!(ran, "the musl loader must load it: {out}");
    for env in ["musl-rootfs", "musl+libc6-compat", "musl+bundled-glibc"] {
        assert!(starts(&r, env), "{env}: got {:?}, want runs", v(&r, env));
    }
    if let Some(root) = lab_box("musl") {
        // The whole tree copied into the box, judged there with --root.
        let rel = format!("tmp/checkfix-{}-{}", std::process::id(), unique());
        let dir = root.join(&rel);
        std::fs::create_dir_all(dir.join("pkg.libs")).unwrap();
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        for f in ["pkg/_ext.so", "pkg.libs/libhelper-1a2b.so"] {
            std::fs::copy(musl_tree.join(f), dir.join(f)).unwrap();
        }
        std::fs::copy(&lm, dir.join("load")).unwrap();
        let mut c = Command::new("/usr/sbin/chroot");
        c.arg(&root)
            .arg(format!("/{rel}/load"))
            .arg(format!("/{rel}/pkg/_ext.so"));
        let (ran, out) = run(c);
        let in_root = check_file(&dir.join("pkg/_ext.so"), &opts_root(&root)).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(ran, "in the box: {out}");
        assert_eq!(
            starts(&in_root, "root"),
            ran,
            "root: got {:?}; in the box: {out}",
            v(&in_root, "root")
        );
    }
    let gnu_tree = d.path().join("g");
    let ext = wheel_tree(&gnu_tree, "gcc");
    let r = check_file(&ext, &Options::default()).unwrap();
    let (ran, out) = run({
        let mut c = Command::new(&lg);
        c.arg(&ext);
        c
    });
    assert_eq!(
        starts(&r, "host"),
        ran,
        "host: got {:?}; dlopen: {out}",
        v(&r, "host")
    );
    assert!(
        starts(&r, "musl+libc6-compat") && starts(&r, "musl+bundled-glibc"),
        "got {:?} / {:?}",
        v(&r, "musl+libc6-compat"),
        v(&r, "musl+bundled-glibc")
    );

    // The same tree as a wheel (zip) and a tarball.
    let whl = d
        .path()
        .join("pkg-1.0-cp311-cp311-musllinux_1_2_x86_64.whl");
    let tgz = d.path().join("pkg.tgz");
    let zip = Command::new("python3")
        .args(["-c", "import sys,zipfile,os\nz=zipfile.ZipFile(sys.argv[1],'w')\nfor d,_,fs in os.walk(sys.argv[2]):\n  for f in fs:\n    p=os.path.join(d,f); z.write(p, os.path.relpath(p, sys.argv[2]))\nz.close()"])
        .arg(&whl)
        .arg(&musl_tree)
        .status()
        .unwrap();
    assert!(zip.success());
    assert!(Command::new("tar")
        .arg("czf")
        .arg(&tgz)
        .arg("-C")
        .arg(&musl_tree)
        .arg(".")
        .status()
        .unwrap()
        .success());
    for archive in [&whl, &tgz] {
        let o = cli(&["--json", archive.to_str().unwrap()]);
        let doc: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        let ext = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with("pkg/_ext.so"))
            .unwrap_or_else(|| panic!("no _ext.so member: {doc}"));
        let m = verdict_of(ext, "musl-rootfs");
        assert_eq!(m["verdict"], "runs", "{}: got {m}", archive.display());
    }
    // Without the helper the models must say so.
    std::fs::remove_file(musl_tree.join("pkg.libs/libhelper-1a2b.so")).unwrap();
    let r = check_file(&musl_tree.join("pkg/_ext.so"), &Options::default()).unwrap();
    assert!(!starts(&r, "musl-rootfs"), "got {:?}", v(&r, "musl-rootfs"));
}

#[test]
fn class2_relr_depends_on_the_musl_version() {
    let d = tempfile::tempdir().unwrap();
    let (_, lm) = loaders(d.path());
    let lib = shared(
        d.path(),
        "librelr.so",
        "musl-gcc",
        &["-Wl,-z,pack-relative-relocs"],
        TABLE_LIB,
    );
    let at = |m: &str| {
        let opts = Options {
            musl_version: DottedVersion::parse(m).unwrap(),
            ..Options::default()
        };
        check_file(&lib, &opts).unwrap()
    };
    let new = at("1.2.5");
    assert!(
        starts(&new, "musl-rootfs"),
        "1.2.5: got {:?}",
        v(&new, "musl-rootfs")
    );
    let old = at("1.2.3");
    assert!(
        matches!(v(&old, "musl-rootfs"), Verdict::Fails { .. }),
        "1.2.3: got {:?}",
        v(&old, "musl-rootfs")
    );
    let assumes = &new.verdict_named("musl-rootfs").unwrap().assumes;
    assert!(
        assumes.contains("musl 1.2.5") && assumes.contains("a musl process"),
        "got {assumes}"
    );
    // This machine's musl loader is what runs it in a musl process here.
    let (ran, out) = run({
        let mut c = Command::new(&lm);
        c.arg(&lib);
        c
    });
    let host_musl =
        muslab_check::musl_version::musl_version_of(Path::new("/lib/ld-musl-x86_64.so.1"))
            .expect("the musl-tools loader carries its version");
    let want = host_musl >= DottedVersion::parse("1.2.4").unwrap();
    assert_eq!(ran, want, "musl {host_musl}: dlopen {out}");
    // The lab's predictor judges the models for the musl of the root it is
    // given: a root holding this machine's musl loader.
    let root = d.path().join("root");
    std::fs::create_dir_all(root.join("lib")).unwrap();
    std::fs::copy(
        "/lib/ld-musl-x86_64.so.1",
        root.join("lib/ld-musl-x86_64.so.1"),
    )
    .unwrap();
    for env in [EnvironmentId::MuslBundledGlibc, EnvironmentId::MuslGcompat] {
        let p = Predictor::default().predict(&lib, env, &root).unwrap();
        assert_eq!(
            p.verdict.starts(),
            want,
            "{env} with musl {host_musl}: got {:?}; dlopen {out}",
            p.verdict
        );
        assert!(
            p.assumes.contains(&format!("musl {host_musl}")),
            "{env}: got assumes {:?}, want musl {host_musl}",
            p.assumes
        );
    }
    if let Some(root) = lab_box("musl") {
        let r = check_file(&lib, &opts_root(&root)).unwrap();
        let (ran, out) = run_in_box(&root, &[&lm, &lib]);
        assert_eq!(
            starts(&r, "root"),
            ran,
            "root: got {:?}; in the box: {out}",
            v(&r, "root")
        );
    }
}

#[test]
fn class3_needed_ld_linux_fails_in_a_bare_musl_root() {
    let d = tempfile::tempdir().unwrap();
    let (lg, _) = loaders(d.path());
    let lib = shared(
        d.path(),
        "libldl.so",
        "gcc",
        &["-Wl,--no-as-needed", "/lib64/ld-linux-x86-64.so.2"],
        TABLE_LIB,
    );
    let r = check_file(&lib, &Options::default()).unwrap();
    assert!(
        matches!(v(&r, "musl-rootfs"), Verdict::Fails { .. }),
        "got {:?}",
        v(&r, "musl-rootfs")
    );
    // libc6-compat puts glibc's loader name in /lib64 only, outside musl's search path.
    assert!(
        !starts(&r, "musl+libc6-compat"),
        "got {:?}",
        v(&r, "musl+libc6-compat")
    );
    assert!(
        !matches!(v(&r, "musl+gcompat"), Verdict::Fails { .. }),
        "gcompat has /lib/ld-linux: got {:?}",
        v(&r, "musl+gcompat")
    );
    for (name, model) in [
        ("musl", "musl-rootfs"),
        ("musl-libc6-compat", "musl+libc6-compat"),
    ] {
        if let Some(root) = lab_box(name) {
            let loader = if name == "musl" {
                compile(d.path(), "lm2", "musl-gcc", &[], LOADER)
            } else {
                lg.clone()
            };
            let (ran, out) = run_in_box(&root, &[&loader, &lib]);
            assert_eq!(
                starts(&r, model),
                ran,
                "{model}: got {:?}; in the box: {out}",
                v(&r, model)
            );
            let in_root = check_file(&lib, &opts_root(&root)).unwrap();
            assert_eq!(
                starts(&in_root, "root"),
                ran,
                "--root {name}: got {:?}; in the box: {out}",
                v(&in_root, "root")
            );
        }
    }
}

#[test]
fn class4_fcntl64_is_not_remapped_by_musl() {
    let d = tempfile::tempdir().unwrap();
    let src = "#include <fcntl.h>\n#include <stdio.h>\nint main(void){ printf(\"%d\\n\", fcntl(0, F_GETFD)); return 0; }\n";
    let p = compile(
        d.path(),
        "fcntl64",
        "gcc",
        &["-D_FILE_OFFSET_BITS=64", "-O1"],
        src,
    );
    let r = check_file(&p, &Options::default()).unwrap();
    let Verdict::Fails { message, .. } = v(&r, "musl+libc6-compat") else {
        panic!(
            "got {:?}, want fails on fcntl64",
            v(&r, "musl+libc6-compat")
        )
    };
    assert!(
        message.contains("fcntl64: symbol not found"),
        "got {message}"
    );
    if let Some(root) = lab_box("musl-libc6-compat") {
        let (ran, out) = run_in_box(&root, &[&p]);
        assert!(!ran && out.contains("fcntl64"), "in the box: {out}");
        let in_root = check_file(&p, &opts_root(&root)).unwrap();
        assert!(
            !starts(&in_root, "root"),
            "--root: got {:?}; in the box: {out}",
            v(&in_root, "root")
        );
    }
}

#[test]
fn class5_6_musl_linked_library_needs_a_musl_process() {
    let d = tempfile::tempdir().unwrap();
    let (lg, lm) = loaders(d.path());
    let lib = shared(d.path(), "libm_only.so", "musl-gcc", &[], TABLE_LIB);
    let r = check_file(&lib, &Options::default()).unwrap();
    let (glibc_ran, out_g) = run({
        let mut c = Command::new(&lg);
        c.arg(&lib);
        c
    });
    let (musl_ran, out_m) = run({
        let mut c = Command::new(&lm);
        c.arg(&lib);
        c
    });
    assert!(
        musl_ran && !glibc_ran,
        "musl loader: {out_m}; glibc loader: {out_g}"
    );
    let host = r.verdict_named("host").unwrap();
    assert_eq!(
        host.verdict.starts(),
        glibc_ran,
        "host: got {:?}; glibc dlopen: {out_g}",
        host.verdict
    );
    assert!(
        host.assumes.contains("a glibc process"),
        "got {}",
        host.assumes
    );
    // With libc6-dev installed glibc meets its `libc.so` linker script and
    // says so; without it, that it found nothing. check says which.
    let Verdict::Fails { message, .. } = &host.verdict else {
        panic!("host: got {:?}, want fails", host.verdict)
    };
    for words in ["invalid ELF header", "cannot open shared object file"] {
        assert_eq!(
            message.contains(words),
            out_g.contains(words),
            "host: got message {message:?}; glibc dlopen said {out_g}"
        );
    }
    assert!(!starts(&r, "glibc-2.28"), "got {:?}", v(&r, "glibc-2.28"));
    assert!(starts(&r, "musl-rootfs"), "got {:?}", v(&r, "musl-rootfs"));
}

#[test]
fn class7_libc6_compat_root_ignores_glibc_symbol_versions() {
    let Some(root) = lab_box("musl-libc6-compat") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let (lg, _) = loaders(d.path());
    let lib = shared(
        d.path(),
        "libgnu.so",
        "gcc",
        &[],
        "#include <stdio.h>\nvoid hi(void){ puts(\"hi\"); }\n",
    );
    let r = check_file(&lib, &opts_root(&root)).unwrap();
    let (ran, out) = run_in_box(&root, &[&lg, &lib]);
    assert!(ran, "in the box: {out}");
    assert!(
        starts(&r, "root"),
        "got {:?}; in the box: {out}",
        v(&r, "root")
    );
    assert!(r
        .verdict_named("root")
        .unwrap()
        .assumes
        .contains("a musl process"));
}

#[test]
fn class8_9_bundled_glibc_uses_glibc_rules_and_cxx_versions_count() {
    let d = tempfile::tempdir().unwrap();
    let src = "#include <string>\nstd::string greet(const char *n) { return std::string(\"hi \") + n; }\n";
    let lib = shared(d.path(), "libgreet.so", "g++", &[], src);
    let r = check_file(&lib, &Options::default()).unwrap();
    assert!(
        starts(&r, "musl+bundled-glibc"),
        "got {:?}",
        v(&r, "musl+bundled-glibc")
    );
    assert!(
        r.verdict_named("musl+bundled-glibc")
            .unwrap()
            .assumes
            .contains("libstdc++"),
        "the bundle carries libstdc++"
    );
    // The C++11 std::string ABI needs GLIBCXX_3.4.21, newer than CentOS 7's libstdc++ (glibc 2.17).
    let needs = r
        .elf
        .version_needs
        .iter()
        .flat_map(|n| n.versions.iter())
        .any(|v| v == "GLIBCXX_3.4.21");
    assert!(
        needs,
        "subject must need GLIBCXX_3.4.21: {:?}",
        r.elf.version_needs
    );
    let at = |g: &str| {
        let opts = Options {
            glibc_targets: vec![DottedVersion::parse(g).unwrap()],
            ..Options::default()
        };
        check_file(&lib, &opts).unwrap()
    };
    let old = at("2.17");
    let Verdict::Fails { message, .. } = v(&old, "glibc-2.17") else {
        panic!(
            "glibc-2.17: got {:?}, want fails on GLIBCXX",
            v(&old, "glibc-2.17")
        )
    };
    assert!(
        message.contains("GLIBCXX_") || message.contains("CXXABI_"),
        "got {message}"
    );
    assert!(starts(&at("2.28"), "glibc-2.28"));
}

#[test]
fn class10_libc6_compat_has_libresolv() {
    let d = tempfile::tempdir().unwrap();
    let (lg, _) = loaders(d.path());
    let lib = shared(
        d.path(),
        "libres.so",
        "gcc",
        &["-Wl,--no-as-needed", "-lresolv"],
        TABLE_LIB,
    );
    let r = check_file(&lib, &Options::default()).unwrap();
    assert!(
        r.elf.needed.iter().any(|n| n == "libresolv.so.2"),
        "{:?}",
        r.elf.needed
    );
    assert!(
        starts(&r, "musl+libc6-compat"),
        "got {:?}",
        v(&r, "musl+libc6-compat")
    );
    assert!(!starts(&r, "musl-rootfs"), "got {:?}", v(&r, "musl-rootfs"));
    if let Some(root) = lab_box("musl-libc6-compat") {
        let (ran, out) = run_in_box(&root, &[&lg, &lib]);
        assert!(ran, "in the box: {out}");
    }
}
