//! What one `getaddrinfo` call returned, as probe-dns reports it and the DNS
//! lab reads it: addresses stay addresses and times stay durations, so no
//! consumer parses text back.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// probe-dns's exit code when it printed its report but a lookup failed:
/// scripts see the failure, and the DNS lab still reads the report.
pub const LOOKUP_FAILED_EXIT: u8 = 3;

/// One `getaddrinfo` call, timed by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Lookup {
    pub name: String,
    /// `None` when the call returned 0.
    pub error: Option<LookupError>,
    /// One per returned entry, in the order the libc returned them (an
    /// address repeats once per socket type when no socket type was asked for).
    pub addresses: Vec<IpAddr>,
    pub canonname: Option<String>,
    #[serde(rename = "elapsed_us", with = "micros")]
    pub elapsed: Duration,
}

impl Lookup {
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// The error's code, `None` on success.
    pub fn code(&self) -> Option<Eai> {
        self.error.as_ref().map(|e| e.code)
    }

    /// `ok` or the error constant's name: the short result a row shows.
    pub fn result(&self) -> String {
        match &self.error {
            None => "ok".to_owned(),
            Some(e) => e.code.to_string(),
        }
    }
}

/// A non-zero return of `getaddrinfo`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LookupError {
    pub code: Eai,
    /// `gai_strerror` text, or the errno text for `EAI_SYSTEM`.
    pub message: String,
}

/// The `EAI_*` constants. glibc and musl give the POSIX ones the same values;
/// a code neither names is kept as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Eai {
    #[serde(rename = "EAI_BADFLAGS")]
    BadFlags,
    #[serde(rename = "EAI_NONAME")]
    NoName,
    #[serde(rename = "EAI_AGAIN")]
    Again,
    #[serde(rename = "EAI_FAIL")]
    Fail,
    /// glibc and musl both define it, though POSIX dropped it.
    #[serde(rename = "EAI_NODATA")]
    NoData,
    #[serde(rename = "EAI_FAMILY")]
    Family,
    #[serde(rename = "EAI_SOCKTYPE")]
    SockType,
    #[serde(rename = "EAI_SERVICE")]
    Service,
    #[serde(rename = "EAI_MEMORY")]
    Memory,
    #[serde(rename = "EAI_SYSTEM")]
    System,
    #[serde(rename = "EAI_OVERFLOW")]
    Overflow,
    #[serde(rename = "EAI_OTHER")]
    Other(i32),
}

impl fmt::Display for Eai {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Eai::BadFlags => "EAI_BADFLAGS",
            Eai::NoName => "EAI_NONAME",
            Eai::Again => "EAI_AGAIN",
            Eai::Fail => "EAI_FAIL",
            Eai::NoData => "EAI_NODATA",
            Eai::Family => "EAI_FAMILY",
            Eai::SockType => "EAI_SOCKTYPE",
            Eai::Service => "EAI_SERVICE",
            Eai::Memory => "EAI_MEMORY",
            Eai::System => "EAI_SYSTEM",
            Eai::Overflow => "EAI_OVERFLOW",
            Eai::Other(n) => return write!(f, "EAI_{n}"),
        };
        f.write_str(name)
    }
}

/// Lookups started together from as many threads, and the wall time from
/// their common start until the last one returned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Batch {
    pub lookups: Vec<Lookup>,
    #[serde(rename = "wall_us", with = "micros")]
    pub wall: Duration,
}

impl Batch {
    pub fn answered(&self) -> usize {
        self.lookups.iter().filter(|l| l.ok()).count()
    }

    /// The median and the slowest lookup time; zero for an empty batch.
    pub fn median_and_slowest(&self) -> (Duration, Duration) {
        let mut times: Vec<Duration> = self.lookups.iter().map(|l| l.elapsed).collect();
        times.sort_unstable();
        (
            times.get(times.len() / 2).copied().unwrap_or_default(),
            times.last().copied().unwrap_or_default(),
        )
    }

    /// The distinct error codes seen.
    pub fn errors(&self) -> Vec<Eai> {
        let mut codes: Vec<Eai> = Vec::new();
        for c in self.lookups.iter().filter_map(Lookup::code) {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        codes
    }
}

/// How many addresses a lookup shows before it shows only their count.
const ADDRESSES_SHOWN: usize = 4;

impl fmt::Display for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            Some(e) => write!(f, "{}: {}", e.code, e.message)?,
            None if self.addresses.len() <= ADDRESSES_SHOWN => {
                let shown: Vec<String> = self.addresses.iter().map(IpAddr::to_string).collect();
                write!(f, "ok {}", shown.join(", "))?
            }
            None => write!(
                f,
                "ok {} entries, first {}",
                self.addresses.len(),
                self.addresses[0]
            )?,
        }
        if let Some(c) = &self.canonname {
            write!(f, " (canonname {c})")?;
        }
        write!(f, " in {} us", self.elapsed.as_micros())
    }
}

impl fmt::Display for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (median, slowest) = self.median_and_slowest();
        write!(
            f,
            "{} of {} answered, wall {} us, median {} us, slowest {} us",
            self.answered(),
            self.lookups.len(),
            self.wall.as_micros(),
            median.as_micros(),
            slowest.as_micros()
        )?;
        let errors = self.errors();
        if !errors.is_empty() {
            let names: Vec<String> = errors.iter().map(Eai::to_string).collect();
            write!(f, "; errors {}", names.join(", "))?;
        }
        Ok(())
    }
}

/// A `Duration` as whole microseconds in JSON.
mod micros {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_micros)
    }
}
