//! The prose beside the table: which differences this run shows as large,
//! which as small, which as noise (computed from the rows), why each area
//! behaves as it does, and how that compares with figures others published.

use std::fmt::Write;

use super::criterion_data::format_ns;
use super::ratio::Verdict;
use super::{BenchReport, Row};

/// Why each bench area differs, in muslab's words; shown only for areas the
/// report has rows for.
const WHY: &[(&str, &str)] = &[
    (
        "malloc/",
        "**malloc.** musl's mallocng (musl >= 1.2.1) keeps its state behind one global lock and \
         finds a slot through several levels of metadata with consistency checks, with no \
         per-thread cache; glibc's ptmalloc serves small blocks from a per-thread cache (tcache) \
         with no lock at all. musl (1.2.x, as the Rust target bundles it) skips mallocng's lock while the process is \
         single-threaded, and skips it again once the other threads have exited; glibc also \
         has a single-threaded fast path but leaves it for good at the first pthread_create. \
         Hence three single-threaded rows: before any thread, after one was joined, and while \
         one idles. Blocks above the mmap threshold \
         (128 KiB) go to mmap/munmap on musl every time; glibc raises its threshold after the \
         first such free and then reuses heap memory. mimalloc replaces all of this with \
         per-thread heaps.",
    ),
    (
        "malloc_contention/",
        "**Contention.** With N threads allocating at once, every musl malloc and free queues on \
         mallocng's single lock (futex waits when it is held), while glibc's threads mostly stay \
         in their own tcache and arena. On this 2-CPU machine at most two threads run at a time, \
         so 4 and 8 threads measure queueing more than parallelism.",
    ),
    (
        "thread",
        "**Threads.** glibc caches the stacks of exited threads (up to 40 MiB) and reuses them; \
         musl maps each new thread's stack, guard page and TLS with mmap and unmaps them when the \
         thread ends, so every create+join pays for mmap, mprotect, munmap and the page faults on \
         the fresh stack. `libc_default` is what C code gets with a NULL attribute: 128 KiB on \
         musl, RLIMIT_STACK (usually 8 MiB) on glibc.",
    ),
    (
        "dns",
        "**DNS.** Measured inside muslab-dns's fixture (own namespaces, own server on \
         127.0.0.1). Neither libc caches answers: every getaddrinfo reads the hosts file and, \
         for other names, sends a fresh query. glibc goes through NSS (nsswitch.conf, then its \
         files and dns modules) on each call; musl reads /etc/hosts and resolv.conf directly. hickory-resolver keeps a cache, so after the first \
         lookup an answer costs a hash-map hit; that cache is the fix for lookup-heavy programs \
         on either libc.",
    ),
    (
        "collate",
        "**Collation.** glibc's strcoll walks the locale's ISO 14651 tables in several passes per \
         comparison; musl's strcoll is strcmp in every locale. So musl's strcoll sort is fast and \
         gives byte order (Zürich after zoo), not a language's order. icu_collator gives the same \
         (CLDR) order on both libcs; its cost is its own, not the libc's.",
    ),
];

const PUBLISHED: &str = "\
- libc-bench (Rich Felker, <https://www.etalabs.net/compare_libcs.html>, before mallocng): \
tiny allocation & free 0.005 s musl vs 0.002 s glibc (2.5×), big allocation & free 0.027 vs \
0.016 (1.7×), thread creation/joining 0.248 vs 0.142 (1.7×), contention roughly equal.\n\
- EmbarkStudios/texture-synthesis#8: the musl build took 49.8 s wall (357 s system) against \
8.2 s for glibc, about 6×, on a many-core machine; jemalloc brought it back.\n\
- bram209/leptosfmt PR #191: on a 32-core machine the musl (mallocng) build took 15–17 s wall \
against 0.19 s for glibc and for musl+mimalloc, about 80–90×, with 7 million futex calls.\n\
- hatoo/oha#208: a musl build about 2.4× slower than glibc, attributed to the allocator \
(figure as cited in muslab's issue; not re-checked here).\n\n\
Those are whole programs on machines with many cores; these are micro-benchmarks on this \
machine. The allocator rows are the comparable part: the published slowdowns grow with the \
number of threads that allocate at once, which a 2-CPU machine can only show in part.\n";

fn summary_line(r: &Row) -> String {
    let mut s = format!("`{}`", r.bench);
    if let (Some(m), Some(g), Some(x)) = (r.musl, r.glibc, r.musl_vs_glibc) {
        let _ = write!(
            s,
            ": musl {} vs glibc {}, {}",
            format_ns(m.mean_ns),
            format_ns(g.mean_ns),
            x.display()
        );
    }
    if let Some(x) = r.mimalloc_vs_glibc {
        let _ = write!(
            s,
            "; musl+mimalloc/glibc {} ({})",
            x.display(),
            x.verdict.label()
        );
    }
    s
}

pub fn render(report: &BenchReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## What it means\n");
    let with = |pred: &dyn Fn(Verdict) -> bool| -> Vec<&Row> {
        report
            .rows
            .iter()
            .filter(|r| r.musl_vs_glibc.is_some_and(|x| pred(x.verdict)))
            .collect()
    };
    let groups: [(&str, Vec<&Row>); 3] = [
        (
            "Large differences (musl vs glibc, intervals apart, 2× or more either way)",
            with(&|v| v.is_large()),
        ),
        (
            "Smaller but real differences (intervals apart, under 2×)",
            with(&|v| matches!(v, Verdict::Slower | Verdict::Faster)),
        ),
        (
            "Within noise (the confidence intervals overlap)",
            with(&|v| v == Verdict::WithinNoise),
        ),
    ];
    for (title, rows) in groups {
        let _ = writeln!(s, "**{title}:**");
        if rows.is_empty() {
            let _ = writeln!(s, "none.");
        }
        for r in rows {
            let _ = writeln!(s, "- {}", summary_line(r));
        }
        s.push('\n');
    }
    let missing: Vec<&Row> = report
        .rows
        .iter()
        .filter(|r| r.musl_vs_glibc.is_none())
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(s, "**Not compared** (a build did not run them):");
        for r in missing {
            let _ = writeln!(s, "- `{}`", r.bench);
        }
        s.push('\n');
    }
    let _ = writeln!(s, "### Why\n");
    for (prefix, text) in WHY {
        if report.rows.iter().any(|r| r.bench.starts_with(prefix)) {
            let _ = writeln!(s, "{text}\n");
        }
    }
    let _ = writeln!(s, "### Published figures\n\n{PUBLISHED}");
    s
}
