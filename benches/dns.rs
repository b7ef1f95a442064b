//! Name lookups per libc, inside muslab's hermetic DNS fixture (muslab-dns:
//! private network and mount namespaces with only loopback, muslab's own
//! nameserver on 127.0.0.1, generated /etc/hosts, resolv.conf and
//! nsswitch.conf). No packet leaves the namespace and the machine's resolver
//! is never asked. Needs root (namespaces); without it the bench says so
//! and measures nothing.
//!
//! Neither glibc nor musl caches answers: every getaddrinfo reads
//! /etc/hosts (and resolv.conf) again and, for a name not in hosts, sends a
//! fresh query. hickory-resolver is measured cold (cache cleared before each
//! lookup) and warm (its cache answers): the fix for lookup-heavy programs.
//!
//! Under concurrency: 100 threads each resolving their own name at once
//! (libc getaddrinfo), against 100 concurrent hickory lookups on one tokio
//! thread. Each libc call opens its own socket and waits in poll; hickory
//! multiplexes over shared sockets.

use std::sync::Barrier;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use muslab_dns::fixture::{self, files, Fixture, ResolvConf, Spec};
use muslab_dns::zone::{Behaviour, Zone};
use muslab_sys::getaddrinfo::{getaddrinfo, Hints};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench_support as support;
use support::timing::Family;

/// Answered by muslab's server; not in the fixture's hosts file.
const SERVED: &str = "bench.test";

/// Lookups at once in the concurrency benches.
const CONCURRENT: usize = 100;

/// The CONCURRENT names the concurrency benches resolve, one per thread.
fn concurrent_names() -> Vec<String> {
    (0..CONCURRENT).map(|i| format!("c{i}.{SERVED}")).collect()
}

fn spec() -> Spec {
    let zone = concurrent_names().iter().fold(
        Zone::all(Behaviour::NxDomain).with(SERVED, Behaviour::v4(&[[10, 7, 0, 1]])),
        |z, n| z.with(n, Behaviour::v4(&[[10, 7, 0, 2]])),
    );
    Spec {
        resolv: ResolvConf::new(&[[127, 0, 0, 1]]),
        hosts: files::hosts(&[]),
        network: muslab_dns::fixture::Network::default(),
        servers: vec![([127, 0, 0, 1].into(), zone)],
    }
}

/// CONCURRENT threads (spawned from the fixture's thread, so inside its
/// namespaces) each resolve their name `iters` times, starting together;
/// the time runs from the common start to the last finisher.
fn concurrent_getaddrinfo(names: &[String], iters: u64) -> Duration {
    let start = Barrier::new(names.len() + 1);
    let end = Barrier::new(names.len() + 1);
    std::thread::scope(|s| {
        for name in names {
            let (start, end) = (&start, &end);
            s.spawn(move || {
                start.wait();
                for _ in 0..iters {
                    getaddrinfo(name, v4()).expect("muslab's server answers every thread");
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

fn v4() -> Hints {
    Hints::Given {
        family: libc::AF_INET,
        socktype: libc::SOCK_STREAM,
        flags: 0,
    }
}

/// Runs on the fixture's thread: every socket and file it touches is the
/// fixture's.
fn benches(c: &mut Criterion, fx: &Fixture) {
    for name in ["localhost", SERVED] {
        let got = getaddrinfo(name, v4());
        assert!(
            got.as_ref().is_ok_and(|a| !a.is_empty()),
            "dns bench: getaddrinfo({name}) in the fixture failed: {got:?}"
        );
    }
    let mut g = c.benchmark_group("dns_getaddrinfo");
    g.bench_function("hosts_file_localhost", |b| {
        b.iter(|| getaddrinfo("localhost", v4()).expect("localhost is in the fixture's hosts"))
    });
    g.bench_function("loopback_server", |b| {
        b.iter(|| getaddrinfo(SERVED, v4()).expect("muslab's server answers"))
    });
    g.finish();
    fx.log().take();

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread tokio runtime");
    let r = muslab_dns::hickory_fix::resolver();
    let fqdn = format!("{SERVED}.");
    let names = concurrent_names();
    let mut g = c.benchmark_group("dns_concurrent_100");
    g.throughput(Throughput::Elements(CONCURRENT as u64));
    g.bench_function("getaddrinfo_100_threads", |b| {
        b.iter_custom(|iters| concurrent_getaddrinfo(&names, iters))
    });
    let fqdns: Vec<String> = names.iter().map(|n| format!("{n}.")).collect();
    g.bench_function("hickory_100_tasks_cold_cache", |b| {
        b.iter(|| {
            r.clear_cache();
            rt.block_on(async {
                let mut set = tokio::task::JoinSet::new();
                for n in &fqdns {
                    let (r, n) = (r.clone(), n.clone());
                    set.spawn(async move { r.lookup_ip(n.as_str()).await });
                }
                while let Some(done) = set.join_next().await {
                    done.expect("lookup task ran")
                        .expect("muslab's server answers hickory");
                }
            })
        })
    });
    g.finish();
    fx.log().take();

    let mut g = c.benchmark_group("dns_hickory");
    g.bench_function("cold_cache", |b| {
        b.iter(|| {
            r.clear_cache();
            rt.block_on(r.lookup_ip(fqdn.as_str()))
                .expect("muslab's server answers hickory")
        })
    });
    g.bench_function("cached", |b| {
        b.iter(|| {
            rt.block_on(r.lookup_ip(fqdn.as_str()))
                .expect("cached answer")
        })
    });
    g.finish();
    fx.log().take();
}

fn main() {
    let ran = fixture::run(&spec(), |fx| {
        let mut c = support::timing::criterion(Family::Dns);
        benches(&mut c, fx);
        c.final_summary();
    });
    match ran {
        Ok(()) => support::record_build("dns"),
        Err(e) => eprintln!("dns bench: not run: {e}"),
    }
}
