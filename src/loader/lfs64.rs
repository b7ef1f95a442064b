//! D04: the LFS64 names (open64, lseek64, ...). glibc exports them; musl
//! dropped them from its link-time API in 1.2.4 and keeps a loader remap for
//! binaries built before, which never covered fcntl64.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};

use super::Setup;

pub fn checks(s: &Setup) -> Vec<Check> {
    vec![
        s.cell(
            Check::new(
                Id::D04,
                "dlsym",
                "which of open64 lseek64 fopen64 stat64 mmap64 fcntl64 dlsym(RTLD_DEFAULT) finds",
            ),
            "driver",
            &["lfs64-dlsym", "$DIR"],
            |run| {
                (
                    Observed::List(run.lines().into_iter().map(str::to_owned).collect()),
                    String::new(),
                )
            },
        ),
        s.cell(
            Check::new(Id::D04, "open64-binary", "a binary importing open64"),
            "open64-app",
            &[],
            |run| (run.observed(), String::new()),
        ),
        s.cell(
            Check::new(Id::D04, "fcntl64-binary", "a binary importing fcntl64"),
            "fcntl64-app",
            &[],
            |run| (run.observed(), String::new()),
        ),
    ]
}
