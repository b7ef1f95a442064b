//! Which libc functions exist at run time, looked up by name with dlsym in
//! the running program's global scope: D20 (realloc(p, 0) and glibc's
//! malloc extras), D26 (GNU-only functions), D30 (strlcpy/strlcat, glibc
//! only from 2.38). A static binary has no run-time symbol lookup; there
//! the row says so (musl's strlcpy is linked and called instead).

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::dl;
use muslab_sys::malloc::realloc_to_zero_is_null;

const MALLOC_EXTRAS: &[&str] = &[
    "mallinfo",
    "mallinfo2",
    "malloc_trim",
    "mallopt",
    "malloc_stats",
    "malloc_info",
];

const GNU_ONLY: &[&str] = &[
    "backtrace",
    "backtrace_symbols",
    "fts_open",
    "_obstack_begin",
    "argp_parse",
    "error",
    "error_at_line",
    "register_printf_function",
    "register_printf_specifier",
    "__cxa_thread_atexit_impl",
    "__sprintf_chk",
    "__memcpy_chk",
    "gnu_get_libc_version",
    "strerrordesc_np",
    "qsort_r",
];

/// The names of `names` the running program can look up, or why it cannot.
fn present(names: &[&str]) -> Result<Vec<String>, String> {
    let scope = dl::global_scope()
        .map_err(|e| format!("no run-time symbol lookup in this binary (dlopen(NULL): {e})"))?;
    Ok(names
        .iter()
        .filter(|n| scope.symbol(n).is_some())
        .map(|n| (*n).to_owned())
        .collect())
}

fn presence_check(id: Id, case: &str, title: &str, names: &[&str]) -> Check {
    let check = Check::new(id, case, title);
    match present(names) {
        Ok(found) => {
            let shown = if found.is_empty() {
                "(none)".to_owned()
            } else {
                found.join(", ")
            };
            check.ok(
                Observed::text(shown),
                format!("looked up: {}", names.join(", ")),
            )
        }
        Err(e) => check.unsupported(e),
    }
}

pub fn malloc_checks() -> Vec<Check> {
    let null = realloc_to_zero_is_null();
    vec![
        Check::new(Id::D20, "realloc-zero", "realloc(malloc(16), 0)")
            .ok(Observed::text(if null { "NULL" } else { "non-NULL" }), ""),
        presence_check(
            Id::D20,
            "malloc-extras",
            "glibc malloc extras present at run time",
            MALLOC_EXTRAS,
        ),
    ]
}

pub fn gnu_checks() -> Vec<Check> {
    vec![presence_check(
        Id::D26,
        "gnu-only",
        "GNU-only functions present at run time",
        GNU_ONLY,
    )]
}

pub fn strlcpy_checks() -> Vec<Check> {
    let check = Check::new(Id::D30, "strlcpy", "strlcpy(buf, \"hello\", 3)");
    vec![
        match muslab_sys::strlcpy::strlcpy_hello_3() {
            Ok(Some((ret, text))) => check.ok(Observed::text(format!("{ret} \"{text}\"")), ""),
            Ok(None) => check.ok(Observed::text("absent"), "no strlcpy in the global scope"),
            Err(e) => check.unsupported(e),
        },
        presence_check(
            Id::D30,
            "strlcat",
            "strlcat present at run time",
            &["strlcat"],
        ),
    ]
}
