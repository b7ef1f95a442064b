//! D32: DT_RELR packed relative relocations (`-z pack-relative-relocs`),
//! read by glibc from 2.36 and musl from 1.2.4. A loader without it leaves
//! the library's pointers unrelocated.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};

use super::Setup;

/// The run, plus the loader version it was measured with (read at run time):
/// the outcome depends on it.
pub fn checks(s: &Setup) -> Vec<Check> {
    vec![s.cell(
        Check::new(
            Id::D32,
            "relr-lib",
            "dlopen a DT_RELR library and read a pointer from its table (\"one\")",
        ),
        "driver",
        &["relr", "$DIR"],
        |run| {
            let mut observed = run.observed();
            if let (Observed::Record(fields), Ok(version)) = (&mut observed, &s.loader.version) {
                fields.insert("loader_version".to_owned(), Observed::text(version.clone()));
            }
            (observed, String::new())
        },
    )]
}
