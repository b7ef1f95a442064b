//! D19: strerror's text for every Linux errno (0 to 133, EHWPOISON) and
//! one unknown number, one row each: the matrix shows which texts differ
//! between glibc and musl. A message is a libc's wording, never an API.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::errtext::strerror;

/// The highest errno Linux defines (EHWPOISON).
pub const LAST_ERRNO: i32 = 133;
/// A number no libc names.
pub const UNKNOWN: i32 = 9999;

pub fn checks() -> Vec<Check> {
    (0..=LAST_ERRNO)
        .chain([UNKNOWN])
        .map(|n| {
            Check::new(Id::D19, &format!("strerror:{n}"), &format!("strerror({n})"))
                .ok(Observed::text(strerror(n)), "")
        })
        .collect()
}
