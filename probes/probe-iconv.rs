//! probe-iconv: catalogue D13. A binary of its own because musl's iconv
//! (with its CJK tables, about 160 KB of code and data) would push the
//! static musl probe-locale over the small probes' 600 KiB budget.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use muslab_probes::{cli, locale};

const ABOUT: &str = "probe-iconv: the C library's iconv (catalogue D13): //TRANSLIT, an
unrepresentable character, GBK, GB18030, BIG5, EUC-KR, SHIFT_JIS, \"UNICODE\".";

fn main() -> ExitCode {
    cli::run_probe("probe-iconv", ABOUT, std::env::args().skip(1), || {
        locale::iconv::checks()
    })
}
