//! Real test subjects compiled with gcc, gcc -m32 and musl-gcc: the facts read
//! must match how they were built, and the predictions must match what
//! happens when they are actually started.

mod common;
use common::*;
use muslab_check::elf_facts::{FileKind, Libc};
use muslab_check::{check_file, predict, Options, Verdict};
use std::process::Command;

#[test]
fn facts_match_how_each_subject_was_built() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        (
            "gnu",
            "gcc",
            vec!["-O2"],
            64,
            "x86_64",
            FileKind::Pie,
            Libc::Glibc,
        ),
        (
            "gnu_nopie",
            "gcc",
            vec!["-O2", "-no-pie"],
            64,
            "x86_64",
            FileKind::Executable,
            Libc::Glibc,
        ),
        (
            "gnu32",
            "gcc",
            vec!["-m32", "-O2"],
            32,
            "i686",
            FileKind::Pie,
            Libc::Glibc,
        ),
        (
            "gnu_static",
            "gcc",
            vec!["-static", "-O2"],
            64,
            "x86_64",
            FileKind::Static,
            Libc::Glibc,
        ),
        (
            "gnu32_static",
            "gcc",
            vec!["-m32", "-static"],
            32,
            "i686",
            FileKind::Static,
            Libc::Glibc,
        ),
        (
            "gnu_static_pie",
            "gcc",
            vec!["-static-pie", "-O2"],
            64,
            "x86_64",
            FileKind::StaticPie,
            Libc::Glibc,
        ),
        (
            "musl_dyn",
            "musl-gcc",
            vec!["-O2"],
            64,
            "x86_64",
            FileKind::Pie,
            Libc::Musl,
        ),
        (
            "musl_static",
            "musl-gcc",
            vec!["-static", "-O2"],
            64,
            "x86_64",
            FileKind::Static,
            Libc::Musl,
        ),
    ];
    for (name, cc, flags, class, machine, kind, libc) in cases {
        let p = compile(d.path(), name, cc, &flags, HELLO);
        let r = predict(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.elf.class, class, "{name}");
        assert_eq!(r.elf.machine.name, machine, "{name}");
        assert_eq!(r.elf.kind, kind, "{name}");
        assert_eq!(r.elf.libc, libc, "{name}");
        if kind.is_static() {
            assert!(r.elf.interpreter.is_none(), "{name}");
        } else if libc == Libc::Musl {
            assert_eq!(
                r.elf.interpreter.as_deref(),
                Some("/lib/ld-musl-x86_64.so.1"),
                "{name}"
            );
            assert_eq!(r.elf.needed, vec!["libc.so".to_string()], "{name}");
            assert!(
                r.floors.glibc.is_none(),
                "{name}: musl files have no glibc floor"
            );
        } else {
            assert!(r.elf.needed.contains(&"libc.so.6".to_string()), "{name}");
            let floor = r.floors.glibc.as_ref().expect("glibc floor");
            assert!(
                !floor.symbols.is_empty(),
                "{name}: the symbols that set the floor are named"
            );
        }
        // S2: pthread_create without a stack size is flagged for dynamic files.
        if !kind.is_static() {
            assert!(
                r.exposures.iter().any(|e| e.id.as_str() == "S2"),
                "{name}: {:?}",
                r.exposures
            );
            assert!(
                r.exposures.iter().any(|e| e.id.as_str() == "D06"),
                "{name}: getaddrinfo -> D06"
            );
        }
    }
}

fn verdict<'a>(r: &'a muslab_check::FileReport, env: &str) -> &'a Verdict {
    &r.verdict_named(env)
        .unwrap_or_else(|| panic!("no {env} verdict"))
        .verdict
}

#[test]
fn host_verdicts_agree_with_starting_the_programs() {
    let d = tempfile::tempdir().unwrap();
    for (name, cc, flags) in [
        ("gnu", "gcc", vec!["-O2"]),
        ("gnu32", "gcc", vec!["-m32"]),
        ("musl_dyn", "musl-gcc", vec![]),
        ("musl_static", "musl-gcc", vec!["-static"]),
    ] {
        let p = compile(d.path(), name, cc, &flags, HELLO);
        let r = predict(&p).unwrap();
        let ran = Command::new(&p).output().unwrap();
        assert_eq!(
            verdict(&r, "host").starts(),
            ran.status.success(),
            "{name}: predicted {:?}, ran with {:?} {}",
            verdict(&r, "host"),
            ran.status,
            text(&ran.stderr)
        );
    }
}

#[test]
fn a_missing_library_is_predicted_with_the_loaders_own_message() {
    let d = tempfile::tempdir().unwrap();
    let lib = d.path().join("libgone.so");
    let src = d.path().join("gone.c");
    std::fs::write(&src, "int gone(void) { return 7; }\n").unwrap();
    assert!(Command::new("gcc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&lib)
        .arg(&src)
        .status()
        .unwrap()
        .success());
    let main = d.path().join("main.c");
    std::fs::write(
        &main,
        "int gone(void);\nint main(void) { return gone() - 7; }\n",
    )
    .unwrap();
    let prog = d.path().join("needs_gone");
    let st = Command::new("gcc")
        .arg("-o")
        .arg(&prog)
        .arg(&main)
        .arg(format!("-L{}", d.path().display()))
        .arg("-lgone")
        .status()
        .unwrap();
    assert!(st.success());
    std::fs::remove_file(&lib).unwrap();

    let r = predict(&prog).unwrap();
    let Verdict::Fails { message, .. } = verdict(&r, "host") else {
        panic!("{:?}", verdict(&r, "host"))
    };
    let ran = Command::new(&prog).output().unwrap();
    assert!(!ran.status.success());
    let real = text(&ran.stderr);
    assert!(
        real.trim_end().ends_with(message.as_str()) || real.contains(message.as_str()),
        "predicted {message:?}, real {real:?}"
    );
}

/// Starting a file through musl's loader (`ld-musl-x86_64.so.1 ./prog`) is the
/// libc6-compat environment: the glibc program is loaded and bound by musl.
/// The model's verdict and message must match what musl really says.
#[test]
fn musl_libc6_compat_model_agrees_with_musls_loader() {
    let loader = std::path::Path::new("/lib/ld-musl-x86_64.so.1");
    assert!(
        loader.exists(),
        "Debian package musl is part of the project's setup"
    );
    let d = tempfile::tempdir().unwrap();
    // Fortified printf: musl has no __printf_chk, so this one must fail to relocate.
    let fortified = compile(
        d.path(),
        "fortified",
        "gcc",
        &["-O2", "-D_FORTIFY_SOURCE=2"],
        HELLO,
    );
    let plain = compile(
        d.path(),
        "plain",
        "gcc",
        &["-O0", "-U_FORTIFY_SOURCE", "-fno-stack-protector"],
        HELLO,
    );
    for p in [&fortified, &plain] {
        let r = predict(p).unwrap();
        let v = verdict(&r, "musl+libc6-compat");
        let ran = Command::new(loader).arg(p).output().unwrap();
        let stderr = text(&ran.stderr);
        assert_eq!(
            v.starts(),
            ran.status.success(),
            "{}: predicted {v:?}; musl said {stderr:?}",
            p.display()
        );
        if let Verdict::Fails { details, .. } = v {
            for line in details {
                let sym = line.rsplit(": ").nth(1).unwrap();
                assert!(
                    stderr.contains(&format!("{sym}: symbol not found")),
                    "{line} not in {stderr:?}"
                );
            }
        }
    }
    // The fortified build is exactly the case the fix list must address.
    let r = predict(&fortified).unwrap();
    assert!(
        r.musl.fortify.iter().any(|s| s == "__printf_chk"),
        "{:?}",
        r.musl
    );
}

#[test]
fn glibc_floor_gates_the_glibc_model() {
    let d = tempfile::tempdir().unwrap();
    let p = compile(d.path(), "gnu", "gcc", &["-O2"], HELLO);
    let r = predict(&p).unwrap();
    let floor = r.floors.glibc.clone().unwrap();
    let at = |v: &str| {
        let opts = Options {
            glibc_targets: vec![muslab_check::floors::DottedVersion::parse(v).unwrap()],
            ..Options::default()
        };
        let r = check_file(&p, &opts).unwrap();
        verdict(&r, &format!("glibc-{v}")).clone()
    };
    assert!(
        at(&floor.version.to_string()).starts(),
        "runs at its own floor"
    );
    let Verdict::Fails { message, .. } = at("2.17") else {
        panic!("must fail below the floor")
    };
    assert!(
        message.contains("version `GLIBC_2.") && message.contains("not found"),
        "{message}"
    );
}

/// Separate debug-info files (/usr/lib/debug) keep the program headers of the
/// original but not the data they point at: they are recognised, not "truncated".
#[test]
fn separate_debug_info_files_are_recognised() {
    let d = tempfile::tempdir().unwrap();
    let p = compile(d.path(), "gnu", "gcc", &["-g", "-O2"], HELLO);
    let dbg = d.path().join("gnu.debug");
    assert!(Command::new("objcopy")
        .arg("--only-keep-debug")
        .arg(&p)
        .arg(&dbg)
        .status()
        .unwrap()
        .success());
    let r = predict(&dbg).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.elf.kind, FileKind::DebugInfo);
    assert!(matches!(verdict(&r, "host"), Verdict::NotApplicable { .. }));
}
