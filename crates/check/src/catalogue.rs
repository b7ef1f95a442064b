//! Ties an ELF file's imports to rows of the catalogue (docs/catalogue.md,
//! the crate muslab-catalogue): a binary that calls `getaddrinfo` meets the
//! resolver differences D06-D09 when it runs on the other libc, one that
//! calls `strcoll` meets D11, etc. The symbols are the catalogue's own.

use crate::elf_facts::ElfFacts;
use muslab_catalogue::{Entry, ExposedBy, Id, ENTRIES};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::OnceLock;

/// One catalogue row a file is exposed to, and the imports that expose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exposure {
    pub id: Id,
    pub title: &'static str,
    pub symbols: Vec<String>,
}

/// Which entries of [`ENTRIES`] name each symbol, built once: a file's
/// imports (often thousands) are each looked up once instead of compared
/// with every name of every row.
fn rows_naming(symbol: &str) -> &'static [usize] {
    static INDEX: OnceLock<FxHashMap<&'static str, Vec<usize>>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: FxHashMap<&'static str, Vec<usize>> = FxHashMap::default();
        for (row, entry) in ENTRIES.iter().enumerate() {
            if let ExposedBy::Imports(names) = entry.exposed_by {
                for name in names {
                    index.entry(*name).or_default().push(row);
                }
            }
        }
        index
    });
    index.get(symbol).map_or(&[], Vec::as_slice)
}

/// The functions [`ExposedBy::ThreadsWithDefaultStack`] looks at.
const THREAD_STACK_SYMBOLS: [&str; 3] = [
    "pthread_create",
    "pthread_attr_setstacksize",
    "pthread_attr_setstack",
];

/// Whether a function name matters to some row: a static file's `.symtab`
/// keeps only these (see `ElfFacts::linked`).
pub fn is_exposing_symbol(name: &str) -> bool {
    !rows_naming(name).is_empty() || THREAD_STACK_SYMBOLS.contains(&name)
}

/// The names a file uses from its libc: its dynamic imports, or for a static
/// file the functions linked in.
fn used_names(facts: &ElfFacts) -> impl Iterator<Item = &str> {
    facts
        .imports
        .iter()
        .map(|i| i.name.as_str())
        .chain(facts.linked.iter().map(String::as_str))
}

/// What exposes `facts` to `entry` beyond a plain import list.
fn special_symbols(entry: &Entry, facts: &ElfFacts, lfs64: &[String]) -> Vec<String> {
    let has = |n: &str| used_names(facts).any(|u| u == n);
    match entry.exposed_by {
        ExposedBy::Lfs64Imports => lfs64.to_vec(),
        ExposedBy::Ifunc if facts.irelative_relocations > 0 || !facts.ifunc_symbols.is_empty() => {
            let mut syms: Vec<String> = facts.ifunc_symbols.iter().take(8).cloned().collect();
            if syms.is_empty() {
                syms.push(format!(
                    "{} IRELATIVE relocations",
                    facts.irelative_relocations
                ));
            }
            syms
        }
        ExposedBy::ThreadsWithDefaultStack
            if has("pthread_create")
                && !has("pthread_attr_setstacksize")
                && !has("pthread_attr_setstack") =>
        {
            let mut symbols = vec!["pthread_create".to_string()];
            if let Some(stack) = facts.gnu_stack.filter(|s| s.size > 0) {
                symbols.push(format!(
                    "PT_GNU_STACK size {} (musl uses it as the default)",
                    stack.size
                ));
            }
            symbols
        }
        _ => Vec::new(),
    }
}

/// Whether a musl program's threads get musl's default stack: S2 applies
/// to it on musl itself, wherever it runs (PT_GNU_STACK sets no size).
pub fn musl_default_thread_stack(facts: &ElfFacts, exposures: &[Exposure]) -> bool {
    facts.libc == crate::elf_facts::Libc::Musl
        && facts.gnu_stack.is_none_or(|s| s.size == 0)
        && exposures.iter().any(|e| e.id == Id::S2)
}

/// The catalogue rows `facts` is exposed to, when run on the other libc:
/// the difference rows first, then the seed scenarios (S2).
/// `lfs64` names the imports musl only resolves through its LFS64 remap.
pub fn exposures(facts: &ElfFacts, lfs64: &[String]) -> Vec<Exposure> {
    let mut named: Vec<Vec<&str>> = vec![Vec::new(); ENTRIES.len()];
    for name in used_names(facts) {
        for &row in rows_naming(name) {
            named[row].push(name);
        }
    }
    let mut out = Vec::new();
    for (entry, names) in ENTRIES.iter().zip(named) {
        let mut syms: Vec<String> = match entry.exposed_by {
            ExposedBy::Imports(_) => names.into_iter().map(str::to_string).collect(),
            _ => special_symbols(entry, facts, lfs64),
        };
        if !matches!(entry.exposed_by, ExposedBy::ThreadsWithDefaultStack) {
            syms.sort();
            syms.dedup();
        }
        if !syms.is_empty() {
            out.push(Exposure {
                id: entry.id,
                title: entry.title,
                symbols: syms,
            });
        }
    }
    out.sort_by_key(|e| (e.id.is_seed(), e.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_of_every_row_finds_its_row() {
        for (row, entry) in ENTRIES.iter().enumerate() {
            if let ExposedBy::Imports(names) = entry.exposed_by {
                for name in names {
                    assert!(rows_naming(name).contains(&row), "{name} -> {}", entry.id);
                }
            }
        }
        assert!(rows_naming("getaddrinfo").len() >= 2, "D06-D09 share it");
        for entry in ENTRIES {
            if let ExposedBy::Imports(names) = entry.exposed_by {
                assert!(names.iter().all(|n| !n.ends_with('*')), "{names:?}");
            }
        }
        assert!(rows_naming("printf").is_empty());
        assert!(rows_naming("getaddrinf").is_empty());
    }
    /// The symbols of every row as they were when check had its own table,
    /// so that moving them into the catalogue changed no verdict.
    #[test]
    fn every_row_keeps_the_symbols_check_always_used() {
        let want: &[(&str, &str)] = &[
            ("D01", "dlclose"),
            ("D02", "dlopen"),
            ("D03", "dlvsym gnu_get_libc_version gnu_get_libc_release"),
            ("D04", ""),
            ("D05", ""),
            ("D06", "getaddrinfo gethostbyname gethostbyname2 gethostbyname_r gethostbyname2_r res_query res_search res_nquery res_nsearch __res_query __res_search res_init __res_init res_ninit __res_ninit"),
            ("D07", "getaddrinfo gethostbyname gethostbyname2 gethostbyname_r res_search res_nsearch __res_search"),
            ("D08", "getaddrinfo gethostbyname res_query res_nquery __res_query res_send __res_send"),
            ("D09", "getaddrinfo getnameinfo gethostbyaddr gethostbyaddr_r getpwnam getpwuid getgrnam getgrgid getpwnam_r getpwuid_r"),
            ("D10", "setlocale newlocale localeconv nl_langinfo nl_langinfo_l uselocale"),
            ("D11", "strcoll strxfrm wcscoll wcsxfrm strcoll_l strxfrm_l __strcoll_l __strxfrm_l"),
            ("D12", "mbrtowc mbtowc mbstowcs mbsrtowcs __ctype_get_mb_cur_max btowc"),
            ("D13", "iconv_open iconv"),
            ("D14", "register_printf_function register_printf_specifier register_printf_type"),
            ("D15", "sscanf scanf fscanf vsscanf vfscanf __isoc99_sscanf __isoc99_scanf __isoc99_fscanf __isoc99_vsscanf __isoc23_sscanf __isoc23_fscanf __isoc23_scanf"),
            ("D16", "strptime strptime_l"),
            ("D17", "getopt"),
            ("D18", "basename __xpg_basename strerror_r __xpg_strerror_r"),
            ("D19", "strerror perror strerror_l strerrordesc_np"),
            ("D20", "realloc mallinfo mallinfo2 malloc_trim malloc_stats mallopt"),
            ("D21", "qsort qsort_r"),
            ("D22", "crypt crypt_r"),
            ("D23", "sysconf get_nprocs get_nprocs_conf"),
            ("D24", "log sin cos exp pow lgamma tgamma logf sinf cosf expf powf lgammaf"),
            ("D25", "pthread_cancel"),
            ("D26", "backtrace backtrace_symbols backtrace_symbols_fd fts_open _obstack_begin _obstack_newchunk argp_parse error error_at_line"),
        ];
        for (id, names) in want {
            let id: Id = id.parse().unwrap();
            let got = match id.entry().exposed_by {
                ExposedBy::Imports(names) => names.join(" "),
                _ => String::new(),
            };
            assert_eq!(&got, names, "{id}: got {got:?}, want {names:?}");
        }
        let with_imports: Vec<Id> = ENTRIES
            .iter()
            .filter(|e| matches!(e.exposed_by, ExposedBy::Imports(_)))
            .map(|e| e.id)
            .collect();
        let listed = want.iter().filter(|(_, n)| !n.is_empty()).count();
        assert_eq!(
            with_imports.len(),
            listed,
            "rows with imports: {with_imports:?}"
        );
        assert!(matches!(
            Id::S2.entry().exposed_by,
            ExposedBy::ThreadsWithDefaultStack
        ));
        assert!(matches!(
            Id::D04.entry().exposed_by,
            ExposedBy::Lfs64Imports
        ));
        assert!(matches!(Id::D05.entry().exposed_by, ExposedBy::Ifunc));
    }
}
