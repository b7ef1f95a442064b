//! probe-dns's prediction of the names each libc asks (search list and
//! ndots, from the box's resolv.conf) against what muslab's own DNS server
//! logged, for every build. Needs root (namespaces) and `make probes`.

mod support;

use muslab_dns::fixture::{files, ResolvConf, Spec};
use muslab_dns::scenario::{exchange, in_fixture, Exchange};
use muslab_dns::zone::{Behaviour, Zone};
use muslab_report::{Id, Observed, Report};
use support::ALL;

const NAME: &str = "api.example.com";

/// A Kubernetes pod's resolv.conf, with the lab's server as cluster DNS.
fn kubernetes(zone: Zone) -> Spec {
    let mut resolv = ResolvConf::new(&[[127, 0, 0, 1]]);
    resolv.search = [
        "default.svc.cluster.local",
        "svc.cluster.local",
        "cluster.local",
    ]
    .map(String::from)
    .to_vec();
    resolv.ndots = Some(5);
    Spec {
        resolv,
        hosts: files::hosts(&[]),
        network: muslab_dns::fixture::Network::default(),
        servers: vec![([127, 0, 0, 1].into(), zone)],
    }
}

fn run(spec: &Spec, name: &str) -> Vec<(String, Exchange)> {
    ALL.iter()
        .map(|triple| {
            let probe = support::probe(triple, "probe-dns");
            let (ex, _) = in_fixture(spec, |fx| {
                exchange(fx, &probe, triple, &["--name", name, "--hints", "inet"])
            })
            .unwrap_or_else(|e| panic!("{triple}: {e}"));
            (triple.to_string(), ex)
        })
        .collect()
}

fn predicted(report: &Report, name: &str) -> Vec<String> {
    let case = format!("resolv-queries:{name}");
    let check = report
        .check(Id::Env, &case)
        .unwrap_or_else(|| panic!("{}: no ENV/{case} check", report.build.target));
    match &check.observed {
        Observed::Record(r) => match r.get(&report.build.libc.to_string()) {
            Some(Observed::List(names)) => names.clone(),
            other => panic!("{case}: got {other:?} for {}", report.build.libc),
        },
        other => panic!("{case}: got {other:?}, want a record"),
    }
}

fn logged(ex: &Exchange) -> Vec<String> {
    ex.names_asked()
        .into_iter()
        .map(|n| n.trim_end_matches("/A").to_owned())
        .collect()
}

#[test]
fn kubernetes_resolv_conf_queries_match_the_server_log_for_each_libc() {
    // Answered only as given: both libcs walk the whole search list first.
    let answered = kubernetes(Zone::default().with(NAME, Behaviour::v4(&[[10, 9, 0, 1]])));
    for (triple, ex) in run(&answered, NAME) {
        let report = ex
            .client
            .as_ref()
            .unwrap_or_else(|e| panic!("{triple}: {e}"));
        let want = predicted(report, NAME);
        assert_eq!(want.len(), 4, "{triple}: predicted {want:?}");
        assert_eq!(
            logged(&ex),
            want,
            "{triple}: got the server log, want the prediction"
        );
    }
}

#[test]
fn a_failed_lookup_still_reports_what_was_asked_and_exits_3() {
    // Nothing exists: every predicted name is asked, and the probe exits 3
    // after its report (the fixture accepts that exit with a report).
    let nothing = kubernetes(Zone::default());
    for (triple, ex) in run(&nothing, NAME) {
        let report = ex
            .client
            .as_ref()
            .unwrap_or_else(|e| panic!("{triple}: {e}"));
        let failed = report.checks.iter().any(|c| match &c.observed {
            Observed::Lookup(l) => !l.ok(),
            _ => false,
        });
        assert!(failed, "{triple}: got a successful lookup, want NXDOMAIN");
        assert_eq!(logged(&ex), predicted(report, NAME), "{triple}");
    }
}

#[test]
fn with_enough_dots_the_prediction_tells_the_libcs_apart_as_the_server_does() {
    // D07's case: ndots:1, host.missing is NXDOMAIN, host.missing.b.test exists.
    let mut spec = muslab_dns::scenario::d07_search_ndots::spec();
    spec.servers[0].1 =
        Zone::default().with("host.missing.b.test", Behaviour::v4(&[[10, 7, 0, 3]]));
    for (triple, ex) in run(&spec, "host.missing") {
        let report = ex
            .client
            .as_ref()
            .unwrap_or_else(|e| panic!("{triple}: {e}"));
        let want = predicted(report, "host.missing");
        let n = if triple.ends_with("musl") { 1 } else { 3 };
        assert_eq!(want.len(), n, "{triple}: predicted {want:?}");
        assert_eq!(logged(&ex), want, "{triple}");
    }
}
