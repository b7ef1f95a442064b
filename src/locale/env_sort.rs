//! S4: what a program that calls `setlocale(LC_ALL, "")` (as `sort`, `ls`
//! and most C programs do) gets in this box: the locale the environment
//! selects, and the word list in that locale's strcoll order.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::locale::{self, LC_ALL};

use super::{collation, names};

pub fn check() -> Check {
    let check = Check::new(
        Id::S4,
        "environment-sort",
        "words sorted in the environment's locale",
    );
    let Some(name) = locale::setlocale(LC_ALL, Some("")) else {
        names::reset();
        return check.ok(
            Observed::None,
            "setlocale(LC_ALL, \"\") returned NULL: the environment names a locale not installed here; programs fall back to C",
        );
    };
    let sorted = collation::sort_strcoll();
    names::reset();
    match sorted {
        Some(words) => check.ok(
            Observed::List(words),
            format!("locale from the environment: {name}"),
        ),
        None => check.error("a word contains NUL"),
    }
}
