//! D05: GNU indirect functions. glibc runs the resolver at load time; musl's
//! loader has no IRELATIVE and no STT_GNU_IFUNC lookup. The resolver picks a
//! function returning 7.

use muslab_catalogue::Id;
use muslab_report::Check;

use super::Setup;

pub fn checks(s: &Setup) -> Vec<Check> {
    vec![
        s.cell(
            Check::new(Id::D05, "pie", "a PIE defining and calling an IFUNC"),
            "ifunc-pie",
            &[],
            |run| (run.observed(), String::new()),
        ),
        s.cell(
            Check::new(
                Id::D05,
                "shared-lib",
                "dlopen a library exporting an IFUNC, dlsym and call it",
            ),
            "driver",
            &["ifunc-lib", "$DIR"],
            |run| (run.observed(), String::new()),
        ),
        s.cell(
            Check::new(
                Id::D05,
                "static",
                "a static program defining and calling an IFUNC",
            ),
            "ifunc-static",
            &[],
            |run| {
                (
                    run.observed(),
                    "static: no loader involved, the libc.a the compiler linked relocates"
                        .to_owned(),
                )
            },
        ),
    ]
}
