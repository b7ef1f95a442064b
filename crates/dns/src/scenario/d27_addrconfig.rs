//! D27, AI_ADDRCONFIG: a lookup asks only for the address families the box
//! is said to have, and the libcs decide that differently.
//! - glibc (`__check_pf`, sysdeps/unix/sysv/linux/check_pf.c) lists the
//!   interface addresses over netlink: an IPv4 address other than exactly
//!   127.0.0.1 counts, an IPv6 address other than ::1 counts (link-local
//!   fe80:: included). getaddrinfo then asks for the one family counted, or
//!   for both when both or neither count.
//! - musl (src/network/getaddrinfo.c, since 1.1.20) connects a UDP socket to
//!   127.0.0.1 and to ::1: a family counts when that connect succeeds, so
//!   loopback alone keeps both; only a box without ::1 (IPv6 disabled) or
//!   without 127.0.0.1 loses one.
//!
//! One fixture per network [`Variant`], one server on 127.0.0.1 whose
//! `dual.test` has an A and an AAAA record. In each, `getaddrinfo("dual.test")`
//! with AF_UNSPEC, with AF_UNSPEC|AI_ADDRCONFIG and with AF_INET (the
//! explicit family, a fix); checks `<variant>/<hints>/asked` (the record
//! types the server was asked) and `<variant>/<hints>/families` (the
//! families returned, or the error).

use muslab_catalogue::Id;
use std::net::IpAddr;
use std::path::Path;

use muslab_report::{Check, Lookup, Observed};

use super::{exchange, in_fixture, Exchange, Scenario, ScenarioRun};
use crate::fixture::{files, Network, ResolvConf, Spec};
use crate::zone::{Behaviour, Zone};

pub struct AddrConfig;

pub const NAME: &str = "dual.test";
pub const V4: [u8; 4] = [10, 27, 0, 1];
pub const V6: &str = "2001:db8:27::1";

/// One network the lookups run in.
pub struct Variant {
    /// The check cases' first part.
    pub name: &'static str,
    /// What the box has, short, for titles (the checks' details list the
    /// addresses `ip` showed).
    pub has: &'static str,
    pub network: Network,
}

fn addr(s: &str) -> IpAddr {
    s.parse().expect("a literal address")
}

/// The networks, from the plainest box on.
pub fn variants() -> Vec<Variant> {
    let veth = |addrs: &[(&str, u8)]| Network {
        veth: addrs.iter().map(|(a, p)| (addr(a), *p)).collect(),
        ..Network::default()
    };
    vec![
        Variant {
            name: "loopback",
            has: "lo only",
            network: Network::default(),
        },
        Variant {
            name: "lo-alias",
            has: "lo+127.0.0.2",
            network: Network {
                loopback_extra: vec![[127, 0, 0, 2].into()],
                ..Network::default()
            },
        },
        Variant {
            name: "ipv4",
            has: "lo+IPv4",
            network: veth(&[("192.0.2.1", 24)]),
        },
        Variant {
            name: "ipv6",
            has: "lo+IPv6",
            network: veth(&[("2001:db8::1", 64)]),
        },
        Variant {
            name: "ipv4-linklocal",
            has: "lo+IPv4+fe80",
            network: veth(&[("192.0.2.1", 24), ("fe80::1", 64)]),
        },
        Variant {
            name: "no-ipv6",
            has: "lo, no IPv6",
            network: Network {
                ipv6_disabled: true,
                ..Network::default()
            },
        },
    ]
}

/// One getaddrinfo call made on every box.
pub struct Hints {
    /// The check cases' middle part.
    pub case: &'static str,
    /// probe-dns's `--hints`.
    pub spec: &'static str,
    pub title: &'static str,
    /// The catalogue fix (D27's fix name) this call shows, if it is one.
    pub fix: Option<&'static str>,
}

pub const HINTS: &[Hints] = &[
    Hints {
        case: "unspec",
        spec: "unspec",
        title: "UNSPEC",
        fix: Some("no-addrconfig"),
    },
    Hints {
        case: "addrconfig",
        spec: "unspec,addrconfig",
        title: "UNSPEC|ADDRCONFIG",
        fix: None,
    },
    Hints {
        case: "inet",
        spec: "inet",
        title: "INET",
        fix: Some("explicit-family"),
    },
];

pub fn spec(network: Network) -> Spec {
    let zone = Zone::default().with(
        NAME,
        Behaviour::Address {
            v4: vec![V4.into()],
            v6: vec![V6.parse().expect("a literal address")],
        },
    );
    Spec {
        resolv: ResolvConf::new(&[[127, 0, 0, 1]]),
        hosts: files::hosts(&[]),
        servers: vec![([127, 0, 0, 1].into(), zone)],
        network,
    }
}

/// The record types the server was asked, each once, in a fixed order
/// (`A AAAA`), or `none`.
pub fn asked(ex: &Exchange) -> String {
    let mut types = ex.types_asked();
    types.sort();
    if types.is_empty() {
        return "none".to_owned();
    }
    types.join(" ")
}

/// The address families returned, each once (`inet inet6`), or the error.
pub fn families(l: Option<&Lookup>) -> String {
    let Some(l) = l else {
        return "no result".to_owned();
    };
    if !l.ok() {
        return l.result();
    }
    let mut f: Vec<&str> = l
        .addresses
        .iter()
        .map(|a| if a.is_ipv4() { "inet" } else { "inet6" })
        .collect();
    f.sort();
    f.dedup();
    if f.is_empty() {
        return "none".to_owned();
    }
    f.join(" ")
}

impl Scenario for AddrConfig {
    fn id(&self) -> Id {
        Id::D27
    }

    fn title(&self) -> &'static str {
        "AI_ADDRCONFIG on six boxes: loopback only, 127.0.0.2, IPv4 only, IPv6 only, IPv4 + fe80::, IPv6 off"
    }

    fn run(&self, probe: &Path) -> Result<ScenarioRun, String> {
        let mut checks = Vec::new();
        let mut exchanges = Vec::new();
        let mut interfaces = Vec::new();
        for v in variants() {
            let (ran, addrs) = in_fixture(&spec(v.network.clone()), |fx| {
                HINTS
                    .iter()
                    .map(|h| {
                        let label = format!("{}/{}", v.name, h.case);
                        exchange(
                            fx,
                            probe,
                            &label,
                            &[
                                "--name", NAME, "--hints", h.spec, "--id", "D27", "--case", &label,
                            ],
                        )
                    })
                    .collect::<Vec<_>>()
            })?;
            let evidence = addrs.join(", ");
            for (ex, h) in ran.iter().zip(HINTS) {
                let fix = if h.fix.is_some() { "fix: " } else { "" };
                let asked_check = Check::new(
                    Id::D27,
                    &format!("{}/asked", ex.label),
                    &format!("{fix}{} {}: asked", v.has, h.title),
                );
                let families_check = Check::new(
                    Id::D27,
                    &format!("{}/families", ex.label),
                    &format!("{fix}{} {}: got", v.has, h.title),
                );
                // Without the client's report, the server's silence says
                // nothing about AI_ADDRCONFIG.
                if let Err(e) = &ex.client {
                    checks.push(asked_check.error(e.to_string()));
                    checks.push(families_check.error(e.to_string()));
                    continue;
                }
                checks.push(asked_check.ok(
                    Observed::text(asked(ex)),
                    format!("record types the server was asked; box: {evidence}"),
                ));
                checks.push(families_check.ok(
                    Observed::text(families(ex.lookup(0))),
                    "client: families returned",
                ));
            }
            interfaces.extend(addrs.iter().map(|a| format!("{}: {a}", v.name)));
            exchanges.extend(ran);
        }
        Ok(ScenarioRun {
            id: "D27",
            checks,
            exchanges,
            interfaces,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use muslab_report::{Eai, LookupError};
    use std::time::Duration;

    fn lookup(addresses: &[&str]) -> Lookup {
        Lookup {
            name: NAME.into(),
            error: None,
            addresses: addresses.iter().map(|a| addr(a)).collect(),
            canonname: None,
            elapsed: Duration::from_millis(1),
        }
    }

    #[test]
    fn the_fixes_shown_are_d27s() {
        for fix in HINTS.iter().filter_map(|h| h.fix) {
            assert!(
                Id::D27.entry().fix(fix).is_some(),
                "got fix {fix}, want one of D27's fixes"
            );
        }
    }

    #[test]
    fn families_are_sorted_once_each_or_the_error() {
        let both = lookup(&[V6, "10.27.0.1", "10.27.0.2"]);
        assert_eq!(families(Some(&both)), "inet inet6");
        assert_eq!(families(Some(&lookup(&[V6]))), "inet6");
        let failed = Lookup {
            error: Some(LookupError {
                code: Eai::NoName,
                message: "x".into(),
            }),
            ..lookup(&[])
        };
        assert_eq!(families(Some(&failed)), "EAI_NONAME");
        assert_eq!(families(None), "no result");
    }
}
