//! Figures the benches measure beside criterion's timings (memory, futex
//! calls, math results), written by each bench binary next to criterion's
//! data and read back by `muslab bench-report` with this same type.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Bumped whenever a field changes meaning or disappears.
pub const MEASURES_SCHEMA: &str = "muslab.bench-measures/1";

/// What one bench binary measured outside its timed loops, for one baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchMeasures {
    pub schema: String,
    /// The criterion baseline it belongs to (`glibc`, `musl`, `musl-mimalloc`).
    pub baseline: String,
    /// The bench binary (`malloc`, `thread`, ...).
    pub bench: String,
    pub measures: Vec<Measure>,
    /// Bit patterns of math results over the math bench's fixed inputs, by
    /// function name: the report compares them across libcs in ulps.
    #[serde(default)]
    pub math_outputs: BTreeMap<String, Vec<u64>>,
}

/// One figure for one row of the report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub quantity: Quantity,
    pub value: f64,
}

/// A figure and the row it belongs to: a criterion full id, or an id of its
/// own for figures that have no timing (`thread_memory/...`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub id: String,
    pub quantity: Quantity,
    pub value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Peak resident set of a child process that ran the workload a fixed
    /// number of times (its VmHWM at the end), bytes.
    PeakRss,
    /// Resident set added by the workload (VmRSS after − before), bytes.
    RssGrowth,
    /// Address space added by the workload (VmSize after − before), bytes.
    VmSizeGrowth,
    /// futex(2) calls made during the workload, counted by the kernel's
    /// syscalls:sys_enter_futex tracepoint through perf_event_open.
    FutexCalls,
    /// Voluntary context switches during the workload (ru_nvcsw from
    /// wait4): a thread blocked, typically in futex wait.
    VoluntarySwitches,
}

impl Quantity {
    /// Column heading in bench.md.
    pub fn label(self) -> &'static str {
        match self {
            Quantity::PeakRss => "peak RSS",
            Quantity::RssGrowth => "RSS growth",
            Quantity::VmSizeGrowth => "VmSize growth",
            Quantity::FutexCalls => "futex calls",
            Quantity::VoluntarySwitches => "voluntary ctx switches",
        }
    }

    pub fn is_bytes(self) -> bool {
        matches!(
            self,
            Quantity::PeakRss | Quantity::RssGrowth | Quantity::VmSizeGrowth
        )
    }
}

impl BenchMeasures {
    pub fn new(baseline: &str, bench: &str) -> Self {
        BenchMeasures {
            schema: MEASURES_SCHEMA.to_owned(),
            baseline: baseline.to_owned(),
            bench: bench.to_owned(),
            measures: Vec::new(),
            math_outputs: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, id: &str, figures: &[Figure]) {
        self.measures.extend(figures.iter().map(|f| Measure {
            id: id.to_owned(),
            quantity: f.quantity,
            value: f.value,
        }));
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("bench measures always serialise")
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        let m: BenchMeasures =
            serde_json::from_str(text).map_err(|e| format!("not muslab bench measures: {e}"))?;
        if m.schema != MEASURES_SCHEMA {
            return Err(format!(
                "bench measures schema {} (expected {MEASURES_SCHEMA}); rerun `make bench`",
                m.schema
            ));
        }
        Ok(m)
    }
}

/// The directory under criterion's home where the bench binaries write
/// their measures, one `<baseline>.<bench>.json` each.
pub const MEASURES_DIR: &str = "muslab-measures";

/// The directory under criterion's home where the bench binaries record
/// their build, one `<baseline>.<bench>.json` each.
pub const BUILDS_DIR: &str = "muslab-builds";

/// What one bench binary says about itself: which baseline it saved, and
/// the target, libc and allocator it was built with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildRecord {
    pub baseline: String,
    pub bench: String,
    pub allocator: String,
    pub build: crate::BuildInfo,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_round_trip_and_refuse_other_schemas() {
        let mut m = BenchMeasures::new("musl", "malloc");
        m.add(
            "malloc/x",
            &[Figure {
                quantity: Quantity::PeakRss,
                value: 4096.0,
            }],
        );
        m.math_outputs.insert("sin".into(), vec![1, 2]);
        let back = BenchMeasures::from_json(&m.to_json()).unwrap();
        assert_eq!(back, m);
        let other = m
            .to_json()
            .replace(MEASURES_SCHEMA, "muslab.bench-measures/0");
        let err = BenchMeasures::from_json(&other).unwrap_err();
        assert!(
            err.contains("expected muslab.bench-measures/1"),
            "got {err}"
        );
    }
}
