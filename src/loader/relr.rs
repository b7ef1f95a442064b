//! D32: DT_RELR packed relative relocations (`-z pack-relative-relocs`),
//! read by glibc from 2.36 and musl from 1.2.4. A loader without it leaves
//! the library's pointers unrelocated.

use muslab_catalogue::Id;
use muslab_report::Check;

use super::Setup;

pub fn checks(s: &Setup) -> Vec<Check> {
    vec![s.cell(Check::new(Id::D32, "relr-lib", "dlopen a DT_RELR library and read a pointer from its table (\"one\")"), "driver", &["relr", "$DIR"], |run| (run.observed(), String::new()))]
}
