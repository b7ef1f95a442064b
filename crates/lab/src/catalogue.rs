//! The catalogue's ids (../shared/DIFFERENCES.md) with what the lab says about
//! a differing row: why the libcs differ and what fixes it. Also the few
//! expectations stated as values, so the matrix can say when a measurement
//! contradicts them. Expectations are claims to check, never shown as results.

use muslab_report::{Libc, Observed};

pub struct Entry {
    pub id: &'static str,
    pub title: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
}

/// A value the catalogue (or common lore) states for one row and one libc.
pub struct Claim {
    pub id: &'static str,
    pub case: &'static str,
    pub libc: Libc,
    pub expected: Observed,
    pub source: &'static str,
}

pub fn entry(id: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.id == id)
}

pub const ENTRIES: &[Entry] = &[
    Entry {
        id: "RUN",
        title: "the probe binary starts",
        why: "A dynamically linked binary needs the loader named in its PT_INTERP; when that file is missing the kernel's execve fails with ENOENT, which shells print as `not found` even though the binary exists.",
        fix: "Build for the musl target (`cargo build --target x86_64-unknown-linux-musl`), link statically (`RUSTFLAGS=-Ctarget-feature=+crt-static`), or ship the loader and libraries with the binary.",
    },
    Entry {
        id: "ENV",
        title: "facts about the box",
        why: "Not a libc difference: what the box and the build are. Rows differ when the probe's own build differs (word size, libc).",
        fix: "-",
    },
    Entry {
        id: "S1",
        title: "glibc binary in a musl-only container: `not found`",
        why: "The glibc binary's PT_INTERP /lib64/ld-linux-x86-64.so.2 does not exist in a musl rootfs.",
        fix: "Static link or the musl target; libc6-compat/gcompat for simple C; bundle the glibc loader and libraries.",
    },
    Entry {
        id: "S2",
        title: "default thread stack size",
        why: "musl gives a pthread created without a stack size 128 KiB (since 1.1.21), or the PT_GNU_STACK size when the binary was linked with -z stack-size; glibc gives RLIMIT_STACK's soft limit (8 MiB on most machines) and ignores PT_GNU_STACK's size. Code with large locals on a raw pthread (C libraries, FFI callbacks, language runtimes) overflows only on musl.",
        fix: "Call pthread_attr_setstacksize with what the thread needs, or link musl binaries with `-Wl,-z,stack-size=N` (RUSTFLAGS=\"-C link-arg=-Wl,-z,stack-size=N\"). Rust std::thread::Builder::stack_size for Rust threads.",
    },
    Entry {
        id: "S3",
        title: "DNS lookups: sequential vs concurrent, caching, timeouts",
        why: "Both stub resolvers query on every lookup; their retry and parallelism rules differ (D06-D09).",
        fix: "A resolver with a cache (hickory-resolver), or a local caching DNS server.",
    },
    Entry {
        id: "S4",
        title: "locale: sorting, classification, formatting",
        why: "musl implements only the C and C.UTF-8 behaviours (D10-D12).",
        fix: "ICU (icu_collator) for collation and formatting.",
    },
    Entry {
        id: "S5",
        title: "32-bit binaries on a 64-bit kernel",
        why: "A 32-bit process uses the i386 syscall ABI; sandboxes that filter it, and old static glibc that refuses to start when uname fails, break only 32-bit builds.",
        fix: "Build for x86_64, or run the 32-bit binary under qemu-i386-static, which translates to the 64-bit syscall ABI.",
    },
    Entry {
        id: "D06",
        title: "several nameservers",
        why: "glibc asks the nameservers of resolv.conf one after another and moves to the next only when the current one timed out or refused to answer (SERVFAIL); musl sends each query to every listed nameserver (up to 3) at once, takes the first NOERROR or NXDOMAIN answer, and asks a server that answered SERVFAIL again while it waits.",
        fix: "Keep resolv.conf's first nameserver healthy or lower `options timeout:` for glibc; for musl make every listed server authoritative for the same data, since any of them may answer first.",
    },
    Entry {
        id: "D07",
        title: "search list and ndots",
        why: "musl uses the search list only for names with fewer dots than ndots and stops at the first search name that answers NODATA (or SERVFAIL); glibc also tries the search list after a dotted name fails and goes on past NODATA.",
        fix: "Query fully qualified names with a trailing dot, keep ndots low, and do not rely on a later search domain rescuing a name the first one answers NODATA for.",
    },
    Entry {
        id: "D08",
        title: "truncated and large answers",
        why: "Both retry over TCP after a truncated UDP answer (musl since 1.2.4); musl keeps at most 48 addresses per lookup, glibc all of them.",
        fix: "Use musl >= 1.2.4 (the static Rust musl target is 1.2.5); do not publish more than 48 addresses per name for musl clients.",
    },
    Entry {
        id: "D09",
        title: "getaddrinfo flags, hosts file, caching, resolv.conf changes",
        why: "With NULL hints glibc applies AI_V4MAPPED|AI_ADDRCONFIG (so on a box without a non-loopback IPv6 address it asks for A only), musl uses no flags (A and AAAA); musl refuses the GNU flag AI_IDN with EAI_BADFLAGS. Neither libc caches: every lookup is a query, and both notice a rewritten resolv.conf.",
        fix: "Pass explicit hints; drop AI_IDN (convert names with an IDNA library first); cache in the application or a local caching server if lookups are hot.",
    },
    Entry {
        id: "D10",
        title: "setlocale and per-locale data",
        why: "glibc loads each category from installed locale files and refuses (NULL) a name it has no files for, so numbers, dates and month names follow the locale. musl keeps any well-formed name without checking, implements only C and C.UTF-8 behaviour, and reads nothing but message catalogues (via MUSL_LOCPATH): decimal point, grouping and strftime formats stay those of C.",
        fix: "Do not rely on the C library for locale formatting in portable code: format numbers and dates with ICU4X (icu_decimal, icu_datetime) or with explicit formats; check setlocale's return value on glibc and install the locale (Debian: locales-all or locale-gen).",
    },
    Entry {
        id: "D11",
        title: "strcoll / strxfrm collation",
        why: "glibc collates with the locale's LC_COLLATE tables (ISO 14651 based: case and accents only break ties, Turkish orders dotless i first). musl's strcoll is strcmp and strxfrm copies the string in every locale, so sort order is byte order: all capitals before lowercase, accented letters after z.",
        fix: "Sort with icu_collator (CLDR data compiled into the binary, the same order on every libc and box); or accept byte order explicitly (LC_ALL=C) on both libcs so they agree.",
    },
    Entry {
        id: "D12",
        title: "multibyte decoding and wide-character classes",
        why: "glibc's C locale is ASCII: mbrtowc of a high byte fails with EILSEQ, and C.UTF-8's MB_CUR_MAX is 6. musl's C locale maps each high byte to U+DF80+(byte-0x80) so byte strings round-trip, its UTF-8 MB_CUR_MAX is 4, and case mapping is one Unicode table for all locales (no Turkish i, ß uppercases to U+1E9E).",
        fix: "Decode UTF-8 yourself (Rust str, ICU4X casemap with a tr locale for Turkish) instead of mbrtowc/towupper when the result must not depend on the libc or locale.",
    },
    Entry {
        id: "D13",
        title: "iconv",
        why: "glibc's iconv loads gconv modules: //TRANSLIT, every CJK encoding in both directions, the alias UNICODE; an unrepresentable character stops the conversion with EILSEQ. musl's iconv is built in: no //TRANSLIT (iconv_open fails with EINVAL), CJK legacy encodings only as sources, and an unrepresentable character becomes `*`, counted in iconv's return value.",
        fix: "Use a pure-Rust converter (encoding_rs) or link GNU libiconv on musl; never pass //TRANSLIT without a fallback for EINVAL.",
    },
    Entry {
        id: "D23",
        title: "CPU count",
        why: "glibc's sysconf(_SC_NPROCESSORS_ONLN) counts the system's online CPUs; musl's counts the calling thread's affinity mask, so taskset and cpusets lower it.",
        fix: "Ask the affinity mask (sched_getaffinity, Rust's std::thread::available_parallelism) and the cgroup CPU quota instead of sysconf when sizing thread pools.",
    },
];

/// The catalogue's statements that can be compared with a single row.
pub fn claims() -> Vec<Claim> {
    let two_mib = Observed::Bytes(2 << 20);
    let rust_std = "catalogue S2: Rust std::thread asks for 2 MiB on both libcs";
    vec![
        Claim {
            id: "S2",
            case: "default-attr",
            libc: Libc::Musl,
            expected: Observed::Bytes(128 << 10),
            source: "catalogue S2: musl's default thread stack is 128 KiB",
        },
        Claim {
            id: "S2",
            case: "std-thread",
            libc: Libc::Glibc,
            expected: two_mib.clone(),
            source: rust_std,
        },
        Claim {
            id: "S2",
            case: "std-thread",
            libc: Libc::Musl,
            expected: two_mib,
            source: rust_std,
        },
        Claim {
            id: "D10",
            case: "setlocale:xx_YY.UTF-8",
            libc: Libc::Glibc,
            expected: Observed::Text("NULL".into()),
            source: "catalogue D10: glibc returns NULL for locales not installed",
        },
        Claim {
            id: "D10",
            case: "setlocale:xx_YY.UTF-8",
            libc: Libc::Musl,
            expected: Observed::Text("xx_YY.UTF-8".into()),
            source: "catalogue D10: musl accepts any name",
        },
        Claim {
            id: "D10",
            case: "setlocale-env:empty",
            libc: Libc::Musl,
            expected: Observed::Text("C.UTF-8".into()),
            source: "catalogue D10: musl's setlocale(LC_ALL, \"\") with an empty environment gives \"C.UTF-8\"",
        },
        Claim {
            id: "D10",
            case: "decimal-point:de_DE.UTF-8",
            libc: Libc::Musl,
            expected: Observed::Text(".".into()),
            source: "catalogue D10: musl's decimal_point is always \".\"",
        },
        Claim {
            id: "D11",
            case: "strcoll:en_US.UTF-8",
            libc: Libc::Musl,
            expected: Observed::List(muslab_probes::locale::words::byte_order()),
            source: "catalogue D11: musl's strcoll is strcmp byte order",
        },
        Claim {
            id: "D12",
            case: "mb-cur-max:C.UTF-8",
            libc: Libc::Glibc,
            expected: Observed::Int(6),
            source: "catalogue D12: glibc's MB_CUR_MAX in C.UTF-8 is 6",
        },
        Claim {
            id: "D12",
            case: "mb-cur-max:C.UTF-8",
            libc: Libc::Musl,
            expected: Observed::Int(4),
            source: "catalogue D12: musl's MB_CUR_MAX is 4",
        },
        Claim {
            id: "D12",
            case: "mbrtowc-e9:C",
            libc: Libc::Glibc,
            expected: Observed::Text("EILSEQ".into()),
            source: "catalogue D12: glibc's C locale rejects \\xe9 with EILSEQ",
        },
        Claim {
            id: "D12",
            case: "mbrtowc-e9:C",
            libc: Libc::Musl,
            expected: Observed::Text("U+DFE9, 1 byte".into()),
            source: "catalogue D12: musl's C locale maps high bytes to 0xDF80+",
        },
        Claim {
            id: "D13",
            case: "translit-open",
            libc: Libc::Musl,
            expected: Observed::Text("EINVAL".into()),
            source: "catalogue D13: musl's iconv_open rejects //TRANSLIT with EINVAL",
        },
        Claim {
            id: "D13",
            case: "to:GBK-open",
            libc: Libc::Musl,
            expected: Observed::Text("EINVAL".into()),
            source: "catalogue D13: musl cannot convert to GBK",
        },
        Claim {
            id: "D13",
            case: "to:UNICODE-open",
            libc: Libc::Musl,
            expected: Observed::Text("EINVAL".into()),
            source: "catalogue D13: musl has no \"UNICODE\"",
        },
        Claim {
            id: "D23",
            case: "sysconf-online-pinned",
            libc: Libc::Musl,
            expected: Observed::Int(1),
            source: "catalogue D23: musl counts the affinity mask (taskset -c 0 gives 1)",
        },
    ]
}
