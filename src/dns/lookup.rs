//! One getaddrinfo call, timed, as the report's typed [`Lookup`].

use std::time::Instant;

use muslab_report::{Lookup, LookupError};

use muslab_sys::getaddrinfo::{self, Hints};

/// Calls getaddrinfo once and records what came back and how long it took.
pub fn lookup(name: &str, hints: Hints) -> Lookup {
    let start = Instant::now();
    let res = getaddrinfo::getaddrinfo(name, hints);
    let elapsed = start.elapsed();
    match res {
        Ok(list) => Lookup {
            name: name.to_owned(),
            error: None,
            canonname: list.iter().find_map(|a| a.canonname.clone()),
            addresses: list.iter().map(|a| a.addr).collect(),
            elapsed,
        },
        Err(e) => Lookup {
            name: name.to_owned(),
            error: Some(LookupError {
                code: e.code(),
                message: match e.errno {
                    Some(errno) => std::io::Error::from_raw_os_error(errno).to_string(),
                    None => e.message(),
                },
            }),
            addresses: Vec::new(),
            canonname: None,
            elapsed,
        },
    }
}
