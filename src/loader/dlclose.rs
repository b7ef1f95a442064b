//! D01: glibc unloads a library in dlclose (its destructor runs then, its
//! statics start over when it is opened again); musl's dlclose does nothing,
//! so the library stays mapped, keeps its statics and is finalised at exit.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};

use super::Setup;

/// The driver's dlclose scenario: open libctor.so, bump its counter twice,
/// dlclose, look for it in /proc/self/maps, reopen and bump once, exit.
pub fn checks(s: &Setup) -> Vec<Check> {
    let args = ["dlclose", "$DIR"];
    vec![
        s.cell(
            Check::new(Id::D01, "destructor", "when libctor.so's destructor runs"),
            "driver",
            &args,
            |run| {
                let lines = run.lines();
                let at = |l: &str| lines.iter().position(|x| *x == l);
                let when = match (at("destructor"), at("dlclose"), at("exit")) {
                    (Some(d), Some(c), Some(e)) if d > c && d < e => "in dlclose",
                    (Some(d), _, Some(e)) if d > e => "at exit",
                    (None, _, _) => "never",
                    _ => "elsewhere",
                };
                (
                    Observed::text(when),
                    format!("printed: {}", lines.join(" | ")),
                )
            },
        ),
        s.cell(
            Check::new(
                Id::D01,
                "mapped-after-dlclose",
                "libctor.so in /proc/self/maps after dlclose",
            ),
            "driver",
            &args,
            |run| {
                let line = run
                    .lines()
                    .into_iter()
                    .find_map(|l| l.strip_prefix("after dlclose: mapped "));
                match line {
                    Some("yes") => (Observed::Bool(true), String::new()),
                    Some("no") => (Observed::Bool(false), String::new()),
                    other => (
                        Observed::None,
                        format!("driver said {:?}", other.unwrap_or("nothing")),
                    ),
                }
            },
        ),
        s.cell(
            Check::new(
                Id::D01,
                "statics-after-reopen",
                "static counter after dlclose and dlopen (bumped twice before)",
            ),
            "driver",
            &args,
            |run| {
                let n = run
                    .lines()
                    .into_iter()
                    .find_map(|l| l.strip_prefix("reopen: counter "))
                    .and_then(|n| n.parse::<i64>().ok());
                (
                    n.map_or(Observed::None, Observed::Int),
                    "1: fresh statics; 3: kept".to_owned(),
                )
            },
        ),
    ]
}
