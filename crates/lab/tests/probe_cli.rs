//! The probes' command line: JSON round trip, --help, bad arguments.

mod support;

use std::process::Command;

use muslab_report::Report;
use support::*;

const PROBES: [&str; 3] = ["probe-env", "probe-stack", "probe-stack-zstack"];

#[test]
fn json_round_trips_through_the_report_type() {
    for triple in ALL {
        for name in PROBES {
            let out = Command::new(probe(triple, name))
                .arg("--json")
                .output()
                .unwrap();
            assert!(out.status.success(), "{triple} {name}");
            let text = String::from_utf8(out.stdout).unwrap();
            let report = Report::from_json(&text).unwrap();
            assert_eq!(report.probe, name);
            let again: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
            let original: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                again, original,
                "{triple} {name}: nothing lost in the round trip"
            );
        }
    }
}

#[test]
fn bad_arguments_give_one_line_and_exit_2() {
    for name in PROBES {
        let out = Command::new(probe(X86_64_MUSL, name))
            .arg("--frobnicate")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(
            err.contains("--frobnicate") && err.contains("--help"),
            "{name}: {err}"
        );
        assert!(out.stdout.is_empty(), "{name}");
    }
}

#[test]
fn help_explains_what_the_probe_checks() {
    for name in PROBES {
        let out = Command::new(probe(X86_64_GNU, name))
            .arg("--help")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(name), "{text}");
        assert!(text.contains("--json"), "{text}");
    }
}

#[test]
fn text_output_is_readable_and_not_json() {
    let out = Command::new(probe(X86_64_MUSL, "probe-stack"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("probe-stack: x86_64-unknown-linux-musl build, musl"),
        "{text}"
    );
    assert!(text.contains("crashed (SIGSEGV)"), "{text}");
}
