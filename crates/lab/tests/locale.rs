//! probe-locale, probe-iconv and probe-collate-icu run for the targets this CPU runs natively:
//! the differences of D10-D13 as measured on this machine, glibc's strcoll
//! checked against GNU sort, musl's against byte order, the ICU fix column
//! identical on every build, and the honest "not installed" and
//! MUSL_LOCPATH paths. Needs `make probes`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use muslab::environment::native_targets;
use muslab::rootfs::musl_locale_files::mo_file;
use muslab::target::Target;
use muslab_probes::locale::names::LOCALES;
use muslab_probes::locale::words::{byte_order, WORDS};
use muslab_report::probes::{self, binary, default_build_dir};
use muslab_report::{Id, Libc, Observed, Report, Status};

fn run(target: &Target, probe: &str, env: &[(&str, &str)]) -> Report {
    let probe =
        probes::by_name(probe).unwrap_or_else(|| panic!("{probe} is not a registered probe"));
    let path = binary(&default_build_dir(), target, probe).unwrap_or_else(|e| panic!("{e}"));
    let mut cmd = Command::new(&path);
    cmd.arg("--json");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(out.status.success(), "{} failed: {:?}", path.display(), out);
    Report::from_json(&String::from_utf8_lossy(&out.stdout)).unwrap()
}

fn observed<'a>(r: &'a Report, id: &str, case: &str) -> &'a Observed {
    let c = r
        .check(id.parse().unwrap(), case)
        .unwrap_or_else(|| panic!("{} ({}) has no {id} {case}", r.probe, r.build.target));
    assert_eq!(
        c.status,
        Status::Ok,
        "{id} {case} on {}: {c:?}",
        r.build.target
    );
    &c.observed
}

fn list(r: &Report, id: &str, case: &str) -> Vec<String> {
    match observed(r, id, case) {
        Observed::List(l) => l.clone(),
        other => panic!("{id} {case}: not a list: {other:?}"),
    }
}

fn text(r: &Report, id: &str, case: &str) -> String {
    match observed(r, id, case) {
        Observed::Text(t) => t.clone(),
        other => panic!("{id} {case}: not text: {other:?}"),
    }
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

fn targets(libc: Libc) -> Vec<Target> {
    native_targets()
        .into_iter()
        .filter(|t| t.libc == libc)
        .collect()
}

/// GNU sort of the word list with `LC_ALL=locale`.
fn gnu_sort(locale: &str) -> Vec<String> {
    let mut child = Command::new("sort")
        .env_clear()
        .env("LC_ALL", locale)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sort (coreutils) runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{}\n", WORDS.join("\n")).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn installed_locales() -> Vec<String> {
    let out = Command::new("locale")
        .arg("-a")
        .output()
        .expect("locale -a runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.to_lowercase())
        .collect()
}

#[test]
fn setup_installed_the_glibc_locales() {
    let have = installed_locales();
    for name in LOCALES.iter().filter(|n| n.contains('.')) {
        let want = name.to_lowercase().replace("utf-8", "utf8");
        assert!(
            have.contains(&want),
            "glibc locale {name} is not installed: run `make setup` (Debian package locales-all)"
        );
    }
}

#[test]
fn glibc_strcoll_order_equals_gnu_sort() {
    for t in targets(Libc::Glibc) {
        let r = run(&t, "probe-locale", &[]);
        for name in LOCALES {
            let got = list(&r, "D11", &format!("strcoll:{name}"));
            assert_eq!(
                got,
                gnu_sort(name),
                "{} strcoll in {name} vs LC_ALL={name} sort",
                t.triple
            );
            assert_eq!(
                got,
                list(&r, "D11", &format!("strxfrm:{name}")),
                "{} strxfrm in {name}",
                t.triple
            );
        }
    }
}

#[test]
fn musl_strcoll_order_is_byte_order() {
    let c_sort = gnu_sort("C");
    assert_eq!(c_sort, byte_order());
    for t in targets(Libc::Musl) {
        let r = run(&t, "probe-locale", &[]);
        for name in LOCALES {
            assert_eq!(
                list(&r, "D11", &format!("strcoll:{name}")),
                c_sort,
                "{} in {name}",
                t.triple
            );
            assert_eq!(
                list(&r, "D11", &format!("strxfrm:{name}")),
                c_sort,
                "{} in {name}",
                t.triple
            );
        }
    }
}

/// The differences as this machine shows them: glibc 2.36 with locales-all
/// against the Rust targets' bundled musl 1.2.5, on both word sizes.
#[test]
fn glibc_and_musl_differ_as_measured() {
    for (gnu, musl) in [("x86_64", "x86_64"), ("i686", "i686")] {
        let g = run(
            &Target::new(&format!("{gnu}-unknown-linux-gnu")),
            "probe-locale",
            &[],
        );
        let m = run(
            &Target::new(&format!("{musl}-unknown-linux-musl")),
            "probe-locale",
            &[],
        );
        assert_eq!(text(&g, "D10", "setlocale:xx_YY.UTF-8"), "NULL");
        assert_eq!(text(&m, "D10", "setlocale:xx_YY.UTF-8"), "xx_YY.UTF-8");
        assert_eq!(text(&g, "D10", "setlocale-env:empty"), "C");
        // musl 1.2.5 names the categories separately: only LC_CTYPE is C.UTF-8.
        assert_eq!(text(&m, "D10", "setlocale-env:empty"), "C.UTF-8;C;C;C;C;C");
        assert_eq!(text(&g, "D10", "decimal-point:de_DE.UTF-8"), ",");
        assert_eq!(text(&m, "D10", "decimal-point:de_DE.UTF-8"), ".");
        assert_eq!(text(&g, "D10", "printf-grouped:de_DE.UTF-8"), "1.234.567");
        assert_eq!(text(&m, "D10", "printf-grouped:de_DE.UTF-8"), "1234567");
        assert_eq!(field(&g, "D10", "strftime:fr_FR.UTF-8", "%B"), "mars");
        assert_eq!(field(&m, "D10", "strftime:fr_FR.UTF-8", "%B"), "March");
        assert_eq!(text(&g, "D10", "codeset:C"), "ANSI_X3.4-1968");
        assert_eq!(text(&m, "D10", "codeset:C"), "ASCII");
        assert_eq!(observed(&g, "D12", "mb-cur-max:C.UTF-8"), &Observed::Int(6));
        assert_eq!(observed(&m, "D12", "mb-cur-max:C.UTF-8"), &Observed::Int(4));
        assert_eq!(text(&g, "D12", "mbrtowc-e9:C"), "EILSEQ");
        assert_eq!(text(&m, "D12", "mbrtowc-e9:C"), "U+DFE9, 1 byte");
        assert_eq!(
            field(&g, "D12", "wctype:tr_TR.UTF-8", "towupper(i)"),
            "U+0130 İ"
        );
        assert_eq!(
            field(&m, "D12", "wctype:tr_TR.UTF-8", "towupper(i)"),
            "U+0049 I"
        );
        assert_eq!(
            field(&g, "D12", "wctype:C.UTF-8", "towupper(ß)"),
            "U+00DF ß"
        );
        assert_eq!(
            field(&m, "D12", "wctype:C.UTF-8", "towupper(ß)"),
            "U+1E9E ẞ"
        );

        let gi = run(
            &Target::new(&format!("{gnu}-unknown-linux-gnu")),
            "probe-iconv",
            &[],
        );
        let mi = run(
            &Target::new(&format!("{musl}-unknown-linux-musl")),
            "probe-iconv",
            &[],
        );
        assert_eq!(text(&gi, "D13", "translit-open"), "ok");
        assert_eq!(text(&mi, "D13", "translit-open"), "EINVAL");
        assert!(field(&gi, "D13", "translit:en_US.UTF-8", "output").starts_with("\"Zurich EUR5\""));
        assert!(field(&gi, "D13", "unrepresentable", "result").starts_with("stopped: EILSEQ"));
        assert_eq!(
            field(&mi, "D13", "unrepresentable", "result"),
            "done, 1 irreversible"
        );
        assert!(field(&mi, "D13", "unrepresentable", "output").starts_with("\"Z*rich\""));
        for to in ["GBK", "GB18030", "BIG5", "EUC-KR", "UNICODE"] {
            assert_eq!(
                text(&gi, "D13", &format!("to:{to}-open")),
                "ok",
                "{gnu} glibc to {to}"
            );
            assert_eq!(
                text(&mi, "D13", &format!("to:{to}-open")),
                "EINVAL",
                "{musl} musl to {to}"
            );
        }
        assert_eq!(text(&mi, "D13", "from:GBK-open"), "ok");
        assert_eq!(
            field(&mi, "D13", "from:GBK", "output"),
            field(&gi, "D13", "from:GBK", "output")
        );
    }
}

#[test]
fn icu_order_is_identical_on_every_build_and_not_byte_order() {
    let reports: Vec<Report> = native_targets()
        .iter()
        .map(|t| run(t, "probe-collate-icu", &[]))
        .collect();
    for name in LOCALES {
        let case = format!("icu:{name}");
        let first = list(&reports[0], "S4", &case);
        for r in &reports[1..] {
            assert_eq!(
                list(r, "S4", &case),
                first,
                "{} differs from {} in {name}",
                r.build.target,
                reports[0].build.target
            );
        }
        assert_ne!(first, byte_order(), "ICU order for {name} is byte order");
    }
    let tr = list(&reports[0], "S4", "icu:tr_TR.UTF-8");
    let pos = |w: &str| tr.iter().position(|x| x == w).unwrap();
    assert!(
        pos("ıslak") < pos("ilk"),
        "Turkish ı sorts before i: {tr:?}"
    );
}

/// A locale the box lacks (asked for through MUSLAB_LOCALES) is "not
/// installed" on glibc, never C behaviour reported as that locale's; musl
/// accepts the name, so its rows are measurements.
#[test]
fn missing_glibc_locale_is_reported_as_not_installed() {
    let names = "C,qq_QQ.UTF-8,de_DE.UTF-8";
    assert!(!installed_locales().contains(&"qq_qq.utf8".to_owned()));
    for t in targets(Libc::Glibc) {
        let r = run(&t, "probe-locale", &[("MUSLAB_LOCALES", names)]);
        for (id, case) in [
            ("D10", "setlocale:qq_QQ.UTF-8"),
            ("D10", "decimal-point:qq_QQ.UTF-8"),
            ("D10", "strftime:qq_QQ.UTF-8"),
            ("D11", "strcoll:qq_QQ.UTF-8"),
        ] {
            let c = r
                .check(id.parse().unwrap(), case)
                .unwrap_or_else(|| panic!("no {id} {case}"));
            assert!(
                matches!(&c.status, Status::Unsupported { reason } if reason.contains("not installed")),
                "{} {case}: {c:?}",
                t.triple
            );
        }
        assert_eq!(text(&r, "D10", "decimal-point:de_DE.UTF-8"), ",");
        assert!(
            r.check(Id::D10, "setlocale:fr_FR.UTF-8").is_none(),
            "the list replaces the default"
        );
    }
    for t in targets(Libc::Musl) {
        let r = run(&t, "probe-locale", &[("MUSLAB_LOCALES", names)]);
        assert_eq!(text(&r, "D10", "setlocale:qq_QQ.UTF-8"), "qq_QQ.UTF-8");
        assert_eq!(list(&r, "D11", "strcoll:qq_QQ.UTF-8"), byte_order());
    }
}

/// musl reads message catalogues from MUSL_LOCPATH: a gettext file named
/// de_DE.UTF-8 there translates the month names strftime and nl_langinfo
/// return, and nothing else (the decimal point stays ".").
#[test]
fn musl_locpath_translates_month_names_only() {
    let dir = TempDir::new("musl-locpath");
    std::fs::write(
        dir.path().join("de_DE.UTF-8"),
        mo_file(&[("March", "März"), ("Tuesday", "Dienstag")]),
    )
    .unwrap();
    let locpath = dir.path().to_str().unwrap().to_owned();
    for t in targets(Libc::Musl) {
        let without = run(&t, "probe-locale", &[]);
        let with = run(&t, "probe-locale", &[("MUSL_LOCPATH", &locpath)]);
        assert_eq!(
            field(&without, "ENV", "musl-locpath", "MUSL_LOCPATH"),
            "(unset)"
        );
        assert_eq!(field(&with, "ENV", "musl-locpath", "MUSL_LOCPATH"), locpath);
        assert_eq!(
            field(&with, "ENV", "musl-locpath", "files"),
            format!("{locpath}/de_DE.UTF-8")
        );
        assert_eq!(
            field(&without, "D10", "strftime:de_DE.UTF-8", "%B"),
            "March"
        );
        assert_eq!(field(&with, "D10", "strftime:de_DE.UTF-8", "%B"), "März");
        assert_eq!(
            field(&with, "D10", "strftime:de_DE.UTF-8", "%A"),
            "Dienstag"
        );
        assert_eq!(list(&with, "D10", "months:de_DE.UTF-8")[2], "März");
        assert_eq!(list(&with, "D10", "months:fr_FR.UTF-8")[2], "March");
        assert_eq!(text(&with, "D10", "decimal-point:de_DE.UTF-8"), ".");
        assert_eq!(list(&with, "D11", "strcoll:de_DE.UTF-8"), byte_order());
    }
}

/// A directory removed on drop, also when an assertion fails.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("muslab-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
