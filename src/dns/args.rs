//! probe-dns's own arguments; `--json`, `--help` and `--version` are left to
//! the shared probe CLI (src/cli.rs).

use muslab_catalogue::{Id, UnknownId};
use std::time::Duration;

use super::hints;
use super::plan::Plan;

pub const USAGE: &str = "Scenario options:
  --name NAME          name to look up (repeatable; default: localhost)
  --hints SPEC         null | FAMILY[,FLAG...]: family unspec|inet|inet6, flags
                       addrconfig, v4mapped, all, canonname, idn (default: unspec)
  --count N            rounds of sequential lookups of every name (default: 1)
  --concurrency N      then N lookups at once from N threads (default: 0)
  --wait-stdin         read a line from stdin before each sequential lookup but the first
  --timeout-ms MS      kill the lookups after MS (default: 60000)
  --id ID              check id of the report's checks (default: S3)
  --case CASE          case prefix of the report's checks (default: lookup)
  --dns-reachability   after the lookups, send one query (. NS, 1 s timeout) to
                       the first nameserver and warn when it does not answer
                       (glibc waits for it on every lookup, musl does not).
                       Off by default, so the servers see only the lookups.
";

#[derive(Debug, Clone)]
pub struct DnsArgs {
    pub id: Id,
    pub case: String,
    pub plan: Plan,
    /// Measure whether the first nameserver answers (see
    /// `env::nameserver_reach`).
    pub dns_reachability: bool,
}

/// Splits `args` into probe-dns's options and the rest (for src/cli.rs).
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<(DnsArgs, Vec<String>), String> {
    let mut out = DnsArgs {
        id: Id::S3,
        case: "lookup".to_owned(),
        plan: Plan {
            names: Vec::new(),
            hints: hints::parse("unspec").expect("valid"),
            count: 1,
            concurrency: 0,
            wait_stdin: false,
            timeout: Duration::from_secs(60),
        },
        dns_reachability: false,
    };
    let mut rest = Vec::new();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |what: &str| {
            it.next()
                .ok_or_else(|| format!("{arg} needs a value ({what})"))
        };
        match arg.as_str() {
            "--name" => out.plan.names.push(value("a host name")?),
            "--hints" => out.plan.hints = hints::parse(&value("null or FAMILY[,FLAG...]")?)?,
            "--count" => out.plan.count = number(&arg, &value("a number")?)?,
            "--concurrency" => out.plan.concurrency = number(&arg, &value("a number")?)?,
            "--timeout-ms" => {
                out.plan.timeout =
                    Duration::from_millis(number(&arg, &value("milliseconds")?)? as u64)
            }
            "--wait-stdin" => out.plan.wait_stdin = true,
            "--id" => {
                out.id = value("a catalogue id")?
                    .parse()
                    .map_err(|e: UnknownId| format!("--id: {e}"))?
            }
            "--case" => out.case = value("a case name")?,
            "--dns-reachability" => out.dns_reachability = true,
            _ => rest.push(arg),
        }
    }
    if out.plan.names.is_empty() {
        out.plan.names.push("localhost".to_owned());
    }
    Ok((out, rest))
}

fn number(arg: &str, v: &str) -> Result<usize, String> {
    v.parse()
        .map_err(|_| format!("{arg} wants a number, not '{v}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn scenario_options_are_taken_and_the_rest_passed_on() {
        let (a, rest) = parse(strings(&[
            "--json", "--name", "a.test", "--count", "3", "--id", "D06", "--hints", "inet",
        ]))
        .unwrap();
        assert_eq!(rest, strings(&["--json"]));
        assert_eq!(a.plan.names, strings(&["a.test"]));
        assert_eq!(a.plan.count, 3);
        assert_eq!(a.id, Id::D06);
    }

    #[test]
    fn bad_values_say_which_option() {
        assert!(parse(strings(&["--count", "x"]))
            .unwrap_err()
            .contains("--count"));
        assert!(parse(strings(&["--name"])).unwrap_err().contains("--name"));
    }
}
