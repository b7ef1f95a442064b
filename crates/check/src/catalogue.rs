//! Ties imported symbols to rows of the catalogue (shared/DIFFERENCES.md):
//! a binary that calls `getaddrinfo` meets the resolver differences D06-D09
//! when it runs on the other libc, one that calls `strcoll` meets D11, etc.

use crate::elf_facts::ElfFacts;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::OnceLock;

/// One catalogue row a file is exposed to, and the imports that expose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exposure {
    /// Catalogue id (`D06`, `S2` ...).
    pub id: &'static str,
    pub title: &'static str,
    pub symbols: Vec<String>,
}

/// (id, title, symbol names). Names match exactly.
const TIES: &[(&str, &str, &[&str])] = &[
    ("D01", "dlclose is a no-op on musl", &["dlclose"]),
    ("D02", "no lazy binding on musl", &["dlopen"]),
    (
        "D03",
        "symbol versions ignored by musl",
        &["dlvsym", "gnu_get_libc_version", "gnu_get_libc_release"],
    ),
    (
        "D04",
        "LFS64 names removed from musl's link-time API in 1.2.4",
        &[],
    ),
    ("D05", "IFUNC / IRELATIVE rejected by musl's loader", &[]),
    (
        "D06",
        "several nameservers queried in parallel on musl",
        &[
            "getaddrinfo",
            "gethostbyname",
            "gethostbyname2",
            "gethostbyname_r",
            "gethostbyname2_r",
            "res_query",
            "res_search",
            "res_nquery",
            "res_nsearch",
            "__res_query",
            "__res_search",
            "res_init",
            "__res_init",
            "res_ninit",
            "__res_ninit",
        ],
    ),
    (
        "D07",
        "search list and ndots handled differently",
        &[
            "getaddrinfo",
            "gethostbyname",
            "gethostbyname2",
            "gethostbyname_r",
            "res_search",
            "res_nsearch",
            "__res_search",
        ],
    ),
    (
        "D08",
        "no TCP fallback before musl 1.2.4",
        &[
            "getaddrinfo",
            "gethostbyname",
            "res_query",
            "res_nquery",
            "__res_query",
            "res_send",
            "__res_send",
        ],
    ),
    (
        "D09",
        "getaddrinfo flags, no NSS, no cache on musl",
        &[
            "getaddrinfo",
            "getnameinfo",
            "gethostbyaddr",
            "gethostbyaddr_r",
            "getpwnam",
            "getpwuid",
            "getgrnam",
            "getgrgid",
            "getpwnam_r",
            "getpwuid_r",
        ],
    ),
    (
        "D10",
        "setlocale accepts anything; no numeric/time locale data on musl",
        &[
            "setlocale",
            "newlocale",
            "localeconv",
            "nl_langinfo",
            "nl_langinfo_l",
            "uselocale",
        ],
    ),
    (
        "D11",
        "strcoll/strxfrm are byte order on musl",
        &[
            "strcoll",
            "strxfrm",
            "wcscoll",
            "wcsxfrm",
            "strcoll_l",
            "strxfrm_l",
            "__strcoll_l",
            "__strxfrm_l",
        ],
    ),
    (
        "D12",
        "multibyte and ctype in the C locale",
        &[
            "mbrtowc",
            "mbtowc",
            "mbstowcs",
            "mbsrtowcs",
            "__ctype_get_mb_cur_max",
            "btowc",
        ],
    ),
    (
        "D13",
        "iconv: no //TRANSLIT, fewer charsets on musl",
        &["iconv_open", "iconv"],
    ),
    (
        "D14",
        "printf: %Ld/%qd/%Zd and register_printf_function",
        &[
            "register_printf_function",
            "register_printf_specifier",
            "register_printf_type",
        ],
    ),
    (
        "D15",
        "scanf edge cases",
        &[
            "sscanf",
            "scanf",
            "fscanf",
            "vsscanf",
            "vfscanf",
            "__isoc99_sscanf",
            "__isoc99_scanf",
            "__isoc99_fscanf",
            "__isoc99_vsscanf",
            "__isoc23_sscanf",
            "__isoc23_fscanf",
            "__isoc23_scanf",
        ],
    ),
    ("D16", "strptime %s %z %Z", &["strptime", "strptime_l"]),
    ("D17", "getopt does not permute on musl", &["getopt"]),
    (
        "D18",
        "basename / strerror_r flavours",
        &[
            "basename",
            "__xpg_basename",
            "strerror_r",
            "__xpg_strerror_r",
        ],
    ),
    (
        "D19",
        "strerror texts differ",
        &["strerror", "perror", "strerror_l", "strerrordesc_np"],
    ),
    (
        "D20",
        "allocator: realloc(p,0), mallinfo, one global lock",
        &[
            "realloc",
            "mallinfo",
            "mallinfo2",
            "malloc_trim",
            "malloc_stats",
            "mallopt",
        ],
    ),
    ("D21", "qsort is not stable on musl", &["qsort", "qsort_r"]),
    ("D22", "crypt: no yescrypt on musl", &["crypt", "crypt_r"]),
    (
        "D23",
        "CPU count follows the affinity mask on musl",
        &["sysconf", "get_nprocs", "get_nprocs_conf"],
    ),
    (
        "D24",
        "math: errno handling and last-bit differences",
        &[
            "log", "sin", "cos", "exp", "pow", "lgamma", "tgamma", "logf", "sinf", "cosf", "expf",
            "powf", "lgammaf",
        ],
    ),
    (
        "D25",
        "thread cancellation does not unwind on musl",
        &["pthread_cancel"],
    ),
    (
        "D26",
        "GNU-only APIs (execinfo, fts, obstack, argp, error.h)",
        &[
            "backtrace",
            "backtrace_symbols",
            "backtrace_symbols_fd",
            "fts_open",
            "_obstack_begin",
            "_obstack_newchunk",
            "argp_parse",
            "error",
            "error_at_line",
        ],
    ),
];

/// Which rows of [`TIES`] name each symbol, built once: a file's imports
/// (often thousands) are each looked up once instead of compared with every
/// name of every row.
fn rows_naming(symbol: &str) -> &'static [usize] {
    static INDEX: OnceLock<FxHashMap<&'static str, Vec<usize>>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: FxHashMap<&'static str, Vec<usize>> = FxHashMap::default();
        for (row, (_, _, names)) in TIES.iter().enumerate() {
            for name in *names {
                index.entry(*name).or_default().push(row);
            }
        }
        index
    });
    index.get(symbol).map_or(&[], Vec::as_slice)
}

/// The catalogue rows `facts` is exposed to, when run on the other libc.
/// `lfs64` names the imports musl only resolves through its LFS64 remap.
pub fn exposures(facts: &ElfFacts, lfs64: &[String]) -> Vec<Exposure> {
    let mut named: Vec<Vec<&str>> = vec![Vec::new(); TIES.len()];
    for import in &facts.imports {
        for &row in rows_naming(&import.name) {
            named[row].push(&import.name);
        }
    }
    let mut out = Vec::new();
    for ((id, title, _), names) in TIES.iter().zip(named) {
        let mut syms: Vec<String> = names.into_iter().map(str::to_string).collect();
        if *id == "D04" {
            syms = lfs64.to_vec();
        }
        if *id == "D05" && (facts.irelative_relocations > 0 || !facts.ifunc_symbols.is_empty()) {
            syms = facts.ifunc_symbols.iter().take(8).cloned().collect();
            if syms.is_empty() {
                syms.push(format!(
                    "{} IRELATIVE relocations",
                    facts.irelative_relocations
                ));
            }
        }
        syms.sort();
        syms.dedup();
        if !syms.is_empty() {
            out.push(Exposure {
                id,
                title,
                symbols: syms,
            });
        }
    }
    // S2: threads created without choosing a stack size get musl's 128 KiB default.
    let has = |n: &str| facts.imports.iter().any(|i| i.name == n);
    if has("pthread_create") && !has("pthread_attr_setstacksize") && !has("pthread_attr_setstack") {
        let mut symbols = vec!["pthread_create".to_string()];
        if let Some(stack) = facts.gnu_stack.filter(|s| s.size > 0) {
            symbols.push(format!(
                "PT_GNU_STACK size {} (musl uses it as the default)",
                stack.size
            ));
        }
        out.push(Exposure {
            id: "S2",
            title: "threads get a 128 KiB stack on musl (glibc: RLIMIT_STACK, usually 8 MiB)",
            symbols,
        });
    }
    out
}

/// Whether `id` is a catalogue row this module knows.
pub fn is_known_id(id: &str) -> bool {
    id == "S2" || TIES.iter().any(|(i, _, _)| *i == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_of_every_row_finds_its_row() {
        for (row, (id, _, names)) in TIES.iter().enumerate() {
            for name in *names {
                assert!(rows_naming(name).contains(&row), "{name} -> {id}");
            }
        }
        assert!(rows_naming("getaddrinfo").len() >= 2, "D06-D09 share it");
        // Names are exact: an earlier version took `foo*` as a prefix.
        for (_, _, names) in TIES {
            assert!(names.iter().all(|n| !n.ends_with('*')), "{names:?}");
        }
        assert!(rows_naming("printf").is_empty());
        assert!(rows_naming("getaddrinf").is_empty());
    }
}
