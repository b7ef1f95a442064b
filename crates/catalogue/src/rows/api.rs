//! C library API behaviour beyond locales and the resolver.

use crate::model::{
    Applies::*, Area, Claim, Command, Entry, Expected, ExposedBy, Fix, Libc, Libc::*,
};
use crate::model::{Source, ValueClaim};
use crate::Id;

/// An entry that is all claims and one fix, the shape most API rows have.
macro_rules! api_row {
    ($id:ident, $title:literal, [$($claim:expr),* $(,)?], $why:literal, [$($fix:expr),* $(,)?], [$($symptom:literal),*], $exposed:expr, $observed:expr $(, values: [$($value:expr),* $(,)?])?) => {
        pub const $id: Entry = Entry {
            id: Id::$id,
            area: Area::CLibraryApi,
            title: $title,
            claims: &[$($claim),*],
            why: $why,
            fixes: &[$($fix),*],
            symptoms: &[$($symptom),*],
            exposed_by: $exposed,
            values: &[$($($value),*)?],
            observed: $observed,
        };
    };
}

const fn glibc(says: &'static str, source: Source) -> Claim {
    Claim {
        libc: Glibc,
        versions: None,
        says,
        source,
    }
}

const fn musl(says: &'static str, source: Source) -> Claim {
    Claim {
        libc: Musl,
        versions: None,
        says,
        source,
    }
}

/// A value probe-libc measures for `case` on `libc`, with the claim's source.
const fn value(
    case: &'static str,
    libc: Libc,
    expected: Expected,
    source: &'static str,
) -> ValueClaim {
    ValueClaim {
        case,
        libc,
        expected,
        source,
    }
}

const fn fix(name: &'static str, title: &'static str, why: &'static str) -> Fix {
    Fix {
        name,
        title,
        why,
        commands: &[],
    }
}

api_row!(D14, "printf: %Ld/%qd/%Zd and register_printf_function",
[glibc("%Ld, %qd, %Zd accepted; register_printf_function adds conversions", Source::GlibcSource("stdio-common/vfprintf-internal.c")),
 musl("those length modifiers give -1 with EINVAL and an empty buffer; no register_printf_function", Source::MuslSource("src/stdio/vfprintf.c"))],
"musl implements the length modifiers of ISO C and POSIX only; the BSD and old GNU spellings and custom conversions are glibc extensions.",
[fix("iso-modifiers", "Use the ISO modifiers (%lld, %zd, %jd)", "the same output on both libcs")],
[], ExposedBy::Imports(&["register_printf_function", "register_printf_specifier", "register_printf_type"]), true, values: [
    value("printf:%Ld", Glibc, Expected::Text("42"), "catalogue D14: glibc accepts %Ld (stdio-common/vfprintf-internal.c)"),
    value("printf:%qd", Glibc, Expected::Text("42"), "catalogue D14: glibc accepts %qd (stdio-common/vfprintf-internal.c)"),
    value("printf:%Zd", Glibc, Expected::Text("42"), "catalogue D14: glibc accepts %Zd (stdio-common/vfprintf-internal.c)"),
    value("printf:%Ld", Musl, Expected::Text("error: returned -1, errno 22, buffer \"\""), "catalogue D14: musl gives -1/EINVAL and an empty buffer (src/stdio/vfprintf.c)"),
    value("printf:%qd", Musl, Expected::Text("error: returned -1, errno 22, buffer \"\""), "catalogue D14: musl gives -1/EINVAL and an empty buffer (src/stdio/vfprintf.c)"),
    value("printf:%Zd", Musl, Expected::Text("error: returned -1, errno 22, buffer \"\""), "catalogue D14: musl gives -1/EINVAL and an empty buffer (src/stdio/vfprintf.c)"),
    value("fix:PRId64", Glibc, Expected::Text("42"), "PRId64 is ISO C on both libcs"),
    value("fix:PRId64", Musl, Expected::Text("42"), "PRId64 is ISO C on both libcs"),
]);

api_row!(D15, "scanf edge cases",
[glibc("sscanf(\"0x\", \"%x\") and sscanf(\"1e\", \"%f\") return 1", Source::GlibcSource("stdio-common/vfscanf-internal.c")),
 musl("both return 0: the partial number is a matching failure", Source::MuslSource("src/stdio/vfscanf.c"))],
"A prefix that cannot be completed into a number counts as a match on glibc and as a failure on musl.",
[fix("parse-yourself", "Parse numbers with strtol/strtod or Rust's str::parse and check the end pointer", "explicit about partial input on both libcs")],
[], ExposedBy::Imports(&["sscanf", "scanf", "fscanf", "vsscanf", "vfscanf", "__isoc99_sscanf", "__isoc99_scanf", "__isoc99_fscanf", "__isoc99_vsscanf", "__isoc23_sscanf", "__isoc23_fscanf", "__isoc23_scanf"]), true, values: [
    value("sscanf:0x:%x", Glibc, Expected::Int(1), "catalogue D15: glibc counts \"0x\" (stdio-common/vfscanf-internal.c)"),
    value("sscanf:1e:%f", Glibc, Expected::Int(1), "catalogue D15: glibc counts \"1e\""),
    value("sscanf:0x:%x", Musl, Expected::Int(0), "catalogue D15: a matching failure on musl (src/stdio/vfscanf.c)"),
    value("sscanf:1e:%f", Musl, Expected::Int(0), "catalogue D15: a matching failure on musl"),
    value("fix:strtol:0x", Glibc, Expected::Int(1), "strtol reads the \"0\" of \"0x\" on both libcs"),
    value("fix:strtol:0x", Musl, Expected::Int(1), "strtol reads the \"0\" of \"0x\" on both libcs"),
]);

api_row!(D16, "strptime %s %z %Z",
[glibc("%s, %z and %Z are parsed", Source::ManPage("strptime(3)")),
 Claim { libc: Musl, versions: Some("<= 1.2.5"), says: "strptime returns NULL for each", source: Source::MuslSource("src/time/strptime.c") },
 Claim { libc: Musl, versions: Some("1.2.6"), says: "parses them, but %s does not change the result (a silently wrong time)", source: Source::MuslWhatsNew("1.2.6") }],
"These conversions are extensions beyond POSIX; musl added them late and without applying %s to the broken-down time.",
[fix("parse-epoch", "Parse epoch seconds and zones yourself (chrono, jiff, or strtoll + gmtime_r)", "does not depend on the libc's strptime extensions")],
[], ExposedBy::Imports(&["strptime", "strptime_l"]), true, values: [
    value("strptime:%s", Glibc, Expected::Text("2023-11-14 22:13:20 gmtoff 0 (10 bytes read)"), "catalogue D16: glibc parses %s (1700000000 is 2023-11-14 22:13:20 UTC)"),
    value("strptime:%z", Glibc, Expected::Text("1900-01-00 00:00:00 gmtoff 7200 (5 bytes read)"), "catalogue D16: glibc parses %z into tm_gmtoff"),
    value("strptime:%s", Musl, Expected::Text("NULL"), "catalogue D16: musl <= 1.2.5 (Rust's musl targets bundle 1.2.5) returns NULL"),
    value("strptime:%z", Musl, Expected::Text("NULL"), "catalogue D16: musl <= 1.2.5 (Rust's musl targets bundle 1.2.5) returns NULL"),
    value("strptime:%Z", Musl, Expected::Text("NULL"), "catalogue D16: musl <= 1.2.5 (Rust's musl targets bundle 1.2.5) returns NULL"),
]);

api_row!(D17, "getopt does not permute on musl",
[glibc("getopt permutes argv, so options after operands count; POSIXLY_CORRECT stops that", Source::GlibcSource("posix/getopt.c")),
 musl("getopt stops at the first operand; getopt_long permutes even with POSIXLY_CORRECT", Source::MuslSource("src/misc/getopt.c, src/misc/getopt_long.c"))],
"POSIX getopt stops at the first operand; argument permutation is a GNU extension that musl's getopt_long implements and its getopt does not.",
[fix("options-first", "Put options before operands in scripts, or use getopt_long", "parsed the same way on both libcs")],
[], ExposedBy::Imports(&["getopt"]), true, values: [
    value("getopt:operand-first", Glibc, Expected::Text("options \"x\", operands [a b]"), "catalogue D17: glibc getopt permutes (posix/getopt.c)"),
    value("getopt:operand-first:POSIXLY_CORRECT", Glibc, Expected::Text("options \"\", operands [a -x b]"), "catalogue D17: POSIXLY_CORRECT stops glibc's permutation"),
    value("getopt:operand-first", Musl, Expected::Text("options \"\", operands [a -x b]"), "catalogue D17: musl getopt stops at the first operand (src/misc/getopt.c)"),
    value("getopt_long:operand-first:POSIXLY_CORRECT", Musl, Expected::Text("options \"x\", operands [a b]"), "catalogue D17: musl getopt_long permutes even with POSIXLY_CORRECT (src/misc/getopt_long.c)"),
    value("fix:getopt:options-first", Glibc, Expected::Text("options \"x\", operands [a b]"), "options before operands parse the same everywhere"),
    value("fix:getopt:options-first", Musl, Expected::Text("options \"x\", operands [a b]"), "options before operands parse the same everywhere"),
]);

api_row!(D18, "basename / strerror_r flavours",
[glibc("GNU basename(\"/usr/lib/\") is \"\"; GNU strerror_r returns char *", Source::ManPage("basename(3), strerror_r(3)")),
 musl("POSIX basename gives \"lib\"; from 1.2.5 <string.h> no longer declares basename (an implicit declaration truncates the pointer: a crash on 64-bit); XSI strerror_r returns int", Source::MuslWhatsNew("1.2.5"))],
"glibc has two of each, chosen by feature macros and headers; musl has only the POSIX ones, and code written for the GNU variants compiles to something else.",
[Fix { name: "libgen-basename", title: "Include <libgen.h> for basename and use the XSI strerror_r signature (or strerror)", why: "the POSIX variants exist on both libcs", commands: &[Command { applies: CProgram, line: "cc -Werror=implicit-function-declaration ..." }] }],
["implicit declaration of function 'basename'"], ExposedBy::Imports(&["basename", "__xpg_basename", "strerror_r", "__xpg_strerror_r"]), true, values: [
    value("basename:/usr/lib/", Glibc, Expected::Text("\"\""), "catalogue D18: GNU basename(\"/usr/lib/\") is \"\" (basename(3))"),
    value("basename:/usr/lib/", Musl, Expected::Text("\"lib\""), "catalogue D18: POSIX basename gives \"lib\""),
    value("strerror_r", Glibc, Expected::Text("GNU: returns a pointer"), "catalogue D18: GNU strerror_r returns char * (strerror_r(3))"),
    value("strerror_r", Musl, Expected::Text("XSI: returns 0, text in the buffer"), "catalogue D18: XSI strerror_r returns int"),
    value("fix:libgen-basename:/usr/lib/", Glibc, Expected::Text("\"lib\""), "libgen.h basename is POSIX on both libcs"),
    value("fix:libgen-basename:/usr/lib/", Musl, Expected::Text("\"lib\""), "libgen.h basename is POSIX on both libcs"),
]);

api_row!(
    D19,
    "strerror texts differ",
    [
        glibc(
            "\"Success\", \"Inappropriate ioctl for device\"",
            Source::GlibcSource("sysdeps/gnu/errlist.h")
        ),
        musl(
            "\"No error information\", \"Not a tty\"; 75 of 135 texts differ (errno 0-133 and 9999, measured)",
            Source::MuslSource("src/errno/__strerror.h")
        )
    ],
    "Each libc words errno texts its own way; tests and tools that compare messages break.",
    [fix(
        "compare-errno",
        "Compare errno values, not their texts",
        "the values are the same on both libcs"
    )],
    [],
    ExposedBy::Imports(&["strerror", "perror", "strerror_l", "strerrordesc_np"]),
    true, values: [
        value("strerror:0", Glibc, Expected::Text("Success"), "catalogue D19: glibc sysdeps/gnu/errlist.h"),
        value("strerror:25", Glibc, Expected::Text("Inappropriate ioctl for device"), "catalogue D19: glibc ENOTTY text"),
        value("strerror:0", Musl, Expected::Text("No error information"), "catalogue D19: musl src/errno/__strerror.h"),
        value("strerror:25", Musl, Expected::Text("Not a tty"), "catalogue D19: musl ENOTTY text"),
    ]
);

api_row!(D20, "allocator: realloc(p,0), mallinfo, one global lock",
[glibc("realloc(p, 0) returns NULL; mallinfo, mallinfo2, malloc_trim, mallopt, malloc_stats exist; per-thread caches", Source::GlibcSource("malloc/malloc.c")),
 Claim { libc: Musl, versions: Some(">= 1.2.1"), says: "realloc(p, 0) returns non-NULL; none of those functions; mallocng with one global lock", source: Source::MuslSource("src/malloc/mallocng/") }],
"musl's allocator favours small memory use and hardening over multithreaded throughput, and offers none of glibc's tuning interface.",
[Fix { name: "other-allocator", title: "Use another allocator for allocation-heavy multithreaded programs (mimalloc, jemalloc)", why: "removes the global lock", commands: &[Command { applies: RustProgram, line: "cargo add mimalloc   # then #[global_allocator] static A: mimalloc::MiMalloc = mimalloc::MiMalloc;" }] }],
["mallinfo: symbol not found"], ExposedBy::Imports(&["realloc", "mallinfo", "mallinfo2", "malloc_trim", "malloc_stats", "mallopt"]), true, values: [
    value("realloc-zero", Glibc, Expected::Text("NULL"), "catalogue D20: glibc frees and returns NULL (malloc/malloc.c, REALLOC_ZERO_BYTES_FREES)"),
    value("realloc-zero", Musl, Expected::Text("non-NULL"), "catalogue D20: musl returns a new block"),
]);

api_row!(D21, "qsort is not stable on musl",
[glibc("stable in practice", Source::GlibcSource("stdlib/qsort.c")),
 musl("smoothsort, not stable ([1a,0b,0c] by key gives [0c,0b,1a]); a large-input stack corruption (CVE-2026-40200) fixed after 1.2.6", Source::MuslSource("src/stdlib/qsort.c"))],
"The C standard does not require qsort to be stable; code that relies on glibc keeping equal elements in order gets another order on musl.",
[fix("total-order", "Make the comparison a total order (compare a tie-breaker)", "then stability does not matter")],
[], ExposedBy::Imports(&["qsort", "qsort_r"]), true, values: [
    value("qsort:1a-0b-0c", Glibc, Expected::Text("0b 0c 1a"), "catalogue D21: glibc is stable in practice"),
    value("qsort:1a-0b-0c", Musl, Expected::Text("0c 0b 1a"), "catalogue D21: musl smoothsort gives [0c,0b,1a] (src/stdlib/qsort.c)"),
    value("qsort:reordered", Glibc, Expected::Int(0), "catalogue D21: glibc is stable in practice"),
    value("fix:tie-break:1a-0b-0c", Glibc, Expected::Text("0b 0c 1a"), "a total order leaves nothing to stability"),
    value("fix:tie-break:reordered", Glibc, Expected::Int(0), "a total order leaves nothing to stability"),
    value("fix:tie-break:1a-0b-0c", Musl, Expected::Text("0b 0c 1a"), "a total order leaves nothing to stability"),
    value("fix:tie-break:reordered", Musl, Expected::Int(0), "a total order leaves nothing to stability"),
]);

api_row!(D22, "crypt: no yescrypt on musl",
[glibc("Debian's crypt (libxcrypt) supports yescrypt $y$, $gy$, $7$", Source::Other("libxcrypt crypt(5)")),
 musl("unknown prefixes (including $y$) silently give a 13-character DES hash salted with the first 2 characters; Debian's musl 1.2.3 package has no crypt() at all", Source::MuslSource("src/crypt/crypt_r.c"))],
"musl implements DES, MD5, Blowfish and SHA-crypt only and falls back to DES for anything else instead of failing.",
[fix("hash-library", "Verify passwords with a library that knows the hash (libxcrypt, a Rust yescrypt crate)", "musl's crypt accepts the call and returns the wrong hash")],
[], ExposedBy::Imports(&["crypt", "crypt_r"]), true, values: [
    value("crypt:$y$:length", Musl, Expected::Int(13), "catalogue D22: musl gives a 13-character DES hash for $y$ (src/crypt/crypt_r.c)"),
    value("fix:prefix-check:$y$", Musl, Expected::Text("refused: the hash does not start with $y$"), "catalogue D22: the DES hash does not start with $y$"),
    value("crypt:des", Glibc, Expected::Text("abJnggxhB/yWI"), "traditional DES crypt is the same function on both libcs"),
    value("crypt:des", Musl, Expected::Text("abJnggxhB/yWI"), "traditional DES crypt is the same function on both libcs"),
]);

pub const D23: Entry = Entry {
    id: Id::D23,
    area: Area::CLibraryApi,
    title: "CPU count follows the affinity mask on musl",
    claims: &[
        glibc("sysconf(_SC_NPROCESSORS_ONLN) counts online CPUs, ignoring affinity", Source::GlibcSource("sysdeps/unix/sysv/linux/getsysstats.c")),
        musl("counts the calling thread's affinity mask", Source::MuslSource("src/conf/sysconf.c")),
    ],
    why: "glibc's sysconf(_SC_NPROCESSORS_ONLN) counts the system's online CPUs; musl's counts the calling thread's affinity mask, so taskset and cpusets lower it.",
    fixes: &[fix("affinity", "Ask the affinity mask (sched_getaffinity, Rust's std::thread::available_parallelism) and the cgroup CPU quota instead of sysconf when sizing thread pools", "the same answer on both libcs")],
    symptoms: &[],
    exposed_by: ExposedBy::Imports(&["sysconf", "get_nprocs", "get_nprocs_conf"]),
    values: &[ValueClaim { case: "sysconf-online-pinned", libc: Musl, expected: Expected::Int(1), source: "catalogue D23: musl counts the affinity mask (taskset -c 0 gives 1)" }],
    observed: true,
};

api_row!(D24, "math: errno handling and last-bit differences",
[glibc("math_errhandling is 3; log(0) sets ERANGE", Source::GlibcSource("math/")),
 musl("math_errhandling is 2 and errno is untouched; last-bit differences: on probe-libc's fixed inputs lgamma is off by about 4.4e15 ulp at the double nearest its root -2.457 (far beyond the ~237 ulp once claimed), tan(1e22) by 1 ulp on x86_64, sin/cos/exp/log/pow correctly rounded", Source::MuslSource("src/math/lgamma_r.c; measured by probe-libc ulp:*"))],
"musl reports math errors through floating-point exceptions only and uses other algorithms; results agree within a few ulp except near hard cases, and some glibc results depend on the CPU's FMA paths.",
[fix("no-exact-floats", "Compare floating-point results with a tolerance and test fetestexcept instead of errno", "portable across libcs and CPUs")],
[], ExposedBy::Imports(&["log", "sin", "cos", "exp", "pow", "lgamma", "tgamma", "logf", "sinf", "cosf", "expf", "powf", "lgammaf"]), true, values: [
    value("log(0):errno", Glibc, Expected::Int(34), "catalogue D24: glibc log(0) sets ERANGE (34)"),
    value("math_errhandling:observed", Glibc, Expected::Int(3), "catalogue D24: glibc math_errhandling is MATH_ERRNO | MATH_ERREXCEPT"),
    value("log(0):errno", Musl, Expected::Int(0), "catalogue D24: musl leaves errno untouched"),
    value("math_errhandling:observed", Musl, Expected::Int(2), "catalogue D24: musl math_errhandling is MATH_ERREXCEPT (include/math.h)"),
]);

api_row!(D25, "thread cancellation does not unwind on musl",
    [glibc("cancellation unwinds: C++ destructors, catch(...) and cleanup attributes run", Source::GlibcSource("nptl/unwind.c")),
     musl("no unwinding: only pthread_cleanup_push handlers run", Source::MuslSource("src/thread/pthread_cancel.c"))],
    "glibc implements cancellation as a forced unwind; musl does not, so RAII cleanup in a cancelled thread is skipped.",
    [fix("no-cancel", "Stop threads cooperatively instead of pthread_cancel", "cleanup then runs on both libcs")],
    [], ExposedBy::Imports(&["pthread_cancel"]), true);

api_row!(D26, "GNU-only APIs (execinfo, fts, obstack, argp, error.h)",
    [glibc("execinfo backtrace, fts, obstack, argp, error.h, printf.h, __GLIBC__, __*_chk, __cxa_thread_atexit_impl", Source::GlibcSource("debug/, io/fts.c, malloc/obstack.c, argp/, misc/error.c")),
     musl("absent (gcompat supplies some at run time)", Source::MuslWiki)],
    "These are glibc extensions, not POSIX; musl leaves them to separate libraries (libexecinfo, fts-standalone, argp-standalone).",
    [Fix { name: "standalone-libs", title: "Link the standalone libraries or drop the GNU API", why: "musl has no copy", commands: &[Command { applies: Image, line: "apk add libexecinfo-dev musl-fts-dev argp-standalone" }] }],
    ["execinfo.h: No such file or directory", "__cxa_thread_atexit_impl: symbol not found"], ExposedBy::Imports(&["backtrace", "backtrace_symbols", "backtrace_symbols_fd", "fts_open", "_obstack_begin", "_obstack_newchunk", "argp_parse", "error", "error_at_line"]), true);

api_row!(D28, "inet_ntop IPv6 text form",
[glibc("RFC 5952 form, except that IPv4-compatible addresses (::/96) are printed dotted: ::1.2.3.4 (measured; RFC 5952 and Rust print ::102:304)", Source::GlibcSource("resolv/inet_ntop.c")),
 Claim { libc: Musl, versions: Some("1.2.5"), says: "dotted form for ::ffff:0:0/96 only (::1.2.3.4 is ::102:304); all 12 probe addresses in RFC 5952 form (measured)", source: Source::MuslSource("src/network/inet_ntop.c") },
 Claim { libc: Musl, versions: Some("1.2.6"), says: "RFC 5952 form", source: Source::MuslWhatsNew("1.2.6") }],
"Text forms of IPv6 addresses are not unique; code comparing them as strings sees a difference.",
[fix("compare-addresses", "Compare parsed addresses (in6_addr, Rust's Ipv6Addr), not text", "one value per address")],
[], ExposedBy::Nothing, true, values: [
    value("inet_ntop:::1.2.3.4", Glibc, Expected::Text("::1.2.3.4"), "glibc resolv/inet_ntop.c prints ::/96 (IPv4-compatible) in dotted form"),
    value("inet_ntop:::1.2.3.4", Musl, Expected::Text("::102:304"), "musl 1.2.5 src/network/inet_ntop.c prints dotted form for ::ffff:0:0/96 only"),
]);

api_row!(
    D29,
    "sysconf(_SC_GETPW_R_SIZE_MAX)",
    [
        glibc("1024", Source::GlibcSource("sysdeps/posix/sysconf.c")),
        musl(
            "-1: indeterminate, errno unchanged (measured)",
            Source::MuslSource("src/conf/sysconf.c")
        )
    ],
    "Programs that size getpwnam_r buffers from this value break when it is -1 or too small.",
    [fix(
        "grow-buffer",
        "Retry getpw*_r with a larger buffer on ERANGE",
        "does not trust the hint"
    )],
    [],
    ExposedBy::Nothing,
    true, values: [
        value("getpw_r_size_max", Glibc, Expected::Int(1024), "catalogue D29: glibc returns NSS_BUFLEN_PASSWD (sysdeps/posix/sysconf.c)"),
        value("getpw_r_size_max", Musl, Expected::Int(-1), "musl src/conf/sysconf.c: -1, indeterminate"),
    ]
);

api_row!(D30, "strlcpy / strlcat",
[Claim { libc: Glibc, versions: Some(">= 2.38"), says: "present only from 2.38", source: Source::GlibcNews("2.38") },
 musl("present", Source::MuslSource("src/string/strlcpy.c"))],
"Code written on musl or BSD calls them freely; built against an older glibc it fails to compile or link.",
[fix("feature-test", "Test for strlcpy at build time or use snprintf", "works on every glibc")],
["implicit declaration of function 'strlcpy'"], ExposedBy::Nothing, true, values: [
    value("strlcpy", Musl, Expected::Text("5 \"he\""), "catalogue D30: musl has strlcpy (src/string/strlcpy.c)"),
]);

api_row!(D33, "32-bit large files",
    [glibc("i686 programs built without _FILE_OFFSET_BITS=64 get EOVERFLOW from stat on 64-bit inode numbers", Source::ManPage("stat(2)")),
     musl("off_t and ino_t are always 64-bit: no such failure", Source::MuslWiki)],
    "A 32-bit glibc program keeps the old 32-bit file types unless built for large files; musl has only the 64-bit ones.",
    [Fix { name: "lfs", title: "Build 32-bit glibc programs with -D_FILE_OFFSET_BITS=64", why: "64-bit off_t and ino_t", commands: &[Command { applies: CProgram, line: "cc -m32 -D_FILE_OFFSET_BITS=64 ..." }] }],
    ["Value too large for defined data type"], ExposedBy::Nothing, true);
