//! probe-libc: the C library API rows of the catalogue (D14-D22, D24, D26,
//! D28-D31) and their fixes, observed by calling the libc it was built
//! against.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use muslab_probes::{cli, libc_api};

const ABOUT: &str = "probe-libc: the C library's API where glibc and musl differ: printf length
modifiers, scanf prefixes, strptime %s %z %Z, getopt permutation, basename,
strerror_r, strerror and gai_strerror texts, realloc(p, 0), qsort order,
crypt, libm errors and ulps, GNU-only symbols, inet_ntop, strlcpy and
sysconf(_SC_GETPW_R_SIZE_MAX); each with the fix that reads the same on both.";

fn main() -> ExitCode {
    cli::run_probe(
        "probe-libc",
        ABOUT,
        std::env::args().skip(1),
        libc_api::checks,
    )
}
