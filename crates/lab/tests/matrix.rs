//! `muslab matrix` end to end on the host.

mod support;

use std::process::Command;

use muslab::environment::native_targets;
use muslab::matrix::{observed_of, Contradiction, Matrix, Verdict};
use muslab_report::{Id, Status};

fn muslab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_muslab"))
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("muslab-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn matrix_writes_json_and_markdown_with_the_s2_difference() {
    let out_dir = temp_dir("matrix");
    let out = muslab()
        .args([
            "matrix",
            "--quiet",
            "--env",
            "host",
            "--no-fixtures",
            "--out",
        ])
        .arg(&out_dir)
        // The builds this CPU runs: on the host the others do not start.
        .args(
            native_targets()
                .iter()
                .flat_map(|t| ["--target".to_owned(), t.triple.clone()]),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("Where glibc and musl differ"), "{table}");

    let m =
        Matrix::from_json(&std::fs::read_to_string(out_dir.join("matrix.json")).unwrap()).unwrap();
    assert_eq!(m.columns.len(), native_targets().len());
    let row = m.row(Id::S2, "default-attr").unwrap();
    assert_eq!(row.verdict, Verdict::LibcDifference);
    assert_eq!(
        m.row(Id::Run, "probe-stack").unwrap().verdict,
        Verdict::Same
    );
    let md = std::fs::read_to_string(out_dir.join("matrix.md")).unwrap();
    assert!(md.contains("### S2:"), "{md}");
    contradictions_are_exactly_the_measurements_that_differ_from_a_claim(&m);
    std::fs::remove_dir_all(&out_dir).unwrap();
}

#[test]
fn missing_probes_are_one_clear_error_and_nothing_is_written() {
    let out_dir = temp_dir("missing");
    let build_dir = temp_dir("missing-build");
    let out = muslab()
        .args(["matrix", "--quiet", "--build-dir"])
        .arg(&build_dir)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("make probes"), "{err}");
    assert!(!out_dir.exists());
    // Not even the C fixtures are compiled into it.
    assert!(!build_dir.exists(), "{} was created", build_dir.display());
}

/// `--probe` takes the registry's matrix probes and nothing else: the error
/// lists them all.
#[test]
fn unknown_probe_is_refused() {
    for name in ["probe-nope", muslab_report::probes::DNS.name] {
        let out = muslab()
            .args(["matrix", "--probe", name, "--no-write"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "got {:?} for {name}, want exit 2",
            out.status
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(&format!("invalid value '{name}'")), "{err}");
        for p in muslab_report::probes::matrix_probes() {
            assert!(
                err.contains(p.name),
                "got {err}, want {} among the possible values",
                p.name
            );
        }
    }
}

/// `--scenario` takes muslab-dns's scenario ids, in any case: the error for
/// another lists them all.
#[test]
fn unknown_scenario_is_refused() {
    let out = muslab()
        .args(["dns", "--scenario", "D99", "--no-write"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "got {:?}, want exit 2",
        out.status
    );
    let err = String::from_utf8(out.stderr).unwrap();
    for s in muslab_dns::scenario::all() {
        assert!(
            err.contains(&s.id().to_string()),
            "got {err}, want {} among the possible values",
            s.id()
        );
    }
}

/// Every catalogue value claim met by a measured cell is contradicted
/// exactly when the measurement differs from it, with the claim's value and
/// source; and the host matrix meets enough claims for that to mean something.
fn contradictions_are_exactly_the_measurements_that_differ_from_a_claim(m: &Matrix) {
    let mut checked = 0;
    for (id, claim) in muslab_catalogue::value_claims() {
        let Some(row) = m.rows.iter().find(|r| r.id == id && r.case == claim.case) else {
            continue;
        };
        for (col, cell) in row.cells.iter().enumerate() {
            let Some(cell) = cell else { continue };
            if m.columns[col].target.libc != claim.libc || cell.status != Status::Ok {
                continue;
            }
            checked += 1;
            let expected = observed_of(&claim.expected);
            let flagged = row.contradictions.iter().any(|c| {
                matches!(c, Contradiction::Claim { column, expected: e, source }
                        if *column == col && *e == expected && *source == claim.source)
            });
            let differs = !expected.same_behaviour(&cell.observed);
            assert_eq!(
                flagged, differs,
                "{id} {} on {}: measured {}, claim {expected}: got flagged={flagged}, want {differs}",
                claim.case, m.columns[col].target.triple, cell.observed
            );
        }
    }
    assert!(
        checked >= 10,
        "got {checked} claim checks on the host, want >= 10"
    );
    let mb_cur_max = m.row(Id::D12, "mb-cur-max:C.UTF-8").unwrap();
    assert!(
        mb_cur_max.contradictions.is_empty(),
        "D12 MB_CUR_MAX agrees with the catalogue on both libcs: got {:?}",
        mb_cur_max.contradictions
    );
}

/// `--id S2` runs the probes that observe S2 (probe-stack and its
/// `-z stack-size` build) and nothing else, and every output shows only S2's
/// rows and the RUN rows of what ran.
#[test]
fn id_runs_only_what_the_row_needs_and_shows_only_its_rows() {
    let out_dir = temp_dir("id-s2");
    let out = muslab()
        .args(["matrix", "--quiet", "--env", "host", "--id", "S2", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "got {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let heading = format!("S2 {}", Id::S2.title());
    assert!(
        text.contains(&heading),
        "got {text}, want a line with {heading}"
    );

    let m =
        Matrix::from_json(&std::fs::read_to_string(out_dir.join("matrix.json")).unwrap()).unwrap();
    let ran: std::collections::BTreeSet<&str> = m.runs.iter().map(|r| r.probe.as_str()).collect();
    let want: std::collections::BTreeSet<&str> = ["probe-stack", "probe-stack-zstack"].into();
    assert_eq!(ran, want, "got runs of {ran:?}, want {want:?}");
    assert_eq!(m.ids, vec![Id::S2]);
    let other: Vec<String> = m
        .rows
        .iter()
        .filter(|r| r.id != Id::S2 && r.id != Id::Run)
        .map(|r| format!("{} {}", r.id, r.case))
        .collect();
    assert!(other.is_empty(), "got rows {other:?}, want only S2 and RUN");
    assert_eq!(
        m.row(Id::S2, "default-attr").map(|r| r.verdict),
        Some(Verdict::LibcDifference)
    );
    let md = std::fs::read_to_string(out_dir.join("matrix.md")).unwrap();
    assert!(md.contains("### S2:"), "got {md}, want an S2 section");
    assert!(!md.contains("### D10:"), "got a D10 section in {md}");
    std::fs::remove_dir_all(&out_dir).unwrap();
}

/// An unknown id and an id no matrix probe observes are one line each, exit
/// 1, nothing run.
#[test]
fn unknown_or_unobserved_ids_are_one_line_errors() {
    for (id, want) in [
        (
            "D99",
            "muslab: --id \"D99\" is not a catalogue row; valid ids: S1 S2 ",
        ),
        ("D07", "muslab: D07 ("),
        ("D27", "muslab: D27 ("),
    ] {
        let out = muslab()
            .args(["matrix", "--quiet", "--no-write", "--id", id])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{id}: got {:?}, want exit 1",
            out.status
        );
        assert_eq!(err.lines().count(), 1, "{id}: got {err}, want one line");
        assert!(err.starts_with(want), "{id}: got {err}, want {want}...");
        assert!(out.stdout.is_empty(), "{id}: got output on stdout");
    }
}
