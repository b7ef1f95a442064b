//! Runs every probe for every target in every environment and collects the
//! reports into a [`Matrix`].

use std::path::PathBuf;
use std::time::Duration;

use muslab_probes::report::Report;

use crate::environment::{Environment, Support};
use crate::matrix::{Column, EnvironmentInfo, Matrix, Run, RunOutcome};
use crate::probe_set;
use crate::progress::Progress;
use crate::target::Target;

pub struct Plan {
    pub build_dir: PathBuf,
    pub targets: Vec<Target>,
    pub probes: Vec<String>,
    pub timeout: Duration,
    pub quiet: bool,
}

/// Checks that every probe binary exists before anything runs, so a missing
/// build is one clear error rather than a matrix full of failures.
pub fn locate_binaries(plan: &Plan) -> Result<Vec<(Target, String, PathBuf)>, String> {
    let mut out = Vec::new();
    for target in &plan.targets {
        for probe in &plan.probes {
            out.push((
                target.clone(),
                probe.clone(),
                probe_set::binary(&plan.build_dir, target, probe)?,
            ));
        }
    }
    Ok(out)
}

pub fn run(plan: &Plan, environments: &mut [Box<dyn Environment>]) -> Result<Matrix, String> {
    let binaries = locate_binaries(plan)?;
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
    let mut progress = Progress::new(binaries.len() * environments.len(), plan.quiet);
    for env in environments.iter() {
        for target in &plan.targets {
            let column = columns.len();
            columns.push(Column {
                target: target.clone(),
                environment: env.name().to_owned(),
            });
            for (_, probe, path) in binaries.iter().filter(|(t, _, _)| t == target) {
                progress.step(&format!("{}: {probe} ({})", env.name(), target.triple));
                let outcome = match env.supports(target) {
                    Support::NotAvailable(reason) => RunOutcome::NotAvailable { reason },
                    Support::Yes => run_probe(env.as_ref(), path, plan.timeout),
                };
                runs.push(Run {
                    column,
                    probe: probe.clone(),
                    outcome,
                });
            }
        }
    }
    progress.finish();
    Ok(Matrix::build(env_info, columns, runs))
}

fn run_probe(env: &dyn Environment, path: &std::path::Path, timeout: Duration) -> RunOutcome {
    match env.run(path, &["--json"], timeout) {
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
        Err(e) => RunOutcome::Failed {
            exit: crate::environment::ProcessExit::Code { code: -1 },
            stderr: format!("could not start {}: {e}", path.display()),
        },
    }
}
