//! Runs every probe for every target in every environment and collects the
//! reports into a [`Matrix`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use muslab_check::{Prediction, Predictor};
use muslab_report::probes::{self, Probe};
use muslab_report::Report;

use crate::environment::{Environment, Support};
use crate::matrix::{Column, EnvironmentInfo, Matrix, Run, RunOutcome};
use crate::progress::Progress;
use crate::target::Target;

pub struct Plan {
    pub build_dir: PathBuf,
    pub targets: Vec<Target>,
    /// Every probe's file for every target, found by [`locate_probes`].
    pub probes: Vec<(Target, String, PathBuf)>,
    pub timeout: Duration,
    pub quiet: bool,
    /// Programs that are not probes (the C hello fixtures): run without
    /// arguments, recorded only as a `RUN` row with what the user saw.
    pub plain: Vec<(Target, String, PathBuf)>,
}

/// Every probe's file for every target, checked to exist before anything is
/// built or run, so a missing build is one clear error rather than a matrix
/// full of failures.
pub fn locate_probes(
    build_dir: &Path,
    targets: &[Target],
    wanted: &[&'static Probe],
) -> Result<Vec<(Target, String, PathBuf)>, String> {
    let mut out = Vec::new();
    for target in targets {
        for probe in wanted {
            out.push((
                target.clone(),
                probe.name.to_owned(),
                probes::binary(build_dir, target, probe)?,
            ));
        }
    }
    Ok(out)
}

pub fn run(plan: &Plan, environments: &mut [Box<dyn Environment>]) -> Result<Matrix, String> {
    let mut binaries: Vec<(Target, String, PathBuf, bool)> = plan
        .probes
        .iter()
        .map(|(t, n, p)| (t.clone(), n.clone(), p.clone(), true))
        .collect();
    binaries.extend(
        plan.plain
            .iter()
            .map(|(t, n, p)| (t.clone(), n.clone(), p.clone(), false)),
    );
    let mut env_info = Vec::new();
    for env in environments.iter_mut() {
        env.prepare()
            .map_err(|e| format!("environment {}: {e}", env.name()))?;
        env_info.push(EnvironmentInfo {
            name: env.name().to_owned(),
            description: env.describe(),
        });
    }
    let mut columns = Vec::new();
    let mut runs = Vec::new();
    let predictor = Predictor::default();
    let mut progress = Progress::new(binaries.len() * environments.len(), plan.quiet);
    for env in environments.iter() {
        for target in &plan.targets {
            let column = columns.len();
            columns.push(Column {
                target: target.clone(),
                environment: env.name().to_owned(),
            });
            for (_, probe, path, is_probe) in binaries.iter().filter(|(t, ..)| t == target) {
                progress.step(&format!("{}: {probe} ({})", env.name(), target.triple));
                let outcome = match env.supports(target) {
                    Support::NotAvailable(reason) => RunOutcome::NotAvailable { reason },
                    Support::Yes => run_subject(env.as_ref(), path, *is_probe, plan.timeout),
                };
                let (prediction, unpredicted) = match predict(&predictor, env.as_ref(), path) {
                    Ok(p) => (Some(p), None),
                    Err(e) => (None, Some(e)),
                };
                runs.push(Run {
                    column,
                    probe: probe.clone(),
                    outcome,
                    prediction,
                    unpredicted,
                });
            }
        }
    }
    progress.finish();
    Ok(Matrix::build(env_info, columns, runs))
}

/// `muslab check`'s prediction for `path` in `env`, judged in the root the
/// binary meets there.
pub fn predict(
    predictor: &Predictor,
    env: &dyn Environment,
    path: &std::path::Path,
) -> Result<Prediction, String> {
    let root = env
        .root()
        .ok_or_else(|| format!("{}: prepare() was not called", env.name()))?;
    predictor.predict(path, env.id(), root)
}

/// Runs a probe (`--json`, parsed into a report) or a plain program (no
/// arguments, its output kept).
fn run_subject(
    env: &dyn Environment,
    path: &std::path::Path,
    is_probe: bool,
    timeout: Duration,
) -> RunOutcome {
    let args: &[&str] = if is_probe { &["--json"] } else { &[] };
    match env.run(path, args, timeout) {
        Ok(out) if out.success() && !is_probe => RunOutcome::Exited {
            stdout: out.stdout,
            stderr: out.stderr,
        },
        other => probe_outcome(other, path),
    }
}

fn probe_outcome(
    result: std::io::Result<crate::environment::ProcessOutput>,
    path: &std::path::Path,
) -> RunOutcome {
    match result {
        Ok(out) if out.success() => match Report::from_json(&out.stdout) {
            Ok(report) => RunOutcome::Report {
                report: Box::new(report),
            },
            Err(e) => RunOutcome::Failed {
                exit: out.exit,
                stderr: format!("{e}\n{}", out.stderr),
            },
        },
        Ok(out) => RunOutcome::Failed {
            exit: out.exit,
            stderr: out.stderr,
        },
        // The file name, not the path: the same refusal (an aarch64 build's
        // `Exec format error` on x86_64) reads the same for every target.
        Err(e) => RunOutcome::NotStarted {
            error: format!(
                "could not start {}: {e}",
                path.file_name()
                    .unwrap_or(path.as_os_str())
                    .to_string_lossy()
            ),
        },
    }
}
