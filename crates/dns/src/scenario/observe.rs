//! Reading one exchange: the client's lookups and the servers' queries, in
//! the coarse, comparable terms the matrix shows (times rounded so that the
//! same behaviour on two builds gives the same cell).

use std::collections::BTreeMap;
use std::net::IpAddr;

use muslab_report::{Observed, Status};

use super::Exchange;
use crate::query_log::{Action, QueryRecord};

/// One sequential lookup as probe-dns reported it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientLookup {
    pub result: String,
    pub addresses: Vec<String>,
    pub elapsed_us: u64,
    pub canonname: Option<String>,
}

impl Exchange {
    /// The `i`th sequential lookup of the probe, if it ran.
    pub fn lookup(&self, i: usize) -> Option<ClientLookup> {
        let report = self.client.as_ref().ok()?;
        let check = report
            .checks
            .iter()
            .find(|c| c.case.ends_with(&format!("/seq/{i}")))?;
        if check.status != Status::Ok {
            return None;
        }
        let Observed::Fields(f) = &check.observed else {
            return None;
        };
        Some(ClientLookup {
            result: f.get("result").cloned().unwrap_or_default(),
            addresses: f
                .get("addresses")
                .map(|a| {
                    a.split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            elapsed_us: f
                .get("elapsed_us")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
            canonname: f.get("canonname").cloned(),
        })
    }

    /// The probe's concurrent-batch summary fields.
    pub fn concurrent(&self) -> Option<BTreeMap<String, String>> {
        let report = self.client.as_ref().ok()?;
        let check = report
            .checks
            .iter()
            .find(|c| c.case.ends_with("/concurrent"))?;
        match &check.observed {
            Observed::Fields(f) => Some(f.clone()),
            _ => None,
        }
    }

    /// Real queries (not garbage), in arrival order.
    pub fn queries(&self) -> impl Iterator<Item = &QueryRecord> {
        self.queries.iter().filter(|q| q.is_query())
    }

    /// Microseconds from the first query of the exchange.
    pub fn offset_us(&self, q: &QueryRecord) -> u64 {
        let first = self.queries().next().map(|f| f.at_us).unwrap_or(q.at_us);
        q.at_us.saturating_sub(first)
    }

    /// The first query each server received, as (server, offset from the
    /// exchange's first query).
    pub fn first_query_per_server(&self) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = Vec::new();
        for q in self.queries() {
            let s = q.server.to_string();
            if !out.iter().any(|(x, _)| *x == s) {
                out.push((s, self.offset_us(q)));
            }
        }
        out
    }

    /// How many queries `server` received.
    pub fn queries_to(&self, server: IpAddr) -> usize {
        self.queries().filter(|q| q.server == server).count()
    }

    /// The names asked, in order, each once: `name/TYPE`.
    pub fn names_asked(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for q in self.queries() {
            let n = format!("{}/{}", q.name, q.qtype);
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }

    pub fn transports(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for q in self.queries() {
            let t = format!("{:?}", q.transport).to_lowercase();
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    pub fn query_count(&self) -> usize {
        self.queries().count()
    }

    pub fn truncated_replies(&self) -> usize {
        self.queries()
            .filter(|q| matches!(q.action, Action::Truncated { .. }))
            .count()
    }
}

/// A duration in the coarse steps the matrix compares: under 100 ms is
/// "<0.1 s", otherwise tenths of a second.
pub fn coarse(us: u64) -> String {
    if us < 100_000 {
        "<0.1 s".to_owned()
    } else {
        format!("{:.1} s", (us as f64 / 1e6 * 10.0).round() / 10.0)
    }
}

/// The client's result for the joined check: `ok` with addresses, or the
/// error name.
pub fn client_summary(l: &Option<ClientLookup>) -> Vec<(&'static str, String)> {
    match l {
        None => vec![("result", "no result".to_owned())],
        Some(l) => {
            let mut v = vec![("result", l.result.clone())];
            if l.result == "ok" {
                v.push(("addresses", l.addresses.join(",")));
            }
            v
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn coarse_rounds_to_tenths() {
        assert_eq!(super::coarse(3_000), "<0.1 s");
        assert_eq!(super::coarse(1_004_000), "1.0 s");
        assert_eq!(super::coarse(1_960_000), "2.0 s");
    }
}
