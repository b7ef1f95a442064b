//! resolv.conf as each libc's stub resolver uses it: the names it asks for a
//! given name (search list expansion with ndots), and the lines or options
//! that do not do what they seem to. A model of the two libcs' code, stated
//! as a prediction; the DNS lab compares it with what its servers log.
//!
//! glibc (resolv/res_query.c, `__res_context_search`): a name with at least
//! `ndots` dots, or a trailing dot, is asked as given first; then, unless it
//! ends in a dot, under each search domain; a name with fewer dots is asked
//! under each search domain first and as given last. The walk goes on past
//! NXDOMAIN, NODATA and SERVFAIL and stops at an answer or a timeout.
//!
//! musl (src/network/lookup_name.c, `name_from_dns_search`): a name with at
//! least `ndots` dots, or a trailing dot, is asked only as given, never under
//! a search domain; a name with fewer dots is asked under each search domain
//! and then as given. The walk goes on only past NXDOMAIN: NODATA, SERVFAIL
//! or a timeout ends it.

use std::path::Path;

use muslab_report::{Check, Id, Libc, Observed};

use super::nameserver_reach::{self, Reach};
use super::resolv_conf::{self, ResolvConf};

/// Both libcs use at most this many `nameserver` lines (MAXNS).
pub const MAX_NAMESERVERS: usize = 3;
/// musl reads resolv.conf lines into a buffer of this size and skips a line
/// that does not fit (src/network/resolvconf.c).
pub const MUSL_LINE_MAX: usize = 255;
/// The only `options` musl reads (src/network/resolvconf.c).
pub const MUSL_OPTIONS: &[&str] = &["ndots", "attempts", "timeout"];
/// Both libcs cap ndots at 15.
const NDOTS_MAX: usize = 15;
/// glibc's defaults without `options timeout:`/`attempts:` (resolv.h
/// RES_TIMEOUT and RES_DFLRETRY).
const GLIBC_TIMEOUT_S: usize = 5;
const GLIBC_ATTEMPTS: usize = 2;

impl ResolvConf {
    /// `options KEY:N`, the last one wins.
    fn option_number(&self, key: &str) -> Option<usize> {
        self.options
            .iter()
            .rev()
            .filter_map(|o| o.strip_prefix(key)?.strip_prefix(':'))
            .find_map(|n| n.parse::<usize>().ok())
    }

    /// `options ndots:N`, 1 when absent, capped at 15.
    pub fn ndots(&self) -> usize {
        self.option_number("ndots").unwrap_or(1).min(NDOTS_MAX)
    }

    /// What the measured reachability of the first nameserver means, if
    /// anything: see [`nameserver_reach`] for each libc's order of asking.
    pub fn reach_warning(&self, reach: &Reach) -> Option<String> {
        let first = self.nameservers.first()?;
        let what = match reach {
            Reach::Answered { .. } => return None,
            Reach::Refused => {
                "refused a query (ICMP port unreachable: nothing listens on port 53)".to_owned()
            }
            Reach::Silent { waited } => {
                format!("did not answer a query within {} ms", waited.as_millis())
            }
            Reach::Error(e) => format!("could not be asked ({e})"),
        };
        let later = &self.nameservers[1..self.nameservers.len().min(MAX_NAMESERVERS)];
        if later.is_empty() {
            return Some(format!(
                "the only nameserver {first} {what}: lookups fail on both libcs"
            ));
        }
        let timeout = self.option_number("timeout").unwrap_or(GLIBC_TIMEOUT_S);
        let attempts = self.option_number("attempts").unwrap_or(GLIBC_ATTEMPTS);
        let glibc = match reach {
            Reach::Refused => format!(
                "glibc asks it first on every lookup and goes on to {} when the refusal arrives (a server that drops queries would cost timeout:{timeout} s each time)",
                later[0]
            ),
            _ => format!(
                "glibc asks it first on every lookup and waits timeout:{timeout} s for it before asking {} (attempts:{attempts} rounds)",
                later[0]
            ),
        };
        Some(format!(
            "the first nameserver {first} {what}: {glibc}; musl asks {} at once and takes the first answer",
            if later.len() == 1 { "both" } else { "all of them" }
        ))
    }

    /// The names `libc` asks the servers for when resolving `name`, in order,
    /// until one answers (each name once; A and AAAA both when the program
    /// asks for both families). Assumes every name before the answer was
    /// NXDOMAIN: where the libcs stop earlier is in the module comment.
    pub fn queries(&self, name: &str, libc: Libc) -> Vec<String> {
        let absolute = name.ends_with('.');
        let bare = name.trim_end_matches('.').to_owned();
        if bare.is_empty() {
            return Vec::new();
        }
        let dots = bare.matches('.').count();
        let under_search = |out: &mut Vec<String>| {
            out.extend(self.search.iter().map(|d| format!("{bare}.{d}")));
        };
        let mut out = Vec::new();
        let as_given_first = absolute || dots >= self.ndots();
        match libc {
            Libc::Musl if as_given_first => out.push(bare.clone()),
            Libc::Glibc if as_given_first => {
                out.push(bare.clone());
                if !absolute {
                    under_search(&mut out);
                }
            }
            Libc::Musl | Libc::Glibc => {
                under_search(&mut out);
                out.push(bare.clone());
            }
            Libc::Other => {}
        }
        out
    }

    /// What in this file works otherwise than it reads, for `name`.
    pub fn warnings(&self, text: &str, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        let ndots = self.ndots();
        let dots = name.trim_end_matches('.').matches('.').count();
        if ndots > 1 && !self.search.is_empty() && dots < ndots && !name.ends_with('.') {
            out.push(format!(
                "ndots:{ndots} with {} search domains: {name} ({dots} dots) is asked under every search domain before itself, {} queries per address family (end it with a dot to ask it directly)",
                self.search.len(),
                self.search.len() + 1
            ));
        }
        if ndots > 1 && !self.search.is_empty() && dots >= 1 && dots < ndots {
            out.push(format!(
                "if a search domain answers NODATA or SERVFAIL for {name}, musl stops there; glibc goes on to the next"
            ));
        }
        if self.nameservers.len() > MAX_NAMESERVERS {
            out.push(format!(
                "{} nameservers: both libcs use only the first {MAX_NAMESERVERS}; ignored: {}",
                self.nameservers.len(),
                self.nameservers[MAX_NAMESERVERS..].join(" ")
            ));
        }
        let ignored: Vec<&str> = self
            .options
            .iter()
            .map(String::as_str)
            .filter(|o| {
                let key = o.split(':').next().unwrap_or("");
                !MUSL_OPTIONS.contains(&key)
            })
            .collect();
        if !ignored.is_empty() {
            out.push(format!(
                "options musl ignores (it reads only ndots, attempts, timeout): {}",
                ignored.join(" ")
            ));
        }
        if let Some(long) = text.lines().find(|l| l.len() > MUSL_LINE_MAX) {
            let start: String = long.chars().take(30).collect();
            out.push(format!(
                "a line of {} bytes ({start}...): musl skips lines over {MUSL_LINE_MAX} bytes",
                long.len()
            ));
        }
        if self.nameservers.is_empty() {
            out.push("no nameserver line: both libcs then ask 127.0.0.1".to_owned());
        }
        out
    }
}

/// The names each libc will ask for `name` under the box's resolv.conf, and
/// the warnings: `ENV` checks, since they describe the box's file (the
/// queries are a prediction from it, said so in the title). With
/// `reachability`, the first nameserver is sent one query and the result
/// is a check of its own and, when it did not answer, a warning.
pub fn checks(root: &Path, name: &str, reachability: bool) -> Vec<Check> {
    let text = match super::read_text(root, "/etc/resolv.conf") {
        Ok(text) => text,
        Err(e) => {
            return vec![
                Check::new(Id::Env, "resolv-warnings", "resolv.conf warnings").ok(
                    Observed::List(vec![format!("{e}: both libcs then ask 127.0.0.1")]),
                    "",
                ),
            ]
        }
    };
    let conf = resolv_conf::parse(&text);
    let queries = Observed::record(
        [Libc::Glibc, Libc::Musl]
            .map(|libc| (libc.to_string(), Observed::List(conf.queries(name, libc)))),
    );
    let mut warnings = conf.warnings(&text, name);
    let mut out = Vec::new();
    if let (true, Some(first)) = (reachability, conf.nameservers.first()) {
        let reach = nameserver_reach::query(first, nameserver_reach::TIMEOUT);
        warnings.extend(conf.reach_warning(&reach));
        out.push(reach_check(first, &reach));
    }
    out.splice(
        0..0,
        [Check::new(
            Id::Env,
            &format!("resolv-queries:{name}"),
            &format!("names each libc will ask for {name} (predicted from resolv.conf)"),
        )
        .ok(
            queries,
            format!(
                "ndots:{}, in order until one answers; musl stops at NODATA or SERVFAIL, glibc goes on",
                conf.ndots()
            ),
        )],
    );
    out.push(
        Check::new(Id::Env, "resolv-warnings", "resolv.conf warnings")
            .ok(Observed::List(warnings), ""),
    );
    out
}

/// The measurement as a typed record: the server, whether it answered, how
/// (answered, refused, silent, error), the rcode and how long it took.
fn reach_check(server: &str, reach: &Reach) -> Check {
    let (outcome, rcode, after) = match reach {
        Reach::Answered { rcode, after } => ("answered", Some(*rcode), Some(*after)),
        Reach::Refused => ("refused", None, None),
        Reach::Silent { waited } => ("silent", None, Some(*waited)),
        Reach::Error(_) => ("error", None, None),
    };
    let mut fields = vec![
        ("server", Observed::text(server)),
        ("answered", Observed::Bool(reach.answered())),
        ("outcome", Observed::text(outcome)),
    ];
    fields.extend(rcode.map(|r| ("rcode", Observed::Int(r.into()))));
    fields.extend(after.map(|a| ("after", Observed::duration(a))));
    let detail = match reach {
        Reach::Error(e) => e.clone(),
        _ => format!(
            "one query for . NS, timeout {} ms",
            nameserver_reach::TIMEOUT.as_millis()
        ),
    };
    Check::new(
        Id::Env,
        "first-nameserver",
        "first nameserver answers (measured)",
    )
    .ok(Observed::record(fields), detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::resolv_conf::parse;

    const K8S: &str = "nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n";

    #[test]
    fn kubernetes_names_go_through_the_search_list_first_on_both_libcs() {
        let c = parse(K8S);
        let want = [
            "api.example.com.default.svc.cluster.local",
            "api.example.com.svc.cluster.local",
            "api.example.com.cluster.local",
            "api.example.com",
        ];
        for libc in [Libc::Glibc, Libc::Musl] {
            assert_eq!(c.queries("api.example.com", libc), want, "{libc}");
        }
        assert_eq!(
            c.queries("api.example.com.", Libc::Musl),
            ["api.example.com"]
        );
    }

    #[test]
    fn with_enough_dots_musl_never_searches_and_glibc_searches_after() {
        let c = parse("search a.test b.test\noptions ndots:1\n");
        assert_eq!(c.queries("host.missing", Libc::Musl), ["host.missing"]);
        assert_eq!(
            c.queries("host.missing", Libc::Glibc),
            ["host.missing", "host.missing.a.test", "host.missing.b.test"]
        );
    }

    #[test]
    fn warnings_name_ndots_extra_nameservers_and_ignored_options() {
        let text = format!("{K8S}nameserver 1.1.1.1\nnameserver 2.2.2.2\nnameserver 3.3.3.3\noptions rotate single-request\n");
        let w = parse(&text).warnings(&text, "api.example.com").join("\n");
        for want in [
            "ndots:5 with 3 search domains",
            "4 queries per address family",
            "ignored: 3.3.3.3",
            "musl ignores (it reads only ndots, attempts, timeout): rotate single-request",
        ] {
            assert!(w.contains(want), "got {w}, want {want:?}");
        }
        assert!(parse("nameserver 10.0.0.1\n")
            .warnings("", "a.b")
            .is_empty());
    }

    #[test]
    fn an_unanswering_first_nameserver_is_explained_per_libc() {
        let c = parse("nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\noptions timeout:2 attempts:3\n");
        let silent = Reach::Silent {
            waited: std::time::Duration::from_millis(1000),
        };
        assert_eq!(
            c.reach_warning(&silent).as_deref(),
            Some("the first nameserver 10.0.0.1 did not answer a query within 1000 ms: glibc asks it first on every lookup and waits timeout:2 s for it before asking 10.0.0.2 (attempts:3 rounds); musl asks all of them at once and takes the first answer")
        );
        let answered = Reach::Answered {
            rcode: 0,
            after: std::time::Duration::from_millis(3),
        };
        assert_eq!(c.reach_warning(&answered), None);
        let alone = parse("nameserver 10.0.0.1\n");
        assert_eq!(
            alone.reach_warning(&Reach::Refused).as_deref(),
            Some("the only nameserver 10.0.0.1 refused a query (ICMP port unreachable: nothing listens on port 53): lookups fail on both libcs")
        );
    }
}
