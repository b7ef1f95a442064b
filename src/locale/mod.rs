//! probe-locale: catalogue rows D10 (setlocale and locale data), D11
//! (collation), D12 (multibyte and ctype) and seed S4. D13 (iconv) lives
//! here too but runs from its own binary, probe-iconv, so that musl's iconv
//! tables do not push the static probe-locale over the 600 KiB budget.
//!
//! Everything here reads or switches the process-global locale, so it runs
//! on the probe's main thread only; each check leaves the locale at "C".
//! A locale glibc refuses is reported as not installed (status
//! unsupported), never as a behaviour.

pub mod collation;
pub mod ctype;
pub mod env_sort;
pub mod formatting;
pub mod iconv;
pub mod locpath;
pub mod names;
pub mod setlocale;
pub mod words;

use muslab_report::Check;

/// Every probe-locale check, in catalogue order (without D13, see above).
pub fn checks() -> Vec<Check> {
    names::reset();
    let mut out = vec![locpath::check()];
    out.extend(setlocale::checks());
    out.extend(formatting::checks());
    out.extend(collation::checks());
    out.extend(ctype::checks());
    out.push(env_sort::check());
    out
}
