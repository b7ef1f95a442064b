//! S3, latency: every name is answered after a fixed 50 ms delay by one
//! server; 10 sequential lookups (per-lookup latency) and 100 concurrent
//! lookups from threads (total wall time), AF_INET so each lookup is one
//! query. The server counts the queries: a caching client would ask fewer.
//! hickory-resolver (with its cache) runs the same load as the fix column
//! (crate::hickory_fix).

use muslab_catalogue::Id;
use std::path::Path;
use std::time::Duration;

use muslab_report::{Check, Observed};

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
        network: crate::fixture::Network::default(),
        servers: vec![(
            [127, 0, 0, 1].into(),
            Zone::all(Behaviour::delayed(
                DELAY_MS,
                Behaviour::v4(&[[10, 3, 0, 1]]),
            )),
        )],
    }
}

/// What one client did with the S3 load, from its own clock and the
/// server's log. Filled from probe-dns's report or from hickory-resolver.
pub struct Figures {
    pub sequential: Vec<Duration>,
    pub sequential_queries: usize,
    pub concurrent_ok: usize,
    pub concurrent_wall: Duration,
    pub concurrent_queries: usize,
}

/// The S3 rows: query counts (exact: the caching evidence) and timings
/// (typed durations, compared by the lab with a tolerance). Shared by the
/// libc builds and the hickory-resolver fix column so the cases line up.
pub fn checks(f: &Figures, detail: &str) -> Vec<Check> {
    let mut sorted = f.sequential.clone();
    sorted.sort_unstable();
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or_default();
    let title = |what: &str| format!("{what}, server delay {DELAY_MS} ms");
    vec![
        Check::new(
            Id::S3,
            "sequential/queries",
            &title("10 sequential lookups: queries at the server"),
        )
        .ok(Observed::Int(f.sequential_queries as i64), detail),
        Check::new(
            Id::S3,
            "sequential/median",
            &title("10 sequential lookups: median latency"),
        )
        .ok(Observed::duration(median), detail),
        Check::new(
            Id::S3,
            "sequential/total",
            &title("10 sequential lookups: total time"),
        )
        .ok(Observed::duration(f.sequential.iter().sum()), detail),
        Check::new(
            Id::S3,
            "concurrent/answered",
            &title("100 concurrent lookups: answered"),
        )
        .ok(Observed::Int(f.concurrent_ok as i64), detail),
        Check::new(
            Id::S3,
            "concurrent/queries",
            &title("100 concurrent lookups: queries at the server"),
        )
        .ok(Observed::Int(f.concurrent_queries as i64), detail),
        Check::new(
            Id::S3,
            "concurrent/wall",
            &title("100 concurrent lookups: wall time"),
        )
        .ok(Observed::duration(f.concurrent_wall), detail),
    ]
}

fn figures(sequential: &Exchange, concurrent: &Exchange) -> Figures {
    let batch = concurrent.batch();
    Figures {
        sequential: sequential.lookups().map(|l| l.elapsed).collect(),
        sequential_queries: sequential.query_count(),
        concurrent_ok: batch.map_or(0, |b| b.answered()),
        concurrent_wall: batch.map(|b| b.wall).unwrap_or_default(),
        concurrent_queries: concurrent.query_count(),
    }
}

impl Scenario for Latency {
    fn id(&self) -> Id {
        Id::S3
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
        let checks = checks(
            &figures(&exchanges[0], &exchanges[1]),
            "probe-dns (client clock) joined with the server's query log",
        );
        Ok(ScenarioRun {
            id: "S3",
            checks,
            exchanges,
            interfaces,
        })
    }
}
