//! probe-dns: getaddrinfo with the names, hints, counts and concurrency a
//! scenario gives, reported from the client's side.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use std::path::Path;

use muslab_probes::{cli, dns, env};

const ABOUT: &str = "probe-dns: what getaddrinfo does for the names and hints you give it.

Looks every --name up --count times in sequence (per-lookup latency, the
addresses in the order returned, the error codes), then --concurrency lookups
at once from threads (total wall time). The lookups run in a child with a
timeout. It uses whatever resolv.conf and hosts the box has: muslab runs it in
a network namespace against its own DNS servers (muslab dns); run by hand it
asks your real resolver.

It also shows the names glibc and musl will ask for the first --name under
this box's resolv.conf (search list and ndots) and what in resolv.conf works
otherwise than it reads. Exits 3 when a lookup failed, after the report,
saying on stderr what it asked.";

fn main() -> ExitCode {
    let (args, rest) = match dns::args::parse(std::env::args().skip(1)) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("probe-dns: {e} (try 'probe-dns --help')");
            return ExitCode::from(2);
        }
    };
    let about = format!("{ABOUT}\n\n{}", dns::args::USAGE);
    let names = args.plan.names.clone();
    cli::run_probe_then(
        "probe-dns",
        &about,
        rest,
        || {
            let mut checks = dns::checks::checks(args.id, &args.case, dns::plan::run(&args.plan));
            if let Some(first) = names.first() {
                checks.extend(env::resolv_search::checks(
                    Path::new("/"),
                    first,
                    args.dns_reachability,
                ));
            }
            checks
        },
        dns::checks::exit_code,
    )
}
