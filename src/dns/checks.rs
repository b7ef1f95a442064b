//! The client's observations as report checks: one per sequential lookup
//! (`<case>/seq/<i>`) and one summary of the concurrent batch
//! (`<case>/concurrent`). Values are what this run saw; the lab adds the
//! servers' side.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed, Status};

use super::lookup::Lookup;
use super::plan::Outcome;

pub fn lookup_fields(l: &Lookup) -> Observed {
    let mut f = vec![
        ("name", l.name.clone()),
        ("result", l.result.clone()),
        ("count", l.addresses.len().to_string()),
        ("addresses", l.addresses.join(",")),
        ("elapsed_us", l.elapsed_us.to_string()),
    ];
    if !l.message.is_empty() {
        f.push(("message", l.message.clone()));
    }
    if let Some(c) = &l.canonname {
        f.push(("canonname", c.clone()));
    }
    Observed::fields(f)
}

pub fn concurrent_fields(outcome: &Outcome) -> Observed {
    let mut times: Vec<u64> = outcome.concurrent.iter().map(|l| l.elapsed_us).collect();
    times.sort_unstable();
    let ok = outcome.concurrent.iter().filter(|l| l.ok()).count();
    let mut errors: Vec<String> = outcome
        .concurrent
        .iter()
        .filter(|l| !l.ok())
        .map(|l| l.result.clone())
        .collect();
    errors.sort();
    errors.dedup();
    Observed::fields([
        ("lookups", outcome.concurrent.len().to_string()),
        ("ok", ok.to_string()),
        ("errors", errors.join(",")),
        ("wall_us", outcome.concurrent_wall_us.to_string()),
        (
            "median_us",
            times.get(times.len() / 2).copied().unwrap_or(0).to_string(),
        ),
        ("slowest_us", times.last().copied().unwrap_or(0).to_string()),
    ])
}

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
    let mut out: Vec<Check> = outcome
        .sequential
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Check::new(
                id,
                &format!("{case}/seq/{i}"),
                &format!("getaddrinfo(\"{}\") #{i}", l.name),
            )
            .ok(lookup_fields(l), "")
        })
        .collect();
    if !outcome.concurrent.is_empty() {
        out.push(
            Check::new(
                id,
                &format!("{case}/concurrent"),
                &format!("{} concurrent getaddrinfo", outcome.concurrent.len()),
            )
            .ok(concurrent_fields(&outcome), ""),
        );
    }
    out
}
