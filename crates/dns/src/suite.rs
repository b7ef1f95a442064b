//! Runs the scenarios against one probe-dns build and folds them into one
//! Report (probe "probe-dns"), so the lab's matrix holds DNS checks like any
//! other probe's: the build and host facts are the client's own, the checks
//! are the joined client + server observations.

use std::path::Path;

use muslab_report::{Check, Report};

use crate::fixture::ProbeError;
use crate::scenario::{Scenario, ScenarioRun};

pub struct SuiteRun {
    pub report: Report,
    pub runs: Vec<ScenarioRun>,
}

/// Runs `scenarios` with the probe at `probe`. A scenario that cannot run at
/// all becomes one error check with its id, so the matrix still shows it.
pub fn run(probe: &Path, scenarios: &[Box<dyn Scenario>]) -> Result<SuiteRun, ProbeError> {
    let mut checks = Vec::new();
    let mut runs = Vec::new();
    let mut client: Option<Report> = None;
    for s in scenarios {
        match s.run(probe) {
            Ok(run) => {
                if client.is_none() {
                    client = run
                        .exchanges
                        .iter()
                        .find_map(|e| e.client.as_ref().ok().cloned());
                }
                checks.extend(run.checks.iter().cloned());
                runs.push(run);
            }
            Err(e) => checks.push(Check::new(s.id(), "fixture", s.title()).error(e)),
        }
    }
    // No report at all: the first probe's own failure (its exit or signal)
    // when one ran, else why no scenario could.
    let client = client.ok_or_else(|| {
        runs.iter()
            .flat_map(|r| r.exchanges.iter())
            .find_map(|e| e.client.as_ref().err().cloned())
            .unwrap_or_else(|| {
                ProbeError::Fixture(checks.first().map_or_else(
                    || "no scenario ran".to_owned(),
                    |c| format!("probe-dns gave no report: {}", c.status),
                ))
            })
    })?;
    Ok(SuiteRun {
        report: Report::new("probe-dns", client.build, client.host, checks),
        runs,
    })
}
