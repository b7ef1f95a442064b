//! D25: glibc cancels a thread by a forced unwind, so C++ destructors,
//! catch (...) and cleanup attributes run; musl runs only the
//! pthread_cleanup_push handlers.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};

use super::Setup;

pub fn checks(s: &Setup) -> Vec<Check> {
    let ran = |run: &super::fixtures::Run| -> (Observed, String) {
        (
            Observed::List(run.lines().into_iter().map(str::to_owned).collect()),
            format!("{}; what ran, in order", run.exit),
        )
    };
    vec![
        s.cell(
            Check::new(
                Id::D25,
                "c",
                "C: cancelled thread with pthread_cleanup_push and __attribute__((cleanup))",
            ),
            "cancel-c",
            &[],
            ran,
        ),
        s.cell(
            Check::new(
                Id::D25,
                "cxx",
                "C++: cancelled thread with a destructor, catch (...) and a cleanup attribute",
            ),
            "cancel-cxx",
            &[],
            ran,
        ),
    ]
}
