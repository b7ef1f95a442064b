//! One getaddrinfo call, timed, turned into plain data that crosses the pipe
//! from the child that made it.

use std::time::Instant;

use serde::{Deserialize, Serialize};

use muslab_sys::getaddrinfo::{self, Hints};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lookup {
    pub name: String,
    /// `ok` or the error's constant name (`EAI_NONAME` ...).
    pub result: String,
    /// `gai_strerror` text, or errno text for `EAI_SYSTEM`; empty on success.
    pub message: String,
    /// Addresses in the order returned, one per entry.
    pub addresses: Vec<String>,
    pub canonname: Option<String>,
    pub elapsed_us: u64,
}

impl Lookup {
    pub fn ok(&self) -> bool {
        self.result == "ok"
    }
}

/// Calls getaddrinfo once and records what came back and how long it took.
pub fn lookup(name: &str, hints: Hints) -> Lookup {
    let start = Instant::now();
    let res = getaddrinfo::getaddrinfo(name, hints);
    let elapsed_us = start.elapsed().as_micros() as u64;
    match res {
        Ok(list) => Lookup {
            name: name.to_owned(),
            result: "ok".to_owned(),
            message: String::new(),
            canonname: list.iter().find_map(|a| a.canonname.clone()),
            addresses: list.iter().map(|a| a.addr.to_string()).collect(),
            elapsed_us,
        },
        Err(e) => Lookup {
            name: name.to_owned(),
            result: e.name(),
            message: match e.errno {
                Some(errno) => std::io::Error::from_raw_os_error(errno).to_string(),
                None => e.message(),
            },
            addresses: Vec::new(),
            canonname: None,
            elapsed_us,
        },
    }
}
