//! S3, latency: every name is answered after a fixed 50 ms delay by one
//! server; 10 sequential lookups (per-lookup latency) and 100 concurrent
//! lookups from threads (total wall time), AF_INET so each lookup is one
//! query. The server counts the queries: a caching client would ask fewer.
//! hickory-resolver (with its cache) runs the same load as the fix column
//! (crate::hickory_fix).

use std::path::Path;

use muslab_probes::report::{Check, Observed};

use super::{exchange, in_fixture, Exchange, Scenario, ScenarioRun};
use crate::fixture::{files, ResolvConf, Spec};
use crate::zone::{Behaviour, Zone};

pub const DELAY_MS: u64 = 50;
pub const SEQUENTIAL: usize = 10;
pub const CONCURRENT: usize = 100;
pub const NAME: &str = "slow.test";

pub struct Latency;

pub fn spec() -> Spec {
    Spec {
        resolv: ResolvConf::new(&[[127, 0, 0, 1]]),
        hosts: files::hosts(&[]),
        servers: vec![(
            [127, 0, 0, 1].into(),
            Zone::all(Behaviour::delayed(
                DELAY_MS,
                Behaviour::v4(&[[10, 3, 0, 1]]),
            )),
        )],
    }
}

/// Milliseconds rounded to 10 ms: the latency table's unit.
pub fn ms10(us: u64) -> String {
    format!("{} ms", ((us + 5_000) / 10_000) * 10)
}

fn sequential(ex: &Exchange) -> Observed {
    let mut times: Vec<u64> = (0..SEQUENTIAL)
        .filter_map(|i| ex.lookup(i))
        .map(|l| l.elapsed_us)
        .collect();
    let total: u64 = times.iter().sum();
    times.sort_unstable();
    Observed::fields([
        ("lookups", times.len().to_string()),
        (
            "median",
            ms10(times.get(times.len() / 2).copied().unwrap_or(0)),
        ),
        ("total", ms10(total)),
        ("queries", ex.query_count().to_string()),
    ])
}

fn concurrent(ex: &Exchange) -> Observed {
    let f = ex.concurrent().unwrap_or_default();
    let us = |k: &str| f.get(k).and_then(|v| v.parse().ok()).unwrap_or(0);
    Observed::fields([
        ("lookups", f.get("lookups").cloned().unwrap_or_default()),
        ("ok", f.get("ok").cloned().unwrap_or_default()),
        ("wall", ms10(us("wall_us"))),
        ("slowest", ms10(us("slowest_us"))),
        ("queries", ex.query_count().to_string()),
    ])
}

impl Scenario for Latency {
    fn id(&self) -> &'static str {
        "S3"
    }

    fn title(&self) -> &'static str {
        "sequential and concurrent lookups of a name answered after 50 ms"
    }

    fn run(&self, probe: &Path) -> Result<ScenarioRun, String> {
        let seq = SEQUENTIAL.to_string();
        let conc = CONCURRENT.to_string();
        let (exchanges, interfaces) = in_fixture(&spec(), |fx| {
            vec![
                exchange(
                    fx,
                    probe,
                    "sequential",
                    &[
                        "--name",
                        NAME,
                        "--hints",
                        "inet",
                        "--count",
                        &seq,
                        "--id",
                        "S3",
                        "--case",
                        "sequential",
                    ],
                ),
                exchange(
                    fx,
                    probe,
                    "concurrent",
                    &[
                        "--name",
                        NAME,
                        "--hints",
                        "inet",
                        "--count",
                        "0",
                        "--concurrency",
                        &conc,
                        "--id",
                        "S3",
                        "--case",
                        "concurrent",
                    ],
                ),
            ]
        })?;
        let checks = vec![
            Check::new(
                "S3",
                "sequential/latency",
                "10 sequential lookups, server delay 50 ms",
            )
            .ok(
                sequential(&exchanges[0]),
                "client times rounded to 10 ms; queries from the server log",
            ),
            Check::new(
                "S3",
                "concurrent/latency",
                "100 concurrent lookups, server delay 50 ms",
            )
            .ok(
                concurrent(&exchanges[1]),
                "client times rounded to 10 ms; queries from the server log",
            ),
        ];
        Ok(ScenarioRun {
            id: "S3",
            checks,
            exchanges,
            interfaces,
        })
    }
}
