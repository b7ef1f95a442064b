//! D03: glibc honours symbol versions, musl's loader ignores them and binds
//! the default definition; musl has no gnu_get_libc_version.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};

use super::Setup;

pub fn checks(s: &Setup) -> Vec<Check> {
    vec![
        s.cell(Check::new(Id::D03, "versioned-ref", "a reference to muslab_sym@VER_1 (1) with muslab_sym@@VER_2 (2) present"), "ver-app", &[], |run| {
            let n = run.lines().first().and_then(|l| l.trim().parse::<i64>().ok());
            (n.map_or_else(|| run.observed(), Observed::Int), "ver-app linked against libver.so's old release (VER_1 only), run against the current one".to_owned())
        }),
        s.cell(Check::new(Id::D03, "gnu_get_libc_version", "dlsym(RTLD_DEFAULT, \"gnu_get_libc_version\")"), "driver", &["gnu-version", "$DIR"], |run| {
            (Observed::text(run.stdout.trim()), "NULL: no such symbol; otherwise the version it returned".to_owned())
        }),
    ]
}
