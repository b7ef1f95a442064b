//! probe-collate-icu: the icu_collator fix column for D11 / S4.

use std::process::ExitCode;

use muslab_probes::{build_info, cli, report::Report};

const ABOUT: &str = "probe-collate-icu: the word list of probe-locale sorted with icu_collator.

ICU4X carries CLDR collation data inside the binary, so this order does not
depend on the C library (glibc's strcoll or musl's byte order) nor on the
locales installed in the box: it is the same on every build and in every
container. This is the fix for catalogue D11 and seed S4.";

fn main() -> ExitCode {
    let cli = match cli::parse("probe-collate-icu", ABOUT, std::env::args().skip(1)) {
        cli::Parsed::Run(cli) => cli,
        cli::Parsed::Exit(code) => return code,
    };
    let report = Report::new(
        "probe-collate-icu",
        build_info::embedded(),
        build_info::host(),
        muslab_locale_fix::icu_checks(),
    );
    cli::emit(&cli, &report);
    ExitCode::SUCCESS
}
