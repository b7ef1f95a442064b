//! D28: inet_ntop's IPv6 text against RFC 5952 (Rust's `Ipv6Addr` display
//! follows it); musl moved to RFC 5952 in 1.2.6. D31: gai_strerror's text
//! for every EAI code both libcs define, and glibc's asynchronous ones.

use std::net::Ipv6Addr;

use muslab_catalogue::Id;
use muslab_report::{Check, Eai, Observed};
use muslab_sys::getaddrinfo::{gai_strerror, GaiError};
use muslab_sys::inet::ntop6;

const ADDRESSES: &[&str] = &[
    "::",
    "::1",
    "::ffff:1.2.3.4",
    "::1.2.3.4",
    "64:ff9b::1.2.3.4",
    "2001:db8::1",
    "2001:db8:0:1:1:1:1:1",
    "2001:db8:0:0:1:0:0:1",
    "1:0:0:2:0:0:0:3",
    "1::",
    "fe80::1:0:0:0",
    "2001:db8:1:2:3:4:5:6",
];

pub fn inet_ntop_checks() -> Vec<Check> {
    let mut out = Vec::new();
    let mut differ = 0;
    for text in ADDRESSES {
        let Ok(addr) = text.parse::<Ipv6Addr>() else {
            continue;
        };
        let rfc = addr.to_string();
        let got = ntop6(addr.octets());
        if got != rfc {
            differ += 1;
        }
        out.push(
            Check::new(
                Id::D28,
                &format!("inet_ntop:{text}"),
                &format!("inet_ntop({text})"),
            )
            .ok(
                Observed::text(&got),
                format!("RFC 5952 form (Rust's Ipv6Addr): {rfc}"),
            ),
        );
    }
    out.push(
        Check::new(
            Id::D28,
            "inet_ntop:not-rfc5952",
            "inet_ntop forms that are not Rust's RFC 5952 form",
        )
        .ok(
            Observed::Int(differ),
            format!("of {} addresses", ADDRESSES.len()),
        ),
    );
    out
}

/// -1 to -12 are the codes glibc and musl share; -100 to -105 glibc's
/// getaddrinfo_a and IDN codes.
const CODES: &[i32] = &[
    -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -100, -101, -102, -103, -104, -105,
];

pub fn gai_strerror_checks() -> Vec<Check> {
    CODES
        .iter()
        .map(|code| {
            let code_name = GaiError {
                code: *code,
                errno: None,
            }
            .code();
            let title = match code_name {
                Eai::Other(_) => format!("gai_strerror({code})"),
                name => format!("gai_strerror({name} = {code})"),
            };
            Check::new(Id::D31, &format!("gai_strerror:{code}"), &title)
                .ok(Observed::text(gai_strerror(*code)), "")
        })
        .collect()
}
