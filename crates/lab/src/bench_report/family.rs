//! The bench families the report is grouped by: which rows belong to each,
//! why the libcs differ there, and what others published about it.

use super::Row;

pub struct Family {
    /// Heading in bench.md and title of the panel in bench.svg.
    pub title: &'static str,
    /// Row ids starting with one of these belong to the family.
    pub prefixes: &'static [&'static str],
    pub why: &'static str,
    /// The published figures the issue names, as it gives them; sources
    /// whose figures muslab has not checked are named without numbers.
    pub anchors: &'static str,
}

pub const FAMILIES: &[Family] = &[
    Family {
        title: "malloc",
        prefixes: &["malloc/", "malloc_contention/"],
        why: "musl's mallocng (musl >= 1.2.1) keeps its state behind one global lock and \
              finds a slot through several levels of metadata with consistency checks, with no \
              per-thread cache; glibc's ptmalloc serves small blocks from a per-thread cache \
              (tcache) with no lock at all. musl skips mallocng's lock while the process is \
              single-threaded, and again once the other threads have exited; glibc also has a \
              single-threaded fast path but leaves it for good at the first pthread_create. \
              Hence three single-threaded rows: before any thread, after one was joined, and \
              while one idles. Blocks above the mmap threshold (128 KiB) go to mmap/munmap on \
              musl every time; glibc raises its threshold after the first such free and then \
              reuses heap memory. With N threads allocating at once every musl malloc and free \
              queues on the one lock (futex calls and voluntary context switches count the \
              waits), while glibc's threads stay in their own tcache and arena. mimalloc \
              replaces all of this with per-thread heaps and keeps freed memory in them for \
              reuse, which is where its speed and its extra memory both come from. On this \
              2-CPU machine at most two threads run at a time, so 8 threads measure \
              queueing more than parallelism. Peak RSS is that of a child process that ran the \
              same workload a fixed number of times.",
        anchors: "- libc-bench (Rich Felker, <https://www.etalabs.net/compare_libcs.html>, \
                  before mallocng): tiny allocation & free 0.005 s musl vs 0.002 s glibc (2.5×), \
                  big allocation & free 0.027 vs 0.016 (1.7×), contention roughly equal.\n\
                  - EmbarkStudios/texture-synthesis#8: the musl build took 49.8 s wall (357 s \
                  system) against 8.2 s for glibc, about 6×, on a many-core machine; jemalloc \
                  brought it back.\n\
                  - bram209/leptosfmt#191: on a 32-core machine the musl (mallocng) build took \
                  15–17 s wall against 0.19 s for glibc and for musl+mimalloc, about 80–90×, with \
                  7 million futex calls.\n\
                  - hatoo/oha#208 (2023): the HTTP load generator's musl build sent 100,350 \
                  requests/s against 236,837 for glibc (2.4×); with jemalloc the musl build \
                  sent 250,572.\n\
                  - nickb.dev, \"Default musl allocator considered harmful (to performance)\" \
                  (September 2025): 7× slower in a real program, about 6.7 s of futex waiting \
                  under strace against 0.5 s for glibc; a synthetic test grew to about 700× on \
                  48 cores (figures as summarised by the pages that carried the post; the post \
                  itself was not at hand).\n\
                  - rustic-rs/rustic#1820: mimalloc made the musl build faster, but peak memory \
                  went from 137 to 450 MB and the program was killed (OOM) under a 384 MB \
                  limit.\n\n\
                  Those are whole programs, most on many-core machines; these are \
                  micro-benchmarks on 2 CPUs. The published slowdowns grow with the number of \
                  threads that allocate at once, which two CPUs can show only in part: expect our \
                  contention ratios to be smaller than leptosfmt's or texture-synthesis's.",
    },
    Family {
        title: "threads",
        prefixes: &["thread"],
        why: "glibc caches the stacks of exited threads (up to 40 MiB) and reuses them; musl \
              maps each new thread's stack, guard page and TLS with mmap and unmaps them when \
              the thread ends, so every create+join pays for mmap, mprotect, munmap and page \
              faults on the fresh stack. `libc_default` is what C code gets with a NULL \
              attribute: 128 KiB on musl, RLIMIT_STACK (usually 8 MiB) on glibc. That default is \
              address space, not memory: an idle thread touches only a few pages of its stack \
              (and its TLS and thread descriptor), so RSS grows by a few KiB per thread on \
              either libc while VmSize grows by the stack size (glibc's \
              8 MiB × 1,000 threads is 8 GiB of address space, which matters under \
              RLIMIT_AS, vm.overcommit_memory=2 and 32-bit address spaces, and the other way \
              round: musl's 128 KiB overflows where glibc's 8 MiB did not).",
        anchors: "- libc-bench: thread creation/joining 0.248 s musl vs 0.142 s glibc (1.7×).\n\
                  - muslab's seed: \"8 MiB × 100 threads vs 128 KiB\" — the default stack \
                  difference as memory: 800 MiB against 12.5 MiB of stack address space for 100 \
                  threads.",
    },
    Family {
        title: "process start",
        prefixes: &["spawn_"],
        why: "The parent's libc decides how it forks and spawns: both posix_spawn \
              implementations use clone(CLONE_VM|CLONE_VFORK), which shares the parent's memory \
              instead of copying its page tables, while fork copies them, so fork's cost grows \
              with the parent's resident memory on either libc. The child's libc decides its \
              start-up: a static musl program does little before main; a static glibc one runs \
              IRELATIVE relocations and tunables set-up; a dynamic glibc one first has ld.so map \
              and relocate libc.so.",
        anchors: "- none of the sources the issue names measures process start.",
    },
    Family {
        title: "DNS",
        prefixes: &["dns"],
        why: "Measured inside muslab-dns's fixture (own namespaces, own server on 127.0.0.1). \
              Neither libc caches answers: every getaddrinfo reads the hosts file and, for other \
              names, sends a fresh query from a fresh socket. glibc goes through NSS \
              (nsswitch.conf, then its files and dns modules) on each call; musl reads \
              /etc/hosts and resolv.conf directly. With 100 threads at once each call still \
              has its own socket and poll. hickory-resolver multiplexes lookups over shared \
              sockets and keeps a cache, so after the first lookup an answer costs a hash-map \
              hit: the fix for lookup-heavy programs on either libc.",
        anchors: "- none of the sources the issue names measures DNS speed.",
    },
    Family {
        title: "collation",
        prefixes: &["collate"],
        why: "glibc's strcoll walks the locale's ISO 14651 tables in several passes per \
              comparison; musl's strcoll is strcmp in every locale. So musl's strcoll sort is \
              fast and gives byte order (Zürich after zoo), not a language's order. \
              icu_collator gives the same (CLDR) order on both libcs; its cost is its own, not \
              the libc's.",
        anchors: "- none of the sources the issue names measures collation.",
    },
    Family {
        title: "math",
        prefixes: &["math/"],
        why: "Rust's f64 methods call the target libc's libm. glibc's libm chooses FMA/AVX2 \
              code paths at run time (ifunc) and uses table-driven exp, log and pow; musl's \
              libm is portable C (FreeBSD msun, and ARM's optimized-routines for exp, log and \
              pow), the same on every CPU. Throughput is for 1,024 fixed inputs per call.",
        anchors: "- muslab's catalogue row D24: probe-libc measures each libm's distance \
                  from correctly rounded results (a table generated with mpmath, \
                  scripts/gen-math-reference.py) on a small fixed input set, shown in the \
                  matrix. The agreement table below is measured on this bench's own inputs: \
                  how many give different results, and by how many ulps, musl against glibc.",
    },
    Family {
        title: "strings and memory",
        prefixes: &["string_", "utf8_"],
        why: "glibc picks an SSE2/AVX2/EVEX version of each function for the CPU at load time \
              (ifunc); musl has assembly only for memcpy, memmove and memset on x86_64 and \
              portable C for the rest: strlen, strchr and memchr read a word (8 bytes) at a \
              time once aligned, strcmp compares byte by byte. musl's memmove hands \
              non-overlapping and forward copies to memcpy, but copies an overlap with the \
              destination above the source (the case benched here) backwards one byte at a \
              time (`std; rep movsb`). The gap grows with length, where 32-byte vector \
              instructions pay off. UTF-8 decoding: glibc converts through its \
              gconv machinery; musl decodes inline in mbrtowc and mbstowcs.",
        anchors: "- libc-bench (<https://www.etalabs.net/compare_libcs.html>, musl vs glibc \
                  of that time): strchr 0.142 s vs 0.028 s (5.1×), strlen 0.081 vs 0.048 \
                  (1.7×), memset 0.023 vs 0.012 (1.9×), strstr 0.057 vs 0.088 (musl faster).",
    },
    Family {
        title: "qsort",
        prefixes: &["qsort_"],
        why: "glibc's qsort (2.36 here) is a merge sort into a malloc'ed buffer; musl's is \
              smoothsort, in place and not stable (D21), with more comparisons on random \
              input. Both call the comparison through a function pointer; Rust's sorts inline \
              it, so they are the fix on either libc.",
        anchors: "- none of the sources the issue names measures qsort.",
    },
];

/// The family a row belongs to: an index into FAMILIES, or FAMILIES.len()
/// for rows no family claims.
pub fn of(bench: &str) -> usize {
    FAMILIES
        .iter()
        .position(|f| f.prefixes.iter().any(|p| bench.starts_with(p)))
        .unwrap_or(FAMILIES.len())
}

/// The title of family `i`, "other" past the list.
pub fn title(i: usize) -> &'static str {
    FAMILIES.get(i).map_or("other", |f| f.title)
}

/// The rows of `rows` in family `i`, in order.
pub fn rows(rows: &[Row], i: usize) -> Vec<&Row> {
    rows.iter().filter(|r| of(&r.bench) == i).collect()
}
