//! The loader rows (D01-D05, D32) and D25 as probe-loader measures them on
//! the host: glibc builds run glibc-built helpers under glibc's loader, the
//! x86_64 musl build runs musl-gcc-built helpers under Debian's musl loader.

mod support;

use muslab_report::{Observed, Report, Status};
use support::*;

fn record<'a>(
    r: &'a Report,
    id: &str,
    case: &str,
) -> &'a std::collections::BTreeMap<String, Observed> {
    match observed(r, id, case) {
        Observed::Record(m) => m,
        other => panic!("{id}/{case}: got {other:?}, want a record"),
    }
}

fn field(r: &Report, id: &str, case: &str, name: &str) -> String {
    match record(r, id, case).get(name) {
        Some(Observed::Text(t)) => t.clone(),
        other => panic!("{id}/{case}.{name}: got {other:?}, want text"),
    }
}

#[test]
fn glibc_unloads_binds_lazily_honours_versions_and_unwinds() {
    for triple in [X86_64_GNU, I686_GNU] {
        let r = report(triple, "probe-loader");
        assert_eq!(
            observed(&r, "D01", "destructor"),
            &Observed::text("in dlclose"),
            "{triple}"
        );
        assert_eq!(
            observed(&r, "D01", "mapped-after-dlclose"),
            &Observed::Bool(false),
            "{triple}"
        );
        assert_eq!(
            observed(&r, "D01", "statics-after-reopen"),
            &Observed::Int(1),
            "{triple}"
        );
        assert_eq!(
            observed(&r, "D02", "rtld-now"),
            &Observed::text("$DIR/libneed.so: undefined symbol: muslab_provided"),
            "{triple}"
        );
        assert_eq!(
            field(&r, "D02", "rtld-lazy-call", "exit"),
            "exit 127",
            "{triple}"
        );
        assert_eq!(
            field(&r, "D02", "rtld-lazy-call", "stderr"),
            "$DIR/driver: symbol lookup error: $DIR/libneed.so: undefined symbol: muslab_provided",
            "{triple}"
        );
        assert_eq!(
            field(&r, "D02", "deferred", "stdout"),
            "loaded | calling | need_call 43",
            "{triple}"
        );
        // Runs until the call: "started" is printed before the failure.
        assert_eq!(
            field(&r, "D02", "missing-in-exe", "stdout"),
            "started 1",
            "{triple}"
        );
        assert_eq!(
            field(&r, "D02", "missing-in-exe", "exit"),
            "exit 127",
            "{triple}"
        );
        assert!(
            field(&r, "D02", "missing-in-exe", "stderr").contains("symbol lookup error"),
            "{triple}: got {:?}, want a symbol lookup error",
            field(&r, "D02", "missing-in-exe", "stderr")
        );
        assert_eq!(
            observed(&r, "D03", "versioned-ref"),
            &Observed::Int(1),
            "{triple}"
        );
        assert_ne!(
            observed(&r, "D03", "gnu_get_libc_version"),
            &Observed::text("NULL"),
            "{triple}"
        );
        match observed(&r, "D04", "dlsym") {
            Observed::List(names) => assert!(
                names.iter().any(|n| n == "open64") && names.iter().any(|n| n == "fcntl64"),
                "{triple}: got {names:?}, want open64 and fcntl64"
            ),
            other => panic!("{triple}: got {other:?}"),
        }
        assert_eq!(
            field(&r, "D04", "fcntl64-binary", "stdout"),
            "fcntl64 ok",
            "{triple}"
        );
        for case in ["pie", "shared-lib", "static"] {
            assert_eq!(field(&r, "D05", case, "stdout"), "7", "{triple} {case}");
        }
        // glibc 2.36 on this machine reads DT_RELR.
        assert_eq!(
            field(&r, "D32", "relr-lib", "stdout"),
            "loaded | one",
            "{triple}"
        );
        assert_eq!(
            observed(&r, "D25", "c"),
            &Observed::List(vec![
                "cleanup attribute".into(),
                "cleanup_push handler".into(),
                "joined: canceled".into()
            ]),
            "{triple}"
        );
    }
    let r = report(X86_64_GNU, "probe-loader");
    assert_eq!(
        observed(&r, "D25", "cxx"),
        &Observed::List(vec![
            "cleanup attribute".into(),
            "catch (...)".into(),
            "destructor".into(),
            "joined: canceled".into()
        ]),
        "C++ destructors run on cancellation with glibc"
    );
}

#[test]
fn musl_keeps_libraries_binds_at_start_up_ignores_versions_and_does_not_unwind() {
    let r = report(X86_64_MUSL, "probe-loader");
    assert_eq!(
        observed(&r, "D01", "destructor"),
        &Observed::text("at exit")
    );
    assert_eq!(
        observed(&r, "D01", "mapped-after-dlclose"),
        &Observed::Bool(true)
    );
    assert_eq!(
        observed(&r, "D01", "statics-after-reopen"),
        &Observed::Int(3)
    );
    assert_eq!(
        observed(&r, "D02", "rtld-now"),
        &Observed::text("Error relocating $DIR/libneed.so: muslab_provided: symbol not found")
    );
    assert_eq!(
        field(&r, "D02", "rtld-lazy-call", "exit"),
        "killed by SIGSEGV"
    );
    assert_eq!(
        field(&r, "D02", "deferred", "stdout"),
        "loaded | calling | need_call 43"
    );
    // Dies at start-up: nothing printed.
    assert_eq!(field(&r, "D02", "missing-in-exe", "stdout"), "");
    assert_eq!(field(&r, "D02", "missing-in-exe", "exit"), "exit 127");
    assert_eq!(
        field(&r, "D02", "missing-in-exe", "stderr"),
        "Error relocating $DIR/missing-exe: dep_later: symbol not found"
    );
    assert_eq!(observed(&r, "D03", "versioned-ref"), &Observed::Int(2));
    assert_eq!(
        observed(&r, "D03", "gnu_get_libc_version"),
        &Observed::text("NULL")
    );
    match observed(&r, "D04", "dlsym") {
        Observed::List(names) => assert!(
            !names.iter().any(|n| n == "fcntl64"),
            "got {names:?}, want no fcntl64"
        ),
        other => panic!("got {other:?}"),
    }
    assert_eq!(
        field(&r, "D04", "fcntl64-binary", "stderr"),
        "Error relocating $DIR/fcntl64-app: fcntl64: symbol not found"
    );
    assert_eq!(
        field(&r, "D05", "pie", "stderr"),
        "Error relocating $DIR/ifunc-pie: unsupported relocation type 37"
    );
    assert_eq!(
        field(&r, "D05", "shared-lib", "stdout"),
        "dlsym failed: Symbol not found: muslab_ifunc"
    );
    assert_ne!(
        field(&r, "D05", "static", "stdout"),
        "7",
        "the static IFUNC call must not work"
    );
    assert_eq!(
        observed(&r, "D25", "c"),
        &Observed::List(vec![
            "cleanup_push handler".into(),
            "joined: canceled".into()
        ])
    );
    assert!(
        matches!(status(&r, "D25", "cxx"), Status::Unsupported { reason } if reason.contains("no musl C++ compiler")),
        "got {:?}",
        status(&r, "D25", "cxx")
    );
}

/// Which loader version the DT_RELR row measured is read at run time; musl
/// reads DT_RELR from 1.2.4, so a 1.2.3 loader must fail on the library.
#[test]
fn musl_relr_outcome_follows_the_loader_version() {
    let r = report(X86_64_MUSL, "probe-loader");
    let version = field(&r, "D32", "relr-lib", "loader_version");
    let parts: Vec<u32> = version.split('.').filter_map(|p| p.parse().ok()).collect();
    let reads_relr = parts >= vec![1, 2, 4];
    let stdout = field(&r, "D32", "relr-lib", "stdout");
    assert_eq!(
        stdout == "loaded | one",
        reads_relr,
        "musl {version}: got stdout {stdout:?} exit {}",
        field(&r, "D32", "relr-lib", "exit")
    );
}

#[test]
fn i686_musl_says_why_nothing_ran() {
    let r = report(I686_MUSL, "probe-loader");
    for id in ["D01", "D02", "D03", "D04", "D05", "D32", "D25"] {
        assert!(
            matches!(status(&r, id, "setup"), Status::Unsupported { reason } if reason.contains("no C compiler for i686-unknown-linux-musl")),
            "{id}: got {:?}",
            status(&r, id, "setup")
        );
    }
}
