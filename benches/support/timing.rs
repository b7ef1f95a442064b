//! How long criterion measures each bench family: the one place that sets
//! `make bench`'s running time. Each bench binary is one family and starts
//! criterion through [`criterion`], which takes these values as defaults;
//! criterion's own flags on the command line (`QUICK=1`, `make bench-check`)
//! override them.
//!
//! Criterion's defaults (3 s warm-up, 5 s measurement, 100 samples, 100,000
//! bootstrap resamples) are made for one bench at a time; most of ours are
//! nanosecond-to-millisecond loops that settle far sooner. Sampling stays
//! criterion's Auto: linear (samples of d, 2d, … n·d iterations) while that
//! fits in twice the measurement time, else flat (n equal samples, at least
//! one iteration each), so a slow bench costs n iterations, not n(n+1)/2.
//! (malloc's contention group is always flat: see malloc.rs.)
//!
//! Budget, computed (not measured) from these settings and the per-iteration
//! times t of the reference run (results/bench.json). A bench costs its
//! warm-up (W to 2W: the iteration count doubles until W is passed; at least
//! one iteration), then its measurement: M, or n × t when that exceeds 2M
//! (flat), or up to 2M when linear sampling rounds iterations up; then the
//! bootstrap (~0.04 s at 100 samples). criterion then warns "Unable to
//! complete N samples" for the slow benches: expected, they run n iterations
//! by design. Seconds per build (mimalloc runs malloc, threads, DNS and
//! collation only):
//!
//! | family             | benches  | glibc | musl | mimalloc | notes (+: time outside criterion)     |
//! |--------------------|----------|-------|------|----------|---------------------------------------|
//! | malloc             | 16       | 8.0   | 8.0  | 7.9      | + memory children: 1 / 9 / 1 s        |
//! | threads            | 7        | 4.0   | 4.9  | 4.4      | + 1,000 idle threads, children: <1 s  |
//! | process start      | 8        | 5.6   | 5.7  | –        | + the 1 GiB parent: 1 s               |
//! | DNS                | 6        | 3.6   | 3.6  | 3.6      | + fixture start-up: <1 s              |
//! | collation          | 3        | 1.7   | 2.1  | 2.2      |                                       |
//! | math               | 6        | 3.0   | 3.3  | –        |                                       |
//! | strings and memory | 37       | 18.6  | 19.4 | –        |                                       |
//! | qsort              | 5        | 3.2   | 25.5 | –        | musl's qsort of 1M ints: 11 × 2 s     |
//! | per build          | 88/88/32 | 48    | 73   | 18       | + 5 / 13 / 4 s                        |
//!
//! Measurement ≈ 160 s for the three builds (criterion's defaults: ≈ 40
//! min). Build from a cold target dir ≈ 775 CPU-s: the release lab that
//! bench-report runs from, 267 (measured, `cargo build --release -p
//! muslab`); the bench binaries, ≈ 250 for glibc and ≈ 220 for musl (the
//! crates no timed loop runs compile unoptimised: root Cargo.toml,
//! `profile.bench`); 37 for the mimalloc variant's four. cargo keeps about
//! 1.67 of the 2 cores busy over a cold build (serial tails: the lab's own
//! crate, links): ≈ 465 s. Total ≈ 625 s, 10.5 min.

use std::time::Duration;

use criterion::Criterion;

/// The bench families, one per bench binary (crates/lab's bench report
/// groups its tables the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Malloc,
    Threads,
    ProcessStart,
    Dns,
    Collation,
    Math,
    Strings,
    Qsort,
}

/// What criterion spends on each bench of a family.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    pub warm_up: Duration,
    pub measurement: Duration,
    /// criterion's minimum is 10.
    pub samples: usize,
}

/// Bootstrap resamples for every confidence interval: criterion's 100,000
/// cost ~0.4 s of analysis per bench at 100 samples; 10,000 put the 2.5 and
/// 97.5 percentiles within a fraction of the interval's width.
pub const RESAMPLES: usize = 10_000;

const fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

impl Family {
    pub const fn timing(self) -> Timing {
        // Nanosecond-to-microsecond loops: criterion's 100 samples, in
        // 0.3 s instead of 5 s (the time buys iterations per sample, which
        // these loops have plenty of; the sample count buys the interval).
        let loops = Timing {
            warm_up: ms(100),
            measurement: ms(300),
            samples: 100,
        };
        match self {
            Family::Malloc | Family::Threads | Family::Dns | Family::Math | Family::Strings => {
                loops
            }
            // 0.1-1 ms per fork/spawn, 34 ms per fork of the 1 GiB parent:
            // 50 samples keep the slow ones near 2 s.
            Family::ProcessStart => Timing {
                samples: 50,
                ..loops
            },
            // 2-60 ms per sort of 10,000 words: 20 flat samples.
            Family::Collation => Timing {
                warm_up: ms(100),
                measurement: ms(200),
                samples: 20,
            },
            // 20 ms to 2 s per sort (musl's qsort of 1M ints): criterion's
            // minimum of 10 samples, one sort each.
            Family::Qsort => Timing {
                warm_up: ms(50),
                measurement: ms(100),
                samples: 10,
            },
        }
    }
}

/// criterion for one family's bench binary: the family's timing, then the
/// command line (criterion's flags win).
pub fn criterion(family: Family) -> Criterion {
    let t = family.timing();
    Criterion::default()
        .warm_up_time(t.warm_up)
        .measurement_time(t.measurement)
        .sample_size(t.samples)
        .nresamples(RESAMPLES)
        .configure_from_args()
}
