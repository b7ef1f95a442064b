//! The figures the bench binaries measured outside criterion's timed loops
//! (benches/support: `<criterion>/muslab-measures/<baseline>.<bench>.json`,
//! muslab_report::bench::BenchMeasures), per row and per build, and the
//! musl-vs-glibc comparison of the math results they recorded.

use std::collections::BTreeMap;
use std::path::Path;

use muslab_report::bench::{BenchMeasures, Quantity, MEASURES_DIR};
use serde::{Deserialize, Serialize};

use super::{GLIBC, MUSL, MUSL_MIMALLOC};

/// Bytes for people: `7.82 GiB`, `8.1 MiB`, `940 KiB`.
pub fn human_bytes(b: f64) -> String {
    const KIB: f64 = 1024.0;
    const MIB: f64 = KIB * 1024.0;
    const GIB: f64 = MIB * 1024.0;
    if b >= GIB {
        format!("{:.2} GiB", b / GIB)
    } else if b >= 100.0 * MIB {
        format!("{:.0} MiB", b / MIB)
    } else if b >= MIB {
        format!("{:.1} MiB", b / MIB)
    } else {
        format!("{:.0} KiB", b / KIB)
    }
}

/// One quantity of one row, for each build that measured it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowMeasure {
    pub quantity: Quantity,
    pub glibc: Option<f64>,
    pub musl: Option<f64>,
    pub musl_mimalloc: Option<f64>,
}

/// How far musl's libm results are from glibc's on the same inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MathAgreement {
    pub function: String,
    pub inputs: usize,
    /// Inputs whose results differ in any bit.
    pub differing: usize,
    /// The largest distance in units in the last place (0: all equal).
    pub max_ulps: u64,
}

/// Every measures file of the three baselines. Unreadable files are an
/// error: they are ours, so a mismatch means a stale run.
pub fn load(criterion_dir: &Path) -> Result<Vec<BenchMeasures>, String> {
    let dir = criterion_dir.join(MEASURES_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let text = std::fs::read_to_string(&path)
            .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        let m =
            BenchMeasures::from_json(&text).map_err(|err| format!("{}: {err}", path.display()))?;
        if [GLIBC, MUSL, MUSL_MIMALLOC].contains(&m.baseline.as_str()) {
            out.push(m);
        }
    }
    out.sort_by(|a, b| (&a.baseline, &a.bench).cmp(&(&b.baseline, &b.bench)));
    Ok(out)
}

/// The figures of every row id, by quantity, across the three builds.
pub fn by_row(all: &[BenchMeasures]) -> BTreeMap<String, Vec<RowMeasure>> {
    let mut rows: BTreeMap<String, BTreeMap<Quantity, RowMeasure>> = BTreeMap::new();
    for m in all {
        for f in &m.measures {
            let cell = rows
                .entry(f.id.clone())
                .or_default()
                .entry(f.quantity)
                .or_insert(RowMeasure {
                    quantity: f.quantity,
                    glibc: None,
                    musl: None,
                    musl_mimalloc: None,
                });
            match m.baseline.as_str() {
                GLIBC => cell.glibc = Some(f.value),
                MUSL => cell.musl = Some(f.value),
                _ => cell.musl_mimalloc = Some(f.value),
            }
        }
    }
    rows.into_iter()
        .map(|(id, q)| (id, q.into_values().collect()))
        .collect()
}

/// A double's bits mapped to an integer line on which adjacent doubles are
/// adjacent integers (negative values mirrored), so that the distance of
/// two results is their difference in ulps.
fn ordered(bits: u64) -> i128 {
    let magnitude = (bits & !(1 << 63)) as i128;
    if bits >> 63 == 1 {
        -magnitude
    } else {
        magnitude
    }
}

/// musl's math results against glibc's, function by function.
pub fn math_agreement(all: &[BenchMeasures]) -> Vec<MathAgreement> {
    let outputs = |baseline: &str| {
        all.iter()
            .find(|m| m.baseline == baseline && !m.math_outputs.is_empty())
            .map(|m| &m.math_outputs)
    };
    let (Some(g), Some(m)) = (outputs(GLIBC), outputs(MUSL)) else {
        return Vec::new();
    };
    g.iter()
        .filter_map(|(function, gv)| {
            let mv = m.get(function)?;
            let pairs = gv.iter().zip(mv);
            Some(MathAgreement {
                function: function.clone(),
                inputs: gv.len().min(mv.len()),
                differing: pairs.clone().filter(|(a, b)| a != b).count(),
                max_ulps: pairs
                    .map(|(&a, &b)| (ordered(a) - ordered(b)).unsigned_abs())
                    .max()
                    .unwrap_or(0)
                    .min(u64::MAX as u128) as u64,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_in_the_largest_fitting_unit() {
        assert_eq!(human_bytes(8.0 * 1073741824.0), "8.00 GiB");
        assert_eq!(human_bytes(140008.0 * 1024.0), "137 MiB");
        assert_eq!(human_bytes(8248.0 * 1024.0), "8.1 MiB");
        assert_eq!(human_bytes(940.0 * 1024.0), "940 KiB");
    }

    #[test]
    fn ulps_count_adjacent_doubles_across_zero() {
        let one = 1.0f64.to_bits();
        assert_eq!(ordered(one + 1) - ordered(one), 1);
        assert_eq!(ordered(0.0f64.to_bits()) - ordered((-0.0f64).to_bits()), 0);
        let tiny = f64::from_bits(1);
        assert_eq!(ordered(tiny.to_bits()) - ordered((-tiny).to_bits()), 2);
    }

    #[test]
    fn agreement_counts_differing_inputs_and_the_largest_gap() {
        let mut g = BenchMeasures::new(GLIBC, "math");
        let mut m = BenchMeasures::new(MUSL, "math");
        let x = 0.5f64.to_bits();
        g.math_outputs.insert("sin".into(), vec![x, x, x]);
        m.math_outputs.insert("sin".into(), vec![x, x + 3, x - 1]);
        let got = math_agreement(&[g, m]);
        assert_eq!(
            got,
            vec![MathAgreement {
                function: "sin".into(),
                inputs: 3,
                differing: 2,
                max_ulps: 3
            }]
        );
    }
}
