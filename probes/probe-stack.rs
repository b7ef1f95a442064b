//! probe-stack: seed S2, thread stack sizes and what overflows them.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use muslab_probes::{cli, stack};

const ABOUT: &str = "probe-stack: default thread stacks and the crash table of seed S2.

Reports the stack size of a fresh pthread_attr_t, of a raw pthread created with
a NULL attribute, of a Rust std::thread (the process's first thread, and one
started after a raw thread ended: glibc may hand it that thread's cached
stack) and of the main thread, RLIMIT_STACK and PTHREAD_STACK_MIN. Then runs
raw pthreads whose job uses 64 KiB .. 1 MiB of stack, each in a forked child
with a timeout, with the default attribute and with pthread_attr_setstacksize:
pass, or the signal that killed the child.
Finally measures each job's real stack use by stack painting.

musl's default thread stack is 128 KiB; glibc's follows RLIMIT_STACK.";

fn main() -> ExitCode {
    cli::run_probe("probe-stack", ABOUT, std::env::args().skip(1), || {
        stack::checks(stack::Variant::Plain)
    })
}
