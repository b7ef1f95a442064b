//! The DNS lab's columns: every probe-dns build run through muslab-dns's
//! scenarios in the hermetic fixture (environment "dns-fixture"), collected
//! into the same [`Matrix`] as every other probe, so the same renderers show
//! it. `muslab dns` writes it as results/dns.json and results/dns.md.

use muslab_catalogue::Id;
use std::path::Path;

use muslab_report::probes;
use muslab_report::{BuildInfo, Libc, Linkage, Report};

use muslab_dns::fixture::ProbeError;

use crate::matrix::{Column, EnvironmentInfo, Matrix, Run, RunOutcome};
use crate::progress::Progress;
use crate::rootfs::debian_package::musl_loader;
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
    if scenarios.iter().any(|s| s.id() == Id::D08) {
        for (info, column, outcome) in musl_versions(build_dir) {
            runs.push(Run {
                column: columns.len(),
                probe: GETADDRINFO.to_owned(),
                outcome,
                prediction: None,
                unpredicted: None,
            });
            columns.push(column);
            environments.push(info);
        }
    }
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

/// The row name of the C client the musl-version columns run.
pub const GETADDRINFO: &str = "getaddrinfo";

/// D08's tc-retry case under each musl version: fixtures/getaddrinfo.c
/// (musl-gcc, dynamic) started by the loader of each Debian suite's musl
/// package, in one fixture. musl retries a truncated answer over TCP from
/// 1.2.4; before, it takes the empty UDP answer. Each column is named by
/// the version its loader reports when run; a loader that cannot be had is
/// a "not available" column named by its environment.
pub fn musl_versions(build_dir: &Path) -> Vec<(EnvironmentInfo, Column, RunOutcome)> {
    let target = Target::new(crate::version_subjects::TRIPLE);
    let program = crate::version_subjects::build_getaddrinfo(build_dir);
    let mut ready = Vec::new();
    let mut out = Vec::new();
    for (id, suite) in crate::environment::musl_version::SUITES {
        let loader = program
            .clone()
            .and_then(|p| musl_loader(build_dir, suite).map(|l| (l, p)));
        match loader {
            Ok(l) => ready.push((suite, l)),
            Err(reason) => out.push((
                EnvironmentInfo {
                    name: id.name().to_owned(),
                    description: format!("Debian {suite}'s musl loader: not available"),
                },
                RunOutcome::NotAvailable { reason },
            )),
        }
    }
    let commands = ready
        .iter()
        .map(|(_, (loader, program))| {
            let mut cmd = std::process::Command::new(&loader.path);
            cmd.arg(program);
            cmd
        })
        .collect();
    let results = muslab_dns::scenario::d08_truncation::tc_retry_by(commands);
    for (i, (suite, (loader, _))) in ready.iter().enumerate() {
        let outcome = match &results {
            Err(e) => RunOutcome::NotAvailable { reason: e.clone() },
            Ok(r) => match &r[i] {
                Err(e) => RunOutcome::NotAvailable { reason: e.clone() },
                Ok(checks) => RunOutcome::Report {
                    report: Box::new(Report::new(
                        GETADDRINFO,
                        c_client_build(&target, suite, &loader.version),
                        muslab_probes::build_info::host(),
                        checks.clone(),
                    )),
                },
            },
        };
        out.push((
            EnvironmentInfo {
                name: format!("musl-{}", loader.version),
                description: format!(
                    "fixtures/getaddrinfo.c (musl-gcc, dynamic) started by Debian {suite}'s musl \
                     loader (it reports {} when run) in the DNS fixture: D08's tc-retry case only",
                    loader.version
                ),
            },
            outcome,
        ));
    }
    out.into_iter()
        .map(|(info, outcome)| {
            let column = Column {
                target: target.clone(),
                environment: info.name.clone(),
            };
            (info, column, outcome)
        })
        .collect()
}

/// What the C client is: a dynamic musl program, its libc the loader that
/// started it.
fn c_client_build(target: &Target, suite: &str, version: &str) -> BuildInfo {
    BuildInfo {
        target: target.triple.clone(),
        libc: Libc::Musl,
        libc_version: version.to_owned(),
        libc_version_source: format!(
            "the loader of Debian {suite}'s musl package, run without arguments"
        ),
        runtime_libc_version: Some(version.to_owned()),
        linkage: Linkage::Dynamic,
        interpreter: None,
        pointer_width: 64,
        rustc: "none: C, built with musl-gcc".to_owned(),
    }
}
