//! D18: the two basenames and the two strerror_r flavours. glibc's symbol
//! `basename` is the GNU one ("" for "/usr/lib/"), musl's the POSIX one
//! ("lib"); the fix, `<libgen.h>`'s basename, is POSIX on both. glibc's
//! symbol `strerror_r` is the GNU flavour (returns a pointer, may leave the
//! buffer alone), musl's the XSI one (returns 0, text in the buffer).
//! Whether `<string.h>` declares basename is a build-time fact of the
//! headers, which a built probe cannot see.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::basename;
use muslab_sys::errtext::strerror_r_symbol_call;

const PATHS: &[&str] = &["/usr/lib/", "/usr/lib", "/", "//", "", "lib", "/usr/", "."];

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

pub fn checks() -> Vec<Check> {
    let mut out = Vec::new();
    for path in PATHS {
        out.push(
            Check::new(
                Id::D18,
                &format!("basename:{path}"),
                &format!("basename(\"{path}\")"),
            )
            .ok(
                Observed::text(quoted(&basename::basename_symbol_result(path))),
                "",
            ),
        );
    }
    for path in PATHS {
        out.push(
            Check::new(
                Id::D18,
                &format!("fix:libgen-basename:{path}"),
                &format!("fix: <libgen.h> basename(\"{path}\")"),
            )
            .ok(Observed::text(quoted(&basename::libgen(path))), ""),
        );
    }
    let r = strerror_r_symbol_call(libc::ENOENT);
    let xsi = r.ret == 0 && !r.buffer.is_empty();
    let flavour = if xsi {
        "XSI: returns 0, text in the buffer"
    } else {
        "GNU: returns a pointer"
    };
    out.push(
        Check::new(Id::D18, "strerror_r", "the strerror_r symbol's flavour").ok(
            Observed::text(flavour),
            format!(
                "strerror_r(ENOENT): returned {}, buffer \"{}\"",
                if r.ret == 0 { "0" } else { "non-zero" },
                r.buffer
            ),
        ),
    );
    out
}
