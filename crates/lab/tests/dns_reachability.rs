//! The "unreachable first nameserver" warning of probe-env and probe-dns,
//! measured in the DNS lab's network namespace against its own servers on
//! 127.0.0.0/8 (never the machine's resolver). Needs root and `make probes`.

mod support;

use std::process::Command;
use std::time::Duration;

use muslab_dns::fixture::{files, ResolvConf, Spec};
use muslab_dns::query_log::QueryRecord;
use muslab_dns::scenario::{exchange, in_fixture};
use muslab_dns::zone::{Behaviour, Zone};
use muslab_report::{Id, Observed, Report};
use support::{X86_64_GNU, X86_64_MUSL};

const NAME: &str = "reach.test";

fn live() -> Zone {
    Zone::default().with(NAME, Behaviour::v4(&[[10, 12, 0, 1]]))
}

/// resolv.conf naming `nameservers` in order; `servers` run on their addresses.
fn spec(nameservers: &[[u8; 4]], servers: Vec<([u8; 4], Zone)>) -> Spec {
    Spec {
        resolv: ResolvConf::new(nameservers),
        hosts: files::hosts(&[]),
        servers: servers.into_iter().map(|(a, z)| (a.into(), z)).collect(),
        network: muslab_dns::fixture::Network::default(),
    }
}

/// probe-env `--json` run inside the fixture, with the queries the servers logged.
fn probe_env(spec: &Spec, args: &[&str]) -> (Report, Vec<QueryRecord>) {
    let probe = support::probe(X86_64_GNU, "probe-env");
    let (out, _) = in_fixture(spec, |fx| {
        fx.log().take();
        let mut cmd = Command::new(&probe);
        cmd.args(args).arg("--json");
        let out = muslab_sys::process::run(cmd, Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(20));
        (out, fx.log().take())
    })
    .unwrap_or_else(|e| panic!("fixture: {e}"));
    let (out, log) = out;
    let out = out.unwrap_or_else(|e| panic!("probe-env: {e}"));
    assert!(out.success(), "got {out:?}, want probe-env to succeed");
    (Report::from_json(&out.stdout).expect("a report"), log)
}

/// probe-dns `--name reach.test` (plus `args`) inside the fixture.
fn probe_dns(spec: &Spec, args: &[&str]) -> (Report, Vec<QueryRecord>) {
    let probe = support::probe(X86_64_MUSL, "probe-dns");
    let mut all = vec!["--name", NAME, "--hints", "inet"];
    all.extend_from_slice(args);
    let (ex, _) = in_fixture(spec, |fx| exchange(fx, &probe, "reach", &all))
        .unwrap_or_else(|e| panic!("fixture: {e}"));
    let report = ex.client.unwrap_or_else(|e| panic!("probe-dns: {e}"));
    (report, ex.queries)
}

fn warnings(r: &Report) -> Vec<String> {
    match r.check(Id::Env, "resolv-warnings").map(|c| &c.observed) {
        Some(Observed::List(w)) => w.clone(),
        other => panic!("{}: got resolv-warnings {other:?}, want a list", r.probe),
    }
}

/// The measured record's `outcome` field, `None` when nothing was measured.
fn outcome(r: &Report) -> Option<String> {
    let c = r.check(Id::Env, "first-nameserver")?;
    match &c.observed {
        Observed::Record(f) => match f.get("outcome") {
            Some(Observed::Text(t)) => Some(t.clone()),
            other => panic!("got outcome {other:?}"),
        },
        other => panic!("got first-nameserver {other:?}, want a record"),
    }
}

fn root_ns_queries(log: &[QueryRecord]) -> Vec<String> {
    log.iter()
        .filter(|q| q.name.is_empty() && q.qtype.is_some_and(|t| t.to_string() == "NS"))
        .map(|q| q.server.to_string())
        .collect()
}

fn first_server_warning(w: &[String]) -> Option<&String> {
    w.iter().find(|l| l.starts_with("the first nameserver"))
}

#[test]
fn a_first_nameserver_nothing_listens_on_is_warned_about() {
    // 127.0.0.9: on loopback, no server: the kernel answers port unreachable.
    let s = spec(
        &[[127, 0, 0, 9], [127, 0, 0, 1]],
        vec![([127, 0, 0, 1], live())],
    );
    for (r, _) in [
        probe_env(&s, &["--dns-reachability"]),
        probe_dns(&s, &["--dns-reachability"]),
    ] {
        let w = warnings(&r);
        let got = first_server_warning(&w);
        assert!(
            got.is_some_and(|l| l.starts_with("the first nameserver 127.0.0.9 refused")
                && l.contains("goes on to 127.0.0.1")
                && l.contains("musl asks both at once")),
            "{}: got warnings {w:?}, want one about 127.0.0.9",
            r.probe
        );
        assert_eq!(outcome(&r).as_deref(), Some("refused"), "{}", r.probe);
    }
}

#[test]
fn a_first_nameserver_that_drops_queries_costs_glibc_its_timeout() {
    let s = spec(
        &[[127, 0, 0, 1], [127, 0, 0, 2]],
        vec![
            ([127, 0, 0, 1], Zone::all(Behaviour::Drop)),
            ([127, 0, 0, 2], live()),
        ],
    );
    let (r, log) = probe_dns(&s, &["--dns-reachability"]);
    let w = warnings(&r);
    assert!(
        first_server_warning(&w).is_some_and(|l| l
            .starts_with("the first nameserver 127.0.0.1 did not answer a query within")
            && l.contains("waits timeout:1 s for it before asking 127.0.0.2")),
        "got warnings {w:?}, want one about 127.0.0.1 dropping (the fixture's timeout:1)"
    );
    assert_eq!(outcome(&r).as_deref(), Some("silent"));
    assert_eq!(
        root_ns_queries(&log),
        ["127.0.0.1"],
        "got these . NS queries, want one to the first server"
    );
}

#[test]
fn a_live_first_nameserver_gives_no_warning_and_nothing_is_sent_unasked() {
    let s = spec(
        &[[127, 0, 0, 1], [127, 0, 0, 2]],
        vec![([127, 0, 0, 1], live()), ([127, 0, 0, 2], live())],
    );
    for (r, log) in [
        probe_env(&s, &["--dns-reachability"]),
        probe_dns(&s, &["--dns-reachability"]),
    ] {
        let w = warnings(&r);
        assert_eq!(first_server_warning(&w), None, "{}: got {w:?}", r.probe);
        assert_eq!(outcome(&r).as_deref(), Some("answered"), "{}", r.probe);
        assert_eq!(root_ns_queries(&log), ["127.0.0.1"], "{}", r.probe);
    }
    for (r, log) in [probe_env(&s, &[]), probe_dns(&s, &[])] {
        assert_eq!(
            outcome(&r),
            None,
            "{}: measured without being asked",
            r.probe
        );
        assert!(
            root_ns_queries(&log).is_empty(),
            "{}: got . NS queries {:?} without --dns-reachability",
            r.probe,
            root_ns_queries(&log)
        );
    }
}
