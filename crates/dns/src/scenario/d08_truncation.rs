//! D08, answers that do not fit: a truncated UDP answer (TC set, no records)
//! with the full answer over TCP; 60 addresses (over 512 bytes, so the UDP
//! reply carries what fits and TC); 400 addresses (over musl's 4800-byte
//! answer buffer, per the catalogue); a chain of 8 CNAMEs in one answer.
//! The server's log says whether the client came back over TCP.

use muslab_catalogue::Id;
use std::path::Path;
use std::process::Command;

use muslab_report::{Check, Observed};

use super::observe::transports_of;
use super::{exchange, in_fixture, Exchange, Scenario, ScenarioRun, PROBE_TIMEOUT};
use crate::fixture::{files, ResolvConf, Spec};
use crate::query_log::{Action, QueryRecord};
use crate::zone::{Behaviour, Zone};

pub const CASES: [(&str, &str, &str); 4] = [
    (
        "tc-retry",
        "tc.test",
        "UDP answer truncated (TC, no records), full over TCP",
    ),
    ("sixty", "sixty.test", "60 addresses (> 512 bytes)"),
    ("four-hundred", "huge.test", "400 addresses (> 4800 bytes)"),
    ("cname-chain", "chain.test", "8 CNAMEs then the address"),
];

pub struct Truncation;

pub fn spec() -> Spec {
    Spec {
        resolv: ResolvConf::new(&[[127, 0, 0, 1]]),
        hosts: files::hosts(&[]),
        network: crate::fixture::Network::default(),
        servers: vec![(
            [127, 0, 0, 1].into(),
            Zone::default()
                .with(
                    "tc.test",
                    Behaviour::TruncateUdp {
                        then: Box::new(Behaviour::v4(&[
                            [10, 8, 0, 1],
                            [10, 8, 0, 2],
                            [10, 8, 0, 3],
                        ])),
                    },
                )
                .with("sixty.test", Behaviour::many_v4(60))
                .with("huge.test", Behaviour::many_v4(400))
                .with(
                    "chain.test",
                    Behaviour::CnameChain {
                        links: 8,
                        v4: vec![[10, 8, 1, 1].into()],
                    },
                ),
        )],
    }
}

fn answer(ex: &Exchange) -> Observed {
    match ex.lookup(0) {
        None => Observed::record([("result", Observed::text("no result"))]),
        Some(l) => {
            let mut f = vec![
                ("result", Observed::text(l.result())),
                ("count", Observed::Int(l.addresses.len() as i64)),
            ];
            if let Some(first) = l.addresses.first() {
                f.push(("first", Observed::text(first.to_string())));
            }
            if let Some(c) = &l.canonname {
                f.push(("canonname", Observed::text(c)));
            }
            Observed::record(f)
        }
    }
}

impl Scenario for Truncation {
    fn id(&self) -> Id {
        Id::D08
    }

    fn title(&self) -> &'static str {
        "truncated and large answers"
    }

    fn run(&self, probe: &Path) -> Result<ScenarioRun, String> {
        let (exchanges, interfaces) = in_fixture(&spec(), |fx| {
            CASES
                .iter()
                .map(|(case, name, _)| {
                    exchange(
                        fx,
                        probe,
                        case,
                        &[
                            "--name",
                            name,
                            "--hints",
                            "inet,canonname",
                            "--id",
                            "D08",
                            "--case",
                            case,
                        ],
                    )
                })
                .collect::<Vec<_>>()
        })?;
        let mut checks = Vec::new();
        for (ex, (case, _, title)) in exchanges.iter().zip(CASES) {
            checks.push(transport_check(case, title, &ex.queries));
            checks.push(
                Check::new(
                    Id::D08,
                    &format!("{case}/answer"),
                    &format!("{title}: answer"),
                )
                .ok(answer(ex), "client: probe-dns (AF_INET, AI_CANONNAME)"),
            );
        }
        Ok(ScenarioRun {
            id: "D08",
            checks,
            exchanges,
            interfaces,
        })
    }
}

/// What the server's log says about the transports of one case.
fn transport_check(case: &str, title: &str, queries: &[QueryRecord]) -> Check {
    let queries: Vec<&QueryRecord> = queries.iter().filter(|q| q.is_query()).collect();
    let truncated = queries
        .iter()
        .filter(|q| matches!(q.action, Action::Truncated { .. }))
        .count();
    Check::new(
        Id::D08,
        &format!("{case}/transport"),
        &format!("{title}: transports used"),
    )
    .ok(
        Observed::List(transports_of(queries.iter().copied())),
        format!(
            "server log: {} queries, {truncated} truncated replies",
            queries.len()
        ),
    )
}

/// The tc-retry case answered by plain clients instead of probe-dns: each
/// command, given `tc.test`, looks it up once and prints one line (what
/// fixtures/getaddrinfo.c prints). All run in one fixture, one after the
/// other; per command, the transports check (as for probe-dns) and the
/// client's line, or why it could not run.
pub fn tc_retry_by(commands: Vec<Command>) -> Result<Vec<Result<Vec<Check>, String>>, String> {
    let (case, name, title) = CASES[0];
    let (results, _) = in_fixture(&spec(), move |fx| {
        commands
            .into_iter()
            .map(|mut cmd| {
                fx.log().take();
                cmd.arg(name);
                let out = muslab_sys::process::run(cmd, PROBE_TIMEOUT)
                    .map_err(|e| format!("cannot run the client: {e}"))?;
                // A reply in flight is logged within a few ms.
                std::thread::sleep(std::time::Duration::from_millis(20));
                let queries = fx.log().take();
                let said = format!("{}{}", out.stdout, out.stderr);
                Ok(vec![
                    transport_check(case, title, &queries),
                    Check::new(
                        Id::D08,
                        &format!("{case}/getaddrinfo"),
                        &format!("{title}: what getaddrinfo(3) gave a C client"),
                    )
                    .ok(
                        Observed::text(said.lines().next().unwrap_or("").trim()),
                        format!("client: fixtures/getaddrinfo.c (AF_INET), {}", out.exit),
                    ),
                ])
            })
            .collect::<Vec<_>>()
    })?;
    Ok(results)
}
