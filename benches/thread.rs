//! Thread create+join per libc.
//!
//! glibc keeps the stacks of exited threads in a cache (up to 40 MiB by
//! default) and hands them to the next pthread_create; musl maps every new
//! thread's stack (plus guard page and TLS) with mmap and unmaps it when the
//! thread exits. The raw pthread benches ask both libcs for the same explicit
//! stack size, so only the libc differs; the `libc_default` case shows what C
//! code gets with a NULL attribute (musl: 128 KiB, glibc: RLIMIT_STACK, 8 MiB).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use muslab_sys::pthread::{self, StackRequest};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;

const SMALL_STACK: usize = 128 << 10;
const LARGE_STACK: usize = 8 << 20;

fn std_spawn(c: &mut Criterion) {
    let mut g = c.benchmark_group("thread_std_spawn_join");
    g.bench_function("default_2MiB", |b| {
        b.iter(|| std::thread::spawn(|| black_box(1)).join().unwrap())
    });
    g.bench_function("stack_8MiB", |b| {
        b.iter(|| {
            std::thread::Builder::new()
                .stack_size(LARGE_STACK)
                .spawn(|| black_box(1))
                .unwrap()
                .join()
                .unwrap()
        })
    });
    g.finish();
}

fn raw_pthread(c: &mut Criterion) {
    let mut g = c.benchmark_group("thread_pthread_create_join");
    for (name, stack) in [
        ("stack_128KiB", StackRequest::Size(SMALL_STACK)),
        ("stack_8MiB", StackRequest::Size(LARGE_STACK)),
        ("libc_default", StackRequest::Default),
    ] {
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let ok = pthread::run(stack, || {
                    black_box(1);
                })
                .expect("pthread_create failed");
                assert!(ok);
            })
        });
    }
    g.finish();
}

fn record(_: &mut Criterion) {
    support::record_build("thread");
}

criterion_group!(benches, std_spawn, raw_pthread, record);
criterion_main!(benches);
