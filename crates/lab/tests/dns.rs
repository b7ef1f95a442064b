//! The DNS lab end to end: every scenario runs probe-dns (gnu and musl
//! builds) in the hermetic fixture and asserts what muslab's own servers
//! logged. Needs root (namespaces) and `make probes`. resolv.conf timeouts
//! are 1 s; each case makes a bounded number of queries.

mod support;

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use muslab_dns::query_log::{Action, Transport};
use muslab_dns::scenario::{self, ScenarioRun};
use muslab_report::{Eai, Observed};
use support::{I686_GNU, I686_MUSL, X86_64_GNU, X86_64_MUSL};

fn probe_dns(triple: &str) -> PathBuf {
    support::probe(triple, "probe-dns")
}

fn run(id: &str, triple: &str) -> ScenarioRun {
    scenario::by_id(id)
        .expect("known scenario")
        .run(&probe_dns(triple))
        .unwrap_or_else(|e| panic!("{id} on {triple}: {e}"))
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn ips(list: &[&str]) -> Vec<IpAddr> {
    list.iter().map(|s| ip(s)).collect()
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn fixture_has_only_loopback() {
    let r = run("D06", X86_64_MUSL);
    assert!(!r.interfaces.is_empty());
    for line in &r.interfaces {
        assert!(
            line.starts_with("lo "),
            "non-loopback interface in the fixture: {line}"
        );
    }
    assert!(
        r.interfaces.iter().any(|l| l == "lo 127.0.0.2/8"),
        "{:?}",
        r.interfaces
    );
}

/// First server drops: glibc asks 127.0.0.1 first, 127.0.0.2 only after the
/// 1 s timeout, 127.0.0.3 never; musl asks all three within a few ms and
/// answers at once. First server answers SERVFAIL: glibc moves to 127.0.0.2
/// at once and asks 127.0.0.1 once; musl asks all three at once and asks
/// 127.0.0.1 again. Both answer with 127.0.0.2's address (300 ms; 127.0.0.3
/// takes 600 ms).
#[test]
fn d06_glibc_fails_over_musl_asks_all_at_once() {
    for triple in [X86_64_GNU, I686_GNU] {
        let r = run("D06", triple);
        let sf = r.exchange("first-servfail");
        let first = sf.first_query_per_server();
        let servers: Vec<IpAddr> = first.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            servers,
            ips(&["127.0.0.1", "127.0.0.2"]),
            "{triple}: {first:?}"
        );
        assert!(
            first[1].1 < ms(200),
            "{triple}: glibc waited {:?} after a SERVFAIL",
            first[1].1
        );
        assert_eq!(sf.queries_to(ip("127.0.0.1")), 1, "{triple}");
        assert_eq!(
            sf.lookup(0).expect("client result").addresses,
            ips(&["10.6.1.2"])
        );
        let ex = r.exchange("first-drops");
        let first = ex.first_query_per_server();
        assert_eq!(first[0].0, ip("127.0.0.1"), "{triple}: {first:?}");
        assert_eq!(first[1].0, ip("127.0.0.2"), "{triple}: {first:?}");
        assert!(
            first[1].1 >= ms(900),
            "{triple}: glibc asked the 2nd server {:?} after the 1st, before the 1 s timeout",
            first[1].1
        );
        assert!(
            !first.iter().any(|(s, _)| *s == ip("127.0.0.3")),
            "{triple}: {first:?}"
        );
        let l = ex.lookup(0).expect("client result");
        assert_eq!(l.addresses, ips(&["10.6.0.2"]), "{triple}");
        assert!(
            ex.query_count() <= 4,
            "{triple}: {} queries",
            ex.query_count()
        );
    }
    for triple in [X86_64_MUSL, I686_MUSL] {
        let r = run("D06", triple);
        let sf = r.exchange("first-servfail");
        let first = sf.first_query_per_server();
        assert_eq!(first.len(), 3, "{triple}: {first:?}");
        for (s, at) in &first {
            assert!(*at < ms(200), "{triple}: {s} asked {at:?} after the first");
        }
        let again = sf.queries_to(ip("127.0.0.1"));
        assert!(
            (2..=10).contains(&again),
            "{triple}: 127.0.0.1 asked {again} times after its SERVFAIL"
        );
        assert_eq!(
            sf.lookup(0).expect("client result").addresses,
            ips(&["10.6.1.2"])
        );
        let ex = r.exchange("first-drops");
        let first = ex.first_query_per_server();
        assert_eq!(first.len(), 3, "{triple}: {first:?}");
        for (s, at) in &first {
            assert!(*at < ms(200), "{triple}: {s} asked {at:?} after the first");
        }
        let l = ex.lookup(0).expect("client result");
        assert_eq!(l.error, None, "{triple}");
        assert!(l.elapsed < ms(500), "{triple}: {:?}", l.elapsed);
        assert!(
            ex.query_count() <= 6,
            "{triple}: {} queries",
            ex.query_count()
        );
    }
}

#[test]
fn d07_search_list_after_nxdomain_and_nodata() {
    let gnu = run("D07", X86_64_GNU);
    let musl = run("D07", X86_64_MUSL);
    let dotted = gnu.exchange("dotted-nxdomain");
    assert_eq!(
        dotted.names_asked(),
        [
            "host.missing/A",
            "host.missing.a.test/A",
            "host.missing.b.test/A"
        ],
        "glibc falls back to the search list for a dotted name"
    );
    assert_eq!(dotted.lookup(0).unwrap().addresses, ips(&["10.7.0.3"]));
    let nodata = gnu.exchange("search-nodata");
    assert_eq!(nodata.names_asked(), ["web.a.test/A", "web.b.test/A"]);
    assert_eq!(nodata.lookup(0).unwrap().addresses, ips(&["10.7.0.2"]));

    let dotted = musl.exchange("dotted-nxdomain");
    assert_eq!(
        dotted.names_asked(),
        ["host.missing/A"],
        "musl does not use the search list for a name with >= ndots dots"
    );
    assert_eq!(dotted.lookup(0).unwrap().code(), Some(Eai::NoName));
    let nodata = musl.exchange("search-nodata");
    assert_eq!(
        nodata.names_asked(),
        ["web.a.test/A"],
        "musl stops at the first search name answering NODATA"
    );
    assert_eq!(nodata.lookup(0).unwrap().code(), Some(Eai::NoData));
    for ex in [dotted, nodata] {
        assert!(ex
            .queries()
            .all(|q| q.server == ip("127.0.0.1") && q.transport == Transport::Udp));
        assert!(ex
            .queries()
            .all(|q| !matches!(q.action, Action::Garbage { .. })));
    }
}

/// Both come back over TCP after a truncated UDP answer (musl since 1.2.4);
/// musl keeps at most 48 addresses, glibc all of them.
#[test]
fn d08_tcp_fallback_and_address_cap() {
    for (triple, cap) in [
        (X86_64_GNU, None),
        (X86_64_MUSL, Some(48)),
        (I686_MUSL, Some(48)),
    ] {
        let r = run("D08", triple);
        for case in ["tc-retry", "sixty"] {
            let ex = r.exchange(case);
            assert_eq!(ex.transports(), ["udp", "tcp"], "{triple} {case}");
            assert_eq!(ex.truncated_replies(), 1, "{triple} {case}");
            assert!(
                ex.query_count() <= 4,
                "{triple} {case}: {}",
                ex.query_count()
            );
        }
        assert_eq!(r.exchange("tc-retry").lookup(0).unwrap().addresses.len(), 3);
        let sixty = r.exchange("sixty").lookup(0).unwrap().addresses.len();
        let huge = r
            .exchange("four-hundred")
            .lookup(0)
            .unwrap()
            .addresses
            .len();
        match cap {
            None => assert_eq!((sixty, huge), (60, 400), "{triple}"),
            Some(cap) => assert_eq!((sixty, huge), (cap, cap), "{triple}"),
        }
        assert!(r.exchange("four-hundred").query_count() <= 10, "{triple}");
        let chain = r.exchange("cname-chain");
        assert_eq!(
            chain.query_count(),
            1,
            "{triple}: the chain is followed within one answer"
        );
        let l = chain.lookup(0).unwrap();
        assert_eq!(l.addresses, ips(&["10.8.1.1"]), "{triple}");
        assert_eq!(l.canonname.as_deref(), Some("c8.chain.test"), "{triple}");
    }
}

/// NULL hints: glibc asks A only here (AI_ADDRCONFIG: lo carries 127.0.0.3,
/// which glibc counts as IPv4, and no IPv6 but ::1), musl A and AAAA; AI_IDN: glibc queries, musl refuses before any query;
/// hosts file first and no cache on both; both re-read a changed resolv.conf.
#[test]
fn d09_flags_hosts_cache_and_reread() {
    for (triple, glibc) in [(X86_64_GNU, true), (X86_64_MUSL, false)] {
        let r = run("D09", triple);
        let null = r.exchange("null-hints");
        if glibc {
            assert_eq!(null.names_asked(), ["dual.test/A"], "{triple}");
        } else {
            assert_eq!(
                null.names_asked(),
                ["dual.test/A", "dual.test/AAAA"],
                "{triple}"
            );
        }
        let idn = r.exchange("ai-idn");
        let l = idn.lookup(0).unwrap();
        if glibc {
            assert_eq!(l.error, None, "{triple}");
            assert!(idn.query_count() >= 1, "{triple}");
        } else {
            assert_eq!(l.code(), Some(Eai::BadFlags), "{triple}");
            assert_eq!(idn.query_count(), 0, "{triple}");
        }
        let hosts = r.exchange("hosts-first");
        assert_eq!(
            hosts.lookup(0).unwrap().addresses,
            ips(&["10.9.9.9"]),
            "{triple}"
        );
        assert_eq!(hosts.query_count(), 0, "{triple}: the hosts file answered");
        assert_eq!(
            r.exchange("no-cache").query_count(),
            5,
            "{triple}: one query per lookup"
        );
        let reread = r.exchange("resolv-reread");
        let servers: Vec<IpAddr> = reread.queries().map(|q| q.server).collect();
        assert_eq!(servers, [ip("127.0.0.1"), ip("127.0.0.3")], "{triple}");
        assert_eq!(
            reread.lookup(1).unwrap().addresses,
            ips(&["10.9.3.3"]),
            "{triple}"
        );
    }
}

/// AI_ADDRCONFIG with AF_UNSPEC, per box: glibc (check_pf.c) counts only
/// addresses other than 127.0.0.1 and ::1, so it asks A only with an
/// IPv4-only link or 127.0.0.2 on lo, AAAA only with an IPv6-only link, and both with loopback
/// alone, with a link-local fe80:: beside IPv4, or with IPv6 off; musl
/// (getaddrinfo.c) connects to 127.0.0.1 and ::1, so it asks both wherever lo
/// has both and A only with IPv6 off. The fixes: without AI_ADDRCONFIG, or
/// with AF_INET, both libcs ask and return the same on every box.
#[test]
fn d27_addrconfig_per_box_and_the_fixes() {
    use muslab_dns::scenario::d27_addrconfig::{variants, V4, V6};
    // (variant, glibc asked, glibc families, musl asked, musl families)
    let want = [
        ("loopback", "A AAAA", "inet inet6", "A AAAA", "inet inet6"),
        ("lo-alias", "A", "inet", "A AAAA", "inet inet6"),
        ("ipv4", "A", "inet", "A AAAA", "inet inet6"),
        ("ipv6", "AAAA", "inet6", "A AAAA", "inet inet6"),
        (
            "ipv4-linklocal",
            "A AAAA",
            "inet inet6",
            "A AAAA",
            "inet inet6",
        ),
        ("no-ipv6", "A AAAA", "inet inet6", "A", "inet"),
    ];
    assert_eq!(
        variants().iter().map(|v| v.name).collect::<Vec<_>>(),
        want.iter().map(|w| w.0).collect::<Vec<_>>(),
        "every variant has a row here"
    );
    let text = |r: &ScenarioRun, case: &str| {
        r.check(case)
            .unwrap_or_else(|| panic!("no check {case}"))
            .observed
            .clone()
    };
    for (triple, glibc) in [
        (X86_64_GNU, true),
        (I686_GNU, true),
        (X86_64_MUSL, false),
        (I686_MUSL, false),
    ] {
        let r = run("D27", triple);
        for (variant, g_asked, g_fam, m_asked, m_fam) in want {
            let (asked, families) = if glibc {
                (g_asked, g_fam)
            } else {
                (m_asked, m_fam)
            };
            for (hints, asked, families) in [
                ("addrconfig", asked, families),
                ("unspec", "A AAAA", "inet inet6"),
                ("inet", "A", "inet"),
            ] {
                let case = format!("{variant}/{hints}");
                let got = text(&r, &format!("{case}/asked"));
                assert_eq!(
                    got,
                    Observed::text(asked),
                    "{triple} {case}: got asked {got}, want {asked}"
                );
                let got = text(&r, &format!("{case}/families"));
                assert_eq!(
                    got,
                    Observed::text(families),
                    "{triple} {case}: got families {got}, want {families}"
                );
                let ex = r.exchange(&case);
                let want_addrs: Vec<IpAddr> = families
                    .split_whitespace()
                    .map(|f| {
                        if f == "inet" {
                            IpAddr::from(V4)
                        } else {
                            ip(V6)
                        }
                    })
                    .collect();
                let mut got_addrs = ex.lookup(0).expect("client result").addresses.clone();
                got_addrs.sort();
                assert_eq!(
                    got_addrs, want_addrs,
                    "{triple} {case}: got addresses {got_addrs:?}, want {want_addrs:?}"
                );
                assert!(
                    ex.queries().all(|q| q.name == "dual.test"),
                    "{triple} {case}: got {:?}, want dual.test only",
                    ex.names_asked()
                );
            }
        }
        let on = |variant: &str| -> Vec<String> {
            let prefix = format!("{variant}: ");
            r.interfaces
                .iter()
                .filter_map(|l| l.strip_prefix(&prefix).map(str::to_owned))
                .collect()
        };
        let lo = ["lo 127.0.0.1/8", "lo ::1/128"];
        for (variant, want) in [
            ("loopback", lo.to_vec()),
            (
                "lo-alias",
                vec!["lo 127.0.0.1/8", "lo 127.0.0.2/8", "lo ::1/128"],
            ),
            ("ipv4", [&lo[..], &["lab0 192.0.2.1/24"]].concat()),
            ("ipv6", [&lo[..], &["lab0 2001:db8::1/64"]].concat()),
            (
                "ipv4-linklocal",
                [&lo[..], &["lab0 192.0.2.1/24", "lab0 fe80::1/64"]].concat(),
            ),
            ("no-ipv6", vec!["lo 127.0.0.1/8"]),
        ] {
            let got = on(variant);
            assert_eq!(
                got, want,
                "{triple} {variant}: got interfaces {got:?}, want {want:?}"
            );
        }
    }
}

/// The DNS matrix for D27 over the four builds: the catalogue's value
/// claims all hold, and glibc and musl differ exactly in the AI_ADDRCONFIG
/// rows of the 127.0.0.2, IPv4-only, IPv6-only and IPv6-off boxes.
#[test]
fn d27_matrix_holds_the_catalogue_claims() {
    use muslab::matrix::Verdict;
    use muslab::target::Target;
    use muslab_catalogue::Id;
    let targets: Vec<Target> = support::ALL.iter().map(|t| Target::new(t)).collect();
    let scenarios = vec![scenario::by_id("D27").expect("D27")];
    let m = muslab::dns_matrix::run(
        &muslab_report::probes::default_build_dir(),
        &targets,
        &scenarios,
        true,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<_> = m.rows.iter().filter(|r| r.id == Id::D27).collect();
    assert_eq!(
        rows.len(),
        36,
        "got {} D27 rows, want 6 boxes x 3 hints x 2",
        rows.len()
    );
    for r in &rows {
        assert!(
            r.contradictions.is_empty(),
            "{}: got contradictions {:?}, want none",
            r.case,
            r.contradictions
        );
        let differs = [
            "lo-alias/addrconfig/",
            "ipv4/addrconfig/",
            "ipv6/addrconfig/",
            "no-ipv6/addrconfig/",
        ]
        .iter()
        .any(|p| r.case.starts_with(p));
        let want = if differs {
            Verdict::LibcDifference
        } else {
            Verdict::Same
        };
        assert_eq!(
            r.verdict, want,
            "{}: got {:?}, want {want:?}",
            r.case, r.verdict
        );
    }
}

/// One query per lookup, no cache: 10 sequential lookups take about 10
/// delays on both; 100 concurrent ones overlap on both (well under 100 delays).
/// hickory-resolver's cache answers 9 of 10 sequential lookups itself.
#[test]
fn s3_latency_and_hickory_cache() {
    for triple in [X86_64_GNU, X86_64_MUSL] {
        let r = run("S3", triple);
        let seq = r.exchange("sequential");
        assert_eq!(seq.query_count(), 10, "{triple}");
        assert_eq!(seq.lookups().count(), 10, "{triple}");
        for (i, l) in seq.lookups().enumerate() {
            assert_eq!(l.error, None, "{triple}");
            assert!(l.elapsed >= ms(45), "{triple}: lookup {i} {:?}", l.elapsed);
        }
        let conc = r.exchange("concurrent");
        assert_eq!(conc.query_count(), 100, "{triple}");
        let batch = conc.batch().expect("a concurrent batch");
        assert_eq!(batch.answered(), 100, "{triple}");
        assert!(
            batch.wall < ms(2500),
            "{triple}: 100 concurrent lookups took {:?}",
            batch.wall
        );
        let times: Vec<u64> = conc.queries().map(|q| q.at_us).collect();
        let spread = times.iter().max().unwrap() - times.iter().min().unwrap();
        assert!(
            spread < 1_000_000,
            "{triple}: queries spread over {spread} us"
        );
    }
    let fix = muslab_dns::hickory_fix::run().unwrap();
    let queries = |case: &str| {
        fix.iter()
            .find(|c| c.case == case)
            .map(|c| c.observed.clone())
            .unwrap_or_else(|| panic!("no {case} in {fix:?}"))
    };
    assert_eq!(
        queries("sequential/queries"),
        Observed::Int(1),
        "hickory's cache"
    );
    assert_eq!(queries("concurrent/answered"), Observed::Int(100));
}

/// 600 concurrent lookups of `localhost` (answered from the fixture's hosts
/// file) make probe-dns's forked child send more than the 64 KiB a pipe
/// holds; the parent reads while it waits, so the report arrives at once.
#[test]
fn six_hundred_concurrent_lookups_outgrow_the_pipe_and_still_report() {
    use muslab_dns::fixture::{files, ResolvConf, Spec};
    use muslab_dns::zone::{Behaviour, Zone};
    use muslab_report::Observed;
    let spec = Spec {
        resolv: ResolvConf::new(&[[127, 0, 0, 1]]),
        hosts: files::hosts(&[]),
        network: muslab_dns::fixture::Network::default(),
        servers: vec![(
            [127, 0, 0, 1].into(),
            Zone::all(Behaviour::v4(&[[10, 6, 0, 1]])),
        )],
    };
    for triple in [X86_64_GNU, X86_64_MUSL] {
        let probe = probe_dns(triple);
        let args = [
            "--name",
            "localhost",
            "--concurrency",
            "600",
            "--timeout-ms",
            "10000",
            "--id",
            "S3",
            "--case",
            "localhost",
        ];
        let (ex, _) =
            scenario::in_fixture(&spec, |fx| scenario::exchange(fx, &probe, "c600", &args))
                .unwrap_or_else(|e| panic!("{triple}: fixture: {e}"));
        let report = ex
            .client
            .unwrap_or_else(|e| panic!("{triple}: got {e}, want a report"));
        let concurrent = report
            .checks
            .iter()
            .find(|c| c.case == "localhost/concurrent")
            .unwrap_or_else(|| panic!("{triple}: no concurrent check in {:?}", report.checks));
        let Observed::Batch(batch) = &concurrent.observed else {
            panic!("{triple}: got {:?}, want a batch", concurrent.observed)
        };
        assert_eq!(
            batch.lookups.len(),
            600,
            "{triple}: got {} lookups, want 600",
            batch.lookups.len()
        );
        assert_eq!(
            batch.answered(),
            600,
            "{triple}: got {} answered ({:?}), want 600",
            batch.answered(),
            batch.errors()
        );
    }
}

/// A probe-dns that dies of SIGSEGV is recorded in the DNS matrix as killed
/// by that signal (its real end), not as an invented exit code.
#[test]
fn a_probe_dns_killed_by_a_signal_shows_as_that_signal() {
    use muslab::matrix::RunOutcome;
    use muslab::target::Target;
    use muslab_report::Status;
    use std::os::unix::fs::PermissionsExt;
    let build = std::env::temp_dir().join(format!("muslab-dns-segv-{}", std::process::id()));
    let target = Target::new(X86_64_MUSL);
    let dir = target.probe_dir(&build);
    std::fs::create_dir_all(&dir).unwrap();
    let fake = dir.join("probe-dns");
    std::fs::write(&fake, "#!/bin/sh\nkill -SEGV $$\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let scenarios = vec![scenario::by_id("D07").expect("D07")];
    let m = muslab::dns_matrix::run(&build, &[target], &scenarios, true).unwrap();
    std::fs::remove_dir_all(&build).unwrap();
    let run = m
        .runs
        .iter()
        .find(|r| r.probe == "probe-dns")
        .expect("a probe-dns run");
    match &run.outcome {
        RunOutcome::Failed { exit, .. } => assert_eq!(
            *exit,
            muslab::environment::ProcessExit::Signal {
                signal: libc::SIGSEGV
            },
            "got {exit}, want killed by SIGSEGV"
        ),
        other => panic!("got {other:?}, want a failed run killed by SIGSEGV"),
    }
    let cell = m
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .flatten()
        .find(|c| matches!(c.status, Status::Crashed { .. }));
    assert!(cell.is_some(), "no cell shows the crash: {:?}", m.rows);
}
