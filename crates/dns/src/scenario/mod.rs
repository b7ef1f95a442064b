//! The DNS scenarios, one file each, named after the catalogue id they
//! observe. A scenario builds one or more fixtures, runs probe-dns in them,
//! and joins what the client reported with what the servers logged into one
//! check per observation (`id`, `case`). The raw evidence (client reports,
//! query logs) is kept beside the checks for tests and for the report.

pub mod d06_three_nameservers;
pub mod d07_search_ndots;
pub mod d08_truncation;
pub mod d09_flags_hosts_cache;
pub mod d27_addrconfig;
pub mod observe;
pub mod s3_latency;

use muslab_catalogue::Id;
use std::path::Path;
use std::time::Duration;

use muslab_report::{Check, Observed, Report, Status};

use crate::fixture::{self, Fixture, ProbeError, RunningProbe, Spec};
use crate::query_log::QueryRecord;

/// What one case of a scenario saw from both ends.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub label: String,
    /// The probe's report, or why there is none.
    pub client: Result<Report, ProbeError>,
    /// Everything the servers logged during this exchange, in arrival order.
    pub queries: Vec<QueryRecord>,
}

impl Exchange {
    /// Joins a probe run with the queries logged meanwhile. A report whose
    /// lookups are not typed comes from a probe-dns older than this lab.
    pub fn new(label: &str, client: Result<Report, ProbeError>, queries: Vec<QueryRecord>) -> Self {
        let client = client.and_then(|r| {
            let untyped = r.checks.iter().any(|c| {
                c.id != Id::Env
                    && c.status == Status::Ok
                    && !matches!(c.observed, Observed::Lookup(_) | Observed::Batch(_))
            });
            if untyped {
                return Err(ProbeError::BadReport(format!(
                    "{} printed lookups as text fields, not typed: rebuild the probes (make probes)",
                    r.probe
                )));
            }
            Ok(r)
        });
        Exchange {
            label: label.to_owned(),
            client,
            queries,
        }
    }
}

/// One scenario's run against one probe-dns build.
#[derive(Debug, Clone)]
pub struct ScenarioRun {
    pub id: &'static str,
    pub checks: Vec<Check>,
    pub exchanges: Vec<Exchange>,
    /// `ip -o addr` inside the fixture (D27, with several fixtures: each
    /// line prefixed with its variant's name).
    pub interfaces: Vec<String>,
}

impl ScenarioRun {
    pub fn exchange(&self, label: &str) -> &Exchange {
        self.exchanges
            .iter()
            .find(|e| e.label == label)
            .unwrap_or_else(|| panic!("{}: no exchange '{label}'", self.id))
    }

    pub fn check(&self, case: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.case == case)
    }
}

pub trait Scenario: Sync {
    /// Catalogue id: D06 ... S3.
    fn id(&self) -> Id;
    fn title(&self) -> &'static str;
    fn run(&self, probe: &Path) -> Result<ScenarioRun, String>;
}

/// Every scenario, in catalogue order.
pub fn all() -> Vec<Box<dyn Scenario>> {
    vec![
        Box::new(d06_three_nameservers::ThreeNameservers),
        Box::new(d07_search_ndots::SearchNdots),
        Box::new(d08_truncation::Truncation),
        Box::new(d09_flags_hosts_cache::FlagsHostsCache),
        Box::new(d27_addrconfig::AddrConfig),
        Box::new(s3_latency::Latency),
    ]
}

/// The fixture of a scenario's first case (for `muslab dns-serve`).
pub fn spec_of(id: &str) -> Option<Spec> {
    match id.to_ascii_uppercase().as_str() {
        "D06" => Some(d06_three_nameservers::spec()),
        "D07" => Some(d07_search_ndots::spec()),
        "D08" => Some(d08_truncation::spec()),
        "D09" => Some(d09_flags_hosts_cache::spec()),
        "D27" => d27_addrconfig::variants()
            .into_iter()
            .next()
            .map(|v| d27_addrconfig::spec(v.network)),
        "S3" => Some(s3_latency::spec()),
        _ => None,
    }
}

pub fn by_id(id: &str) -> Option<Box<dyn Scenario>> {
    all()
        .into_iter()
        .find(|s| s.id().as_str().eq_ignore_ascii_case(id))
}

/// Generous bound on one probe run: resolv.conf timeouts are 1 s.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(20);

/// Runs probe-dns once inside `fx` with `args`; returns its report and the
/// queries logged meanwhile (the log is emptied first).
pub fn exchange(fx: &Fixture, probe: &Path, label: &str, args: &[&str]) -> Exchange {
    fx.log().take();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let client = RunningProbe::spawn(probe, &args).and_then(|p| p.finish(PROBE_TIMEOUT));
    // A reply in flight (or a late resend) is logged within a few ms.
    std::thread::sleep(Duration::from_millis(20));
    Exchange::new(label, client, fx.log().take())
}

/// Builds a fixture for `spec` and runs `body` in it.
pub fn in_fixture<T: Send>(
    spec: &Spec,
    body: impl FnOnce(&mut Fixture) -> T + Send,
) -> Result<(T, Vec<String>), String> {
    fixture::run(spec, |fx| {
        let interfaces = fx.interfaces.clone();
        (body(fx), interfaces)
    })
}
