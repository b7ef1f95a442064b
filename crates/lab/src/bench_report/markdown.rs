//! results/bench.md: the side-by-side table, what it means, and the machine.

use std::fmt::Write;

use super::criterion_data::{format_ns, Estimate};
use super::ratio::Ratio;
use super::{meaning, BenchReport, GLIBC, MUSL, MUSL_MIMALLOC};

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
         \"within noise\" means the two confidence intervals overlap. Bars: [bench.svg](bench.svg); \
         data: [bench.json](bench.json).\n"
    );
    let _ = writeln!(
        s,
        "| bench | glibc | musl | musl+mimalloc | musl/glibc | mimalloc-musl/glibc |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for r in &report.rows {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} |",
            r.bench,
            time_cell(r.glibc),
            time_cell(r.musl),
            time_cell(r.musl_mimalloc),
            ratio_cell(r.musl_vs_glibc),
            ratio_cell(r.mimalloc_vs_glibc),
        );
    }
    s.push('\n');
    s.push_str(&meaning::render(report));
    s.push_str(&machine_section(report));
    s
}

fn machine_section(report: &BenchReport) -> String {
    let m = &report.machine;
    let mut s = String::new();
    let _ = writeln!(s, "## Machine and builds\n");
    let _ = writeln!(s, "- CPU: {} ({} CPUs available)", m.cpu, m.cpus);
    let _ = writeln!(s, "- kernel: {}", m.kernel);
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
