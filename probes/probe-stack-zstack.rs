//! probe-stack-zstack: probe-stack linked with `-Wl,-z,stack-size` (fix 2 of S2).

#![forbid(unsafe_code)]

use std::process::ExitCode;

use muslab_probes::{cli, stack};

const ABOUT: &str = "probe-stack-zstack: the S2 crash table in a binary linked with -z stack-size.

This binary carries a stack size in its PT_GNU_STACK header (see build.rs).
musl >= 1.1.21 uses that size as the default stack of new threads; glibc
ignores it. Reports the header's size, the default stack a raw pthread gets,
and raw pthreads using 64 KiB .. 1 MiB of stack with the default attribute.";

fn main() -> ExitCode {
    cli::run_probe(
        "probe-stack-zstack",
        ABOUT,
        std::env::args().skip(1),
        || stack::checks(stack::Variant::ZStackSize),
    )
}
