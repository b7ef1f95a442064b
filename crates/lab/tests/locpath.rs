//! The musl rootfs with and without MUSL_LOCPATH: the same static
//! musl probe-locale prints English month names in `musl-rootfs` and the
//! catalogue's German and French ones in `musl-rootfs+locpath`, while the
//! decimal point and collation stay C in both. Needs root (mount namespaces,
//! chroot) and `make probes`.

mod support;

use std::process::Command;
use std::time::Duration;

use muslab::environment::rootfs_environment::RootfsEnvironment;
use muslab::environment::Environment;
use muslab::matrix::{Matrix, Verdict};
use muslab::rootfs::musl_locale_files::LOCPATH;
use muslab_probes::locale::words::byte_order;
use muslab_report::{Id, Observed, Report};
use support::{observed, probe, Scratch, I686_MUSL, X86_64_GNU, X86_64_MUSL};

fn report_in(env: &dyn Environment, triple: &str) -> Report {
    let out = env
        .run(
            &probe(triple, "probe-locale"),
            &["--json"],
            Duration::from_secs(60),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", env.name()));
    assert!(out.success(), "probe-locale in {}: {out:?}", env.name());
    Report::from_json(&out.stdout).expect("a report")
}

fn field(r: &Report, id: &str, case: &str, key: &str) -> String {
    match observed(r, id, case) {
        Observed::Fields(f) => f
            .get(key)
            .cloned()
            .unwrap_or_else(|| panic!("no {key} in {f:?}")),
        other => panic!("{id} {case}: not fields: {other:?}"),
    }
}

fn text(r: &Report, id: &str, case: &str) -> String {
    match observed(r, id, case) {
        Observed::Text(t) => t.clone(),
        other => panic!("{id} {case}: not text: {other:?}"),
    }
}

fn list(r: &Report, id: &str, case: &str) -> Vec<String> {
    match observed(r, id, case) {
        Observed::List(l) => l.clone(),
        other => panic!("{id} {case}: not a list: {other:?}"),
    }
}

#[test]
fn locpath_environment_translates_names_and_nothing_else() {
    let s = Scratch::new("env");
    let mut plain = RootfsEnvironment::musl(&s.0);
    let mut locpath = RootfsEnvironment::musl_locpath(&s.0);
    plain.prepare().unwrap_or_else(|e| panic!("{e}"));
    locpath.prepare().unwrap_or_else(|e| panic!("{e}"));
    let files = format!("{LOCPATH}/de_DE.UTF-8 {LOCPATH}/fr_FR.UTF-8");
    for triple in [X86_64_MUSL, I686_MUSL] {
        let without = report_in(&plain, triple);
        let with = report_in(&locpath, triple);
        assert_eq!(
            field(&without, "ENV", "musl-locpath", "MUSL_LOCPATH"),
            "(unset)"
        );
        assert_eq!(field(&with, "ENV", "musl-locpath", "MUSL_LOCPATH"), LOCPATH);
        assert_eq!(field(&with, "ENV", "musl-locpath", "files"), files);

        let de = "strftime:de_DE.UTF-8";
        assert_eq!(field(&without, "D10", de, "%B"), "March", "{triple}");
        assert_eq!(field(&without, "D10", de, "%A"), "Tuesday", "{triple}");
        assert_eq!(field(&with, "D10", de, "%B"), "März", "{triple}");
        assert_eq!(field(&with, "D10", de, "%A"), "Dienstag", "{triple}");
        assert_eq!(
            field(&with, "D10", de, "%c"),
            "Di Mär  5 14:07:09 2024",
            "{triple}: musl's %c format with translated abbreviations"
        );
        assert_eq!(field(&with, "D10", "strftime:fr_FR.UTF-8", "%B"), "mars");
        assert_eq!(field(&with, "D10", "strftime:en_US.UTF-8", "%B"), "March");
        assert_eq!(list(&with, "D10", "months:de_DE.UTF-8")[11], "Dezember");
        assert_eq!(list(&without, "D10", "months:de_DE.UTF-8")[11], "December");

        for r in [&without, &with] {
            assert_eq!(text(r, "D10", "decimal-point:de_DE.UTF-8"), ".", "{triple}");
            assert_eq!(text(r, "D10", "printf-grouped:de_DE.UTF-8"), "1234567");
            assert_eq!(list(r, "D11", "strcoll:de_DE.UTF-8"), byte_order());
            assert_eq!(list(r, "D11", "strcoll:fr_FR.UTF-8"), byte_order());
        }
    }

    let glibc = locpath
        .run(
            &probe(X86_64_GNU, "probe-locale"),
            &["--json"],
            Duration::from_secs(60),
        )
        .unwrap();
    assert!(!glibc.success());
    assert!(glibc.stderr.contains("/x: not found"), "{glibc:?}");
}

#[test]
fn matrix_shows_both_musl_rootfs_columns() {
    let build_dir = muslab_report::probes::default_build_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_muslab"))
        .args([
            "matrix",
            "--env",
            "musl-rootfs",
            "--env",
            "musl-rootfs+locpath",
        ])
        .args(["--target", X86_64_MUSL, "--probe", "probe-locale"])
        .args(["--no-fixtures", "--json", "--no-write", "-q", "--build-dir"])
        .arg(&build_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = Matrix::from_json(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let plain = m.column_index(X86_64_MUSL, "musl-rootfs").unwrap();
    let locpath = m.column_index(X86_64_MUSL, "musl-rootfs+locpath").unwrap();
    let cell = |id: &str, case: &str, col: usize| {
        m.row(id.parse().unwrap(), case)
            .unwrap_or_else(|| panic!("no row {id} {case}"))
            .cells[col]
            .clone()
            .unwrap_or_else(|| panic!("{id} {case}: empty cell"))
    };
    let de = "strftime:de_DE.UTF-8";
    let month = |col| match cell("D10", de, col).observed {
        Observed::Fields(f) => f["%B"].clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(month(plain), "March");
    assert_eq!(month(locpath), "März");
    assert_eq!(m.row(Id::D10, de).unwrap().verdict, Verdict::Varies);
    let dp = "decimal-point:de_DE.UTF-8";
    assert!(cell("D10", dp, plain).same_as(&cell("D10", dp, locpath)));
    assert_eq!(
        m.row(Id::D11, "strcoll:de_DE.UTF-8").unwrap().verdict,
        Verdict::Same
    );
}
