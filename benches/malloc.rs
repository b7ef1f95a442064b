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

use std::alloc::{alloc, dealloc, Layout};
use std::hint::black_box;
use std::sync::{mpsc, Barrier};
use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;

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

/// Threads in this process right now, from /proc/self/status.
fn threads_now() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
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
    // Milliseconds per iteration: fewer, flat samples keep `make bench` short.
    g.sample_size(20).sampling_mode(SamplingMode::Flat);
    g.bench_function(BenchmarkId::new("vec_push_1M", state), |b| {
        b.iter(vec_push_1m)
    });
    g.finish();
}

/// Must run first: no thread has been created in this process yet.
fn before_any_thread(c: &mut Criterion) {
    assert_eq!(
        threads_now(),
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

fn contention(c: &mut Criterion) {
    let mut g = c.benchmark_group("malloc_contention");
    for threads in [2usize, 4, 8] {
        g.throughput(Throughput::Elements((threads * BATCH) as u64));
        g.bench_function(BenchmarkId::new("small_16-64B_threads", threads), |b| {
            b.iter_custom(|iters| contended(threads, iters))
        });
    }
    g.finish();
}

fn record(_: &mut Criterion) {
    support::record_build("malloc");
}

criterion_group!(
    benches,
    before_any_thread,
    after_thread_joined,
    while_thread_alive,
    contention,
    record
);
criterion_main!(benches);
