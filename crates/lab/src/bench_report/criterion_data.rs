//! Reading what criterion saved: for each benchmark, `benchmark.json` (its
//! id) and `<baseline>/estimates.json` (the mean with its confidence
//! interval, in nanoseconds) under criterion's output directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The mean time of one iteration and its confidence interval, in ns.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub mean_ns: f64,
    pub lower_ns: f64,
    pub upper_ns: f64,
    /// Confidence level of [lower_ns, upper_ns], e.g. 0.95.
    pub confidence: f64,
}

#[derive(Deserialize)]
struct Interval {
    confidence_level: f64,
    lower_bound: f64,
    upper_bound: f64,
}

#[derive(Deserialize)]
struct Statistic {
    confidence_interval: Interval,
    point_estimate: f64,
}

#[derive(Deserialize)]
struct Estimates {
    mean: Statistic,
}

#[derive(Deserialize)]
struct BenchmarkId {
    full_id: String,
}

/// All benchmarks saved under `baseline`, by criterion's full id
/// (`group/function/parameter`).
pub fn load(criterion_dir: &Path, baseline: &str) -> Result<BTreeMap<String, Estimate>, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![criterion_dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if entry.file_name() == baseline {
                if let Some((id, est)) = read_one(&path)? {
                    out.insert(id, est);
                }
            } else {
                dirs.push(path);
            }
        }
    }
    Ok(out)
}

/// One `<bench>/<baseline>` directory; `None` if it holds no estimates.
fn read_one(dir: &Path) -> Result<Option<(String, Estimate)>, String> {
    let est_path = dir.join("estimates.json");
    let id_path = dir.join("benchmark.json");
    if !est_path.is_file() || !id_path.is_file() {
        return Ok(None);
    }
    let est: Estimates = parse(&est_path)?;
    let id: BenchmarkId = parse(&id_path)?;
    let ci = est.mean.confidence_interval;
    Ok(Some((
        id.full_id,
        Estimate {
            mean_ns: est.mean.point_estimate,
            lower_ns: ci.lower_bound,
            upper_ns: ci.upper_bound,
            confidence: ci.confidence_level,
        },
    )))
}

fn parse<T: for<'de> Deserialize<'de>>(path: &PathBuf) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not criterion's format ({e}); rerun `make bench`",
            path.display()
        )
    })
}

/// Human-readable duration: 1.23 µs, 45.6 ms.
pub fn format_ns(ns: f64) -> String {
    let (v, unit) = if ns >= 1e9 {
        (ns / 1e9, "s")
    } else if ns >= 1e6 {
        (ns / 1e6, "ms")
    } else if ns >= 1e3 {
        (ns / 1e3, "µs")
    } else {
        (ns, "ns")
    };
    if v >= 100.0 {
        format!("{v:.0} {unit}")
    } else if v >= 10.0 {
        format!("{v:.1} {unit}")
    } else {
        format!("{v:.2} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_a_unit() {
        assert_eq!(format_ns(12.0), "12.0 ns");
        assert_eq!(format_ns(1234.0), "1.23 µs");
        assert_eq!(format_ns(456_000_000.0), "456 ms");
        assert_eq!(format_ns(2.5e9), "2.50 s");
    }

    #[test]
    fn reads_estimates_for_one_baseline_only() {
        let root = std::env::temp_dir().join(format!("muslab-crit-{}", std::process::id()));
        let b = root.join("g/f/p");
        for (name, mean) in [("musl", 200.0), ("glibc", 100.0)] {
            let d = b.join(name);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("benchmark.json"), r#"{"full_id":"g/f/p"}"#).unwrap();
            std::fs::write(
                d.join("estimates.json"),
                format!(
                    r#"{{"mean":{{"confidence_interval":{{"confidence_level":0.95,
                    "lower_bound":{},"upper_bound":{}}},"point_estimate":{mean}}}}}"#,
                    mean - 1.0,
                    mean + 1.0
                ),
            )
            .unwrap();
        }
        let got = load(&root, "musl").unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got["g/f/p"].mean_ns, 200.0);
        assert_eq!(got["g/f/p"].lower_ns, 199.0);
    }
}
