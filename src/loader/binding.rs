//! D02: glibc binds function calls on first use; musl binds at load time and
//! leaves a lazily opened library's missing symbols to a library loaded
//! later with RTLD_GLOBAL ("deferred binding", musl 1.1.17).

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};

use super::Setup;

pub fn checks(s: &Setup) -> Vec<Check> {
    vec![
        s.cell(
            Check::new(
                Id::D02,
                "rtld-now",
                "dlopen(RTLD_NOW) of a library with a missing symbol: dlerror()",
            ),
            "driver",
            &["now", "$DIR"],
            |run| {
                let said = run
                    .lines()
                    .into_iter()
                    .find_map(|l| l.strip_prefix("dlopen failed: "));
                (
                    said.map_or(Observed::text("loaded"), Observed::text),
                    String::new(),
                )
            },
        ),
        s.cell(
            Check::new(
                Id::D02,
                "rtld-lazy-call",
                "dlopen(RTLD_LAZY), then a call to the missing symbol",
            ),
            "driver",
            &["lazy", "$DIR"],
            |run| (run.observed(), String::new()),
        ),
        s.cell(
            Check::new(
                Id::D02,
                "deferred",
                "RTLD_LAZY, then the provider with RTLD_GLOBAL, then the call",
            ),
            "driver",
            &["deferred", "$DIR"],
            |run| (run.observed(), String::new()),
        ),
        s.cell(
            Check::new(
                Id::D02,
                "missing-in-exe",
                "an executable whose library lacks a symbol it calls after start-up",
            ),
            "missing-exe",
            &[],
            |run| {
                let started = run.lines().iter().any(|l| l.starts_with("started"));
                (
                    run.observed(),
                    format!(
                        "{} before the failure",
                        if started { "started" } else { "did not start" }
                    ),
                )
            },
        ),
    ]
}
