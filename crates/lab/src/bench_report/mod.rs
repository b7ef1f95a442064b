//! `muslab bench-report`: the criterion baselines saved by `make bench` for
//! glibc, musl and musl+mimalloc, side by side, as results/bench.md (table
//! with confidence intervals and what it means), results/bench.svg (ratio
//! bars) and results/bench.json (this module's data model, for machines).

pub mod cli;
pub mod criterion_data;
pub mod family;
pub mod machine;
pub mod markdown;
pub mod meaning;
pub mod measures;
pub mod ratio;
pub mod svg;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::results::write_atomically;
use criterion_data::Estimate;
use machine::{BuildRecord, Machine};
use measures::{MathAgreement, RowMeasure};
use ratio::Ratio;

pub const SCHEMA: &str = "muslab.bench/2";

/// The three builds `make bench` saves, as criterion baseline names.
pub const GLIBC: &str = "glibc";
pub const MUSL: &str = "musl";
pub const MUSL_MIMALLOC: &str = "musl-mimalloc";

/// One benchmark across the three builds: criterion's times, and the
/// figures measured beside them (memory, futex calls) where there are any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// criterion's full id, `group/function/parameter`, or the id of a row
    /// that has figures but no timing (`thread_memory/...`).
    pub bench: String,
    pub glibc: Option<Estimate>,
    pub musl: Option<Estimate>,
    pub musl_mimalloc: Option<Estimate>,
    pub musl_vs_glibc: Option<Ratio>,
    pub mimalloc_vs_glibc: Option<Ratio>,
    pub measures: Vec<RowMeasure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    pub schema: String,
    /// Made from a `QUICK=1` run: intervals are wide, numbers not for quoting.
    pub quick: bool,
    pub machine: Machine,
    pub builds: Vec<BuildRecord>,
    pub rows: Vec<Row>,
    /// musl's libm results against glibc's on the math bench's inputs.
    pub math_agreement: Vec<MathAgreement>,
}

impl BenchReport {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a bench report always serialises")
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        let r: BenchReport =
            serde_json::from_str(text).map_err(|e| format!("not a muslab bench report: {e}"))?;
        if r.schema != SCHEMA {
            return Err(format!(
                "bench report schema {} (expected {SCHEMA})",
                r.schema
            ));
        }
        Ok(r)
    }

    /// The build record of one baseline (any bench binary of it), if written.
    pub fn build(&self, baseline: &str) -> Option<&BuildRecord> {
        self.builds.iter().find(|b| b.baseline == baseline)
    }
}

/// A trailing size parameter (`16B`, `4KiB`, `1MiB`) in bytes, so that a
/// group's sizes sort small to large rather than as text.
fn size_param(id: &str) -> Option<u64> {
    let last = id.rsplit('/').next()?;
    let (unit, scale) = [("KiB", 1u64 << 10), ("MiB", 1 << 20), ("B", 1)]
        .into_iter()
        .find(|(u, _)| last.ends_with(u))?;
    last.strip_suffix(unit)?
        .parse::<u64>()
        .ok()
        .map(|n| n * scale)
}

/// Rows by family, then group, then size (where the last part is a size),
/// then id.
fn order_key(id: &str) -> (usize, String, u64, String) {
    let group = id.rsplit_once('/').map_or(id, |(g, _)| g).to_owned();
    (
        family::of(id),
        group,
        size_param(id).unwrap_or(0),
        id.to_owned(),
    )
}

/// Reads the three baselines under `criterion_dir` into a report.
pub fn generate(criterion_dir: &Path, quick: bool) -> Result<BenchReport, String> {
    if !criterion_dir.is_dir() {
        return Err(format!(
            "no criterion data at {}; run `make bench` (or `make bench QUICK=1`) first",
            criterion_dir.display()
        ));
    }
    let glibc = criterion_data::load(criterion_dir, GLIBC)?;
    let musl = criterion_data::load(criterion_dir, MUSL)?;
    let mimalloc = criterion_data::load(criterion_dir, MUSL_MIMALLOC)?;
    if glibc.is_empty() && musl.is_empty() && mimalloc.is_empty() {
        return Err(format!(
            "no baselines named {GLIBC}, {MUSL} or {MUSL_MIMALLOC} under {}; run `make bench` first",
            criterion_dir.display()
        ));
    }
    let all_measures = measures::load(criterion_dir)?;
    let mut figures = measures::by_row(&all_measures);
    let ids: BTreeSet<&String> = glibc
        .keys()
        .chain(musl.keys())
        .chain(mimalloc.keys())
        .chain(figures.keys())
        .collect();
    let mut rows: Vec<Row> = ids
        .into_iter()
        .map(|id| {
            let g = glibc.get(id).copied();
            let m = musl.get(id).copied();
            let mm = mimalloc.get(id).copied();
            Row {
                bench: id.clone(),
                glibc: g,
                musl: m,
                musl_mimalloc: mm,
                musl_vs_glibc: m.zip(g).map(|(m, g)| Ratio::of(&m, &g)),
                mimalloc_vs_glibc: mm.zip(g).map(|(mm, g)| Ratio::of(&mm, &g)),
                measures: Vec::new(),
            }
        })
        .collect();
    for r in &mut rows {
        r.measures = figures.remove(&r.bench).unwrap_or_default();
    }
    rows.sort_by_key(|r| order_key(&r.bench));
    Ok(BenchReport {
        schema: SCHEMA.to_owned(),
        quick,
        machine: machine::this_machine(),
        builds: machine::build_records(criterion_dir, &[GLIBC, MUSL, MUSL_MIMALLOC]),
        rows,
        math_agreement: measures::math_agreement(&all_measures),
    })
}

/// Writes bench.md, bench.svg and bench.json into `out`; returns their paths.
pub fn write(report: &BenchReport, out: &Path) -> Result<Vec<PathBuf>, String> {
    let files = [
        (out.join("bench.md"), markdown::render(report)),
        (out.join("bench.svg"), svg::render(report)),
        (out.join("bench.json"), report.to_json()),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        write_atomically(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}
