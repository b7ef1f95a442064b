//! D17: getopt and getopt_long with an option after an operand. glibc
//! permutes argv unless POSIXLY_CORRECT is set; musl's getopt stops at the
//! first operand and its getopt_long permutes even with POSIXLY_CORRECT.
//! Each parse runs in a forked child: both libcs keep getopt state in
//! globals and reset it differently, and glibc reads POSIXLY_CORRECT on
//! its first call.

use std::time::Duration;

use muslab_catalogue::Id;
use muslab_report::{Check, Observed, Status};
use muslab_sys::fork::run_in_child;
use muslab_sys::getopt;

/// `(case, argv, long, POSIXLY_CORRECT)`.
const CASES: &[(&str, &[&str], bool, bool)] = &[
    (
        "getopt:operand-first",
        &["prog", "a", "-x", "b"],
        false,
        false,
    ),
    (
        "getopt:operand-first:POSIXLY_CORRECT",
        &["prog", "a", "-x", "b"],
        false,
        true,
    ),
    (
        "getopt_long:operand-first",
        &["prog", "a", "-x", "b"],
        true,
        false,
    ),
    (
        "getopt_long:operand-first:POSIXLY_CORRECT",
        &["prog", "a", "-x", "b"],
        true,
        true,
    ),
    (
        "fix:getopt:options-first",
        &["prog", "-x", "a", "b"],
        false,
        false,
    ),
    (
        "fix:getopt_long:operand-first",
        &["prog", "a", "--long", "-x", "b"],
        true,
        false,
    ),
];

pub fn checks() -> Vec<Check> {
    CASES
        .iter()
        .map(|(case, argv, long, posixly)| {
            let call = if *long { "getopt_long" } else { "getopt" };
            let env = if *posixly {
                " with POSIXLY_CORRECT"
            } else {
                ""
            };
            let title = format!("{call}(\"{}\", \"x\"){env}", argv[1..].join(" "));
            let check = Check::new(Id::D17, case, &title);
            let run = run_in_child(Duration::from_secs(5), |w| {
                if *posixly {
                    std::env::set_var("POSIXLY_CORRECT", "1");
                } else {
                    std::env::remove_var("POSIXLY_CORRECT");
                }
                let p = getopt::parse(argv, "x", *long);
                let start = usize::try_from(p.optind).unwrap_or(0).min(p.argv.len());
                let options: String = p.options.iter().collect();
                let written = write!(
                    w,
                    "options \"{options}\", operands [{}]",
                    p.argv[start..].join(" ")
                );
                i32::from(written.is_err())
            });
            match run {
                Err(e) => check.error(format!("fork: {e}")),
                Ok(run) if run.success() => check.ok(Observed::text(run.output), ""),
                Ok(run) => match run.status() {
                    Status::Ok => check.error(format!("child failed: {}", run.output)),
                    status => check.status(status, Observed::None, run.output),
                },
            }
        })
        .collect()
}
