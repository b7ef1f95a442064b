//! probe-dns: getaddrinfo as a program sees it, driven by a scenario's inputs
//! (names, hints, counts, concurrency) given on the command line. The probe
//! reports only the client's side; the lab joins it with what its own DNS
//! servers logged (muslab-dns).

pub mod args;
pub mod checks;
pub mod hints;
pub mod lookup;
pub mod plan;
