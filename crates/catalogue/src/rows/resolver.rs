//! Name resolution: the stub resolvers and getaddrinfo.

use crate::model::{
    Applies::*, Area, Claim, Command, Entry, Expected, ExposedBy, Fix, Libc::*, Source, ValueClaim,
};
use crate::Id;

/// What exposes a program to the resolver rows D06 and D07 (and part of D08, D09).
const GETADDRINFO: &str = "getaddrinfo";

pub const D06: Entry = Entry {
    id: Id::D06,
    area: Area::NameResolution,
    title: "several nameservers queried in parallel on musl",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "nameservers tried in order, the next one after a timeout or SERVFAIL", source: Source::GlibcSource("resolv/res_send.c") },
        Claim { libc: Musl, versions: None, says: "up to 3 nameservers queried at once, the first NOERROR or NXDOMAIN answer wins; rotate, single-request(-reopen), use-vc, edns0 are ignored", source: Source::MuslSource("src/network/res_msend.c") },
    ],
    why: "glibc asks the nameservers of resolv.conf one after another and moves to the next only when the current one timed out or refused to answer (SERVFAIL); musl sends each query to every listed nameserver (up to 3) at once, takes the first NOERROR or NXDOMAIN answer, and asks a server that answered SERVFAIL again while it waits.",
    fixes: &[
        Fix { name: "healthy-first-nameserver", title: "glibc: keep resolv.conf's first nameserver healthy or lower `options timeout:`", why: "every lookup waits for the first server's timeout before failing over", commands: &[Command { applies: Image, line: "echo 'options timeout:1' >> /etc/resolv.conf" }] },
        Fix { name: "same-data-everywhere", title: "musl: make every listed nameserver answer the same data", why: "any of them may answer first", commands: &[] },
    ],
    symptoms: &[],
    exposed_by: ExposedBy::Imports(&[
        GETADDRINFO, "gethostbyname", "gethostbyname2", "gethostbyname_r", "gethostbyname2_r",
        "res_query", "res_search", "res_nquery", "res_nsearch", "__res_query", "__res_search",
        "res_init", "__res_init", "res_ninit", "__res_ninit",
    ]),
    values: &[],
    observed: true,
};

pub const D07: Entry = Entry {
    id: Id::D07,
    area: Area::NameResolution,
    title: "search list and ndots handled differently",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "a name with ndots or more dots is tried as is, then still through the search list", source: Source::GlibcSource("resolv/res_query.c") },
        Claim { libc: Musl, versions: None, says: "no search list for names with ndots or more dots; stops at the first search name answering NODATA or SERVFAIL", source: Source::MuslSource("src/network/lookup_name.c") },
    ],
    why: "musl uses the search list only for names with fewer dots than ndots and stops at the first search name that answers NODATA (or SERVFAIL); glibc also tries the search list after a dotted name fails and goes on past NODATA.",
    fixes: &[
        Fix { name: "fqdn", title: "Query fully qualified names with a trailing dot", why: "skips the search list on both libcs", commands: &[] },
        Fix { name: "low-ndots", title: "Keep ndots low and do not rely on a later search domain rescuing a name the first one answers NODATA for", why: "Kubernetes' ndots:5 sends most names through the search list first", commands: &[Command { applies: Image, line: "options ndots:1   # resolv.conf, or dnsConfig in a pod spec" }] },
    ],
    symptoms: &["Name does not resolve"],
    exposed_by: ExposedBy::Imports(&[
        GETADDRINFO, "gethostbyname", "gethostbyname2", "gethostbyname_r", "res_search",
        "res_nsearch", "__res_search",
    ]),
    values: &[],
    observed: true,
};

pub const D08: Entry = Entry {
    id: Id::D08,
    area: Area::NameResolution,
    title: "no TCP fallback before musl 1.2.4",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "a truncated UDP answer is retried over TCP", source: Source::GlibcSource("resolv/res_send.c") },
        Claim { libc: Musl, versions: Some(">= 1.2.4"), says: "TCP fallback after a truncated answer (none before 1.2.4); at most 48 addresses per lookup", source: Source::MuslWhatsNew("1.2.4") },
    ],
    why: "Both retry over TCP after a truncated UDP answer (musl only since 1.2.4); musl keeps a bounded number of addresses per lookup, glibc all of them.",
    fixes: &[
        Fix { name: "musl-1.2.4", title: "Use musl >= 1.2.4 (Rust's static musl targets ship 1.2.5)", why: "older musl cannot resolve names whose answer does not fit in UDP", commands: &[] },
        Fix { name: "few-addresses", title: "Do not publish more than 48 addresses per name for musl clients", why: "musl drops the rest", commands: &[] },
    ],
    symptoms: &["Name does not resolve"],
    exposed_by: ExposedBy::Imports(&[
        GETADDRINFO, "gethostbyname", "res_query", "res_nquery", "__res_query", "res_send",
        "__res_send",
    ]),
    values: &[],
    observed: true,
};

pub const D09: Entry = Entry {
    id: Id::D09,
    area: Area::NameResolution,
    title: "getaddrinfo flags, no NSS, no cache on musl",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "NULL hints mean AI_V4MAPPED|AI_ADDRCONFIG; AI_IDN accepted; nsswitch.conf; no cache without nscd or systemd-resolved", source: Source::GlibcSource("sysdeps/posix/getaddrinfo.c") },
        Claim { libc: Musl, versions: None, says: "NULL hints mean flags 0; AI_IDN gives EAI_BADFLAGS; hosts file then DNS; no cache; resolv.conf read on every lookup", source: Source::MuslSource("src/network/getaddrinfo.c") },
    ],
    why: "With NULL hints glibc applies AI_V4MAPPED|AI_ADDRCONFIG (so it asks for A only on a box with an IPv4 address other than 127.0.0.1 and no IPv6 address other than ::1, such as this fixture, whose lo also carries 127.0.0.3; with loopback alone it asks for both, see D27), musl uses no flags (A and AAAA); musl refuses the GNU flag AI_IDN with EAI_BADFLAGS. Neither libc caches: every lookup is a query, and both notice a rewritten resolv.conf.",
    fixes: &[
        Fix { name: "explicit-hints", title: "Pass explicit hints", why: "the same query on both libcs", commands: &[] },
        Fix { name: "no-ai-idn", title: "Drop AI_IDN and convert names with an IDNA library first", why: "musl refuses the flag", commands: &[] },
        Fix { name: "cache", title: "Cache in the application or a local caching server if lookups are hot", why: "neither libc caches", commands: &[] },
    ],
    symptoms: &[],
    exposed_by: ExposedBy::Imports(&[
        GETADDRINFO, "getnameinfo", "gethostbyaddr", "gethostbyaddr_r", "getpwnam", "getpwuid",
        "getgrnam", "getgrgid", "getpwnam_r", "getpwuid_r",
    ]),
    values: &[],
    observed: true,
};

pub const D27: Entry = Entry {
    id: Id::D27,
    area: Area::NameResolution,
    title: "AI_ADDRCONFIG",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "__check_pf lists the interface addresses over netlink: an IPv4 address counts unless it is exactly 127.0.0.1 (another 127/8 address on lo counts), an IPv6 address unless it is ::1 (a link-local fe80:: address counts)", source: Source::GlibcSource("sysdeps/unix/sysv/linux/check_pf.c") },
        Claim { libc: Glibc, versions: None, says: "with AF_UNSPEC, asks for the one family counted; for both when both or neither count (loopback only: both)", source: Source::GlibcSource("sysdeps/posix/getaddrinfo.c (nss/getaddrinfo.c since 2.39)") },
        Claim { libc: Musl, versions: Some(">= 1.1.20"), says: "connects a UDP socket to 127.0.0.1 and to ::1; a family whose connect fails (no ::1 when IPv6 is disabled) is not asked; loopback counts, so a box with both loopback addresses asks for both", source: Source::MuslSource("src/network/getaddrinfo.c") },
    ],
    why: "AI_ADDRCONFIG asks for an address family only when the box is configured for it, and the libcs test that differently: glibc looks for an interface address other than 127.0.0.1 and ::1, so an IPv4-only box (or one with a second 127/8 address on lo) asks for A only and an IPv6-only box for AAAA only, while loopback alone (or IPv4 plus a link-local fe80:: address) asks for both; musl tries to route to the loopback address of each family, so it asks for both wherever ::1 and 127.0.0.1 exist and drops AAAA only where IPv6 is off.",
    fixes: &[
        Fix { name: "explicit-family", title: "Choose the address family explicitly (ai_family AF_INET or AF_INET6, without AI_ADDRCONFIG)", why: "the same query and answer on both libcs on every box", commands: &[] },
        Fix { name: "no-addrconfig", title: "Leave AI_ADDRCONFIG out and try the returned addresses in order", why: "both libcs then ask for A and AAAA on every box; an address of a family the box lacks fails at connect and the next is tried", commands: &[] },
    ],
    symptoms: &[],
    exposed_by: ExposedBy::Nothing,
    values: &[
        ValueClaim { case: "loopback/addrconfig/asked", libc: Glibc, expected: Expected::Text("A AAAA"), source: "catalogue D27: glibc check_pf.c counts neither 127.0.0.1 nor ::1" },
        ValueClaim { case: "loopback/addrconfig/families", libc: Glibc, expected: Expected::Text("inet inet6"), source: "catalogue D27: glibc asks for both when neither family counts" },
        ValueClaim { case: "lo-alias/addrconfig/asked", libc: Glibc, expected: Expected::Text("A"), source: "catalogue D27: glibc check_pf.c counts 127.0.0.2 as IPv4" },
        ValueClaim { case: "lo-alias/addrconfig/families", libc: Glibc, expected: Expected::Text("inet"), source: "catalogue D27: glibc narrows AF_UNSPEC to AF_INET" },
        ValueClaim { case: "ipv4/addrconfig/asked", libc: Glibc, expected: Expected::Text("A"), source: "catalogue D27: glibc check_pf.c counts 192.0.2.1 and no IPv6" },
        ValueClaim { case: "ipv4/addrconfig/families", libc: Glibc, expected: Expected::Text("inet"), source: "catalogue D27: glibc narrows AF_UNSPEC to AF_INET" },
        ValueClaim { case: "ipv6/addrconfig/asked", libc: Glibc, expected: Expected::Text("AAAA"), source: "catalogue D27: glibc check_pf.c counts 2001:db8::1 and no IPv4" },
        ValueClaim { case: "ipv6/addrconfig/families", libc: Glibc, expected: Expected::Text("inet6"), source: "catalogue D27: glibc narrows AF_UNSPEC to AF_INET6" },
        ValueClaim { case: "ipv4-linklocal/addrconfig/asked", libc: Glibc, expected: Expected::Text("A AAAA"), source: "catalogue D27: glibc check_pf.c counts a link-local fe80:: address" },
        ValueClaim { case: "ipv4-linklocal/addrconfig/families", libc: Glibc, expected: Expected::Text("inet inet6"), source: "catalogue D27: glibc asks for both when both count" },
        ValueClaim { case: "no-ipv6/addrconfig/asked", libc: Glibc, expected: Expected::Text("A AAAA"), source: "catalogue D27: glibc check_pf.c counts only 127.0.0.1, i.e. nothing" },
        ValueClaim { case: "no-ipv6/addrconfig/families", libc: Glibc, expected: Expected::Text("inet inet6"), source: "catalogue D27: glibc asks for both when neither family counts" },
        ValueClaim { case: "loopback/addrconfig/asked", libc: Musl, expected: Expected::Text("A AAAA"), source: "catalogue D27: musl getaddrinfo.c reaches 127.0.0.1 and ::1" },
        ValueClaim { case: "loopback/addrconfig/families", libc: Musl, expected: Expected::Text("inet inet6"), source: "catalogue D27: musl keeps both families" },
        ValueClaim { case: "lo-alias/addrconfig/asked", libc: Musl, expected: Expected::Text("A AAAA"), source: "catalogue D27: musl getaddrinfo.c reaches 127.0.0.1 and ::1" },
        ValueClaim { case: "lo-alias/addrconfig/families", libc: Musl, expected: Expected::Text("inet inet6"), source: "catalogue D27: musl keeps both families" },
        ValueClaim { case: "ipv4/addrconfig/asked", libc: Musl, expected: Expected::Text("A AAAA"), source: "catalogue D27: musl getaddrinfo.c reaches ::1 on lo" },
        ValueClaim { case: "ipv4/addrconfig/families", libc: Musl, expected: Expected::Text("inet inet6"), source: "catalogue D27: musl keeps both families" },
        ValueClaim { case: "ipv6/addrconfig/asked", libc: Musl, expected: Expected::Text("A AAAA"), source: "catalogue D27: musl getaddrinfo.c reaches 127.0.0.1 on lo" },
        ValueClaim { case: "ipv6/addrconfig/families", libc: Musl, expected: Expected::Text("inet inet6"), source: "catalogue D27: musl keeps both families" },
        ValueClaim { case: "ipv4-linklocal/addrconfig/asked", libc: Musl, expected: Expected::Text("A AAAA"), source: "catalogue D27: musl getaddrinfo.c reaches 127.0.0.1 and ::1" },
        ValueClaim { case: "ipv4-linklocal/addrconfig/families", libc: Musl, expected: Expected::Text("inet inet6"), source: "catalogue D27: musl keeps both families" },
        ValueClaim { case: "no-ipv6/addrconfig/asked", libc: Musl, expected: Expected::Text("A"), source: "catalogue D27: musl getaddrinfo.c cannot reach ::1, drops AF_INET6" },
        ValueClaim { case: "no-ipv6/addrconfig/families", libc: Musl, expected: Expected::Text("inet"), source: "catalogue D27: musl drops AF_INET6" },
    ],
    observed: true,
};

pub const D31: Entry = Entry {
    id: Id::D31,
    area: Area::NameResolution,
    title: "gai_strerror texts",
    claims: &[
        Claim { libc: Glibc, versions: None, says: "\"Name or service not known\", \"Temporary failure in name resolution\"", source: Source::GlibcSource("sysdeps/posix/gai_strerror-strs.h") },
        Claim { libc: Musl, versions: None, says: "\"Name does not resolve\", \"Try again\"", source: Source::MuslSource("src/network/gai_strerror.c") },
    ],
    why: "Each libc words the getaddrinfo errors its own way, so the message tells which libc answered; programs that match on the text break.",
    fixes: &[Fix { name: "match-codes", title: "Compare EAI_* codes, not their texts", why: "the codes are the same on both libcs", commands: &[] }],
    symptoms: &["Name does not resolve", "Try again", "Name or service not known", "Temporary failure in name resolution"],
    exposed_by: ExposedBy::Nothing,
    values: &[
        ValueClaim { case: "gai_strerror:-2", libc: Glibc, expected: Expected::Text("Name or service not known"), source: "catalogue D31: glibc EAI_NONAME text" },
        ValueClaim { case: "gai_strerror:-3", libc: Glibc, expected: Expected::Text("Temporary failure in name resolution"), source: "catalogue D31: glibc EAI_AGAIN text" },
        ValueClaim { case: "gai_strerror:-2", libc: Musl, expected: Expected::Text("Name does not resolve"), source: "catalogue D31: musl EAI_NONAME text" },
        ValueClaim { case: "gai_strerror:-3", libc: Musl, expected: Expected::Text("Try again"), source: "catalogue D31: musl EAI_AGAIN text" },
    ],
    observed: true,
};
