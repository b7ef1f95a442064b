//! S1 with a published manylinux wheel (psutil, pinned in the Makefile):
//! each compiled extension module, dlopen()ed with RTLD_NOW by a musl process
//! (fixtures/dlopen.c) in the lab's musl box, with a stub library standing in
//! for the CPython symbols the interpreter would provide preloaded
//! (LD_PRELOAD), loads or fails with musl's own words, and `muslab check` on the wheel predicts each for that box.
//! `make wheel` (run by `make test`) downloads the wheel into the build dir;
//! without it the test says so and skips. Needs root (mount namespace,
//! chroot) and musl-gcc.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use muslab::environment::in_rootfs::{self, cstring};
use muslab::environment::rootfs_environment::RootfsEnvironment;
use muslab::environment::{Environment, EnvironmentId, ProcessExit};
use muslab::fixtures::{self, Recipe};
use muslab::target::Target;
use muslab_check::archive::check_archive;
use muslab_check::inputs::ArchiveKind;
use muslab_check::loader_messages::musl_missing_symbol;
use muslab_check::read_source::read_elf_file;
use muslab_check::rootfs::Rootfs;
use muslab_check::{FailReason, Options, Verdict};
use muslab_report::probes;
use muslab_sys::namespace::ExecStep;
use support::Scratch;

/// The wheel `make wheel` downloaded and the directory it was unpacked in.
fn downloaded_wheel(build_dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let dir = build_dir.join("wheels");
    let wheel = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "whl"))?;
    let unpacked = PathBuf::from(format!("{}.d", wheel.display()));
    unpacked.is_dir().then_some((wheel, unpacked))
}

#[test]
fn a_manylinux_extension_fails_to_load_in_a_musl_process_as_check_predicts() {
    let build_dir = probes::default_build_dir();
    let Some((wheel, unpacked)) = downloaded_wheel(&build_dir) else {
        eprintln!(
            "SKIPPED: no wheel in {}: run `make wheel` (make test does) to download it",
            build_dir.join("wheels").display()
        );
        return;
    };
    // A box of its own: other tests and the matrix use the build dir's.
    let scratch = Scratch::new("wheel");
    let mut musl_box = RootfsEnvironment::musl(&scratch.0);
    musl_box.prepare().unwrap_or_else(|e| panic!("{e}"));
    let root = musl_box.root().expect("prepared").to_path_buf();

    let opts = Options {
        rootfs: Arc::new(Rootfs::new(&root)),
        ..Options::default()
    };
    let outcome = check_archive(&wheel, ArchiveKind::Zip, &opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !outcome.reports.is_empty(),
        "got no ELF member in {}, want its extension module",
        wheel.display()
    );

    let helper = fixtures::build(
        &build_dir,
        &Target::new("x86_64-unknown-linux-musl"),
        &Recipe {
            name: "dlopen",
            compiler: "musl-gcc",
            flags: vec![],
        },
        &fixtures::source_dir().join("dlopen.c"),
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let mut failed_with_musls_words = 0;
    for report in &outcome.reports {
        let member = report
            .path
            .rsplit_once("!/")
            .map(|(_, m)| m)
            .unwrap_or_else(|| panic!("got {}, want ARCHIVE!/member", report.path));
        let so = unpacked.join(member);
        let stub = python_stub(&so);
        // The unpacked wheel appears as /tmp in the box, the helper as /x.
        let inside = format!("/tmp/{member}");
        let stub_inside = format!(
            "/tmp/{}",
            stub.strip_prefix(&unpacked)
                .expect("beside the member")
                .display()
        );
        let mounts = vec![
            ExecStep::BindMount {
                source: cstring(&helper).unwrap(),
                target: cstring(&root.join("x")).unwrap(),
            },
            ExecStep::BindMount {
                source: cstring(&unpacked).unwrap(),
                target: cstring(&root.join("tmp")).unwrap(),
            },
        ];
        let out = in_rootfs::shell(
            &root,
            mounts,
            &format!("LD_PRELOAD={stub_inside} /x {inside}"),
            Duration::from_secs(60),
        )
        .unwrap_or_else(|e| panic!("the musl box could not run the dlopen helper: {e}"));
        eprintln!(
            "{member} in a musl process: exit {:?}, {}",
            out.exit,
            out.stderr.trim_end()
        );

        let verdict = &report
            .verdict(EnvironmentId::Root)
            .unwrap_or_else(|| panic!("{}: check gave no root verdict", report.path))
            .verdict;
        match verdict {
            Verdict::Fails {
                reason: FailReason::MissingSymbol,
                message,
                ..
            } => {
                // musl's dlopen stops at the first symbol it cannot bind;
                // check lists every one, naming the object as the wheel member.
                let said = out.stderr.trim_end();
                let symbol = said
                    .strip_prefix(&format!("Error relocating {inside}: "))
                    .and_then(|rest| rest.strip_suffix(": symbol not found"))
                    .unwrap_or_else(|| {
                        panic!("{member}: got {said:?}, want musl's \"Error relocating {inside}: SYMBOL: symbol not found\"")
                    });
                assert_eq!(said, musl_missing_symbol(&inside, symbol));
                // The helper exits 127 on a refused load, as a loader does.
                assert_eq!(out.exit, ProcessExit::Code { code: 127 });
                let predicted = musl_missing_symbol(&report.path, symbol);
                assert!(
                    message.lines().any(|l| l == predicted),
                    "{member}: musl said {said:?}, check predicted {message:?}"
                );
                failed_with_musls_words += 1;
            }
            v if v.starts() => assert!(
                out.success() && out.stdout.contains(&format!("loaded {inside}")),
                "{member}: check predicted {v:?}, got {out:?}"
            ),
            other => panic!(
                "{}: check predicted {other:?} in the musl box, musl said: {}",
                report.path, out.stderr
            ),
        }
    }
    assert!(
        failed_with_musls_words > 0,
        "got no extension that fails in the musl box, want psutil's _psutil_linux (glibc's __sched_cpualloc)"
    );
}

/// A shared library defining, as empty functions, the CPython symbols the
/// extension at `so` imports: what the interpreter's own binary provides to
/// a module it imports. Built with musl-gcc beside `so`.
fn python_stub(so: &Path) -> PathBuf {
    let facts = read_elf_file(so).unwrap_or_else(|e| panic!("{}: {e}", so.display()));
    let source: String = facts
        .imports
        .iter()
        .filter(|i| !i.weak && (i.name.starts_with("Py") || i.name.starts_with("_Py")))
        .map(|i| format!("void {}(void) {{}}\n", i.name))
        .collect();
    let c = PathBuf::from(format!("{}.python-stub.c", so.display()));
    let out = PathBuf::from(format!("{}.python-stub.so", so.display()));
    std::fs::write(&c, source).unwrap();
    let built = Command::new("musl-gcc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&out)
        .arg(&c)
        .output()
        .expect("musl-gcc runs (apt-get install -y musl-tools)");
    assert!(built.status.success(), "musl-gcc: {built:?}");
    out
}
