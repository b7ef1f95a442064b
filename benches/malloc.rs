//! malloc/free cost per libc: small, medium and large blocks, Vec growth,
//! and contention between threads.
//!
//! musl's mallocng (musl >= 1.2.1) serialises every malloc and free on one
//! global lock, but only while `libc.need_locks` is set: from the first
//! pthread_create until the process is single-threaded again. So the
//! single-threaded benches run three times: before any thread was ever
//! created, after one was created and joined, and while one is alive (idle).
//! glibc's ptmalloc has per-thread caches (tcache) and several arenas.
//! Blocks above the mmap threshold (musl: ~128 KiB, fixed; glibc: 128 KiB
//! rising to 32 MiB after such a block is freed) go to mmap/munmap.
//!
//! Beside each timing: the peak RSS of a child that runs the same workload a
//! fixed number of times, its futex calls (perf tracepoint) and voluntary
//! context switches, so that an allocator's speed is read with its memory
//! (mimalloc trades memory for speed).

use std::alloc::{alloc, dealloc, Layout};
use std::hint::black_box;
use std::sync::{mpsc, Barrier};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use muslab_report::bench::{Figure, Quantity};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;
use support::child;
use support::futex::FutexCounter;
use support::timing::Family;

/// Live blocks per small batch: enough to leave the allocator's fast path for
/// the last-freed block.
const BATCH: usize = 64;
const SMALL_SIZES: [usize; 4] = [16, 32, 48, 64];

/// Allocates BATCH blocks of 16..64 bytes, touches each, frees them in order.
fn small_batch() {
    let mut ptrs = [(std::ptr::null_mut::<u8>(), Layout::new::<u8>()); BATCH];
    for (i, slot) in ptrs.iter_mut().enumerate() {
        let layout = Layout::from_size_align(SMALL_SIZES[i % SMALL_SIZES.len()], 8).unwrap();
        // SAFETY: non-zero size; the block is freed below with the same layout.
        let p = unsafe { alloc(layout) };
        assert!(!p.is_null(), "allocation failed");
        // SAFETY: p points to at least one writable byte.
        unsafe { p.write_volatile(i as u8) };
        *slot = (p, layout);
    }
    for (p, layout) in black_box(ptrs) {
        // SAFETY: allocated above with this layout, freed once.
        unsafe { dealloc(p, layout) };
    }
}

/// One allocation of `size` bytes, touched once and freed.
fn one_block(size: usize) {
    let layout = Layout::from_size_align(size, 16).unwrap();
    // SAFETY: non-zero size; freed below with the same layout.
    let p = unsafe { alloc(layout) };
    assert!(!p.is_null(), "allocation of {size} bytes failed");
    // SAFETY: p points to `size` writable bytes.
    unsafe { p.add(size / 2).write_volatile(1) };
    // SAFETY: allocated above with this layout, freed once.
    unsafe { dealloc(black_box(p), layout) };
}

/// A Vec grown by push from empty to 1M u32s: ~20 reallocs, the last ones
/// large enough to be mmapped (and mremapped) by both libcs.
fn vec_push_1m() {
    let mut v = Vec::new();
    for i in 0..1_000_000u32 {
        v.push(i);
    }
    black_box(v);
}

fn single_threaded(c: &mut Criterion, state: &str) {
    let mut g = c.benchmark_group("malloc");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function(BenchmarkId::new("small_16-64B", state), |b| {
        b.iter(small_batch)
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function(BenchmarkId::new("medium_4KiB", state), |b| {
        b.iter(|| one_block(4096))
    });
    g.bench_function(BenchmarkId::new("large_1MiB", state), |b| {
        b.iter(|| one_block(1 << 20))
    });
    g.bench_function(BenchmarkId::new("vec_push_1M", state), |b| {
        b.iter(vec_push_1m)
    });
    g.finish();
}

/// Must run first: no thread has been created in this process yet.
fn before_any_thread(c: &mut Criterion) {
    assert_eq!(
        support::proc::threads(),
        1,
        "malloc bench: another thread exists before the single-threaded benches"
    );
    single_threaded(c, "no_thread_yet");
}

fn after_thread_joined(c: &mut Criterion) {
    std::thread::spawn(|| black_box(1)).join().unwrap();
    single_threaded(c, "after_thread_joined");
}

fn while_thread_alive(c: &mut Criterion) {
    let (tx, rx) = mpsc::channel::<()>();
    let idle = std::thread::spawn(move || rx.recv().ok());
    single_threaded(c, "other_thread_idle");
    drop(tx);
    idle.join().unwrap();
}

/// `threads` threads each run `iters` small batches at once; the time is the
/// wall time from a common start to the last finisher (spawning excluded).
fn contended(threads: usize, iters: u64) -> Duration {
    let start = Barrier::new(threads + 1);
    let end = Barrier::new(threads + 1);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                start.wait();
                for _ in 0..iters {
                    small_batch();
                }
                end.wait();
            });
        }
        start.wait();
        let t0 = Instant::now();
        end.wait();
        t0.elapsed()
    })
}

/// Live blocks each thread of the mixed workload keeps.
const MIXED_LIVE: usize = 512;
/// Replacements per iteration of the mixed workload.
const MIXED_OPS: usize = 64;

/// A thread's working set for the mixed workload: MIXED_LIVE blocks of
/// 16 B..64 KiB (log-uniform), one replaced at random per op. Programs like
/// this (many threads, long-lived mixed sizes) are where allocators differ
/// in memory, not only in time.
struct Mixed {
    slots: Vec<Vec<u8>>,
    rng: u64,
}

impl Mixed {
    fn new(seed: u64) -> Self {
        Mixed {
            slots: vec![Vec::new(); MIXED_LIVE],
            rng: seed | 1,
        }
    }

    fn next(&mut self) -> u64 {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn ops(&mut self, n: usize) {
        for _ in 0..n {
            let r = self.next();
            let slot = (r % MIXED_LIVE as u64) as usize;
            let size = 16usize << ((r >> 32) % 13);
            let size = size + ((r >> 40) as usize % size);
            let mut v = Vec::with_capacity(size);
            v.push(r as u8);
            self.slots[slot] = black_box(v);
        }
    }
}

/// Like [`contended`], with the mixed workload: MIXED_OPS per iteration.
fn contended_mixed(threads: usize, iters: u64) -> Duration {
    let start = Barrier::new(threads + 1);
    let end = Barrier::new(threads + 1);
    std::thread::scope(|s| {
        for t in 0..threads {
            let (start, end) = (&start, &end);
            s.spawn(move || {
                let mut m = Mixed::new(0x6d69_7865_6400 + t as u64);
                m.ops(MIXED_LIVE);
                start.wait();
                for _ in 0..iters {
                    m.ops(MIXED_OPS);
                }
                end.wait();
            });
        }
        start.wait();
        let t0 = Instant::now();
        end.wait();
        t0.elapsed()
    })
}

/// Two threads (as many as this machine's CPUs) and eight (queueing): the
/// points between add nothing the report reads.
const CONTENTION_THREADS: [usize; 2] = [2, 8];
const MIXED_THREADS: [usize; 2] = [2, 8];

fn contention(c: &mut Criterion) {
    let mut g = c.benchmark_group("malloc_contention");
    // Every sample wakes the threads from a barrier, inside the timing:
    // equal samples keep that cost a small, constant share of each one
    // (linear sampling's short first samples are mostly wake-up).
    g.sampling_mode(SamplingMode::Flat);
    for threads in CONTENTION_THREADS {
        g.throughput(Throughput::Elements((threads * BATCH) as u64));
        g.bench_function(BenchmarkId::new("small_16-64B_threads", threads), |b| {
            b.iter_custom(|iters| contended(threads, iters))
        });
    }
    for threads in MIXED_THREADS {
        g.throughput(Throughput::Elements((threads * MIXED_OPS) as u64));
        g.bench_function(BenchmarkId::new("mixed_16B-64KiB_threads", threads), |b| {
            b.iter_custom(|iters| contended_mixed(threads, iters))
        });
    }
    g.finish();
}

const STATES: [&str; 3] = ["no_thread_yet", "after_thread_joined", "other_thread_idle"];
const SINGLE: [&str; 4] = ["small_16-64B", "medium_4KiB", "large_1MiB", "vec_push_1M"];

/// In the measuring child: puts the process in `state`, runs `workload` a
/// fixed number of times under a futex counter, reports the futex calls.
fn run_workload(name: &str) -> ! {
    let mut parts = name.split(':');
    let (workload, arg) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    // Opened while single-threaded: it may mount tracefs privately.
    let counter = FutexCounter::start();
    let (tx, rx) = mpsc::channel::<()>();
    let mut idle = None;
    match arg {
        "after_thread_joined" => std::thread::spawn(|| black_box(1)).join().unwrap_or(0),
        "other_thread_idle" => {
            idle = Some(std::thread::spawn(move || rx.recv().ok()));
            0
        }
        _ => 0,
    };
    match workload {
        "small_16-64B" => (0..100_000).for_each(|_| small_batch()),
        "medium_4KiB" => (0..1_000_000).for_each(|_| one_block(4096)),
        "large_1MiB" => (0..20_000).for_each(|_| one_block(1 << 20)),
        "vec_push_1M" => (0..20).for_each(|_| vec_push_1m()),
        "small_16-64B_threads" => {
            contended(arg.parse().unwrap_or(2), 10_000);
        }
        "mixed_16B-64KiB_threads" => {
            contended_mixed(arg.parse().unwrap_or(2), 2_000);
        }
        other => panic!("malloc bench: no workload {other:?}"),
    }
    drop(tx);
    if let Some(t) = idle {
        let _ = t.join();
    }
    let futex = counter.and_then(|c| c.read());
    match futex {
        Ok(n) => child::report(&[Figure {
            quantity: Quantity::FutexCalls,
            value: n as f64,
        }]),
        Err(e) => {
            eprintln!("malloc bench: futex calls not counted: {e}");
            child::report(&[])
        }
    }
}

/// Memory and futex figures for every timed malloc bench, each from its
/// own child process.
fn memory(rec: &mut support::Recorder) {
    for w in SINGLE {
        for state in STATES {
            rec.child(&format!("malloc/{w}/{state}"), &format!("{w}:{state}"));
        }
    }
    for n in CONTENTION_THREADS {
        rec.child(
            &format!("malloc_contention/small_16-64B_threads/{n}"),
            &format!("small_16-64B_threads:{n}"),
        );
    }
    for n in MIXED_THREADS {
        rec.child(
            &format!("malloc_contention/mixed_16B-64KiB_threads/{n}"),
            &format!("mixed_16B-64KiB_threads:{n}"),
        );
    }
}

fn main() {
    if let Some(w) = child::requested_workload() {
        run_workload(&w);
    }
    let mut c = support::timing::criterion(Family::Malloc);
    before_any_thread(&mut c);
    after_thread_joined(&mut c);
    while_thread_alive(&mut c);
    contention(&mut c);
    let mut rec = support::Recorder::new("malloc");
    memory(&mut rec);
    rec.write();
    support::record_build("malloc");
    c.final_summary();
}
