//! `muslab bench-report`: from criterion's saved baselines to bench.md,
//! bench.svg and bench.json. The fixture tests build a criterion directory
//! by hand (known means and intervals) and check the verdicts and that every
//! output parses; `real_quick_run_parses` checks the output of a real, tiny
//! criterion run made by `make test` (target bench-check).

use std::path::{Path, PathBuf};
use std::process::Command;

use muslab::bench_report::ratio::Verdict;
use muslab::bench_report::BenchReport;
use muslab_report::bench::{BenchMeasures, Figure, Quantity, MEASURES_DIR};

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("muslab-bench-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes `<dir>/<id>/<baseline>/{benchmark,estimates}.json` as criterion does.
fn save(dir: &Path, id: &str, baseline: &str, mean: f64, half: f64) {
    let d = dir.join(id).join(baseline);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("benchmark.json"),
        format!(r#"{{"group_id":"g","function_id":null,"value_str":null,"full_id":"{id}","directory_name":"{id}","title":"{id}"}}"#),
    )
    .unwrap();
    let stat = |m: f64, h: f64| {
        format!(
            r#"{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{},"upper_bound":{}}},"point_estimate":{m},"standard_error":1.0}}"#,
            m - h,
            m + h
        )
    };
    std::fs::write(
        d.join("estimates.json"),
        format!(
            r#"{{"mean":{},"median":{},"median_abs_dev":{},"slope":null,"std_dev":{}}}"#,
            stat(mean, half),
            stat(mean, half),
            stat(1.0, 0.5),
            stat(1.0, 0.5)
        ),
    )
    .unwrap();
}

fn bench_report(criterion: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_muslab"))
        .arg("bench-report")
        .arg("--criterion-dir")
        .arg(criterion)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("muslab runs")
}

/// Reads the three outputs and checks each parses; returns the report.
fn read_outputs(out: &Path) -> (BenchReport, String) {
    let json = std::fs::read_to_string(out.join("bench.json")).expect("bench.json written");
    let report = BenchReport::from_json(&json).expect("bench.json parses");
    let svg = std::fs::read_to_string(out.join("bench.svg")).expect("bench.svg written");
    let doc = roxmltree::Document::parse(&svg).expect("bench.svg is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    for r in &report.rows {
        assert!(svg.contains(&r.bench), "{} missing from the SVG", r.bench);
    }
    let md = std::fs::read_to_string(out.join("bench.md")).expect("bench.md written");
    assert!(
        md.lines().any(|l| l.starts_with(
            "| bench | glibc | musl | musl+mimalloc | musl/glibc | mimalloc-musl/glibc |"
        )),
        "no table header in bench.md"
    );
    for r in &report.rows {
        assert!(
            md.lines()
                .any(|l| l.starts_with(&format!("| `{}` |", r.bench))),
            "{} has no table row",
            r.bench
        );
    }
    (report, md)
}

#[test]
fn fixture_baselines_give_ratios_verdicts_and_parseable_outputs() {
    let tmp = TempDir::new("fixture");
    let crit = tmp.0.join("criterion");
    // musl 3x slower, intervals apart; mimalloc within glibc's noise.
    save(&crit, "malloc/small/x", "glibc", 100.0, 5.0);
    save(&crit, "malloc/small/x", "musl", 300.0, 10.0);
    save(&crit, "malloc/small/x", "musl-mimalloc", 102.0, 5.0);
    // musl faster by 5x (strcoll is strcmp); no mimalloc run.
    save(&crit, "collate_sort_10k/strcoll", "glibc", 5000.0, 100.0);
    save(&crit, "collate_sort_10k/strcoll", "musl", 1000.0, 50.0);
    // A baseline the report does not read.
    save(&crit, "malloc/small/x", "new", 1.0, 0.1);
    let out = tmp.0.join("out");
    let run = bench_report(&crit, &out, &["--make-seconds", "545"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let (report, md) = read_outputs(&out);
    assert!(!report.quick);
    assert_eq!(report.machine.make_bench_seconds, Some(545));
    assert!(
        md.contains("- `make bench` took 9 min 05 s of wall time"),
        "got no make bench time line in bench.md"
    );
    assert_eq!(report.rows.len(), 2);
    assert_eq!(
        report.rows[0].bench, "malloc/small/x",
        "malloc sorts before collate"
    );
    let malloc = &report.rows[0];
    let r = malloc.musl_vs_glibc.unwrap();
    assert!((r.point - 3.0).abs() < 1e-9);
    assert_eq!(r.verdict, Verdict::MuchSlower);
    assert_eq!(
        malloc.mimalloc_vs_glibc.unwrap().verdict,
        Verdict::WithinNoise
    );
    let coll = &report.rows[1];
    assert_eq!(coll.musl_vs_glibc.unwrap().verdict, Verdict::MuchFaster);
    assert!(coll.musl_mimalloc.is_none() && coll.mimalloc_vs_glibc.is_none());
    assert!(md.contains("**3.00× (2.76–3.26)** much slower"), "{md}");
    let large = md.split("**Smaller but real").next().unwrap();
    assert!(large.contains("`malloc/small/x`") && large.contains("`collate_sort_10k/strcoll`"));
    assert!(md.contains("rustc"), "machine section records rustc");
}

/// Writes `<dir>/muslab-measures/<baseline>.<bench>.json` as the benches do.
fn save_measures(dir: &Path, m: &BenchMeasures) {
    let d = dir.join(MEASURES_DIR);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join(format!("{}.{}.json", m.baseline, m.bench)),
        m.to_json(),
    )
    .unwrap();
}

#[test]
fn measures_become_memory_columns_rows_and_math_agreement() {
    let tmp = TempDir::new("measures");
    let crit = tmp.0.join("criterion");
    save(&crit, "malloc_contention/mixed/8", "glibc", 100.0, 5.0);
    save(&crit, "malloc_contention/mixed/8", "musl", 300.0, 5.0);
    save(&crit, "math/sin", "glibc", 100.0, 5.0);
    save(&crit, "math/sin", "musl", 100.0, 5.0);
    let x = 0.25f64.to_bits();
    for (baseline, peak, vm, sin) in [
        ("glibc", 10.0 * 1048576.0, 8.0 * 1073741824.0, x),
        ("musl", 20.0 * 1048576.0, 128.0 * 1048576.0, x + 2),
        ("musl-mimalloc", 45.0 * 1048576.0, 128.0 * 1048576.0, x + 2),
    ] {
        let mut m = BenchMeasures::new(baseline, "all");
        m.add(
            "malloc_contention/mixed/8",
            &[Figure {
                quantity: Quantity::PeakRss,
                value: peak,
            }],
        );
        m.add(
            "thread_memory/idle_1000/libc_default",
            &[Figure {
                quantity: Quantity::VmSizeGrowth,
                value: vm,
            }],
        );
        m.math_outputs.insert("sin".into(), vec![x, sin]);
        save_measures(&crit, &m);
    }
    let out = tmp.0.join("out");
    let run = bench_report(&crit, &out, &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (report, md) = read_outputs(&out);
    let malloc = report
        .rows
        .iter()
        .find(|r| r.bench == "malloc_contention/mixed/8")
        .unwrap();
    let peak = malloc
        .measures
        .iter()
        .find(|m| m.quantity == Quantity::PeakRss)
        .unwrap();
    assert_eq!(peak.musl_mimalloc, Some(45.0 * 1048576.0));
    assert!(
        md.contains("| 10.0 MiB / 20.0 MiB / 45.0 MiB |"),
        "peak RSS cell missing from bench.md:\n{md}"
    );
    let threads = report
        .rows
        .iter()
        .find(|r| r.bench == "thread_memory/idle_1000/libc_default")
        .expect("a row for figures without a timing");
    assert!(threads.glibc.is_none() && threads.musl_vs_glibc.is_none());
    assert!(md.contains("| 8.00 GiB / 128 MiB / 128 MiB |"), "{md}");
    let svg = std::fs::read_to_string(out.join("bench.svg")).unwrap();
    assert!(svg.contains("thread_memory/idle_1000/libc_default [VmSize growth]"));
    assert!(
        svg.contains("0.02×"),
        "musl/glibc VmSize bar labelled 1/64: {svg}"
    );
    let sin = &report.math_agreement[0];
    assert_eq!((sin.inputs, sin.differing, sin.max_ulps), (2, 1, 2));
    assert!(md.contains("| `sin` | 2 | 1 | 2 ulp |"), "{md}");
    for family in ["## malloc", "## threads", "## math"] {
        assert!(md.contains(family), "no {family} section");
    }
}

#[test]
fn quick_flag_marks_every_output() {
    let tmp = TempDir::new("quick");
    let crit = tmp.0.join("criterion");
    save(&crit, "thread/x", "glibc", 10.0, 1.0);
    save(&crit, "thread/x", "musl", 20.0, 1.0);
    let out = tmp.0.join("out");
    assert!(bench_report(&crit, &out, &["--quick"]).status.success());
    let (report, md) = read_outputs(&out);
    assert!(report.quick);
    assert!(md.contains("QUICK run"));
    assert!(
        !md.contains("`make bench` took"),
        "got a make bench time without --make-seconds"
    );
    let svg = std::fs::read_to_string(out.join("bench.svg")).unwrap();
    assert!(svg.contains("QUICK run"));
}

#[test]
fn missing_baselines_are_one_clear_error() {
    let tmp = TempDir::new("empty");
    let out = tmp.0.join("out");
    let run = bench_report(&tmp.0, &out, &[]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("make bench"), "{err}");
    assert!(!out.join("bench.md").exists());
}

/// `make test` runs one real bench (debug build, QUICK times, glibc only)
/// into $MUSLAB_BENCH_CHECK_DIR/criterion, then this test with --ignored.
#[test]
#[ignore = "needs a real criterion run: `make bench-check` (part of `make test`)"]
fn real_quick_run_parses() {
    let dir = PathBuf::from(std::env::var_os("MUSLAB_BENCH_CHECK_DIR").expect(
        "MUSLAB_BENCH_CHECK_DIR not set: run `make bench-check`, which makes the criterion run first",
    ));
    let out = dir.join("out");
    let run = bench_report(&dir.join("criterion"), &out, &["--quick"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (report, _) = read_outputs(&out);
    let row = report
        .rows
        .iter()
        .find(|r| r.bench == "thread_pthread_create_join/stack_128KiB")
        .expect("the bench-check run's row");
    let g = row.glibc.expect("glibc estimate");
    assert!(g.lower_ns > 0.0 && g.lower_ns <= g.mean_ns && g.mean_ns <= g.upper_ns);
    let b = report.build("glibc").expect("the bench recorded its build");
    assert_eq!(b.build.target, "x86_64-unknown-linux-gnu");
    // The memory child: 1,000 idle threads with 2 MiB stacks map at least
    // 2 GiB more address space, and some resident memory.
    let mem = report
        .rows
        .iter()
        .find(|r| r.bench == "thread_memory/idle_1000/stack_2MiB")
        .expect("the bench-check run's thread memory row");
    let vm = mem
        .measures
        .iter()
        .find(|m| m.quantity == Quantity::VmSizeGrowth)
        .and_then(|m| m.glibc)
        .expect("VmSize growth measured");
    assert!(
        vm >= 1000.0 * 2097152.0,
        "VmSize growth {vm}, want >= 1000 × 2 MiB"
    );
    let rss = mem
        .measures
        .iter()
        .find(|m| m.quantity == Quantity::RssGrowth)
        .and_then(|m| m.glibc)
        .expect("RSS growth measured");
    assert!(
        rss > 0.0 && rss < vm,
        "RSS growth {rss}, want > 0 and < VmSize growth {vm}"
    );
}
