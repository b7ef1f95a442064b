//! When two observations count as the same behaviour: equal values, except
//! sizes and durations, which move a little between builds and runs without
//! changing what a program can do. The matrix and the DNS lab use this one rule.

use std::time::Duration;

use crate::lookup::{Batch, Lookup};
use crate::Observed;

/// Byte sizes within this fraction of each other are the same behaviour: a
/// libc's thread descriptor, TLS and guard page move a stack measurement by a
/// few KiB without changing what a program can do with it.
pub const BYTES_TOLERANCE: f64 = 0.05;

/// Durations within this fraction, or within [`MILLIS_SLACK`], are the same
/// behaviour: a one-shot timing on a shared 2-CPU machine moves by tens of
/// milliseconds between runs (100 concurrent lookups measured 57 ms and 82 ms
/// for the same build). Behaviours the lab tells apart by time differ far
/// more: a 1 s failover against an answer in under 0.1 s.
pub const MILLIS_TOLERANCE: f64 = 0.5;
pub const MILLIS_SLACK: u64 = 50;

impl Observed {
    /// Equality of observations, with [`BYTES_TOLERANCE`] for sizes and
    /// [`MILLIS_TOLERANCE`] for durations, also inside records and lookups.
    pub fn same_behaviour(&self, other: &Observed) -> bool {
        match (self, other) {
            (Observed::Millis(x), Observed::Millis(y)) => same_millis(*x, *y),
            (Observed::Bytes(x), Observed::Bytes(y)) => {
                let (lo, hi) = (*x.min(y) as f64, *x.max(y) as f64);
                hi - lo <= hi * BYTES_TOLERANCE
            }
            (Observed::Record(a), Observed::Record(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.same_behaviour(vb))
            }
            (Observed::Lookup(a), Observed::Lookup(b)) => same_lookup(a, b),
            (Observed::Batch(a), Observed::Batch(b)) => same_batch(a, b),
            _ => self == other,
        }
    }

    /// A duration rounded to whole milliseconds.
    pub fn duration(d: Duration) -> Observed {
        Observed::Millis(round_millis(d))
    }
}

/// Whether two durations are the same behaviour (see [`MILLIS_TOLERANCE`]).
pub fn same_duration(a: Duration, b: Duration) -> bool {
    same_millis(round_millis(a), round_millis(b))
}

fn same_millis(x: u64, y: u64) -> bool {
    let (lo, hi) = (x.min(y), x.max(y));
    hi - lo <= MILLIS_SLACK || (hi - lo) as f64 <= hi as f64 * MILLIS_TOLERANCE
}

fn round_millis(d: Duration) -> u64 {
    u64::try_from((d.as_micros() + 500) / 1000).unwrap_or(u64::MAX)
}

fn same_lookup(a: &Lookup, b: &Lookup) -> bool {
    a.name == b.name
        && a.error == b.error
        && a.addresses == b.addresses
        && a.canonname == b.canonname
        && same_duration(a.elapsed, b.elapsed)
}

fn same_batch(a: &Batch, b: &Batch) -> bool {
    a.lookups.len() == b.lookups.len()
        && a.lookups
            .iter()
            .zip(&b.lookups)
            .all(|(x, y)| same_lookup(x, y))
        && same_duration(a.wall, b.wall)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookup::{Eai, LookupError};

    #[test]
    fn sizes_a_few_kib_apart_are_the_same_behaviour() {
        assert!(Observed::Bytes(1041 << 10).same_behaviour(&Observed::Bytes(1033 << 10)));
        assert!(!Observed::Bytes(131 << 10).same_behaviour(&Observed::Bytes(8 << 20)));
        assert!(!Observed::Int(2).same_behaviour(&Observed::Int(1)));
    }

    #[test]
    fn durations_compare_with_slack_and_tolerance() {
        let same = |a, b| Observed::Millis(a).same_behaviour(&Observed::Millis(b));
        assert!(same(60, 70));
        assert!(same(520, 540));
        assert!(same(56, 82));
        assert!(!same(50, 1000), "got same, want different");
        assert!(!same(100, 1000), "got same, want different");
        assert!(same_duration(
            Duration::from_micros(1_002_400),
            Duration::from_micros(1_040_000)
        ));
        assert!(!same_duration(
            Duration::from_micros(900),
            Duration::from_secs(1)
        ));
    }

    #[test]
    fn records_compare_field_by_field_with_the_same_rule() {
        let rec = |ms: u64, n: i64| {
            Observed::record([
                ("elapsed", Observed::Millis(ms)),
                ("count", Observed::Int(n)),
            ])
        };
        assert!(rec(1003, 1).same_behaviour(&rec(1010, 1)));
        assert!(!rec(1003, 1).same_behaviour(&rec(2, 1)), "1 s vs 2 ms");
        assert!(
            !rec(1003, 1).same_behaviour(&rec(1003, 2)),
            "1 vs 2 queries"
        );
        assert!(!rec(1, 1).same_behaviour(&Observed::record([("elapsed", Observed::Millis(1))])));
    }

    #[test]
    fn lookups_compare_results_exactly_and_times_with_tolerance() {
        let lookup = |us: u64, error: Option<LookupError>| Lookup {
            name: "a.test".into(),
            error,
            addresses: vec![[10, 0, 0, 1].into()],
            canonname: None,
            elapsed: Duration::from_micros(us),
        };
        let a = Observed::Lookup(lookup(51_000, None));
        assert!(a.same_behaviour(&Observed::Lookup(lookup(60_000, None))));
        assert!(!a.same_behaviour(&Observed::Lookup(lookup(1_050_000, None))));
        let failed = LookupError {
            code: Eai::NoName,
            message: "Name does not resolve".into(),
        };
        assert!(!a.same_behaviour(&Observed::Lookup(lookup(51_000, Some(failed)))));
    }
}
