//! probe-libc run for the targets this CPU runs natively: the C library API differences
//! (D14-D22, D24, D26, D28-D31) as this machine's builds really behave,
//! every catalogue value claim checked against them, and every fix row
//! giving one answer on all builds. Needs the built probes (`make probes`).

use std::collections::BTreeSet;
use std::process::Command;

use muslab::environment::native_targets;
use muslab::matrix::observed_of;
use muslab::target::Target;
use muslab_report::probes::{binary, default_build_dir, LIBC};
use muslab_report::{Id, Libc, Observed, Report, Status};

fn run(target: &Target) -> Report {
    let path = binary(&default_build_dir(), target, &LIBC).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(&path)
        .arg("--json")
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(out.status.success(), "{} failed: {out:?}", path.display());
    Report::from_json(&String::from_utf8_lossy(&out.stdout)).unwrap()
}

fn reports() -> Vec<Report> {
    native_targets().iter().map(run).collect()
}

fn observed(r: &Report, id: Id, case: &str) -> Observed {
    let c = r
        .check(id, case)
        .unwrap_or_else(|| panic!("{} has no {id} {case}", r.build.target));
    assert_eq!(
        c.status,
        Status::Ok,
        "{id} {case} on {}: {c:?}",
        r.build.target
    );
    c.observed.clone()
}

fn text(r: &Report, id: Id, case: &str) -> String {
    match observed(r, id, case) {
        Observed::Text(t) => t,
        other => panic!(
            "{id} {case} on {}: got {other:?}, want text",
            r.build.target
        ),
    }
}

fn int(r: &Report, id: Id, case: &str) -> i64 {
    match observed(r, id, case) {
        Observed::Int(n) => n,
        other => panic!(
            "{id} {case} on {}: got {other:?}, want an integer",
            r.build.target
        ),
    }
}

fn by_libc(reports: &[Report], libc: Libc) -> impl Iterator<Item = &Report> {
    reports.iter().filter(move |r| r.build.libc == libc)
}

#[test]
fn every_value_claim_of_probe_libc_rows_holds_on_every_build() {
    let reports = reports();
    let mut checked = 0;
    let mut problems = Vec::new();
    for (id, claim) in muslab_catalogue::value_claims() {
        if !LIBC.areas.contains(&id) {
            continue;
        }
        for r in by_libc(&reports, claim.libc) {
            let Some(c) = r.check(id, claim.case) else {
                problems.push(format!(
                    "{id} {}: no such check on {}",
                    claim.case, r.build.target
                ));
                continue;
            };
            if c.status != Status::Ok {
                continue;
            }
            checked += 1;
            let want = observed_of(&claim.expected);
            if !want.same_behaviour(&c.observed) {
                problems.push(format!(
                    "{id} {} on {}: got {}, want {want} ({})",
                    claim.case, r.build.target, c.observed, claim.source
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        checked > 100,
        "got {checked} claim checks, want every claim on two builds"
    );
}

#[test]
fn every_fix_row_gives_one_answer_on_all_builds() {
    let reports = reports();
    let cases: BTreeSet<(Id, String)> = reports[0]
        .checks
        .iter()
        .filter(|c| c.case.starts_with("fix:"))
        .map(|c| (c.id, c.case.clone()))
        .collect();
    assert!(
        cases.len() >= 15,
        "got {} fix rows, want D14, D15, D17, D18, D21, D22",
        cases.len()
    );
    for (id, case) in cases {
        let answers: BTreeSet<String> = reports
            .iter()
            .filter_map(|r| r.check(id, &case))
            .filter(|c| c.status == Status::Ok)
            .map(|c| c.observed.to_string())
            .collect();
        // D22's fix detects the wrong hash: it differs by design.
        if case == "fix:prefix-check:$y$" {
            continue;
        }
        assert_eq!(
            answers.len(),
            1,
            "{id} {case}: got {answers:?}, want one answer on all builds"
        );
    }
}

#[test]
fn qsort_order_printf_strerror_and_crypt_per_libc() {
    let reports = reports();
    for r in by_libc(&reports, Libc::Musl) {
        let t = &r.build.target;
        let got = text(r, Id::D21, "qsort:1a-0b-0c");
        assert_eq!(
            got, "0c 0b 1a",
            "{t}: musl qsort of [1a 0b 0c]: got {got}, want 0c 0b 1a"
        );
        let n = int(r, Id::D21, "qsort:reordered");
        assert!(
            n > 100,
            "{t}: musl qsort reordered {n} of 200 inputs, want most"
        );
        let got = text(r, Id::D19, "strerror:0");
        assert_eq!(got, "No error information", "{t}: strerror(0)");
        let got = text(r, Id::D14, "printf:%Ld");
        assert!(
            got.starts_with("error: returned -1"),
            "{t}: %Ld: got {got}, want -1"
        );
        let hash = text(r, Id::D22, "crypt:$y$");
        assert_eq!(
            hash.len(),
            13,
            "{t}: crypt($y$...): got {hash:?}, want a 13-char DES hash"
        );
        assert!(
            hash.starts_with("$y"),
            "{t}: DES salt is the setting's first 2 chars: got {hash}"
        );
        let got = text(r, Id::D31, "gai_strerror:-2");
        assert_eq!(
            got, "Name does not resolve",
            "{t}: gai_strerror(EAI_NONAME)"
        );
    }
    for r in by_libc(&reports, Libc::Glibc) {
        let t = &r.build.target;
        let got = text(r, Id::D21, "qsort:1a-0b-0c");
        assert_eq!(
            got, "0b 0c 1a",
            "{t}: glibc qsort of [1a 0b 0c]: got {got}, want 0b 0c 1a"
        );
        assert_eq!(
            int(r, Id::D21, "qsort:reordered"),
            0,
            "{t}: glibc qsort reordered inputs"
        );
        let got = text(r, Id::D19, "strerror:0");
        assert_eq!(got, "Success", "{t}: strerror(0)");
        assert_eq!(text(r, Id::D14, "printf:%Ld"), "42", "{t}: %Ld");
        let got = text(r, Id::D31, "gai_strerror:-2");
        assert_eq!(
            got, "Name or service not known",
            "{t}: gai_strerror(EAI_NONAME)"
        );
        // libxcrypt is dlopened: present for x86_64 on this machine, absent
        // for i386 unless libcrypt1:i386 is installed.
        match r.check(Id::D22, "crypt:$y$").map(|c| &c.status) {
            Some(Status::Ok) => {
                let hash = text(r, Id::D22, "crypt:$y$");
                assert!(
                    hash.starts_with("$y$") && hash.len() > 40,
                    "{t}: got {hash}, want a yescrypt hash"
                );
            }
            Some(Status::Unsupported { reason }) => {
                assert!(
                    reason.contains("libcrypt.so.1"),
                    "{t}: got {reason}, want the missing libcrypt named"
                )
            }
            other => panic!("{t}: crypt($y$): got {other:?}"),
        }
    }
}

#[test]
fn strerror_texts_differ_for_most_errnos_and_are_listed() {
    let reports = reports();
    for arch in ["x86_64", "i686"] {
        let of = |libc| {
            reports
                .iter()
                .find(|r| r.build.libc == libc && r.build.target.starts_with(arch))
                .unwrap_or_else(|| panic!("no {arch} {libc} build"))
        };
        let (g, m) = (of(Libc::Glibc), of(Libc::Musl));
        let differ: Vec<String> = g
            .checks
            .iter()
            .filter(|c| c.id == Id::D19)
            .filter(|c| m.check(Id::D19, &c.case).map(|d| &d.observed) != Some(&c.observed))
            .map(|c| c.case.clone())
            .collect();
        let total = g.checks.iter().filter(|c| c.id == Id::D19).count();
        assert_eq!(
            total, 135,
            "{arch}: got {total} strerror rows, want errno 0-133 and 9999"
        );
        assert!(
            (60..=90).contains(&differ.len()),
            "{arch}: got {} differing texts ({differ:?}), want about 75",
            differ.len()
        );
    }
}

#[test]
fn math_errors_and_ulps_are_in_range() {
    let reports = reports();
    for r in &reports {
        let t = &r.build.target;
        for f in ["sin", "cos", "tan", "exp", "log", "pow"] {
            let n = int(r, Id::D24, &format!("ulp:{f}"));
            assert!(
                (0..=1).contains(&n),
                "{t}: {f} is {n} ulp from correctly rounded, want at most 1"
            );
        }
        let lgamma = int(r, Id::D24, "ulp:lgamma");
        match r.build.libc {
            Libc::Glibc => assert!(
                lgamma <= 4,
                "{t}: glibc lgamma {lgamma} ulp, want at most 4"
            ),
            _ => assert!(
                lgamma > 1000,
                "{t}: musl lgamma {lgamma} ulp at its root, want far off"
            ),
        }
    }
}

#[test]
fn only_i686_glibc_stat_overflows_on_a_64_bit_inode() {
    let reports = reports();
    for r in &reports {
        let t = &r.build.target;
        let c = r
            .check(Id::D33, "stat:64-bit-inode")
            .unwrap_or_else(|| panic!("{t}: no D33"));
        if muslab_sys::namespace::euid() != 0 {
            assert!(
                matches!(&c.status, Status::Unsupported { reason } if reason.contains("needs root")),
                "{t}: got {c:?}, want unsupported: needs root"
            );
            continue;
        }
        let want = if r.build.libc == Libc::Glibc && r.build.pointer_width == 32 {
            "EOVERFLOW"
        } else {
            "ok"
        };
        let got = text(r, Id::D33, "stat:64-bit-inode");
        assert_eq!(
            got, want,
            "{t}: stat of a 64-bit inode: got {got}, want {want}"
        );
    }
}

/// What a static musl build can link, where no run-time lookup exists: the
/// global symbols the Rust musl targets' bundled libc.a defines.
#[test]
fn static_musl_libc_a_defines_strlcpy_but_no_gnu_malloc_or_execinfo_extras() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let out = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .expect("rustc runs");
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    for target in native_targets().iter().filter(|t| t.libc == Libc::Musl) {
        let archive = format!(
            "{sysroot}/lib/rustlib/{}/lib/self-contained/libc.a",
            target.triple
        );
        let out = Command::new("nm")
            .args(["-g", "--defined-only", &archive])
            .output()
            .unwrap_or_else(|e| panic!("nm {archive}: {e} (install binutils)"));
        let text = String::from_utf8_lossy(&out.stdout);
        let defined: BTreeSet<&str> = text
            .lines()
            .filter_map(|l| l.split_whitespace().nth(2))
            .collect();
        assert!(
            defined.len() > 1000,
            "{archive}: got {} symbols, want libc's",
            defined.len()
        );
        for name in ["strlcpy", "strlcat", "crypt", "qsort_r"] {
            assert!(
                defined.contains(name),
                "{archive}: got no {name}, want it defined"
            );
        }
        for name in [
            "mallinfo",
            "mallinfo2",
            "malloc_trim",
            "mallopt",
            "malloc_stats",
            "backtrace",
            "fts_open",
            "error",
            "argp_parse",
            "__cxa_thread_atexit_impl",
            "gnu_get_libc_version",
        ] {
            assert!(
                !defined.contains(name),
                "{archive}: got {name} defined, want it absent"
            );
        }
    }
}
