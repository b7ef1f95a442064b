//! results/bench.svg: one panel per bench family, each with its own log2
//! axis centred on 1× (glibc); for each bench two horizontal bars,
//! musl/glibc and musl+mimalloc/glibc, each with its interval as a whisker.
//! Self-contained: no scripts, fonts or links.

use std::fmt::Write;

use muslab_report::bench::Quantity;

use super::criterion_data::Estimate;
use super::ratio::Ratio;
use super::{family, BenchReport, Row};

const WIDTH: f64 = 960.0;
const LABEL_W: f64 = 330.0;
const PLOT_X0: f64 = LABEL_W + 20.0;
const PLOT_X1: f64 = WIDTH - 70.0;
const TOP: f64 = 86.0;
const ROW_H: f64 = 30.0;
const BAR_H: f64 = 10.0;
const MUSL_COLOUR: &str = "#c8553d";
const MIMALLOC_COLOUR: &str = "#2f6fb0";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What a row's bars show: its time ratios, or, for a row with no timing,
/// the ratios of its first memory figure (VmSize growth preferred), named
/// in the label.
fn bars(r: &Row) -> (Option<Ratio>, Option<Ratio>, &'static str) {
    if r.musl_vs_glibc.is_some() || r.mimalloc_vs_glibc.is_some() {
        return (r.musl_vs_glibc, r.mimalloc_vs_glibc, "");
    }
    let m = r
        .measures
        .iter()
        .find(|m| m.quantity == Quantity::VmSizeGrowth)
        .or_else(|| r.measures.first());
    let Some(m) = m else {
        return (None, None, "");
    };
    let ratio = |v: Option<f64>| {
        let (v, g) = (v?, m.glibc?);
        (v > 0.0 && g > 0.0).then(|| {
            let e = |x: f64| Estimate {
                mean_ns: x,
                lower_ns: x,
                upper_ns: x,
                confidence: 1.0,
            };
            Ratio::of(&e(v), &e(g))
        })
    };
    (ratio(m.musl), ratio(m.musl_mimalloc), m.quantity.label())
}

/// The log2 range of one panel: covers its ratios and their intervals, and
/// 1×, rounded out to whole powers of two and clamped to 1/256..256.
fn axis_range(rows: &[&Row]) -> (i32, i32) {
    let mut lo = 0.0f64;
    let mut hi = 0.0f64;
    for r in rows {
        let (a, b, _) = bars(r);
        for x in [a, b].into_iter().flatten() {
            for v in [x.lower, x.point, x.upper] {
                if v.is_finite() && v > 0.0 {
                    lo = lo.min(v.log2());
                    hi = hi.max(v.log2());
                }
            }
        }
    }
    let lo = (lo.floor() as i32).clamp(-8, -1);
    let hi = (hi.ceil() as i32).clamp(1, 8);
    (lo, hi)
}

fn ratio_label(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}×")
    } else {
        format!("{x:.2}×")
    }
}

fn tick_label(p: i32) -> String {
    if p >= 0 {
        format!("{}×", 1u32 << p)
    } else {
        format!("1/{}", 1u32 << -p)
    }
}

const PANEL_HEAD: f64 = 52.0;
const PANEL_GAP: f64 = 18.0;

pub fn render(report: &BenchReport) -> String {
    let mut families: Vec<usize> = report.rows.iter().map(|r| family::of(&r.bench)).collect();
    families.dedup();
    let panels: Vec<(usize, Vec<&Row>)> = families
        .into_iter()
        .map(|i| (i, family::rows(&report.rows, i)))
        .collect();
    let height = TOP
        + panels
            .iter()
            .map(|(_, rows)| PANEL_HEAD + rows.len() as f64 * ROW_H + PANEL_GAP)
            .sum::<f64>()
        + 40.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let title = if report.quick {
        "Time relative to glibc (QUICK run: wide intervals, not for quoting)"
    } else {
        "Time relative to glibc (criterion means, 95% intervals)"
    };
    let _ = writeln!(
        s,
        r#"<text x="{}" y="24" font-size="16" font-weight="bold">{}</text>"#,
        20,
        escape(title)
    );
    let _ = writeln!(
        s,
        r##"<rect x="20" y="38" width="14" height="10" fill="{MUSL_COLOUR}"/><text x="40" y="47">musl / glibc</text><rect x="150" y="38" width="14" height="10" fill="{MIMALLOC_COLOUR}"/><text x="170" y="47">musl+mimalloc / glibc</text><text x="350" y="47" fill="#555">left of 1×: faster (or smaller) than glibc; right: slower (log scale); pale: within noise</text>"##
    );
    let mut y0 = TOP - 20.0;
    for (i, rows) in &panels {
        y0 = panel(&mut s, family::title(*i), rows, y0) + PANEL_GAP;
    }
    let _ = writeln!(
        s,
        r##"<text x="20" y="{:.1}" fill="#555">Bars: 1× to the mean ratio; whiskers: combined confidence intervals; [brackets]: a memory ratio, no timing.</text>"##,
        y0 + 16.0
    );
    s.push_str("</svg>\n");
    s
}

/// One family's panel from `y0` down: title, its own axis, its rows.
/// Returns the y where it ends.
fn panel(s: &mut String, title: &str, rows: &[&Row], y0: f64) -> f64 {
    let (lo, hi) = axis_range(rows);
    let x = |ratio: f64| -> f64 {
        let l = ratio
            .max(f64::MIN_POSITIVE)
            .log2()
            .clamp(lo as f64, hi as f64);
        PLOT_X0 + (l - lo as f64) / (hi - lo) as f64 * (PLOT_X1 - PLOT_X0)
    };
    let top = y0 + PANEL_HEAD;
    let bottom = top + rows.len() as f64 * ROW_H;
    let any_mimalloc = rows.iter().any(|r| bars(r).1.is_some());
    let title = if any_mimalloc {
        title.to_owned()
    } else {
        format!("{title} (musl+mimalloc not run: the libc alone is measured)")
    };
    let _ = writeln!(
        s,
        r##"<rect x="10" y="{:.1}" width="{}" height="{:.1}" fill="none" stroke="#bbb"/><text x="20" y="{:.1}" font-size="14" font-weight="bold">{}</text>"##,
        y0 + 4.0,
        WIDTH - 20.0,
        bottom - y0,
        y0 + 24.0,
        escape(&title)
    );
    for p in lo..=hi {
        let tx = x(2f64.powi(p));
        let (stroke, w) = if p == 0 { ("#000", 1.5) } else { ("#ddd", 1.0) };
        let _ = writeln!(
            s,
            r##"<line x1="{tx:.1}" y1="{:.1}" x2="{tx:.1}" y2="{bottom:.1}" stroke="{stroke}" stroke-width="{w}"/><text x="{tx:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text>"##,
            top - 8.0,
            top - 12.0,
            escape(&tick_label(p))
        );
    }
    for (k, r) in rows.iter().enumerate() {
        let y = top + k as f64 * ROW_H;
        let (musl, mimalloc, what) = bars(r);
        let label = if what.is_empty() {
            r.bench.clone()
        } else {
            format!("{} [{what}]", r.bench)
        };
        let _ = writeln!(
            s,
            r#"<text x="{LABEL_W}" y="{:.1}" text-anchor="end">{}</text>"#,
            y + ROW_H / 2.0 + 4.0,
            escape(&label)
        );
        for (j, (ratio, colour)) in [(musl, MUSL_COLOUR), (mimalloc, MIMALLOC_COLOUR)]
            .into_iter()
            .enumerate()
            .take(if any_mimalloc { 2 } else { 1 })
        {
            let by = y + 4.0 + j as f64 * (BAR_H + 2.0);
            bar(s, &x, ratio, colour, by);
        }
    }
    bottom
}

fn bar(s: &mut String, x: &dyn Fn(f64) -> f64, ratio: Option<Ratio>, colour: &str, y: f64) {
    let Some(r) = ratio else {
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="10" fill="#888">not run</text>"##,
            x(1.0) + 4.0,
            y + BAR_H - 1.0
        );
        return;
    };
    let (x1, xp) = (x(1.0), x(r.point));
    let (left, w) = if xp >= x1 {
        (x1, xp - x1)
    } else {
        (xp, x1 - xp)
    };
    let opacity = if r.verdict == super::ratio::Verdict::WithinNoise {
        "0.45"
    } else {
        "1"
    };
    let _ = writeln!(
        s,
        r#"<rect x="{left:.1}" y="{y:.1}" width="{:.1}" height="{BAR_H}" fill="{colour}" fill-opacity="{opacity}"/>"#,
        w.max(1.0)
    );
    let mid = y + BAR_H / 2.0;
    let _ = writeln!(
        s,
        r##"<line x1="{:.1}" y1="{mid:.1}" x2="{:.1}" y2="{mid:.1}" stroke="#222" stroke-width="1"/>"##,
        x(r.lower),
        x(r.upper)
    );
    // A label that would run into the row names goes inside the bar.
    let (tx, anchor, fill) = if xp >= x1 {
        (x(r.upper).max(xp) + 4.0, "start", "#222")
    } else if x(r.lower).min(xp) - 40.0 < PLOT_X0 {
        (xp + 4.0, "start", "#fff")
    } else {
        (x(r.lower).min(xp) - 4.0, "end", "#222")
    };
    let _ = writeln!(
        s,
        r##"<text x="{tx:.1}" y="{:.1}" font-size="10" text-anchor="{anchor}" fill="{fill}">{}</text>"##,
        y + BAR_H - 1.0,
        ratio_label(r.point)
    );
}
