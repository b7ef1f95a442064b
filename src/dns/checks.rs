//! The client's observations as report checks: one per sequential lookup
//! (`<case>/seq/<i>`, an [`Observed::Lookup`]) and one for the concurrent
//! batch (`<case>/concurrent`, an [`Observed::Batch`]). Values are what this
//! run saw; the lab adds the servers' side.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed, Status};

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
