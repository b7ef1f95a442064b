//! results/bench.md: the side-by-side table, what it means, and the machine.

use std::fmt::Write;

use muslab_report::bench::Quantity;

use super::criterion_data::{format_ns, Estimate};
use super::measures::human_bytes;
use super::ratio::Ratio;
use super::{family, meaning, BenchReport, Row, GLIBC, MUSL, MUSL_MIMALLOC};

fn time_cell(e: Option<Estimate>) -> String {
    match e {
        Some(e) => format!(
            "{} ({}–{})",
            format_ns(e.mean_ns),
            format_ns(e.lower_ns),
            format_ns(e.upper_ns)
        ),
        None => "not run".to_owned(),
    }
}

fn ratio_cell(r: Option<Ratio>) -> String {
    match r {
        Some(r) if r.verdict.is_large() => format!("**{}** {}", r.display(), r.verdict.label()),
        Some(r) => format!("{} {}", r.display(), r.verdict.label()),
        None => "–".to_owned(),
    }
}

/// The quantities measured for any row of `rows`, in a fixed order.
fn quantities(rows: &[&Row]) -> Vec<Quantity> {
    let mut q: Vec<Quantity> = rows
        .iter()
        .flat_map(|r| r.measures.iter().map(|m| m.quantity))
        .collect();
    q.sort();
    q.dedup();
    q
}

fn value(q: Quantity, v: Option<f64>) -> String {
    match v {
        None => "–".to_owned(),
        Some(v) if q.is_bytes() => human_bytes(v),
        Some(v) => format!("{v:.0}"),
    }
}

fn measure_cell(r: &Row, q: Quantity) -> String {
    match r.measures.iter().find(|m| m.quantity == q) {
        Some(m) => format!(
            "{} / {} / {}",
            value(q, m.glibc),
            value(q, m.musl),
            value(q, m.musl_mimalloc)
        ),
        None => "–".to_owned(),
    }
}

fn table(rows: &[&Row]) -> String {
    let mut s = String::new();
    let qs = quantities(rows);
    let _ = write!(
        s,
        "| bench | glibc | musl | musl+mimalloc | musl/glibc | mimalloc-musl/glibc |"
    );
    for q in &qs {
        let _ = write!(s, " {} (glibc / musl / mimalloc) |", q.label());
    }
    let _ = writeln!(s, "\n|---|---|---|---|---|---|{}", "---|".repeat(qs.len()));
    for r in rows {
        let timed = r.glibc.is_some() || r.musl.is_some() || r.musl_mimalloc.is_some();
        let time = |e: Option<Estimate>| {
            if timed {
                time_cell(e)
            } else {
                "not timed".to_owned()
            }
        };
        let _ = write!(
            s,
            "| `{}` | {} | {} | {} | {} | {} |",
            r.bench,
            time(r.glibc),
            time(r.musl),
            time(r.musl_mimalloc),
            ratio_cell(r.musl_vs_glibc),
            ratio_cell(r.mimalloc_vs_glibc),
        );
        for q in &qs {
            let _ = write!(s, " {} |", measure_cell(r, *q));
        }
        s.push('\n');
    }
    s.push('\n');
    s
}

pub fn render(report: &BenchReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# glibc vs musl vs musl+mimalloc: criterion benches\n");
    if report.quick {
        let _ = writeln!(
            s,
            "> **QUICK run** (`make bench QUICK=1`): short warm-up and measurement, 10 samples. \
             The intervals are wide and the machine may have been busy: a pipeline check, \
             not numbers to quote. Run `make bench` for the reference figures.\n"
        );
    }
    let _ = writeln!(
        s,
        "Mean time per iteration with criterion's 95% confidence interval. Ratios are \
         time / glibc's time (above 1 = slower than glibc); the interval in brackets combines \
         both intervals extreme-over-extreme, so it is wider than a proper ratio interval. \
         \"within noise\" means the two confidence intervals overlap. \"not run\": that build \
         does not run the bench (musl+mimalloc skips the benches that measure the libc alone: \
         math, strings, process start, whose figures would be musl's). Memory and futex columns \
         are measured outside the timed loop, in a child process that runs the same workload a \
         fixed number of times (see each family). Bars: [bench.svg](bench.svg), one panel per \
         family; data: [bench.json](bench.json).\n"
    );
    let families: Vec<usize> = {
        let mut f: Vec<usize> = report.rows.iter().map(|r| family::of(&r.bench)).collect();
        f.dedup();
        f
    };
    let _ = writeln!(
        s,
        "Families: {}.\n",
        families
            .iter()
            .map(|&i| family::title(i))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for i in families {
        let rows = family::rows(&report.rows, i);
        let _ = writeln!(s, "## {}\n", family::title(i));
        s.push_str(&table(&rows));
        s.push_str(&meaning::render(report, i, &rows));
    }
    s.push_str(&machine_section(report));
    s
}

fn machine_section(report: &BenchReport) -> String {
    let m = &report.machine;
    let mut s = String::new();
    let _ = writeln!(s, "## Machine and builds\n");
    let _ = writeln!(s, "- CPU: {} ({} CPUs available)", m.cpu, m.cpus);
    let _ = writeln!(s, "- kernel: {}", m.kernel);
    if let Some([one, five, fifteen]) = m.load_average {
        // Made right after `make bench` (it passed its time), the averages
        // are mostly that run's own builds and benches.
        let shared = if m.make_bench_seconds.is_some() {
            " — made right after `make bench`: these averages include its own builds and benches"
        } else if fifteen > m.cpus as f64 * 0.75 {
            " — other work shared the CPUs during the run: read small differences with care"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "- load average when the report was made: {one:.2}, {five:.2}, {fifteen:.2} (1, 5, 15 min){shared}"
        );
    }
    if let Some(secs) = m.make_bench_seconds {
        let _ = writeln!(
            s,
            "- `make bench` took {} min {:02} s of wall time on this run (release lab build, \
             the three bench builds and every measurement; goal: at most 15 min \
             on 2 CPUs)",
            secs / 60,
            secs % 60
        );
    }
    let _ = writeln!(
        s,
        "- host glibc (loaded into muslab, the one the glibc benches used): {}",
        m.host_glibc.as_deref().unwrap_or("unknown")
    );
    for (label, baseline) in [
        ("glibc", GLIBC),
        ("musl", MUSL),
        ("musl+mimalloc", MUSL_MIMALLOC),
    ] {
        match report.build(baseline) {
            Some(b) => {
                let _ = writeln!(
                    s,
                    "- {label} benches: {} ({:?}, {:?}), libc {} (from {}){}, allocator: {}",
                    b.build.target,
                    b.build.libc,
                    b.build.linkage,
                    b.build.libc_version,
                    b.build.libc_version_source,
                    b.build
                        .runtime_libc_version
                        .as_deref()
                        .map(|v| format!(", {v} at run time"))
                        .unwrap_or_default(),
                    b.allocator
                );
            }
            None => {
                let _ = writeln!(s, "- {label} benches: no build record (baseline `{baseline}` not saved by `make bench`)");
            }
        }
    }
    let _ = writeln!(s, "\n`rustc -vV`:\n\n```\n{}\n```", m.rustc);
    s
}
