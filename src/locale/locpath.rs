//! MUSL_LOCPATH: the only place musl looks for locale files (colon-separated
//! directories; ignored for set-uid programs). A file there named like the
//! locale (e.g. `de_DE.UTF-8`) is a gettext catalogue that translates
//! musl's C strings: month and day names, `nl_langinfo` texts, strerror.
//! It adds no collation, number or ctype data. glibc ignores the variable
//! (its own override is LOCPATH). Reported so that a musl column with and
//! without it can be told apart.

use muslab_catalogue::Id;
use std::path::Path;

use muslab_report::{Check, Observed};

pub fn check() -> Check {
    let check = Check::new(
        Id::Env,
        "musl-locpath",
        "MUSL_LOCPATH and the locale files in it",
    );
    let Some(value) = std::env::var_os("MUSL_LOCPATH") else {
        return check.ok(
            Observed::fields([("MUSL_LOCPATH", "(unset)")]),
            "musl finds no locale files: every locale behaves as C.UTF-8 with untranslated strings",
        );
    };
    let value = value.to_string_lossy().into_owned();
    let mut found = Vec::new();
    for dir in value.split(':').filter(|d| !d.is_empty()) {
        for name in &super::names::locales() {
            if Path::new(dir).join(name).is_file() {
                found.push(format!("{dir}/{name}"));
            }
        }
    }
    let detail = if crate::build_info::embedded().libc == muslab_report::Libc::Glibc {
        "glibc ignores MUSL_LOCPATH"
    } else {
        "musl loads these files as message catalogues for the named locales"
    };
    check.ok(
        Observed::fields([
            ("MUSL_LOCPATH", value),
            (
                "files",
                if found.is_empty() {
                    "(none for the probed locales)".to_string()
                } else {
                    found.join(" ")
                },
            ),
        ]),
        detail,
    )
}
