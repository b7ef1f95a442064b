//! Reading one exchange: the client's typed lookups from probe-dns's report
//! and the servers' queries from their log.

use std::net::IpAddr;
use std::time::Duration;

use muslab_report::{Batch, Lookup, Observed};

use super::Exchange;
use crate::query_log::{Action, QueryRecord};

impl Exchange {
    /// The probe's sequential lookups, in the order it made them.
    pub fn lookups(&self) -> impl Iterator<Item = &Lookup> {
        let checks = self.client.as_ref().map(|r| r.checks.as_slice());
        checks
            .unwrap_or_default()
            .iter()
            .filter_map(|c| match &c.observed {
                Observed::Lookup(l) => Some(l),
                _ => None,
            })
    }

    /// The `i`th sequential lookup of the probe, if it ran.
    pub fn lookup(&self, i: usize) -> Option<&Lookup> {
        self.lookups().nth(i)
    }

    /// The probe's concurrent batch, if it ran one.
    pub fn batch(&self) -> Option<&Batch> {
        let report = self.client.as_ref().ok()?;
        report.checks.iter().find_map(|c| match &c.observed {
            Observed::Batch(b) => Some(b),
            _ => None,
        })
    }

    /// Real queries (not garbage), in arrival order.
    pub fn queries(&self) -> impl Iterator<Item = &QueryRecord> {
        self.queries.iter().filter(|q| q.is_query())
    }

    /// Time from the exchange's first query to `q`.
    pub fn offset(&self, q: &QueryRecord) -> Duration {
        let first = self.queries().next().map(|f| f.at_us).unwrap_or(q.at_us);
        Duration::from_micros(q.at_us.saturating_sub(first))
    }

    /// The first query each server received, as (server, time from the
    /// exchange's first query), in arrival order.
    pub fn first_query_per_server(&self) -> Vec<(IpAddr, Duration)> {
        let mut out: Vec<(IpAddr, Duration)> = Vec::new();
        for q in self.queries() {
            if !out.iter().any(|(s, _)| *s == q.server) {
                out.push((q.server, self.offset(q)));
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
            let qtype = q.qtype.map(|t| t.to_string()).unwrap_or_default();
            let n = format!("{}/{qtype}", q.name);
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }

    /// The record types asked (`A`, `AAAA`), each once, in arrival order.
    pub fn types_asked(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for q in self.queries() {
            let t = q.qtype.map(|t| t.to_string()).unwrap_or_default();
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    pub fn transports(&self) -> Vec<String> {
        transports_of(self.queries())
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

/// The transports `queries` came over (`udp`, `tcp`), each once, in order.
pub fn transports_of<'a>(queries: impl Iterator<Item = &'a QueryRecord>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in queries {
        let t = format!("{:?}", q.transport).to_lowercase();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Addresses as the matrix shows them.
pub fn addresses(list: &[IpAddr]) -> Observed {
    Observed::List(list.iter().map(IpAddr::to_string).collect())
}

/// The client's result for a joined check: `ok` with the addresses, or the
/// error's name.
pub fn client_summary(l: Option<&Lookup>) -> Vec<(&'static str, Observed)> {
    match l {
        None => vec![("result", Observed::text("no result"))],
        Some(l) if l.ok() => vec![
            ("result", Observed::text(l.result())),
            ("addresses", addresses(&l.addresses)),
        ],
        Some(l) => vec![("result", Observed::text(l.result()))],
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use muslab_report::{
        Batch, BuildInfo, Check, Eai, HostInfo, Libc, Linkage, Lookup, LookupError, Observed,
        Report,
    };

    use super::*;
    use muslab_catalogue::Id;

    fn lookup(name: &str, last: u8) -> Lookup {
        Lookup {
            name: name.into(),
            error: None,
            addresses: vec![IpAddr::from([10, 0, 0, last])],
            canonname: None,
            elapsed: Duration::from_micros(1500),
        }
    }

    fn exchange(checks: Vec<Check>) -> Exchange {
        let build = BuildInfo {
            target: "x86_64-unknown-linux-musl".into(),
            libc: Libc::Musl,
            libc_version: "1.2.5".into(),
            libc_version_source: "test".into(),
            runtime_libc_version: None,
            linkage: Linkage::Static,
            interpreter: None,
            pointer_width: 64,
            rustc: "rustc".into(),
        };
        let host = HostInfo {
            sysname: None,
            release: None,
            machine: None,
            uname_error: None,
        };
        Exchange::new(
            "t",
            Ok(Report::new("probe-dns", build, host, checks)),
            Vec::new(),
        )
    }

    #[test]
    fn a_probe_printing_lookups_as_text_fields_is_refused() {
        let ex =
            exchange(vec![Check::new(Id::S3, "lookup/seq/0", "old")
                .ok(Observed::fields([("result", "ok")]), "")]);
        assert_eq!(ex.lookup(0), None);
        let err = ex.client.expect_err("an untyped report is refused");
        assert!(
            err.to_string().contains("rebuild the probes"),
            "got {err:?}, want a rebuild hint"
        );
    }

    #[test]
    fn lookups_and_the_batch_come_from_the_report_in_order() {
        let batch = Batch {
            lookups: vec![lookup("c.test", 3)],
            wall: Duration::from_millis(7),
        };
        let ex = exchange(vec![
            Check::new(Id::S3, "a", "first").ok(Observed::Lookup(lookup("a.test", 1)), ""),
            Check::new(Id::S3, "c", "batch").ok(Observed::Batch(batch.clone()), ""),
            Check::new(Id::S3, "b", "second").ok(Observed::Lookup(lookup("b.test", 2)), ""),
        ]);
        let names: Vec<&str> = ex.lookups().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["a.test", "b.test"]);
        assert_eq!(
            ex.lookup(1).map(|l| l.addresses[0]),
            Some([10, 0, 0, 2].into())
        );
        assert_eq!(ex.lookup(2), None);
        assert_eq!(ex.batch(), Some(&batch));
    }

    #[test]
    fn summary_shows_addresses_on_success_and_the_code_on_failure() {
        let ok = lookup("a.test", 1);
        assert_eq!(
            Observed::record(client_summary(Some(&ok))).to_string(),
            "addresses=10.0.0.1 result=ok"
        );
        let failed = Lookup {
            error: Some(LookupError {
                code: Eai::NoName,
                message: "Name does not resolve".into(),
            }),
            addresses: Vec::new(),
            ..ok
        };
        assert_eq!(
            Observed::record(client_summary(Some(&failed))).to_string(),
            "result=EAI_NONAME"
        );
        assert_eq!(
            Observed::record(client_summary(None)).to_string(),
            "result=no result"
        );
    }
}
