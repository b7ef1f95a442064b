//! The matrix: every probe report collected per column (target × environment),
//! regrouped into rows (one per check id and case) and classified. Serialised
//! as results/matrix.json; every renderer reads only this type.
//!
//! Schema `muslab.matrix/2` stores the evidence only: `environments`,
//! `columns`, `runs` (each report without its findings) and `ids` (the
//! `--id` selection, absent for all). Rows, verdicts, contradictions and the
//! reports' findings are derived again by [`Matrix::from_json`], with this
//! build's catalogue. `muslab.matrix/1` files (which also stored the rows)
//! still load; their stored rows are ignored and derived the same way.

use std::collections::BTreeMap;

use muslab_catalogue::{Expected, Id};
use muslab_check::Prediction;
use muslab_report::{Check, Libc, Observed, Report, Status};
use serde::{Deserialize, Serialize};

use crate::agreement;
use crate::environment::ProcessExit;
use crate::target::Target;
use muslab_dns::fixture::ProbeError;

pub const SCHEMA: &str = "muslab.matrix/2";
/// The earlier shape, with derived rows stored too; still read.
const SCHEMA_V1: &str = "muslab.matrix/1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Matrix {
    pub schema: String,
    pub muslab_version: String,
    pub environments: Vec<EnvironmentInfo>,
    pub columns: Vec<Column>,
    /// The evidence: every run as it happened.
    pub runs: Vec<Run>,
    /// Derived from `runs` by [`Matrix::build`]; not stored.
    #[serde(skip)]
    pub rows: Vec<Row>,
    /// The catalogue rows this run was limited to (`muslab matrix --id`):
    /// `rows` holds only those and the `RUN` rows of what ran. Empty: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<Id>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnvironmentInfo {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub target: Target,
    pub environment: String,
}

impl Column {
    pub fn label(&self, with_environment: bool) -> String {
        if with_environment {
            format!("{} @{}", self.target.short(), self.environment)
        } else {
            self.target.short()
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Run {
    pub column: usize,
    pub probe: String,
    pub outcome: RunOutcome,
    /// `muslab check`'s verdict for this binary in this environment, with
    /// its fixes: whether it starts here and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction: Option<Prediction>,
    /// Why check gave no prediction for a run it should have predicted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unpredicted: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunOutcome {
    /// The probe ran and printed a report.
    Report { report: Box<Report> },
    /// The probe did not start, crashed, or printed no report: what the user saw.
    Failed { exit: ProcessExit, stderr: String },
    /// The environment cannot run this target at all.
    NotAvailable { reason: String },
    /// execve itself failed, so there is no exit status: what the kernel
    /// said (ENOENT for a missing PT_INTERP, ENOEXEC for a foreign file).
    NotStarted { error: String },
    /// A plain program (not a probe, e.g. the C hello) ran and exited 0.
    Exited { stdout: String, stderr: String },
}

impl RunOutcome {
    /// A report produced through the DNS fixture (the DNS suite, the
    /// hickory fix), or why there is none: how probe-dns ended, as measured,
    /// or a fixture that could not run it here.
    pub fn from_result(result: Result<Report, ProbeError>) -> Self {
        match result {
            Ok(report) => RunOutcome::Report {
                report: Box::new(report),
            },
            Err(ProbeError::Ended { exit, stderr }) => RunOutcome::Failed { exit, stderr },
            Err(ProbeError::BadReport(e)) => RunOutcome::Failed {
                exit: ProcessExit::Code { code: 0 },
                stderr: e,
            },
            Err(e @ (ProbeError::NotStarted(_) | ProbeError::Fixture(_))) => {
                RunOutcome::NotAvailable {
                    reason: e.to_string(),
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub status: Status,
    pub observed: Observed,
    pub detail: String,
    /// RUN cells: check's prediction for this start, shown beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction: Option<Prediction>,
}

impl Cell {
    fn from_check(c: &Check) -> Self {
        Cell {
            status: c.status.clone(),
            observed: c.observed.clone(),
            detail: c.detail.clone(),
            prediction: None,
        }
    }

    /// What two cells must share to count as the same behaviour: the status
    /// (ignoring how long a timeout took) and the observed value, compared
    /// with [`Observed::same_behaviour`].
    fn behaviour(&self) -> Option<(String, &Observed)> {
        let status = match &self.status {
            Status::Ok => "ok".to_owned(),
            Status::Crashed { name, .. } => format!("crashed {name}"),
            Status::TimedOut { .. } => "timed out".to_owned(),
            Status::Error { message } => format!("error {message}"),
            Status::Unsupported { .. } => return None,
        };
        Some((status, &self.observed))
    }

    /// Whether two cells show the same behaviour (see [`Observed::same_behaviour`]);
    /// "not available" cells are never the same as anything.
    pub fn same_as(&self, other: &Cell) -> bool {
        match (self.behaviour(), other.behaviour()) {
            (Some(a), Some(b)) => same_behaviour(&a, &b),
            _ => false,
        }
    }

    /// The cell as one short phrase.
    pub fn summary(&self) -> String {
        match &self.status {
            Status::Ok => self.observed.to_string(),
            Status::Unsupported { reason } => format!("n/a: {reason}"),
            other => other.to_string(),
        }
    }
}

fn same_behaviour(a: &(String, &Observed), b: &(String, &Observed)) -> bool {
    a.0 == b.0 && a.1.same_behaviour(b.1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every column saw the same.
    Same,
    /// Columns differ, but never glibc vs musl on the same arch and environment.
    Varies,
    /// glibc and musl builds disagree on the same arch in the same environment.
    LibcDifference,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Contradiction {
    /// A measurement differs from a catalogue claim.
    Claim {
        column: usize,
        expected: Observed,
        source: String,
    },
    /// A run differs from `muslab check`'s prediction (see [`crate::agreement`]).
    Prediction {
        column: usize,
        predicted: String,
        observed: String,
    },
}

impl Contradiction {
    pub fn column(&self) -> usize {
        match self {
            Contradiction::Claim { column, .. } | Contradiction::Prediction { column, .. } => {
                *column
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub probe: String,
    pub id: Id,
    pub case: String,
    pub title: String,
    /// One per column; `None` where the column has no such check.
    pub cells: Vec<Option<Cell>>,
    pub verdict: Verdict,
    /// Columns where the measurement differs from a catalogue claim or, in
    /// RUN rows, from check's prediction.
    pub contradictions: Vec<Contradiction>,
}

impl Matrix {
    /// Derives rows from runs. Rows keep the probes' order of checks; a
    /// synthetic `RUN` row per probe records whether it started at all.
    pub fn build(environments: Vec<EnvironmentInfo>, columns: Vec<Column>, runs: Vec<Run>) -> Self {
        let n = columns.len();
        let mut rows: Vec<Row> = Vec::new();
        let mut index: BTreeMap<(String, Id, String), usize> = BTreeMap::new();
        let mut slot =
            |rows: &mut Vec<Row>, probe: &str, id: Id, case: &str, title: &str| -> usize {
                *index
                    .entry((probe.to_owned(), id, case.to_owned()))
                    .or_insert_with(|| {
                        rows.push(Row {
                            probe: probe.to_owned(),
                            id,
                            case: case.to_owned(),
                            title: title.to_owned(),
                            cells: vec![None; n],
                            verdict: Verdict::Same,
                            contradictions: Vec::new(),
                        });
                        rows.len() - 1
                    })
            };
        for run in &runs {
            let r = slot(
                &mut rows,
                &run.probe,
                Id::Run,
                &run.probe,
                &format!("{} starts", run.probe),
            );
            let mut cell = run_cell(&run.outcome);
            cell.prediction = run.prediction.clone();
            rows[r].cells[run.column] = Some(cell);
            let disagreement = match (&run.prediction, &run.unpredicted) {
                (Some(p), _) => agreement::compare(run.column, p, &run.outcome),
                (None, Some(why)) => agreement::unpredicted(run.column, why, &run.outcome),
                (None, None) => None,
            };
            rows[r].contradictions.extend(disagreement);
            if let RunOutcome::Report { report } = &run.outcome {
                for check in &report.checks {
                    let r = slot(&mut rows, &run.probe, check.id, &check.case, &check.title);
                    rows[r].cells[run.column] = Some(Cell::from_check(check));
                }
            }
        }
        let claims: Vec<_> = muslab_catalogue::value_claims().collect();
        for row in &mut rows {
            row.verdict = verdict(&columns, &row.cells);
            for (col, cell) in row.cells.iter().enumerate() {
                let Some(cell) = cell else { continue };
                if cell.status != Status::Ok {
                    continue;
                }
                for (_, claim) in claims.iter().filter(|(id, c)| {
                    *id == row.id && c.case == row.case && c.libc == columns[col].target.libc
                }) {
                    let expected = observed_of(&claim.expected);
                    if !expected.same_behaviour(&cell.observed) {
                        row.contradictions.push(Contradiction::Claim {
                            column: col,
                            expected,
                            source: claim.source.to_owned(),
                        });
                    }
                }
            }
        }
        Matrix {
            schema: SCHEMA.to_owned(),
            muslab_version: env!("CARGO_PKG_VERSION").to_owned(),
            environments,
            columns,
            runs,
            rows,
            ids: Vec::new(),
        }
    }

    /// Keeps only the rows of `ids` and the `RUN` rows (whether each probe
    /// or fixture that ran started); no-op for an empty `ids`.
    pub fn restrict_to(mut self, ids: &[Id]) -> Self {
        if !ids.is_empty() {
            self.rows.retain(|r| r.id == Id::Run || ids.contains(&r.id));
            self.ids = ids.to_vec();
        }
        self
    }

    pub fn differences(&self) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(|r| r.verdict == Verdict::LibcDifference)
    }

    pub fn row(&self, id: Id, case: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.id == id && r.case == case)
    }

    pub fn column_index(&self, triple: &str, environment: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.target.triple == triple && c.environment == environment)
    }

    /// The stored form: the evidence without what [`Matrix::from_json`]
    /// derives (rows, the reports' findings).
    pub fn to_json(&self) -> String {
        let mut stored = Matrix {
            schema: self.schema.clone(),
            muslab_version: self.muslab_version.clone(),
            environments: self.environments.clone(),
            columns: self.columns.clone(),
            runs: self.runs.clone(),
            rows: Vec::new(),
            ids: self.ids.clone(),
        };
        for run in &mut stored.runs {
            if let RunOutcome::Report { report } = &mut run.outcome {
                report.findings.clear();
            }
        }
        serde_json::to_string_pretty(&stored).expect("a Matrix always serialises")
    }

    /// Reads a stored matrix and derives its rows and the reports' findings.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let stored: Matrix =
            serde_json::from_str(text).map_err(|e| format!("not a muslab matrix: {e}"))?;
        if stored.schema != SCHEMA && stored.schema != SCHEMA_V1 {
            return Err(format!(
                "matrix schema {:?} is not {SCHEMA:?}",
                stored.schema
            ));
        }
        let runs = stored
            .runs
            .into_iter()
            .map(|mut run| {
                if let RunOutcome::Report { report } = run.outcome {
                    run.outcome = RunOutcome::Report {
                        report: Box::new(report.with_findings()),
                    };
                }
                run
            })
            .collect();
        let mut m =
            Matrix::build(stored.environments, stored.columns, runs).restrict_to(&stored.ids);
        m.muslab_version = stored.muslab_version;
        Ok(m)
    }
}

/// A catalogue claim's value as the observation it predicts.
pub fn observed_of(expected: &Expected) -> Observed {
    match expected {
        Expected::Bytes(n) => Observed::Bytes(*n),
        Expected::Int(n) => Observed::Int(*n),
        Expected::Text(t) => Observed::text(*t),
        Expected::ByteOrderedWords => Observed::List(muslab_probes::locale::words::byte_order()),
    }
}

fn run_cell(outcome: &RunOutcome) -> Cell {
    match outcome {
        RunOutcome::Report { .. } => Cell {
            status: Status::Ok,
            observed: Observed::text("ran"),
            detail: String::new(),
            prediction: None,
        },
        RunOutcome::Failed { exit, stderr } => {
            let said = stderr
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim();
            // Failed means no report, even after exit 0 (unparsable output).
            let status = match exit.status(said) {
                Status::Ok => Status::Error {
                    message: format!("{exit} without a report: {said}"),
                },
                other => other,
            };
            Cell {
                status,
                observed: Observed::None,
                detail: stderr.clone(),
                prediction: None,
            }
        }
        RunOutcome::NotStarted { error } => Cell {
            status: Status::Error {
                message: error.clone(),
            },
            observed: Observed::None,
            detail: String::new(),
            prediction: None,
        },
        RunOutcome::Exited { stdout, .. } => Cell {
            status: Status::Ok,
            observed: Observed::text(stdout.lines().next().unwrap_or("").trim()),
            detail: String::new(),
            prediction: None,
        },
        RunOutcome::NotAvailable { reason } => Cell {
            status: Status::Unsupported {
                reason: reason.clone(),
            },
            observed: Observed::None,
            detail: String::new(),
            prediction: None,
        },
    }
}

fn verdict(columns: &[Column], cells: &[Option<Cell>]) -> Verdict {
    let behaviours: Vec<Option<_>> = cells
        .iter()
        .map(|c| c.as_ref().and_then(Cell::behaviour))
        .collect();
    for (i, a) in columns.iter().enumerate() {
        for (j, b) in columns.iter().enumerate() {
            let pair = a.target.libc == Libc::Glibc
                && b.target.libc == Libc::Musl
                && a.target.arch == b.target.arch
                && a.environment == b.environment;
            if pair {
                if let (Some(x), Some(y)) = (&behaviours[i], &behaviours[j]) {
                    if !same_behaviour(x, y) {
                        return Verdict::LibcDifference;
                    }
                }
            }
        }
    }
    let mut seen = behaviours.iter().flatten();
    match seen.next() {
        Some(first) if seen.any(|b| !same_behaviour(b, first)) => Verdict::Varies,
        _ => Verdict::Same,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use muslab_report::{BuildInfo, HostInfo, Linkage};

    fn report(libc: Libc, checks: Vec<Check>) -> Report {
        Report::new(
            "probe-t",
            BuildInfo {
                target: "t".into(),
                libc,
                libc_version: "1".into(),
                libc_version_source: "test".into(),
                runtime_libc_version: None,
                linkage: Linkage::Static,
                interpreter: None,
                pointer_width: 64,
                rustc: "rustc".into(),
            },
            HostInfo {
                sysname: None,
                release: None,
                machine: None,
                uname_error: None,
            },
            checks,
        )
    }

    pub(crate) fn columns() -> Vec<Column> {
        ["x86_64-unknown-linux-gnu", "x86_64-unknown-linux-musl"]
            .iter()
            .map(|t| Column {
                target: Target::new(t),
                environment: "host".into(),
            })
            .collect()
    }

    pub(crate) fn run(column: usize, libc: Libc, checks: Vec<Check>) -> Run {
        Run {
            column,
            probe: "probe-t".into(),
            outcome: RunOutcome::Report {
                report: Box::new(report(libc, checks)),
            },
            prediction: None,
            unpredicted: None,
        }
    }

    #[test]
    fn glibc_vs_musl_disagreement_is_a_difference_and_claims_are_checked() {
        let m = Matrix::build(
            vec![],
            columns(),
            vec![
                run(
                    0,
                    Libc::Glibc,
                    vec![Check::new(Id::S2, "default-attr", "d").ok(Observed::Bytes(8 << 20), "")],
                ),
                run(
                    1,
                    Libc::Musl,
                    vec![Check::new(Id::S2, "default-attr", "d").ok(Observed::Bytes(96 << 10), "")],
                ),
            ],
        );
        let row = m.row(Id::S2, "default-attr").unwrap();
        assert_eq!(row.verdict, Verdict::LibcDifference);
        assert_eq!(
            row.contradictions.len(),
            1,
            "musl 96 KiB contradicts the 128 KiB claim"
        );
        assert_eq!(m.row(Id::Run, "probe-t").unwrap().verdict, Verdict::Same);
    }

    #[test]
    fn failed_start_and_not_available_are_cells_too() {
        let m = Matrix::build(
            vec![],
            columns(),
            vec![
                Run {
                    column: 0,
                    probe: "probe-t".into(),
                    outcome: RunOutcome::Failed {
                        exit: ProcessExit::Code { code: 127 },
                        stderr: "/bin/sh: ./x: not found\n".into(),
                    },
                    prediction: None,
                    unpredicted: None,
                },
                Run {
                    column: 1,
                    probe: "probe-t".into(),
                    outcome: RunOutcome::NotAvailable {
                        reason: "no gcompat".into(),
                    },
                    prediction: None,
                    unpredicted: None,
                },
            ],
        );
        let row = m.row(Id::Run, "probe-t").unwrap();
        assert_eq!(
            row.cells[0].as_ref().unwrap().summary(),
            "error: exit 127: /bin/sh: ./x: not found"
        );
        assert_eq!(
            row.verdict,
            Verdict::Same,
            "not available is not a difference"
        );
        assert_eq!(
            Matrix::from_json(&m.to_json()).unwrap().rows.len(),
            m.rows.len()
        );
    }

    #[test]
    fn the_stored_form_holds_the_evidence_and_loading_derives_the_rest() {
        let report_run = |column, libc, bytes| {
            let mut r = run(
                column,
                libc,
                vec![Check::new(Id::S2, "default-attr", "d").ok(Observed::Bytes(bytes), "")],
            );
            if let RunOutcome::Report { report } = r.outcome {
                r.outcome = RunOutcome::Report {
                    report: Box::new(report.with_findings()),
                };
            }
            r
        };
        let m = Matrix::build(
            vec![],
            columns(),
            vec![
                report_run(0, Libc::Glibc, 8 << 20),
                report_run(1, Libc::Musl, 128 << 10),
            ],
        )
        .restrict_to(&[Id::S2]);
        let json = m.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["schema"], SCHEMA);
        assert!(value.get("rows").is_none(), "got rows stored in {json}");
        assert!(
            !json.contains("\"findings\""),
            "got findings stored in {json}"
        );
        let back = Matrix::from_json(&json).unwrap();
        let keys = |m: &Matrix| {
            m.rows
                .iter()
                .map(|r| (r.id, r.case.clone(), r.verdict, r.contradictions.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys(&back),
            keys(&m),
            "got derived rows, want the built ones"
        );
        assert_eq!(back.ids, vec![Id::S2]);
        let findings = |m: &Matrix| match &m.runs[1].outcome {
            RunOutcome::Report { report } => report.findings.len(),
            _ => 0,
        };
        assert!(findings(&m) > 0, "the fixture has findings");
        assert_eq!(
            findings(&back),
            findings(&m),
            "findings derived again on load"
        );

        let mut v1 = value.clone();
        v1["schema"] = "muslab.matrix/1".into();
        v1["rows"] = serde_json::json!([]);
        let old = Matrix::from_json(&v1.to_string()).unwrap();
        assert_eq!(keys(&old), keys(&m), "a /1 file's rows are derived again");
    }
}
