//! Seed S2 as measured by the built probes: musl's 128 KiB default thread
//! stack and its crash, glibc's RLIMIT_STACK-sized default, and both fixes.

mod support;

use muslab_report::{Linkage, Status};
use support::*;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

fn about(n: u64, expected: u64) -> bool {
    n.abs_diff(expected) <= expected / 20
}

#[test]
fn static_musl_default_thread_stack_is_about_128_kib_and_overflows_at_256k() {
    for triple in [X86_64_MUSL, I686_MUSL] {
        let r = report(triple, "probe-stack");
        assert!(
            matches!(r.build.linkage, Linkage::Static | Linkage::StaticPie),
            "{triple}: {:?}",
            r.build.linkage
        );
        assert_eq!(r.build.interpreter, None, "{triple}");
        let fresh = bytes(&r, "S2", "default-attr");
        let raw = bytes(&r, "S2", "raw-thread");
        assert!(about(fresh, 128 * KIB), "{triple}: fresh attr {fresh}");
        assert!(about(raw, 128 * KIB), "{triple}: raw thread {raw}");
        assert!(
            matches!(status(&r, "S2", "default-attr/64k"), Status::Ok),
            "{triple}"
        );
        assert!(
            matches!(status(&r, "S2", "default-attr/256k"), Status::Crashed { signal, .. } if *signal == libc::SIGSEGV),
            "{triple}: {:?}",
            status(&r, "S2", "default-attr/256k")
        );
        for size in ["256k", "512k", "1m"] {
            assert_eq!(
                status(&r, "S2", &format!("setstacksize/{size}")),
                &Status::Ok,
                "{triple} {size}"
            );
        }
    }
}

#[test]
fn glibc_default_thread_stack_follows_rlimit_stack() {
    for triple in [X86_64_GNU, I686_GNU] {
        for kib in [4096u64, 16384] {
            let r = report_with(triple, "probe-stack", &format!("ulimit -s {kib};"));
            assert_eq!(bytes(&r, "S2", "rlimit-stack"), kib * KIB, "{triple}");
            assert_eq!(
                bytes(&r, "S2", "default-attr"),
                kib * KIB,
                "{triple} ulimit -s {kib}"
            );
            assert_eq!(
                bytes(&r, "S2", "raw-thread"),
                kib * KIB,
                "{triple} ulimit -s {kib}"
            );
            assert_eq!(status(&r, "S2", "default-attr/1m"), &Status::Ok, "{triple}");
        }
    }
}

#[test]
fn musl_default_stack_does_not_follow_rlimit_stack() {
    let small = report_with(X86_64_MUSL, "probe-stack", "ulimit -s 4096;");
    let large = report_with(X86_64_MUSL, "probe-stack", "ulimit -s 16384;");
    assert_eq!(
        bytes(&small, "S2", "default-attr"),
        bytes(&large, "S2", "default-attr")
    );
}

#[test]
fn z_stack_size_sets_musls_default_and_glibc_ignores_it() {
    for triple in ALL {
        let r = report_with(triple, "probe-stack-zstack", "ulimit -s 8192;");
        let header = bytes(&r, "S2", "zstack/pt-gnu-stack-size");
        assert_eq!(
            header, MIB,
            "{triple}: build.rs links with -z stack-size=1 MiB"
        );
        let fresh = bytes(&r, "S2", "zstack/default-attr");
        if triple.ends_with("musl") {
            assert_eq!(fresh, header, "{triple}: musl takes PT_GNU_STACK's size");
            assert_eq!(
                status(&r, "S2", "zstack/default-attr/512k"),
                &Status::Ok,
                "{triple}"
            );
        } else {
            assert_eq!(
                fresh,
                8 * MIB,
                "{triple}: glibc follows RLIMIT_STACK, not PT_GNU_STACK"
            );
        }
    }
}

#[test]
fn painted_stack_use_matches_the_job_size() {
    let r = report(X86_64_MUSL, "probe-stack");
    for (case, size) in [
        ("peak-use/64k", 64 * KIB),
        ("peak-use/256k", 256 * KIB),
        ("peak-use/1m", MIB),
    ] {
        let used = bytes(&r, "S2", case);
        assert!(used >= size && used < size + 32 * KIB, "{case}: {used}");
    }
}

/// Rust's std::thread asks for 2 MiB, or RUST_MIN_STACK, on both libcs. The
/// probe measures it as the process's first thread: started after the raw
/// 8 MiB default thread had ended, glibc would hand it that cached stack.
#[test]
fn std_thread_gets_two_mib_or_rust_min_stack_on_both_libcs() {
    for triple in [X86_64_GNU, X86_64_MUSL] {
        for (prefix, want) in [("", 2 * MIB), ("RUST_MIN_STACK=4194304", 4 * MIB)] {
            let r = report_with(triple, "probe-stack", &format!("{prefix} "));
            let got = bytes(&r, "S2", "std-thread");
            // musl's figure includes its guard page and TLS area.
            assert!(
                got >= want && about(got, want),
                "{triple} {prefix}: std-thread got {got}, want {want}"
            );
        }
    }
}

/// glibc caches an ended thread's stack and gives it to a later thread that
/// asks for at least a quarter of its size; musl unmaps it.
#[test]
fn glibc_reuses_the_raw_threads_cached_stack_for_a_later_std_thread() {
    // 8 MiB: within 4x the 2 MiB std asks for, so the cache may serve it.
    let glibc = report_with(X86_64_GNU, "probe-stack", "ulimit -s 8192;");
    let raw = bytes(&glibc, "S2", "raw-thread");
    let after = bytes(&glibc, "S2", "std-thread-after-raw-thread");
    assert_eq!(
        after, raw,
        "glibc: got {after}, want the raw thread's {raw}"
    );
    let musl = report(X86_64_MUSL, "probe-stack");
    let after = bytes(&musl, "S2", "std-thread-after-raw-thread");
    assert!(about(after, 2 * MIB), "musl: got {after}, want about 2 MiB");
}
