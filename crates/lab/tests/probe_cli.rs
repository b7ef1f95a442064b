//! Every registered probe's command line, for every target: the JSON report
//! round trip and its check ids against the registry's areas, --version,
//! --help and a bad argument. Needs `make probes`.

mod support;

use std::collections::BTreeSet;
use std::process::{Command, Output};

use muslab_catalogue::Id;
use muslab_report::probes::{Probe, RunBy, PROBES};
use muslab_report::Report;
use support::*;

fn run(triple: &str, p: &Probe, args: &[&str]) -> Output {
    let path = probe(triple, p.name);
    Command::new(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The stdout of a run that must succeed ("got <status>, want success").
fn run_ok(triple: &str, p: &Probe, args: &[&str]) -> String {
    let out = run(triple, p, args);
    assert!(
        out.status.success(),
        "{triple} {} {args:?}: got {:?}, want success",
        p.name,
        out.status
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `--json` and what else a probe needs to stay off the machine's resolver:
/// probe-dns looks up only `localhost`, which /etc/hosts answers.
fn json_args(p: &Probe) -> Vec<&'static str> {
    match p.run_by {
        RunBy::Matrix => vec!["--json"],
        RunBy::DnsLab => vec!["--json", "--name", "localhost"],
    }
}

#[test]
fn json_round_trips_and_reports_the_registered_areas() {
    for triple in ALL {
        for p in PROBES {
            let out = run(triple, p, &json_args(p));
            assert!(
                out.status.success(),
                "{triple} {}: got {:?}, want success",
                p.name,
                out.status
            );
            let text = String::from_utf8(out.stdout).unwrap();
            let report =
                Report::from_json(&text).unwrap_or_else(|e| panic!("{triple} {}: {e}", p.name));
            assert_eq!(report.probe, p.name, "{triple}: the report's probe field");
            assert_eq!(
                report.build.target, triple,
                "{}: the report's build target",
                p.name
            );
            let again: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
            let original: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                again, original,
                "{triple} {}: nothing lost in the round trip",
                p.name
            );

            let ids: BTreeSet<Id> = report
                .checks
                .iter()
                .map(|c| c.id)
                .filter(|id| *id != Id::Env)
                .collect();
            let areas: BTreeSet<Id> = p.areas.iter().copied().collect();
            match p.run_by {
                // Run as the matrix runs it, a probe observes all its areas.
                RunBy::Matrix => assert_eq!(ids, areas, "{triple} {}: check ids", p.name),
                // probe-dns reports under the id a scenario gives it (--id).
                RunBy::DnsLab => assert!(
                    ids.is_subset(&areas),
                    "{triple} {}: got ids {ids:?}, want a subset of {areas:?}",
                    p.name
                ),
            }
        }
    }
}

#[test]
fn version_names_the_probe_and_its_build() {
    for triple in ALL {
        for p in PROBES {
            let text = run_ok(triple, p, &["--version"]);
            assert_eq!(
                text.lines().count(),
                1,
                "{triple} {}: got {text:?}, want one line",
                p.name
            );
            assert!(
                text.starts_with(&format!("{} ", p.name)) && text.contains(triple),
                "{triple} {}: got {text:?}, want the name and the triple",
                p.name
            );
        }
    }
}

#[test]
fn bad_arguments_give_one_line_and_exit_2() {
    for triple in ALL {
        for p in PROBES {
            let out = run(triple, p, &["--frobnicate"]);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{triple} {}: got {:?}",
                p.name,
                out.status
            );
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(
                err.lines().count(),
                1,
                "{triple} {}: got {err:?}, want one line",
                p.name
            );
            assert!(
                err.contains("--frobnicate") && err.contains("--help"),
                "{triple} {}: got {err:?}, want the argument and --help named",
                p.name
            );
            assert!(
                out.stdout.is_empty(),
                "{triple} {}: stdout not empty",
                p.name
            );
        }
    }
}

#[test]
fn help_explains_what_the_probe_checks() {
    for triple in ALL {
        for p in PROBES {
            let text = run_ok(triple, p, &["--help"]);
            assert!(text.starts_with(p.name), "{triple} {}: got {text}", p.name);
            assert!(text.contains("--json"), "{triple} {}: got {text}", p.name);
        }
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

/// `--remove-self` (for `muslab probe --container`, whose container may
/// have no rm): each matrix probe deletes its own file, then does its work.
#[test]
fn remove_self_deletes_the_running_probe_s_file() {
    let dir = std::env::temp_dir().join(format!("muslab-remove-self-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for p in PROBES.iter().filter(|p| p.run_by == RunBy::Matrix) {
        let copy = dir.join(p.name);
        std::fs::copy(probe(X86_64_MUSL, p.name), &copy).unwrap();
        let out = Command::new(&copy)
            .args(["--remove-self", "--version"])
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", copy.display()));
        let gone = !copy.exists();
        let _ = std::fs::remove_file(&copy);
        assert!(
            out.status.success() && gone,
            "{} --remove-self --version: got {:?}, file gone: {gone}; want success and no file",
            p.name,
            out.status
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
