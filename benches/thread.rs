//! Thread create+join per libc.
//!
//! glibc keeps the stacks of exited threads in a cache (up to 40 MiB by
//! default) and hands them to the next pthread_create; musl maps every new
//! thread's stack (plus guard page and TLS) with mmap and unmaps it when the
//! thread exits. The raw pthread benches ask both libcs for the same explicit
//! stack size, so only the libc differs; the `libc_default` case shows what C
//! code gets with a NULL attribute (musl: 128 KiB, glibc: RLIMIT_STACK, 8 MiB).
//!
//! Memory: a child process creates 1,000 idle raw pthreads (default
//! attribute, and 2 MiB) and reports how much resident memory and address
//! space they added (VmRSS, VmSize). Creation cost with 1,000 threads alive
//! shows what a busy server pays per new thread.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use muslab_report::bench::{Figure, Quantity};
use muslab_sys::pthread::{self, StackRequest};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;
use support::child;
use support::pthread::{IdleThreads, Stack};
use support::timing::Family;

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

const ALIVE: usize = 1_000;
const MIB2: usize = 2 << 20;

/// Raw create+join while ALIVE idle threads (128 KiB stacks) exist.
fn with_many_alive(c: &mut Criterion) {
    let mut g = c.benchmark_group("thread_create_join_1000_alive");
    let mut alive = None;
    for (name, stack) in [
        ("stack_128KiB", Stack::Size(SMALL_STACK)),
        ("libc_default", Stack::LibcDefault),
    ] {
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            if alive.is_none() {
                alive = Some(
                    IdleThreads::spawn(ALIVE, Stack::Size(SMALL_STACK))
                        .expect("1,000 idle threads with 128 KiB stacks"),
                );
            }
            b.iter(|| support::pthread::create_join(stack).expect("pthread_create+join"))
        });
    }
    g.finish();
    drop(alive);
}

/// In the measuring child: the memory ALIVE idle threads add.
fn run_workload(name: &str) -> ! {
    let stack = match name {
        "idle:libc_default" => Stack::LibcDefault,
        "idle:stack_2MiB" => Stack::Size(MIB2),
        other => panic!("thread bench: no workload {other:?}"),
    };
    let (rss0, vm0) = (support::proc::rss(), support::proc::vm_size());
    let idle = IdleThreads::spawn(ALIVE, stack).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(idle.len(), ALIVE);
    let (rss1, vm1) = (support::proc::rss(), support::proc::vm_size());
    drop(idle);
    child::report(&[
        Figure {
            quantity: Quantity::RssGrowth,
            value: rss1.saturating_sub(rss0) as f64,
        },
        Figure {
            quantity: Quantity::VmSizeGrowth,
            value: vm1.saturating_sub(vm0) as f64,
        },
    ])
}

fn main() {
    if let Some(w) = child::requested_workload() {
        run_workload(&w);
    }
    let mut c = support::timing::criterion(Family::Threads);
    std_spawn(&mut c);
    raw_pthread(&mut c);
    with_many_alive(&mut c);
    let mut rec = support::Recorder::new("thread");
    for name in ["libc_default", "stack_2MiB"] {
        rec.child(
            &format!("thread_memory/idle_1000/{name}"),
            &format!("idle:{name}"),
        );
    }
    rec.write();
    support::record_build("thread");
    c.final_summary();
}
