//! D06, three nameservers, the first dropping every query.
//!
//! resolv.conf lists 127.0.0.1 (drops), 127.0.0.2 and 127.0.0.3 (each
//! answers with its own address, so the client's answer says which server
//! won), `timeout:1 attempts:1`. glibc asks the servers in order and moves on
//! only after a timeout; musl sends to all of them at once and takes the
//! first answer. The servers' logs show who was asked, in what order, when.

use std::path::Path;

use muslab_probes::report::{Check, Observed};

use super::observe::{client_summary, coarse};
use super::{exchange, in_fixture, Scenario, ScenarioRun};
use crate::fixture::{files, ResolvConf, Spec};
use crate::zone::{Behaviour, Zone};

pub const NAME: &str = "d06.test";
pub const LABEL: &str = "first-drops";

pub struct ThreeNameservers;

pub fn spec() -> Spec {
    Spec {
        resolv: ResolvConf::new(&[[127, 0, 0, 1], [127, 0, 0, 2], [127, 0, 0, 3]]),
        hosts: files::hosts(&[]),
        servers: vec![
            ([127, 0, 0, 1].into(), Zone::all(Behaviour::Drop)),
            (
                [127, 0, 0, 2].into(),
                Zone::default().with(NAME, Behaviour::v4(&[[10, 6, 0, 2]])),
            ),
            (
                [127, 0, 0, 3].into(),
                Zone::default().with(NAME, Behaviour::v4(&[[10, 6, 0, 3]])),
            ),
        ],
    }
}

impl Scenario for ThreeNameservers {
    fn id(&self) -> &'static str {
        "D06"
    }

    fn title(&self) -> &'static str {
        "three nameservers, the first drops queries"
    }

    fn run(&self, probe: &Path) -> Result<ScenarioRun, String> {
        let (ex, interfaces) = in_fixture(&spec(), |fx| {
            exchange(
                fx,
                probe,
                LABEL,
                &[
                    "--name", NAME, "--hints", "inet", "--id", "D06", "--case", LABEL,
                ],
            )
        })?;
        let lookup = ex.lookup(0);
        let mut first = ex.first_query_per_server();
        // Queries sent together arrive in any order: sort within a 0.1 s step.
        first.sort_by_key(|(s, at)| ((*at + 50_000) / 100_000, s.clone()));
        let asked: Vec<String> = first
            .iter()
            .map(|(s, at)| format!("{s} at +{}", coarse(*at)))
            .collect();
        let answered_by = match lookup.as_ref().and_then(|l| l.addresses.first()) {
            Some(a) if a == "10.6.0.2" => "127.0.0.2",
            Some(a) if a == "10.6.0.3" => "127.0.0.3",
            Some(_) => "unknown server",
            None => "none",
        };
        let mut answer = client_summary(&lookup);
        answer.push(("answered_by", answered_by.to_owned()));
        answer.push((
            "elapsed",
            lookup
                .as_ref()
                .map(|l| coarse(l.elapsed_us))
                .unwrap_or_default(),
        ));
        let checks = vec![
            Check::new(
                "D06",
                &format!("{LABEL}/asked"),
                "first nameserver drops: servers asked, first query each",
            )
            .ok(
                Observed::List(asked),
                format!("{} queries in all (server log)", ex.query_count()),
            ),
            Check::new(
                "D06",
                &format!("{LABEL}/answer"),
                "first nameserver drops: answer and time to answer",
            )
            .ok(
                Observed::fields(answer),
                "client: probe-dns; answered_by from the address returned",
            ),
        ];
        Ok(ScenarioRun {
            id: "D06",
            checks,
            exchanges: vec![ex],
            interfaces,
        })
    }
}
