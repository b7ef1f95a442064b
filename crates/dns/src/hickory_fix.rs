//! The fix column of S3: hickory-resolver, a pure-Rust resolver with a
//! cache, doing the same 10 sequential and 100 concurrent lookups against
//! the same delayed server in the same kind of fixture. It runs in-process
//! on the fixture's thread (a current-thread tokio runtime), so its sockets
//! live in the fixture's network namespace. The nameserver is given
//! explicitly, as the fixture's resolv.conf says.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use hickory_resolver::config::{
    LookupIpStrategy, NameServerConfigGroup, ResolverConfig, ResolverOpts,
};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::Resolver;
use muslab_report::Check;

use crate::fixture;
use crate::scenario::s3_latency::{self, spec, Figures, CONCURRENT, NAME, SEQUENTIAL};

/// hickory-resolver pointed at the fixture's first nameserver, IPv4 only,
/// 1 s timeout, one attempt: the S3 fix column and the DNS bench use it.
pub fn resolver() -> Resolver<TokioConnectionProvider> {
    let servers = NameServerConfigGroup::from_ips_clear(&[IpAddr::from([127, 0, 0, 1])], 53, true);
    let mut opts = ResolverOpts::default();
    opts.ip_strategy = LookupIpStrategy::Ipv4Only;
    opts.timeout = Duration::from_secs(1);
    opts.attempts = 1;
    Resolver::builder_with_config(
        ResolverConfig::from_parts(None, vec![], servers),
        TokioConnectionProvider::default(),
    )
    .with_options(opts)
    .build()
}

/// Runs the S3 load through hickory-resolver; the checks have the same ids
/// and cases as probe-dns's S3 checks.
pub fn run() -> Result<Vec<Check>, String> {
    let figures = fixture::run(&spec(), |fx| -> Result<Figures, String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("tokio runtime: {e}"))?;
        rt.block_on(async {
            let name = format!("{NAME}.");
            let r = resolver();
            fx.log().take();
            let mut sequential = Vec::new();
            for _ in 0..SEQUENTIAL {
                let start = Instant::now();
                let _ = r.lookup_ip(name.as_str()).await;
                sequential.push(start.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
            let sequential_queries = fx.log().take().iter().filter(|q| q.is_query()).count();
            // A fresh resolver: the concurrent batch starts with an empty cache.
            let r = resolver();
            let start = Instant::now();
            let tasks: Vec<_> = (0..CONCURRENT)
                .map(|_| {
                    let r = r.clone();
                    let name = name.clone();
                    tokio::spawn(async move { r.lookup_ip(name.as_str()).await.is_ok() })
                })
                .collect();
            let mut ok = 0;
            for t in tasks {
                if let Ok(o) = t.await {
                    ok += o as usize;
                }
            }
            let wall = start.elapsed();
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(Figures {
                sequential,
                sequential_queries,
                concurrent_ok: ok,
                concurrent_wall: wall,
                concurrent_queries: fx.log().take().iter().filter(|q| q.is_query()).count(),
            })
        })
    })??;
    Ok(s3_latency::checks(
        &figures,
        "hickory-resolver 0.25 (cache on), same server and delay; tasks on one thread",
    ))
}
