//! The prose under each family's table: which differences this run shows as
//! large, which as small, which as noise (computed from the rows), why the
//! libcs differ there, the published anchors, and this run's figures set
//! beside them.

use std::fmt::Write;

use muslab_report::bench::Quantity;

use super::criterion_data::format_ns;
use super::family::{self, FAMILIES};
use super::measures::human_bytes;
use super::ratio::Verdict;
use super::{BenchReport, Row};

fn summary_line(r: &Row) -> String {
    let mut s = format!("`{}`", r.bench);
    if let (Some(m), Some(g), Some(x)) = (r.musl, r.glibc, r.musl_vs_glibc) {
        let _ = write!(
            s,
            ": musl {} vs glibc {}, {}",
            format_ns(m.mean_ns),
            format_ns(g.mean_ns),
            x.display()
        );
    }
    if let Some(x) = r.mimalloc_vs_glibc {
        let _ = write!(
            s,
            "; musl+mimalloc/glibc {} ({})",
            x.display(),
            x.verdict.label()
        );
    }
    s
}

fn verdicts(rows: &[&Row]) -> String {
    let mut s = String::new();
    let with = |pred: &dyn Fn(Verdict) -> bool| -> Vec<&Row> {
        rows.iter()
            .copied()
            .filter(|r| r.musl_vs_glibc.is_some_and(|x| pred(x.verdict)))
            .collect()
    };
    let groups: [(&str, Vec<&Row>); 3] = [
        (
            "Large differences (musl vs glibc, intervals apart, 2× or more either way)",
            with(&|v| v.is_large()),
        ),
        (
            "Smaller but real differences (intervals apart, under 2×)",
            with(&|v| matches!(v, Verdict::Slower | Verdict::Faster)),
        ),
        (
            "Within noise (the confidence intervals overlap)",
            with(&|v| v == Verdict::WithinNoise),
        ),
    ];
    for (title, rows) in groups {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(s, "**{title}:**");
        for r in rows {
            let _ = writeln!(s, "- {}", summary_line(r));
        }
        s.push('\n');
    }
    s
}

fn figure<'a>(report: &'a BenchReport, id: &str, q: Quantity) -> Option<&'a super::RowMeasure> {
    report
        .rows
        .iter()
        .find(|r| r.bench == id)?
        .measures
        .iter()
        .find(|m| m.quantity == q)
}

fn bytes(v: Option<f64>) -> String {
    v.map_or("–".to_owned(), human_bytes)
}

/// The musl/glibc range over a family's timed rows.
fn ratio_range(rows: &[&Row]) -> Option<String> {
    let timed: Vec<(&Row, f64)> = rows
        .iter()
        .filter_map(|r| Some((*r, r.musl_vs_glibc?.point)))
        .collect();
    let lo = timed.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let hi = timed.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(format!(
        "musl/glibc on this run ranges from {:.2}× (`{}`) to {:.2}× (`{}`) over {} timed rows.",
        lo.1,
        lo.0.bench,
        hi.1,
        hi.0.bench,
        timed.len()
    ))
}

/// Family-specific comparisons with the anchors, from this run's figures.
fn beside_anchors(report: &BenchReport, title: &str) -> Vec<String> {
    let mut out = Vec::new();
    let point = |id: &str| {
        report
            .rows
            .iter()
            .find(|r| r.bench == id)
            .and_then(|r| r.musl_vs_glibc)
            .map(|x| x.point)
    };
    match title {
        "malloc" => {
            let id = "malloc_contention/mixed_16B-64KiB_threads/8";
            if let Some(m) = figure(report, id, Quantity::PeakRss) {
                let growth = m
                    .musl_mimalloc
                    .zip(m.musl)
                    .map(|(a, b)| format!(" (mimalloc/musl {:.2}×)", a / b))
                    .unwrap_or_default();
                out.push(format!(
                    "Peak RSS of `{id}`: glibc {}, musl {}, musl+mimalloc {}{growth}; \
                     rustic#1820's 137 → 450 MB (3.3×) was a whole program's peak, ours is \
                     one workload's.",
                    bytes(m.glibc),
                    bytes(m.musl),
                    bytes(m.musl_mimalloc)
                ));
            }
            let id = "malloc_contention/small_16-64B_threads/8";
            if let Some(m) = figure(report, id, Quantity::FutexCalls) {
                let n = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.0}"));
                out.push(format!(
                    "futex calls in `{id}` (10,000 batches per thread): glibc {}, musl {}, \
                     musl+mimalloc {}; leptosfmt#191 counted millions in a whole run on 32 cores.",
                    n(m.glibc),
                    n(m.musl),
                    n(m.musl_mimalloc)
                ));
            }
        }
        "threads" => {
            let id = "thread_memory/idle_1000/libc_default";
            if let Some(m) = figure(report, id, Quantity::VmSizeGrowth) {
                let per100 = |v: Option<f64>| bytes(v.map(|b| b / 10.0));
                out.push(format!(
                    "1,000 idle threads with the default attribute added {} of address space on \
                     glibc and {} on musl, {} and {} per 100 threads (the seed's 800 MiB vs \
                     12.5 MiB are stacks alone; guard pages and TLS come on top).",
                    bytes(m.glibc),
                    bytes(m.musl),
                    per100(m.glibc),
                    per100(m.musl)
                ));
            }
            if let Some(m) = figure(report, id, Quantity::RssGrowth) {
                out.push(format!(
                    "Their resident memory grew by {} on glibc and {} on musl: the default \
                     stack size is address space, not memory.",
                    bytes(m.glibc),
                    bytes(m.musl)
                ));
            }
        }
        "strings and memory" => {
            let strchr: Vec<String> = ["16B", "256B", "4KiB", "64KiB", "1MiB"]
                .iter()
                .filter_map(|s| Some(format!("{s} {:.2}×", point(&format!("string_strchr/{s}"))?)))
                .collect();
            if !strchr.is_empty() {
                out.push(format!(
                    "strchr musl/glibc on this run: {}; libc-bench's 5× comes from the libcs \
                     of its time (glibc has since gained AVX2 versions), so the size at which \
                     the gap opens on this CPU is this run's finding, not theirs.",
                    strchr.join(", ")
                ));
            }
        }
        _ => {}
    }
    out
}

fn math_agreement(report: &BenchReport) -> String {
    let mut s = String::new();
    if report.math_agreement.is_empty() {
        return s;
    }
    let _ = writeln!(
        s,
        "**musl's results against glibc's on the same inputs** (measured on this run):\n\n\
         | function | inputs | differing | largest difference |\n|---|---|---|---|"
    );
    for a in &report.math_agreement {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} ulp |",
            a.function, a.inputs, a.differing, a.max_ulps
        );
    }
    s.push('\n');
    s
}

/// Everything under family `i`'s table.
pub fn render(report: &BenchReport, i: usize, rows: &[&Row]) -> String {
    let mut s = String::new();
    if family::title(i) == "math" {
        s.push_str(&math_agreement(report));
    }
    s.push_str(&verdicts(rows));
    let Some(f) = FAMILIES.get(i) else {
        return s;
    };
    let _ = writeln!(s, "**Why.** {}\n", f.why);
    let _ = writeln!(s, "**Published anchors.**\n\n{}\n", f.anchors);
    let mut here = Vec::new();
    here.extend(ratio_range(rows));
    here.extend(beside_anchors(report, f.title));
    if !here.is_empty() {
        let _ = writeln!(s, "**This run beside them.**\n");
        for l in here {
            let _ = writeln!(s, "- {l}");
        }
        s.push('\n');
    }
    s
}
