//! D06, three nameservers, two ways for the first one to be bad.
//!
//! resolv.conf lists 127.0.0.1, 127.0.0.2 and 127.0.0.3 with
//! `timeout:1 attempts:1`. The second and third each answer with their own
//! address, so the client's answer says which server won.
//!
//! - `first-drops`: 127.0.0.1 never answers. glibc asks the servers in order
//!   and moves on only after the timeout; musl sends to all of them at once
//!   and takes the first answer.
//! - `first-servfail`: 127.0.0.1 answers SERVFAIL at once, the others answer
//!   after 300 and 600 ms. glibc moves to the next server on a SERVFAIL; musl, which
//!   takes only NOERROR or NXDOMAIN as an answer, asks the failing server
//!   again while it waits for the others.
//!
//! The servers' logs show who was asked, how often, in what order, when.

use muslab_catalogue::Id;
use std::net::IpAddr;
use std::path::Path;

use muslab_report::{Check, Observed};

use super::observe::client_summary;
use super::{exchange, in_fixture, Exchange, Scenario, ScenarioRun};
use crate::fixture::{files, ResolvConf, Spec};
use crate::zone::{Behaviour, Zone};

pub const NAME: &str = "d06.test";
pub const LABEL: &str = "first-drops";
pub const SERVFAIL_NAME: &str = "servfail.d06.test";
pub const SERVFAIL_LABEL: &str = "first-servfail";
/// How long the good servers take in `first-servfail`: long enough for a
/// client to act on the SERVFAIL before any good answer exists; the third
/// is slower still, so the answer does not depend on which reply wins a race.
pub const SLOW_ANSWER_MS: u64 = 300;
pub const SLOWER_ANSWER_MS: u64 = 600;

pub struct ThreeNameservers;

pub fn spec() -> Spec {
    let good = |last: u8, ms: u64| {
        Zone::default()
            .with(NAME, Behaviour::v4(&[[10, 6, 0, last]]))
            .with(
                SERVFAIL_NAME,
                Behaviour::delayed(ms, Behaviour::v4(&[[10, 6, 1, last]])),
            )
    };
    Spec {
        resolv: ResolvConf::new(&[[127, 0, 0, 1], [127, 0, 0, 2], [127, 0, 0, 3]]),
        hosts: files::hosts(&[]),
        network: crate::fixture::Network::default(),
        servers: vec![
            (
                [127, 0, 0, 1].into(),
                Zone::all(Behaviour::Drop).with(SERVFAIL_NAME, Behaviour::ServFail),
            ),
            ([127, 0, 0, 2].into(), good(2, SLOW_ANSWER_MS)),
            ([127, 0, 0, 3].into(), good(3, SLOWER_ANSWER_MS)),
        ],
    }
}

impl Scenario for ThreeNameservers {
    fn id(&self) -> Id {
        Id::D06
    }

    fn title(&self) -> &'static str {
        "three nameservers, the first drops queries or answers SERVFAIL"
    }

    fn run(&self, probe: &Path) -> Result<ScenarioRun, String> {
        let (exchanges, interfaces) = in_fixture(&spec(), |fx| {
            [(LABEL, NAME), (SERVFAIL_LABEL, SERVFAIL_NAME)]
                .into_iter()
                .map(|(label, name)| {
                    exchange(
                        fx,
                        probe,
                        label,
                        &[
                            "--name", name, "--hints", "inet", "--id", "D06", "--case", label,
                        ],
                    )
                })
                .collect::<Vec<_>>()
        })?;
        let checks = exchanges
            .iter()
            .flat_map(|ex| {
                let what = if ex.label == LABEL {
                    "first nameserver drops"
                } else {
                    "first nameserver answers SERVFAIL"
                };
                case_checks(ex, what)
            })
            .collect();
        Ok(ScenarioRun {
            id: "D06",
            checks,
            exchanges,
            interfaces,
        })
    }
}

/// The servers asked (when each got its first query, and how many it got)
/// and the client's answer, for one case. Times are durations compared with
/// the report's tolerance, so the same behaviour gives the same cell.
fn case_checks(ex: &Exchange, what: &str) -> Vec<Check> {
    let lookup = ex.lookup(0);
    let asked = ex.first_query_per_server().into_iter().map(|(server, at)| {
        let seen = Observed::record([
            ("first_at", Observed::duration(at)),
            ("queries", Observed::Int(ex.queries_to(server) as i64)),
        ]);
        (server.to_string(), seen)
    });
    let answered_by = match lookup.and_then(|l| l.addresses.first()) {
        Some(a) => match server_of(*a) {
            Some(server) => Observed::text(server.to_string()),
            None => Observed::text("unknown server"),
        },
        None => Observed::text("none"),
    };
    let mut answer = client_summary(lookup);
    answer.push(("answered_by", answered_by));
    if let Some(l) = lookup {
        answer.push(("elapsed", Observed::duration(l.elapsed)));
    }
    vec![
        Check::new(
            Id::D06,
            &format!("{}/asked", ex.label),
            &format!("{what}: servers asked, first query and number of queries each"),
        )
        .ok(
            Observed::record(asked),
            format!("{} queries in all (server log)", ex.query_count()),
        ),
        Check::new(
            Id::D06,
            &format!("{}/answer", ex.label),
            &format!("{what}: answer and time to answer"),
        )
        .ok(
            Observed::record(answer),
            "client: probe-dns; answered_by from the address returned",
        ),
    ]
}

/// The good servers answer 10.6.x.N from 127.0.0.N: the server whose data
/// the client returned.
fn server_of(address: IpAddr) -> Option<IpAddr> {
    match address {
        IpAddr::V4(a) => match a.octets() {
            [10, 6, _, n @ (2 | 3)] => Some(IpAddr::from([127, 0, 0, n])),
            _ => None,
        },
        IpAddr::V6(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_names_the_server_whose_data_it_is() {
        assert_eq!(
            server_of([10, 6, 1, 3].into()),
            Some(IpAddr::from([127, 0, 0, 3]))
        );
        assert_eq!(
            server_of([10, 6, 0, 1].into()),
            None,
            "127.0.0.1 has no data"
        );
        assert_eq!(server_of([10, 7, 0, 2].into()), None);
    }
}
