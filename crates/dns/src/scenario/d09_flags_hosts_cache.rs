//! D09, getaddrinfo flags, the hosts file, caching, resolv.conf changes.
//!
//! One server on 127.0.0.1 (and a second on 127.0.0.3 for the reread case):
//! - `null-hints`: NULL hints for a name with A and AAAA: the query types
//!   the server sees say which default flags the libc used (glibc's
//!   AI_ADDRCONFIG skips AAAA here because lo also carries 127.0.0.3, an
//!   IPv4 address other than 127.0.0.1, and no IPv6 but ::1 exists; D27).
//! - `ai-idn`: AF_UNSPEC with AI_IDN (a GNU flag): accepted or EAI_BADFLAGS.
//! - `hosts-first`: a name in both the hosts file and DNS.
//! - `no-cache`: 5 sequential lookups of one name: queries at the server.
//! - `resolv-reread`: resolv.conf is rewritten (nameserver 127.0.0.1 →
//!   127.0.0.3) between two lookups of one process.

use muslab_catalogue::Id;
use std::path::Path;
use std::time::{Duration, Instant};

use muslab_report::{Check, Observed};

use super::observe::{addresses, client_summary};
use super::{exchange, in_fixture, Exchange, Scenario, ScenarioRun, PROBE_TIMEOUT};
use crate::fixture::{files, Fixture, ProbeError, ResolvConf, RunningProbe, Spec};
use crate::zone::{Behaviour, Zone};

pub struct FlagsHostsCache;

fn zone(reread_addr: [u8; 4]) -> Zone {
    Zone::default()
        .with(
            "dual.test",
            Behaviour::Address {
                v4: vec![[10, 9, 0, 1].into()],
                v6: vec!["fd00::9:1".parse().expect("valid")],
            },
        )
        .with("fromhosts.test", Behaviour::v4(&[[10, 9, 0, 2]]))
        .with("plain.test", Behaviour::v4(&[[10, 9, 0, 3]]))
        .with("reread.test", Behaviour::v4(&[reread_addr]))
}

pub fn spec() -> Spec {
    Spec {
        resolv: ResolvConf::new(&[[127, 0, 0, 1]]),
        hosts: files::hosts(&[("10.9.9.9", "fromhosts.test")]),
        network: crate::fixture::Network::default(),
        servers: vec![
            ([127, 0, 0, 1].into(), zone([10, 9, 1, 1])),
            ([127, 0, 0, 3].into(), zone([10, 9, 3, 3])),
        ],
    }
}

/// Two lookups in one process, resolv.conf rewritten in between.
fn reread(fx: &Fixture, probe: &Path) -> Exchange {
    fx.log().take();
    let args: Vec<String> = [
        "--name",
        "reread.test",
        "--hints",
        "inet",
        "--count",
        "2",
        "--wait-stdin",
        "--id",
        "D09",
        "--case",
        "resolv-reread",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let client = RunningProbe::spawn(probe, &args).and_then(|mut p| {
        let deadline = Instant::now() + Duration::from_secs(5);
        while fx.log().snapshot().is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(100));
        fx.rewrite_resolv_conf(&ResolvConf::new(&[[127, 0, 0, 3]]))
            .map_err(ProbeError::Fixture)?;
        p.step();
        p.finish(PROBE_TIMEOUT)
    });
    std::thread::sleep(Duration::from_millis(20));
    Exchange::new("resolv-reread", client, fx.log().take())
}

impl Scenario for FlagsHostsCache {
    fn id(&self) -> Id {
        Id::D09
    }

    fn title(&self) -> &'static str {
        "getaddrinfo flags, hosts file, caching, resolv.conf changes"
    }

    fn run(&self, probe: &Path) -> Result<ScenarioRun, String> {
        let (exchanges, interfaces) = in_fixture(&spec(), |fx| {
            let case = |label: &str, name: &str, hints: &str, count: &str| {
                exchange(
                    fx,
                    probe,
                    label,
                    &[
                        "--name", name, "--hints", hints, "--count", count, "--id", "D09",
                        "--case", label,
                    ],
                )
            };
            vec![
                case("null-hints", "dual.test", "null", "1"),
                case("ai-idn", "plain.test", "unspec,idn", "1"),
                case("hosts-first", "fromhosts.test", "inet", "1"),
                case("no-cache", "plain.test", "inet", "5"),
                reread(fx, probe),
            ]
        })?;
        let mut checks = Vec::new();
        let ex = &exchanges[0];
        let entries = ex
            .lookup(0)
            .map(|l| l.addresses.as_slice())
            .unwrap_or_default();
        let mut distinct = entries.to_vec();
        distinct.sort();
        distinct.dedup();
        checks.push(
            Check::new(
                Id::D09,
                "null-hints/asked",
                "NULL hints: query types the server saw",
            )
            .ok(Observed::List(ex.names_asked()), "server log"),
        );
        checks.push(
            Check::new(Id::D09, "null-hints/answer", "NULL hints: entries returned").ok(
                Observed::record([
                    ("entries", Observed::Int(entries.len() as i64)),
                    ("addresses", addresses(&distinct)),
                ]),
                "client: one entry per address and socket type",
            ),
        );
        let ex = &exchanges[1];
        checks.push(
            Check::new(Id::D09, "ai-idn/answer", "AI_IDN with AF_UNSPEC").ok(
                Observed::record(client_summary(ex.lookup(0))),
                format!("{} queries at the server", ex.query_count()),
            ),
        );
        let ex = &exchanges[2];
        let mut f = client_summary(ex.lookup(0));
        f.push(("dns_queries", Observed::Int(ex.query_count() as i64)));
        checks.push(
            Check::new(
                Id::D09,
                "hosts-first/answer",
                "name in hosts (10.9.9.9) and DNS (10.9.0.2)",
            )
            .ok(Observed::record(f), "client + server log"),
        );
        let ex = &exchanges[3];
        checks.push(
            Check::new(
                Id::D09,
                "no-cache/queries",
                "5 lookups of one name: queries at the server",
            )
            .ok(
                Observed::Int(ex.query_count() as i64),
                "server log; no cache means 5",
            ),
        );
        let ex = &exchanges[4];
        let second = ex.lookup(1);
        let second_server = ex
            .queries()
            .filter(|q| q.name == "reread.test")
            .nth(1)
            .map(|q| Observed::text(q.server.to_string()))
            .unwrap_or_else(|| Observed::text("none"));
        let mut f = client_summary(second);
        f.push(("second_query_to", second_server));
        checks.push(
            Check::new(
                Id::D09,
                "resolv-reread/answer",
                "resolv.conf changed between two lookups: 2nd lookup",
            )
            .ok(
                Observed::record(f),
                "new resolv.conf names 127.0.0.3 (answers 10.9.3.3)",
            ),
        );
        Ok(ScenarioRun {
            id: "D09",
            checks,
            exchanges,
            interfaces,
        })
    }
}
