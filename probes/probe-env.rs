//! probe-env: what is this box? Build, kernel, loaders, system libc, limits,
//! CPUs, resolver configuration and locale environment.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use muslab_probes::{cli, env};

const ABOUT: &str = "probe-env: describes the box it runs on and the build it is.

Reports, in two sections, the libc of this process (the probe's own target,
libc and version, static or dynamic) and the libcs installed on the box
(glibc's libc.so.6 and musl's loaders, with versions and arch); then the kernel
from uname and whether this is a 32-bit process on a 64-bit kernel (S5); the
dynamic loaders present (/lib/ld-musl-*, /lib64/ld-linux-x86-64.so.2 ...);
/etc/os-release; container hints; RLIMIT_STACK;
the CPU count from sysconf and from the affinity mask, also pinned to one CPU
(D23); a summary of /etc/resolv.conf with the names each libc will ask and
its warnings; and the locale environment.

Options:
  --dns-reachability  also send one DNS query (. NS, 1 s timeout) to the
                      first nameserver and warn when it does not answer:
                      glibc waits for it on every lookup, musl does not.
                      Off by default: without it nothing leaves the box.";

const DNS_REACHABILITY: &str = "--dns-reachability";

fn main() -> ExitCode {
    let (reach, rest): (Vec<String>, Vec<String>) = std::env::args()
        .skip(1)
        .partition(|a| a == DNS_REACHABILITY);
    cli::run_probe_laid_out(
        "probe-env",
        ABOUT,
        rest,
        || env::checks(!reach.is_empty()),
        |_| ExitCode::SUCCESS,
        env::report_text::to_text,
    )
}
