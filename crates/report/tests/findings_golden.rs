//! Golden findings of reports recorded by the lab (results/matrix.json of the
//! reference run): the text each gives is committed next to it as
//! `NAME.findings.snap`. `UPDATE_SNAPSHOTS=1 cargo test` rewrites them; the
//! diff is then for a person to read.

use std::path::{Path, PathBuf};

use muslab_report::findings::{self, Verdict};
use muslab_report::{Id, Report};

fn reports() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reports");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> Report {
    let text = std::fs::read_to_string(path).unwrap();
    Report::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn findings_of_recorded_reports_match_their_snapshots() {
    let files = reports();
    assert!(
        files.len() >= 5,
        "got {} recorded reports, want 5",
        files.len()
    );
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for path in files {
        let got = findings::to_text(&findings::of_report(&load(&path)), 100);
        let snap = path.with_extension("findings.snap");
        if update {
            std::fs::write(&snap, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&snap).unwrap_or_default();
        if got != want {
            stale.push(format!(
                "{}:\n--- got\n{got}--- want\n{want}",
                snap.display()
            ));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn musl_stack_report_bites_with_the_measured_default_and_crash() {
    let report = load(&reports_dir().join("host-musl-probe-stack.json"));
    let all = findings::of_report(&report);
    let s2 = all.iter().find(|f| f.id == Id::S2).expect("an S2 finding");
    assert_eq!(s2.verdict, Verdict::Bites, "got {s2:?}");
    let text = s2.to_text(100);
    for want in ["128 KiB (as claimed)", "crashed (SIGSEGV)", "Fix: "] {
        assert!(text.contains(want), "got {text}, want {want:?}");
    }
    // The evidence is the run's: change the measurement, the finding follows.
    let mut edited = report.clone();
    for c in &mut edited.checks {
        if c.case == "default-attr" {
            c.observed = muslab_report::Observed::Bytes(8 << 20);
        }
    }
    let s2 = findings::of_report(&edited)
        .into_iter()
        .find(|f| f.id == Id::S2)
        .unwrap();
    assert_eq!(s2.verdict, Verdict::Contradicts, "got {s2:?}");
    assert!(s2
        .to_text(100)
        .contains("8 MiB (the catalogue claims 128 KiB"));
}

#[test]
fn findings_survive_json_and_old_reports_without_them_still_parse() {
    let report = load(&reports_dir().join("host-musl-probe-stack.json")).with_findings();
    assert!(!report.findings.is_empty());
    let back = Report::from_json(&report.to_json()).unwrap();
    assert_eq!(back.findings, report.findings);
    let bare = load(&reports_dir().join("host-gnu-probe-stack.json"));
    assert!(
        bare.findings.is_empty(),
        "recorded reports carry no findings"
    );
}

#[test]
fn a_long_list_repeated_unchanged_is_printed_once() {
    let report = load(&reports_dir().join("host-musl-probe-locale.json"));
    let text = report.to_text();
    let list = "Apple, Banana";
    let n = text.matches(list).count();
    assert_eq!(n, 1, "got the word list {n} times, want once:\n{text}");
    assert!(text.contains("the same 22 items as"), "{text}");
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(
        widest <= 200,
        "got a line of {widest} characters, want at most 200"
    );
}

fn reports_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reports")
}
