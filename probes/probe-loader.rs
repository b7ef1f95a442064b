//! probe-loader: the loader and ABI rows (D01-D05, D32) and D25.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use muslab_probes::{cli, loader};

const ABOUT: &str = "probe-loader: dlclose, lazy binding, symbol versions, LFS64, IFUNC, DT_RELR, thread cancellation.

Writes helper programs and libraries built for this probe's libc (embedded at
build time from fixtures/loader/) to a temporary directory and runs each
scenario with a timeout: D01 dlclose (destructor, mapping, statics), D02
binding (RTLD_NOW, RTLD_LAZY, deferred binding, an executable with a missing
symbol), D03 symbol versions, D04 the LFS64 names, D05 IFUNC (PIE, shared
library, static), D32 a DT_RELR library, D25 cancellation with cleanup.
A musl build needs musl's loader (/lib/ld-musl-<arch>.so.1) on the box.";

fn main() -> ExitCode {
    cli::run_probe(
        "probe-loader",
        ABOUT,
        std::env::args().skip(1),
        loader::checks,
    )
}
