//! D14: the non-ISO length modifiers `%Ld`, `%qd`, `%Zd`. glibc reads them
//! as long long / size_t; musl's printf rejects them (-1, EINVAL) and
//! leaves the buffer empty. The fix, `PRId64`, prints the same on both.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::stdio_format::{format_int, Formatted, IntFormat};

const VALUE: i64 = 42;

/// How a row shows one snprintf call.
pub fn shown(f: &Formatted) -> String {
    if f.ret >= 0 {
        f.text.clone()
    } else {
        format!(
            "error: returned {}, errno {}, buffer \"{}\"",
            f.ret, f.errno, f.text
        )
    }
}

pub fn checks() -> Vec<Check> {
    let cases = [
        ("printf:%Ld", IntFormat::CapitalL),
        ("printf:%qd", IntFormat::Q),
        ("printf:%Zd", IntFormat::CapitalZ),
        ("fix:PRId64", IntFormat::PriD64),
    ];
    cases
        .into_iter()
        .map(|(case, format)| {
            let f = format_int(format, VALUE);
            let title = format!("snprintf(\"{}\", {VALUE})", format.spec());
            Check::new(Id::D14, case, &title).ok(Observed::text(shown(&f)), "")
        })
        .collect()
}
