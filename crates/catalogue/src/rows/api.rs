//! C library API behaviour beyond locales and the resolver.

use crate::model::{Applies::*, Area, Claim, Command, Entry, Expected, ExposedBy, Fix, Libc::*};
use crate::model::{Source, ValueClaim};
use crate::Id;

const NOT_YET: bool = false;

/// An entry that is all claims and one fix, the shape most API rows have.
macro_rules! api_row {
    ($id:ident, $title:literal, [$($claim:expr),* $(,)?], $why:literal, [$($fix:expr),* $(,)?], [$($symptom:literal),*], $exposed:expr, $observed:expr) => {
        pub const $id: Entry = Entry {
            id: Id::$id,
            area: Area::CLibraryApi,
            title: $title,
            claims: &[$($claim),*],
            why: $why,
            fixes: &[$($fix),*],
            symptoms: &[$($symptom),*],
            exposed_by: $exposed,
            values: &[],
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
    [], ExposedBy::Imports(&["register_printf_function", "register_printf_specifier", "register_printf_type"]), NOT_YET);

api_row!(D15, "scanf edge cases",
    [glibc("sscanf(\"0x\", \"%x\") and sscanf(\"1e\", \"%f\") return 1", Source::GlibcSource("stdio-common/vfscanf-internal.c")),
     musl("both return 0: the partial number is a matching failure", Source::MuslSource("src/stdio/vfscanf.c"))],
    "A prefix that cannot be completed into a number counts as a match on glibc and as a failure on musl.",
    [fix("parse-yourself", "Parse numbers with strtol/strtod or Rust's str::parse and check the end pointer", "explicit about partial input on both libcs")],
    [], ExposedBy::Imports(&["sscanf", "scanf", "fscanf", "vsscanf", "vfscanf", "__isoc99_sscanf", "__isoc99_scanf", "__isoc99_fscanf", "__isoc99_vsscanf", "__isoc23_sscanf", "__isoc23_fscanf", "__isoc23_scanf"]), NOT_YET);

api_row!(D16, "strptime %s %z %Z",
    [glibc("%s, %z and %Z are parsed", Source::ManPage("strptime(3)")),
     Claim { libc: Musl, versions: Some("<= 1.2.5"), says: "strptime returns NULL for each", source: Source::MuslSource("src/time/strptime.c") },
     Claim { libc: Musl, versions: Some("1.2.6"), says: "parses them, but %s does not change the result (a silently wrong time)", source: Source::MuslWhatsNew("1.2.6") }],
    "These conversions are extensions beyond POSIX; musl added them late and without applying %s to the broken-down time.",
    [fix("parse-epoch", "Parse epoch seconds and zones yourself (chrono, jiff, or strtoll + gmtime_r)", "does not depend on the libc's strptime extensions")],
    [], ExposedBy::Imports(&["strptime", "strptime_l"]), NOT_YET);

api_row!(D17, "getopt does not permute on musl",
    [glibc("getopt permutes argv, so options after operands count; POSIXLY_CORRECT stops that", Source::GlibcSource("posix/getopt.c")),
     musl("getopt stops at the first operand; getopt_long permutes even with POSIXLY_CORRECT", Source::MuslSource("src/misc/getopt.c, src/misc/getopt_long.c"))],
    "POSIX getopt stops at the first operand; argument permutation is a GNU extension that musl's getopt_long implements and its getopt does not.",
    [fix("options-first", "Put options before operands in scripts, or use getopt_long", "parsed the same way on both libcs")],
    [], ExposedBy::Imports(&["getopt"]), NOT_YET);

api_row!(D18, "basename / strerror_r flavours",
    [glibc("GNU basename(\"/usr/lib/\") is \"\"; GNU strerror_r returns char *", Source::ManPage("basename(3), strerror_r(3)")),
     musl("POSIX basename gives \"lib\"; from 1.2.5 <string.h> no longer declares basename (an implicit declaration truncates the pointer: a crash on 64-bit); XSI strerror_r returns int", Source::MuslWhatsNew("1.2.5"))],
    "glibc has two of each, chosen by feature macros and headers; musl has only the POSIX ones, and code written for the GNU variants compiles to something else.",
    [Fix { name: "libgen-basename", title: "Include <libgen.h> for basename and use the XSI strerror_r signature (or strerror)", why: "the POSIX variants exist on both libcs", commands: &[Command { applies: CProgram, line: "cc -Werror=implicit-function-declaration ..." }] }],
    ["implicit declaration of function 'basename'"], ExposedBy::Imports(&["basename", "__xpg_basename", "strerror_r", "__xpg_strerror_r"]), NOT_YET);

api_row!(
    D19,
    "strerror texts differ",
    [
        glibc(
            "\"Success\", \"Inappropriate ioctl for device\"",
            Source::GlibcSource("sysdeps/gnu/errlist.h")
        ),
        musl(
            "\"No error information\", \"Not a tty\"; about 75 of 135 texts differ",
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
    NOT_YET
);

api_row!(D20, "allocator: realloc(p,0), mallinfo, one global lock",
    [glibc("realloc(p, 0) returns NULL; mallinfo, mallinfo2, malloc_trim, mallopt, malloc_stats exist; per-thread caches", Source::GlibcSource("malloc/malloc.c")),
     Claim { libc: Musl, versions: Some(">= 1.2.1"), says: "realloc(p, 0) returns non-NULL; none of those functions; mallocng with one global lock", source: Source::MuslSource("src/malloc/mallocng/") }],
    "musl's allocator favours small memory use and hardening over multithreaded throughput, and offers none of glibc's tuning interface.",
    [Fix { name: "other-allocator", title: "Use another allocator for allocation-heavy multithreaded programs (mimalloc, jemalloc)", why: "removes the global lock", commands: &[Command { applies: RustProgram, line: "cargo add mimalloc   # then #[global_allocator] static A: mimalloc::MiMalloc = mimalloc::MiMalloc;" }] }],
    ["mallinfo: symbol not found"], ExposedBy::Imports(&["realloc", "mallinfo", "mallinfo2", "malloc_trim", "malloc_stats", "mallopt"]), NOT_YET);

api_row!(D21, "qsort is not stable on musl",
    [glibc("stable in practice", Source::GlibcSource("stdlib/qsort.c")),
     musl("smoothsort, not stable ([1a,0b,0c] by key gives [0c,0b,1a]); a large-input stack corruption (CVE-2026-40200) fixed after 1.2.6", Source::MuslSource("src/stdlib/qsort.c"))],
    "The C standard does not require qsort to be stable; code that relies on glibc keeping equal elements in order gets another order on musl.",
    [fix("total-order", "Make the comparison a total order (compare a tie-breaker)", "then stability does not matter")],
    [], ExposedBy::Imports(&["qsort", "qsort_r"]), NOT_YET);

api_row!(D22, "crypt: no yescrypt on musl",
    [glibc("Debian's crypt (libxcrypt) supports yescrypt $y$, $gy$, $7$", Source::Other("libxcrypt crypt(5)")),
     musl("unknown prefixes (including $y$) silently give a 13-character DES hash salted with the first 2 characters; Debian's musl 1.2.3 package has no crypt() at all", Source::MuslSource("src/crypt/crypt_r.c"))],
    "musl implements DES, MD5, Blowfish and SHA-crypt only and falls back to DES for anything else instead of failing.",
    [fix("hash-library", "Verify passwords with a library that knows the hash (libxcrypt, a Rust yescrypt crate)", "musl's crypt accepts the call and returns the wrong hash")],
    [], ExposedBy::Imports(&["crypt", "crypt_r"]), NOT_YET);

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
     musl("math_errhandling is 2 and errno is untouched; last-bit differences (lgamma up to ~237 ulp near its root; sin/cos/tan 1 ulp)", Source::MuslSource("src/math/"))],
    "musl reports math errors through floating-point exceptions only and uses other algorithms; results agree within a few ulp except near hard cases, and some glibc results depend on the CPU's FMA paths.",
    [fix("no-exact-floats", "Compare floating-point results with a tolerance and test fetestexcept instead of errno", "portable across libcs and CPUs")],
    [], ExposedBy::Imports(&["log", "sin", "cos", "exp", "pow", "lgamma", "tgamma", "logf", "sinf", "cosf", "expf", "powf", "lgammaf"]), NOT_YET);

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
    ["execinfo.h: No such file or directory", "__cxa_thread_atexit_impl: symbol not found"], ExposedBy::Imports(&["backtrace", "backtrace_symbols", "backtrace_symbols_fd", "fts_open", "_obstack_begin", "_obstack_newchunk", "argp_parse", "error", "error_at_line"]), NOT_YET);

api_row!(D28, "inet_ntop IPv6 text form",
    [glibc("RFC 5952 form", Source::GlibcSource("resolv/inet_ntop.c")),
     Claim { libc: Musl, versions: Some("< 1.2.6"), says: "some addresses formatted differently from RFC 5952 (to verify which); RFC 5952 from 1.2.6", source: Source::MuslWhatsNew("1.2.6") }],
    "Text forms of IPv6 addresses are not unique; code comparing them as strings sees a difference.",
    [fix("compare-addresses", "Compare parsed addresses (in6_addr, Rust's Ipv6Addr), not text", "one value per address")],
    [], ExposedBy::Nothing, NOT_YET);

api_row!(
    D29,
    "sysconf(_SC_GETPW_R_SIZE_MAX)",
    [
        glibc("1024", Source::GlibcSource("sysdeps/posix/sysconf.c")),
        musl(
            "to verify (reported indeterminate)",
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
    NOT_YET
);

api_row!(D30, "strlcpy / strlcat",
    [Claim { libc: Glibc, versions: Some(">= 2.38"), says: "present only from 2.38", source: Source::GlibcNews("2.38") },
     musl("present", Source::MuslSource("src/string/strlcpy.c"))],
    "Code written on musl or BSD calls them freely; built against an older glibc it fails to compile or link.",
    [fix("feature-test", "Test for strlcpy at build time or use snprintf", "works on every glibc")],
    ["implicit declaration of function 'strlcpy'"], ExposedBy::Nothing, NOT_YET);

api_row!(D33, "32-bit large files",
    [glibc("i686 programs built without _FILE_OFFSET_BITS=64 get EOVERFLOW from stat on 64-bit inode numbers", Source::ManPage("stat(2)")),
     musl("off_t and ino_t are always 64-bit: no such failure", Source::MuslWiki)],
    "A 32-bit glibc program keeps the old 32-bit file types unless built for large files; musl has only the 64-bit ones.",
    [Fix { name: "lfs", title: "Build 32-bit glibc programs with -D_FILE_OFFSET_BITS=64", why: "64-bit off_t and ino_t", commands: &[Command { applies: CProgram, line: "cc -m32 -D_FILE_OFFSET_BITS=64 ..." }] }],
    ["Value too large for defined data type"], ExposedBy::Nothing, NOT_YET);
