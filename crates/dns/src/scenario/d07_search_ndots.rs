//! D07, the search list and ndots.
//!
//! resolv.conf: one server, `search a.test b.test`, `ndots:1`. Two lookups:
//! - `host.missing` has 1 dot (>= ndots) and is NXDOMAIN as given, while
//!   `host.missing.b.test` exists: glibc falls back to the search list and
//!   finds it; musl (per the catalogue) does not.
//! - `web` (0 dots) is tried as `web.a.test` first, which answers NODATA for
//!   A; `web.b.test` has the address: glibc goes on, musl (per the catalogue)
//!   stops at the NODATA.
//!
//! The server's log gives the names asked, in order.

use muslab_catalogue::Id;
use std::path::Path;

use muslab_report::{Check, Observed};

use super::observe::client_summary;
use super::{exchange, in_fixture, Scenario, ScenarioRun};
use crate::fixture::{files, ResolvConf, Spec};
use crate::zone::{Behaviour, Zone};

pub const DOTTED: &str = "dotted-nxdomain";
pub const NODATA: &str = "search-nodata";

pub struct SearchNdots;

pub fn spec() -> Spec {
    let mut resolv = ResolvConf::new(&[[127, 0, 0, 1]]);
    resolv.search = vec!["a.test".into(), "b.test".into()];
    resolv.ndots = Some(1);
    Spec {
        resolv,
        hosts: files::hosts(&[]),
        network: crate::fixture::Network::default(),
        servers: vec![(
            [127, 0, 0, 1].into(),
            Zone::default()
                .with("web.a.test", Behaviour::NoData)
                .with("web.b.test", Behaviour::v4(&[[10, 7, 0, 2]]))
                .with("host.missing.b.test", Behaviour::v4(&[[10, 7, 0, 3]])),
        )],
    }
}

impl Scenario for SearchNdots {
    fn id(&self) -> Id {
        Id::D07
    }

    fn title(&self) -> &'static str {
        "search list and ndots"
    }

    fn run(&self, probe: &Path) -> Result<ScenarioRun, String> {
        let (exchanges, interfaces) = in_fixture(&spec(), |fx| {
            vec![
                exchange(
                    fx,
                    probe,
                    DOTTED,
                    &[
                        "--name",
                        "host.missing",
                        "--hints",
                        "inet",
                        "--id",
                        "D07",
                        "--case",
                        DOTTED,
                    ],
                ),
                exchange(
                    fx,
                    probe,
                    NODATA,
                    &[
                        "--name", "web", "--hints", "inet", "--id", "D07", "--case", NODATA,
                    ],
                ),
            ]
        })?;
        let mut checks = Vec::new();
        for (ex, title) in exchanges.iter().zip([
            "host.missing (dots >= ndots, NXDOMAIN; exists under the 2nd search domain)",
            "web (1st search domain NODATA, 2nd has it)",
        ]) {
            checks.push(
                Check::new(
                    Id::D07,
                    &format!("{}/asked", ex.label),
                    &format!("{title}: names asked"),
                )
                .ok(Observed::List(ex.names_asked()), "server log, in order"),
            );
            checks.push(
                Check::new(
                    Id::D07,
                    &format!("{}/answer", ex.label),
                    &format!("{title}: answer"),
                )
                .ok(
                    Observed::record(client_summary(ex.lookup(0))),
                    "client: probe-dns",
                ),
            );
        }
        Ok(ScenarioRun {
            id: "D07",
            checks,
            exchanges,
            interfaces,
        })
    }
}
