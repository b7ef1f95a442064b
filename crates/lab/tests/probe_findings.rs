//! A probe run alone ends with findings: verdict, this run's evidence and
//! the catalogue's fix, in text and in --json; --findings-only prints only
//! them. Needs `make probes`.

mod support;

use std::process::Command;

use muslab_report::findings::Verdict;
use muslab_report::{Id, Report};
use support::{X86_64_GNU, X86_64_MUSL};

fn run(triple: &str, args: &[&str]) -> String {
    let path = support::probe(triple, "probe-stack");
    let out = Command::new(&path).args(args).output().unwrap();
    assert!(out.status.success(), "{}: {:?}", path.display(), out.status);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn musl_probe_stack_ends_with_the_s2_finding_and_its_fix() {
    let text = run(X86_64_MUSL, &[]);
    let findings = text
        .split("\nFindings (musl")
        .nth(1)
        .unwrap_or_else(|| panic!("no findings section in\n{text}"));
    for want in [
        "S2 default thread stack size",
        "bites here",
        "128 KiB (as claimed)",
        "crashed (SIGSEGV)",
        "Fix: ",
    ] {
        assert!(findings.contains(want), "got\n{findings}\nwant {want:?}");
    }
}

#[test]
fn findings_are_in_the_json_and_alone_with_findings_only() {
    let musl = Report::from_json(&run(X86_64_MUSL, &["--json"])).unwrap();
    let s2 = musl
        .findings
        .iter()
        .find(|f| f.id == Id::S2)
        .expect("an S2 finding");
    assert_eq!(s2.verdict, Verdict::Bites, "got {s2:?}");
    let glibc = Report::from_json(&run(X86_64_GNU, &["--json"])).unwrap();
    let s2 = glibc
        .findings
        .iter()
        .find(|f| f.id == Id::S2)
        .expect("an S2 finding");
    assert_eq!(s2.verdict, Verdict::AsClaimed, "got {s2:?}");

    let only = run(X86_64_MUSL, &["--findings-only"]);
    assert!(only.starts_with("S2 "), "got\n{only}");
    assert!(
        !only.contains("RLIMIT_STACK soft limit"),
        "got the checks too:\n{only}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(X86_64_MUSL, &["-q", "--json"])).unwrap();
    assert!(json.as_array().is_some_and(|a| !a.is_empty()), "got {json}");
}
