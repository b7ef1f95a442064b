//! The client's observations as report checks: one per sequential lookup
//! (`<case>/seq/<i>`, an [`Observed::Lookup`]) and one for the concurrent
//! batch (`<case>/concurrent`, an [`Observed::Batch`]). Values are what this
//! run saw; the lab adds the servers' side.

use std::process::ExitCode;

use muslab_catalogue::Id;
use muslab_report::{Check, Observed, Report, Status, LOOKUP_FAILED_EXIT};

use super::plan::Outcome;

pub fn checks(id: Id, case: &str, result: Result<Outcome, Status>) -> Vec<Check> {
    let outcome = match result {
        Ok(o) => o,
        Err(status) => {
            return vec![
                Check::new(id, &format!("{case}/run"), "getaddrinfo run").status(
                    status,
                    Observed::None,
                    "the lookups did not finish",
                ),
            ]
        }
    };
    let mut out: Vec<Check> = Vec::new();
    for (i, l) in outcome.sequential.into_iter().enumerate() {
        let title = format!("getaddrinfo(\"{}\") #{i}", l.name);
        out.push(Check::new(id, &format!("{case}/seq/{i}"), &title).ok(Observed::Lookup(l), ""));
    }
    if let Some(batch) = outcome.concurrent {
        let title = format!("{} concurrent getaddrinfo", batch.lookups.len());
        out.push(
            Check::new(id, &format!("{case}/concurrent"), &title).ok(Observed::Batch(batch), ""),
        );
    }
    out
}

/// Success when every lookup answered; otherwise one line on stderr per
/// failed name, with the names this libc asked under resolv.conf, and
/// [`LOOKUP_FAILED_EXIT`].
pub fn exit_code(report: &Report) -> ExitCode {
    let mut failed: Vec<String> = Vec::new();
    for c in &report.checks {
        match (&c.status, &c.observed) {
            (Status::Ok, Observed::Lookup(l)) if !l.ok() => failed.push(format!(
                "getaddrinfo(\"{}\") failed: {}",
                l.name,
                l.result()
            )),
            (Status::Ok, Observed::Batch(b)) if !b.errors().is_empty() => failed.push(format!(
                "{} of {} concurrent lookups failed",
                b.errors().len(),
                b.lookups.len()
            )),
            (Status::Ok, _) | (Status::Unsupported { .. }, _) => {}
            (other, _) => failed.push(format!("{}: {other}", c.title)),
        }
    }
    if failed.is_empty() {
        return ExitCode::SUCCESS;
    }
    let libc = report.build.libc.to_string();
    let asked = report
        .checks
        .iter()
        .filter(|c| c.id == Id::Env && c.case.starts_with("resolv-queries:"))
        .find_map(|c| match &c.observed {
            Observed::Record(r) => r.get(&libc).map(|q| format!("{}", q)),
            _ => None,
        })
        .unwrap_or_else(|| "(resolv.conf not readable)".to_owned());
    failed.dedup();
    for f in failed {
        eprintln!("probe-dns: {f}; {libc} asked, per resolv.conf: {asked}");
    }
    ExitCode::from(LOOKUP_FAILED_EXIT)
}
