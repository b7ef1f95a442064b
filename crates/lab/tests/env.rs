//! probe-env as measured on this machine: build facts, 32-bit on 64-bit, D23.

mod support;

use muslab_report::{Libc, Observed};
use support::*;

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
