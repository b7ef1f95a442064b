//! probe-env as measured on this machine: build facts, 32-bit on 64-bit, D23,
//! and the libc of the probe apart from the libcs installed on the box.

mod support;

use std::path::Path;
use std::time::Duration;

use muslab::environment::rootfs_environment::RootfsEnvironment;
use muslab::environment::Environment;
use muslab_probes::env::report_text::{BOX_HEADING, PROCESS_HEADING, REST_HEADING};
use muslab_probes::env::system_libc::{self, Installed};
use muslab_report::{Id, Libc, Linkage, Observed, Report};
use support::*;

/// The libcs probe-env found installed, from its typed check.
fn installed(r: &Report) -> Vec<Installed> {
    let check = r
        .check(Id::Env, system_libc::CASE)
        .unwrap_or_else(|| panic!("{} has no ENV/{}", r.probe, system_libc::CASE));
    system_libc::from_check(check)
}

/// The host's glibc, as `getconf GNU_LIBC_VERSION` says ("2.36").
fn host_glibc() -> String {
    let out = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .expect("getconf runs");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .replace("glibc ", "")
}

/// The static musl probe on this glibc host: its own libc is the musl it
/// carries (the Rust target's bundled musl 1.2.5, static), the box's is
/// glibc (Debian 12: 2.36), each in its own typed place and its own section
/// of the text.
#[test]
fn the_static_musl_probe_tells_its_own_libc_from_the_boxs() {
    let r = report(X86_64_MUSL, "probe-env");
    let own = (r.build.libc, r.build.libc_version.as_str());
    assert_eq!(own, (Libc::Musl, "1.2.5"), "got its own libc {own:?}");
    assert!(
        matches!(r.build.linkage, Linkage::Static | Linkage::StaticPie)
            && r.build.interpreter.is_none(),
        "got {} with interpreter {:?}, want static without one",
        r.build.linkage,
        r.build.interpreter
    );
    let glibc = host_glibc();
    let found = installed(&r);
    assert!(
        found.iter().any(|i| i.libc == Libc::Glibc
            && i.version.as_deref() == Ok(glibc.as_str())
            && i.arch == Some("x86_64")),
        "got installed {found:?}, want glibc {glibc} x86_64"
    );

    let out = std::process::Command::new(probe(X86_64_MUSL, "probe-env"))
        .output()
        .expect("probe-env runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let section = |from: &str, to: &str| -> String {
        let start = text
            .find(from)
            .unwrap_or_else(|| panic!("got {text}, want a section {from:?}"));
        let end = text[start..].find(to).map_or(text.len(), |e| start + e);
        text[start..end].to_owned()
    };
    let process = section(PROCESS_HEADING, BOX_HEADING);
    assert!(
        process.contains("musl 1.2.5, static") && !process.contains("glibc"),
        "got {process}, want musl 1.2.5 static and no glibc"
    );
    let boxed = section(BOX_HEADING, REST_HEADING);
    assert!(
        boxed
            .lines()
            .any(|l| l.split_whitespace().take(2).eq(["glibc", glibc.as_str()])),
        "got {boxed}, want a line glibc {glibc}"
    );
}

/// In the musl rootfs (busybox and Debian's musl loader, no glibc) the same
/// probe finds the box's musl, the version the loader's banner gives on the
/// host it was copied from, and no glibc.
#[test]
fn in_the_musl_rootfs_the_box_has_musl_only() {
    let want: Vec<String> = system_libc::find(Path::new("/"))
        .into_iter()
        .filter(|i| i.path == "/lib/ld-musl-x86_64.so.1")
        .filter_map(|i| i.version.ok())
        .collect();
    assert_eq!(want.len(), 1, "got host musl {want:?}, want one version");
    let s = Scratch::new("env-musl-box");
    let mut env = RootfsEnvironment::musl(&s.0);
    env.prepare().unwrap_or_else(|e| panic!("musl rootfs: {e}"));
    let out = env
        .run(
            &probe(X86_64_MUSL, "probe-env"),
            &["--json"],
            Duration::from_secs(60),
        )
        .expect("probe-env runs in the rootfs");
    assert!(out.success(), "got {out:?}");
    let r = Report::from_json(&out.stdout).expect("a report");
    let found: Vec<(Libc, Option<&'static str>, Result<String, String>)> = installed(&r)
        .into_iter()
        .map(|i| (i.libc, i.arch, i.version))
        .collect();
    assert_eq!(
        found,
        vec![(Libc::Musl, Some("x86_64"), Ok(want[0].clone()))],
        "got the box's libcs {found:?}, want musl {} only",
        want[0]
    );
    assert_eq!(r.build.libc, Libc::Musl);
}

#[test]
fn i686_builds_run_and_report_32_bit_on_a_64_bit_kernel() {
    for triple in [I686_GNU, I686_MUSL] {
        let r = report(triple, "probe-env");
        assert_eq!(r.build.pointer_width, 32, "{triple}");
        assert_eq!(r.host.machine.as_deref(), Some("x86_64"), "{triple}");
        match observed(&r, "S5", "process-abi") {
            Observed::Text(t) => assert!(
                t.starts_with("32-bit process on 64-bit kernel"),
                "{triple}: {t}"
            ),
            other => panic!("{other:?}"),
        }
    }
    let r = report(X86_64_MUSL, "probe-env");
    assert_eq!(r.build.pointer_width, 64);
}

#[test]
fn build_info_names_the_libc_and_its_version() {
    let glibc_here = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .expect("getconf runs");
    let glibc_here = String::from_utf8_lossy(&glibc_here.stdout)
        .trim()
        .replace("glibc ", "");
    for triple in ALL {
        let r = report(triple, "probe-env");
        assert_eq!(r.build.target, triple);
        if triple.ends_with("musl") {
            assert_eq!(r.build.libc, Libc::Musl);
            let parts: Vec<&str> = r.build.libc_version.split('.').collect();
            assert!(
                parts.len() >= 2 && parts.iter().all(|p| p.parse::<u32>().is_ok()),
                "{:?}",
                r.build
            );
            assert!(
                r.build.libc_version_source.contains("libc.a"),
                "{:?}",
                r.build
            );
            assert_eq!(r.build.runtime_libc_version, None);
        } else {
            assert_eq!(r.build.libc, Libc::Glibc);
            assert_eq!(
                r.build.runtime_libc_version.as_deref(),
                Some(glibc_here.as_str()),
                "{triple}"
            );
            assert!(r.build.interpreter.is_some(), "{triple}");
        }
        assert!(r.build.rustc.starts_with("rustc 1."), "{}", r.build.rustc);
    }
}

fn int(r: &muslab_report::Report, case: &str) -> i64 {
    match observed(r, "D23", case) {
        Observed::Int(n) => *n,
        other => panic!("{other:?}"),
    }
}

#[test]
fn musl_counts_the_affinity_mask_and_glibc_does_not() {
    let online = std::thread::available_parallelism().unwrap().get() as i64;
    for triple in ALL {
        let r = report(triple, "probe-env");
        let pinned = int(&r, "sysconf-online-pinned");
        if triple.ends_with("musl") {
            assert_eq!(pinned, 1, "{triple}: musl counts the affinity mask");
        } else {
            assert_eq!(
                pinned,
                int(&r, "sysconf-online"),
                "{triple}: glibc ignores affinity"
            );
            if online > 1 {
                assert!(pinned > 1, "{triple}: glibc still sees {pinned}");
            }
        }
    }
}

#[test]
fn the_machines_loaders_are_listed() {
    let r = report(X86_64_MUSL, "probe-env");
    match observed(&r, "ENV", "loaders") {
        Observed::List(items) => assert!(
            items
                .iter()
                .any(|i| i.starts_with("/lib64/ld-linux-x86-64.so.2")),
            "{items:?}"
        ),
        other => panic!("{other:?}"),
    }
}
