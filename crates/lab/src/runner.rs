//! Runs every probe for every target in every environment and collects the
//! reports into a [`Matrix`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use muslab_check::{Prediction, Predictor};
use muslab_report::probes::{self, Probe};
use muslab_report::Report;

use crate::environment::{Environment, EnvironmentId, Support};
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
    /// Plain programs run only in the environments they name.
    pub scoped: Vec<Scoped>,
}

/// A plain program run only in some environments: the Go hellos in the
/// boxes S1 is about, the musl version subjects under each musl version.
#[derive(Debug, Clone)]
pub struct Scoped {
    pub target: Target,
    pub name: String,
    pub path: PathBuf,
    pub environments: Vec<EnvironmentId>,
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

/// One column and its runs (their `column` fields set when put in place).
type ColumnRuns = (Column, Vec<Run>);

/// How many environments run at once.
const WORKERS: usize = 6;

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
            name: env.label(),
            description: env.describe(),
        });
    }
    let predictor = Predictor::default();
    let subjects_in = |env: &dyn Environment, target: &Target| -> Vec<(&String, &PathBuf, bool)> {
        let every = env.runs_every_subject();
        binaries
            .iter()
            .filter(|(t, ..)| every && t == target)
            .map(|(_, n, p, is_probe)| (n, p, *is_probe))
            .chain(
                plan.scoped
                    .iter()
                    .filter(|s| s.target == *target && s.environments.contains(&env.id()))
                    .map(|s| (&s.name, &s.path, false)),
            )
            .collect()
    };
    let total = environments
        .iter()
        .flat_map(|env| {
            plan.targets
                .iter()
                .map(|t| subjects_in(env.as_ref(), t).len())
        })
        .sum();
    let progress = Mutex::new(Progress::new(total, plan.quiet));
    // Each environment's runs in order on one thread; a few environments at
    // a time, since most of a run is waiting for a child (a container
    // engine, an emulator). Results are put back in environment order.
    let next = AtomicUsize::new(0);
    let mut per_env: Vec<Option<Vec<ColumnRuns>>> = Vec::new();
    per_env.resize_with(environments.len(), || None);
    let per_env = Mutex::new(per_env);
    let envs: &[Box<dyn Environment>] = environments;
    // The slow environments are taken first (longest first keeps the last
    // minutes from running one column alone); columns keep their order.
    let order: Vec<usize> = (0..envs.len())
        .filter(|&i| envs[i].slow_runs())
        .chain((0..envs.len()).filter(|&i| !envs[i].slow_runs()))
        .collect();
    std::thread::scope(|s| {
        for _ in 0..WORKERS.min(envs.len()) {
            s.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let env = envs[i].as_ref();
                    let label = env.label();
                    let mut out = Vec::new();
                    for target in &plan.targets {
                        let subjects = subjects_in(env, target);
                        // An environment with nothing to run for a target has no column.
                        if subjects.is_empty() {
                            continue;
                        }
                        let column = Column {
                            target: target.clone(),
                            environment: label.clone(),
                        };
                        let mut runs = Vec::new();
                        for (probe, path, is_probe) in subjects {
                            progress
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .step(&format!("{label}: {probe} ({})", target.triple));
                            let outcome = match env.supports(target) {
                                Support::NotAvailable(reason) => {
                                    RunOutcome::NotAvailable { reason }
                                }
                                Support::Yes => run_subject(env, path, is_probe, plan.timeout),
                            };
                            let (prediction, unpredicted) = match predict(&predictor, env, path) {
                                Ok(p) => (Some(p), None),
                                Err(e) => (None, Some(e)),
                            };
                            runs.push(Run {
                                column: 0,
                                probe: probe.clone(),
                                outcome,
                                prediction,
                                unpredicted,
                            });
                        }
                        out.push((column, runs));
                    }
                    per_env.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(out);
                }
            });
        }
    });
    let mut columns = Vec::new();
    let mut runs = Vec::new();
    for env_columns in per_env
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
    {
        for (column, env_runs) in env_columns {
            let index = columns.len();
            columns.push(column);
            runs.extend(env_runs.into_iter().map(|r| Run { column: index, ..r }));
        }
    }
    let progress = progress.into_inner().unwrap_or_else(|e| e.into_inner());
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
