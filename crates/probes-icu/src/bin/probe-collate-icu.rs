//! probe-collate-icu: the icu_collator fix column for D11 / S4.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use muslab_probes::cli;

const ABOUT: &str = "probe-collate-icu: the word list of probe-locale sorted with icu_collator.

ICU4X carries CLDR collation data inside the binary, so this order does not
depend on the C library (glibc's strcoll or musl's byte order) nor on the
locales installed in the box: it is the same on every build and in every
container. This is the fix for catalogue D11 and seed S4.";

fn main() -> ExitCode {
    cli::run_probe("probe-collate-icu", ABOUT, std::env::args().skip(1), || {
        muslab_probes_icu::icu_checks()
    })
}
