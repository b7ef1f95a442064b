//! Runs the scenarios against one probe-dns build and folds them into one
//! Report (probe "probe-dns"), so the lab's matrix holds DNS checks like any
//! other probe's: the build and host facts are the client's own, the checks
//! are the joined client + server observations.

use std::path::Path;

use muslab_report::{Check, Report};

use crate::scenario::{Scenario, ScenarioRun};

pub struct SuiteRun {
    pub report: Report,
    pub runs: Vec<ScenarioRun>,
}

/// Runs `scenarios` with the probe at `probe`. A scenario that cannot run at
/// all becomes one error check with its id, so the matrix still shows it.
pub fn run(probe: &Path, scenarios: &[Box<dyn Scenario>]) -> Result<SuiteRun, String> {
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
    let client = client.ok_or_else(|| {
        let why = runs
            .iter()
            .flat_map(|r| r.exchanges.iter())
            .find_map(|e| e.client.as_ref().err().cloned())
            .or_else(|| checks.first().map(|c| c.status.to_string()))
            .unwrap_or_else(|| "no scenario ran".to_owned());
        format!("probe-dns gave no report: {why}")
    })?;
    Ok(SuiteRun {
        report: Report::new("probe-dns", client.build, client.host, checks),
        runs,
    })
}
