//! The DNS lab's columns: every probe-dns build run through muslab-dns's
//! scenarios in the hermetic fixture (environment "dns-fixture"), collected
//! into the same [`Matrix`] as every other probe, so the same renderers show
//! it. `muslab dns` writes it as results/dns.json and results/dns.md.

use muslab_catalogue::Id;
use std::path::Path;

use muslab_report::probes;
use muslab_report::Report;

use muslab_dns::fixture::ProbeError;

use crate::matrix::{Column, EnvironmentInfo, Matrix, Run, RunOutcome};
use crate::progress::Progress;
use crate::target::Target;

pub const ENVIRONMENT: &str = "dns-fixture";
/// The column of S3's fix, hickory-resolver.
pub const FIX_ENVIRONMENT: &str = "hickory-resolver";

pub fn environment() -> EnvironmentInfo {
    EnvironmentInfo {
        name: ENVIRONMENT.to_owned(),
        description: "network + mount namespaces with only loopback (127.0.0.1-3; D27 adds a veth link or turns IPv6 off), muslab's DNS servers on port 53, generated resolv.conf (timeout:1 attempts:1), hosts and nsswitch.conf".to_owned(),
    }
}

/// Runs `scenarios` for each target's probe-dns. Missing binaries are one
/// error before anything runs.
pub fn run(
    build_dir: &Path,
    targets: &[Target],
    scenarios: &[Box<dyn muslab_dns::scenario::Scenario>],
    quiet: bool,
) -> Result<Matrix, String> {
    if muslab_sys::namespace::euid() != 0 {
        return Err("needs root (network and mount namespaces for the DNS fixture): run it as root, e.g. sudo muslab dns".to_owned());
    }
    let binaries = targets
        .iter()
        .map(|t| probes::binary(build_dir, t, &probes::DNS).map(|p| (t.clone(), p)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut progress = Progress::new(binaries.len(), quiet);
    let mut columns = Vec::new();
    let mut runs = Vec::new();
    for (target, path) in binaries {
        progress.step(&format!(
            "{ENVIRONMENT}: {} ({})",
            probes::DNS.name,
            target.triple
        ));
        let column = columns.len();
        columns.push(Column {
            target,
            environment: ENVIRONMENT.to_owned(),
        });
        let outcome =
            RunOutcome::from_result(muslab_dns::suite::run(&path, scenarios).map(|s| s.report));
        runs.push(Run {
            column,
            probe: probes::DNS.name.to_owned(),
            outcome,
            prediction: None,
            unpredicted: None,
        });
    }
    progress.finish();
    let mut environments = vec![environment()];
    if scenarios.iter().any(|s| s.id() == Id::S3) {
        environments.push(EnvironmentInfo {
            name: FIX_ENVIRONMENT.to_owned(),
            description: "S3's fix: hickory-resolver (pure Rust, with a cache) in the lab process, same fixture and server".to_owned(),
        });
        let build = muslab_probes::build_info::embedded();
        let column = columns.len();
        columns.push(Column {
            target: Target::new(&build.target),
            environment: FIX_ENVIRONMENT.to_owned(),
        });
        let outcome = RunOutcome::from_result(
            muslab_dns::hickory_fix::run()
                .map_err(ProbeError::Fixture)
                .map(|checks| {
                    Report::new(
                        probes::DNS.name,
                        build,
                        muslab_probes::build_info::host(),
                        checks,
                    )
                }),
        );
        runs.push(Run {
            column,
            probe: probes::DNS.name.to_owned(),
            outcome,
            prediction: None,
            unpredicted: None,
        });
    }
    Ok(Matrix::build(environments, columns, runs))
}
