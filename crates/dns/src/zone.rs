//! What a test nameserver does for each name: the scenario's script. Names
//! are matched case-insensitively without the trailing dot; a name the zone
//! does not list gets the zone's default (NXDOMAIN unless said otherwise).

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Behaviour {
    /// NOERROR with these A and AAAA records; a type with no records is
    /// answered NOERROR with an empty answer (NODATA).
    Address {
        #[serde(default)]
        v4: Vec<Ipv4Addr>,
        #[serde(default)]
        v6: Vec<Ipv6Addr>,
    },
    /// A chain of `links` CNAMEs (name → c1.name → ... → c<links>.name) in
    /// one answer, ending at `v4` for A queries (AAAA: the chain only).
    CnameChain {
        links: usize,
        v4: Vec<Ipv4Addr>,
    },
    NxDomain,
    NoData,
    ServFail,
    Refused,
    /// No answer at all: the query is logged and dropped.
    Drop,
    /// Answers as `then` after `ms` milliseconds, without holding up other
    /// queries.
    Delay {
        ms: u64,
        then: Box<Behaviour>,
    },
    /// Over UDP: TC set and no records; over TCP: `then` in full.
    TruncateUdp {
        then: Box<Behaviour>,
    },
}

impl Behaviour {
    pub fn v4(addrs: &[[u8; 4]]) -> Self {
        Behaviour::Address {
            v4: addrs.iter().map(|a| Ipv4Addr::from(*a)).collect(),
            v6: Vec::new(),
        }
    }

    /// `n` addresses 10.<i/256>.<i%256>.1 .. : distinct, in a known order.
    pub fn many_v4(n: usize) -> Self {
        Behaviour::Address {
            v4: (0..n)
                .map(|i| Ipv4Addr::new(10, (i / 256) as u8, (i % 256) as u8, 1))
                .collect(),
            v6: Vec::new(),
        }
    }

    pub fn delayed(ms: u64, then: Behaviour) -> Self {
        Behaviour::Delay {
            ms,
            then: Box::new(then),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    pub names: BTreeMap<String, Behaviour>,
    /// For names not in `names`.
    pub default: Behaviour,
}

impl Default for Zone {
    fn default() -> Self {
        Zone {
            names: BTreeMap::new(),
            default: Behaviour::NxDomain,
        }
    }
}

impl Zone {
    /// A zone that does `b` for every name.
    pub fn all(b: Behaviour) -> Self {
        Zone {
            names: BTreeMap::new(),
            default: b,
        }
    }

    pub fn with(mut self, name: &str, b: Behaviour) -> Self {
        self.names.insert(normalise(name), b);
        self
    }

    pub fn lookup(&self, name: &str) -> &Behaviour {
        self.names.get(&normalise(name)).unwrap_or(&self.default)
    }
}

/// Lower case, no trailing dot: the key both sides agree on.
pub fn normalise(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_without_case_or_trailing_dot() {
        let z = Zone::default().with("Web.A.test.", Behaviour::NoData);
        assert_eq!(z.lookup("web.a.TEST"), &Behaviour::NoData);
        assert_eq!(z.lookup("other.test"), &Behaviour::NxDomain);
    }

    #[test]
    fn zone_reads_from_json() {
        let z: Zone = serde_json::from_str(
            r#"{"names":{"a.test":{"kind":"delay","ms":5,"then":{"kind":"address","v4":["10.0.0.1"]}}},"default":{"kind":"refused"}}"#,
        )
        .unwrap();
        assert_eq!(
            z.lookup("a.test"),
            &Behaviour::delayed(5, Behaviour::v4(&[[10, 0, 0, 1]]))
        );
        assert_eq!(z.lookup("b.test"), &Behaviour::Refused);
    }

    #[test]
    fn many_addresses_are_distinct() {
        let Behaviour::Address { v4, .. } = Behaviour::many_v4(300) else {
            unreachable!()
        };
        let mut d = v4.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 300);
    }
}
