use std::fmt::Write;

use muslab_report::Status;

use muslab_catalogue::Libc;

use super::summary;
use super::{differing_ids, is_not_available, marker, probes, why_and_fix};
use crate::matrix::{Matrix, Row, Verdict};

const TITLE_WIDTH: usize = 46;
/// The title column shrinks first to give cells this width; a wider
/// terminal gets wider cells.
const MIN_CELL_WIDTH: usize = 12;
/// With more columns than fit at [`MIN_CELL_WIDTH`] (six builds at 100
/// columns), cells shrink down to this rather than overflow the line; a
/// cut cell that differs is printed whole below its row.
const NARROWEST_CELL: usize = 6;

pub struct Style {
    pub colour: bool,
    /// The grid after the findings; without it only the findings.
    pub full: bool,
    /// Columns to fit (the terminal's, or [`super::DEFAULT_WIDTH`]).
    pub width: usize,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

fn fit(s: &str, width: usize) -> String {
    let s = s.replace('\n', " ");
    let count = s.chars().count();
    if count <= width {
        format!("{s:<width$}")
    } else {
        let cut: String = s.chars().take(width - 1).collect();
        format!("{cut}…")
    }
}

/// The table a person reads after `make matrix`. The first environment
/// (the host) is shown whole; every other environment shows only the rows
/// where it changes something for the same build, so 8 environments × 4
/// builds stay readable in a terminal. Rows where glibc and musl differ are
/// marked `≠` (coloured on a terminal); the explanation and fix of each
/// differing catalogue id follow. matrix.md and index.html hold everything.
pub fn render(m: &Matrix, style: &Style) -> String {
    let mut out = String::new();
    let envs: Vec<&str> = m.environments.iter().map(|e| e.name.as_str()).collect();
    let found = summary::findings(m);
    let head = format!(
        "muslab matrix: {} builds × {} environments, {} checks; glibc and musl differ in {} checks of {} catalogue rows",
        m.columns.iter().filter(|c| c.environment == envs.first().copied().unwrap_or("")).count(),
        envs.len(),
        m.rows.len(),
        m.differences().count(),
        found.len()
    );
    let _ = writeln!(out, "{}\n", wrap_to("", &head, style.width));
    render_findings(&mut out, style, &found);
    if style.full {
        render_grid(&mut out, m, style);
    } else {
        let _ = writeln!(
            out,
            "The grid of every check: muslab matrix --full (or results/matrix.md, results/index.html).\n"
        );
    }
    render_contradictions(&mut out, m, style);
    out
}

/// Lines the findings may take so that the whole summary fits 50 lines.
const FINDINGS_LINES: usize = 40;

fn render_findings(out: &mut String, style: &Style, found: &[summary::RowFinding]) {
    if found.is_empty() {
        let _ = writeln!(
            out,
            "glibc and musl builds behaved the same in every check.\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            "1",
            "Where glibc and musl differ (evidence: one measured pair; fix from the catalogue)"
        )
    );
    // As many lines per row as fit the findings' share of a 50-line screen:
    // the id and title always whole, then the evidence, then the fix; past
    // three rows' worth of lines, they share lines and are cut at the width.
    let per_row = match found.len() {
        n if n * 3 <= FINDINGS_LINES => 3,
        n if n * 2 <= FINDINGS_LINES => 2,
        _ => 1,
    };
    let line = |text: &str| fit(text, style.width).trim_end().to_owned();
    for f in found {
        let head = format!("{} {}", f.id.as_str(), f.id.title());
        let evidence = f.example.as_ref().map(|e| {
            format!(
                "{} @{}: glibc {} | musl {}",
                e.row.title, e.environment, e.glibc, e.musl
            )
        });
        let pair = f
            .example
            .as_ref()
            .map(|e| format!("glibc {} | musl {}", e.glibc, e.musl));
        let fix = format!("fix: {}", f.id.entry().fix_summary());
        let lines = match (per_row, &evidence, &pair) {
            (3, Some(ev), _) => vec![
                line(&format!("{head} (checks that differ: {})", f.rows.len())),
                line(&format!("    {ev}")),
                line(&format!("    {fix}")),
            ],
            (3 | 2, _, Some(pair)) => vec![
                line(&format!("{head} ({}): {pair}", f.rows.len())),
                line(&format!("    {fix}")),
            ],
            (3 | 2, _, None) => vec![line(&head), line(&format!("    {fix}"))],
            (_, _, Some(pair)) => vec![line(&format!("{head}: {pair} · {fix}"))],
            (_, _, None) => vec![line(&format!("{head} · {fix}"))],
        };
        for l in lines {
            let _ = writeln!(out, "{l}");
        }
    }
    out.push('\n');
}

fn render_contradictions(out: &mut String, m: &Matrix, style: &Style) {
    let contra = summary::contradictions(m);
    if contra.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            "1",
            "Measurements that contradict the catalogue or check (marked ! in the grid)"
        )
    );
    for c in contra {
        let cells = c.cell_labels(m);
        let line = format!(
            "{} {} ({} cells: {})",
            c.id.as_str(),
            c.text,
            c.columns.len(),
            cells
        );
        let _ = writeln!(out, "{}", wrap_to("  ", &line, style.width));
    }
    out.push('\n');
}

/// The grid, one table per environment, and the why of every differing id.
fn render_grid(out: &mut String, m: &Matrix, style: &Style) {
    for super::EnvironmentSection {
        index: i,
        env,
        baseline,
        cols,
        rows,
    } in super::environment_sections(m)
    {
        let heading = if i == 0 {
            format!("{}: {}", env.name, env.description)
        } else {
            format!(
                "{}: {} — rows that change from {baseline}",
                env.name, env.description
            )
        };
        for line in wrap_to("", &heading, style.width).lines() {
            let _ = writeln!(out, "{}", style.paint("1", line));
        }
        if rows.is_empty() {
            let unavailable = m
                .rows
                .iter()
                .flat_map(|r| cols.iter().filter_map(|&c| r.cells[c].as_ref()))
                .all(is_not_available);
            let _ = writeln!(
                out,
                "    {}\n",
                if unavailable {
                    "not available here: no probe could run"
                } else {
                    "every build behaves as on the host"
                }
            );
            continue;
        }
        for probe in probes(m) {
            let probe_rows: Vec<&&Row> = rows.iter().filter(|r| r.probe == probe).collect();
            if probe_rows.is_empty() {
                continue;
            }
            let cell_width = cell_width(style.width, cols.len());
            let _ = write!(
                out,
                "{}\n    {:<4} {}",
                style.paint("1", probe),
                "id",
                fit("check", title_width(style.width, cols.len()))
            );
            for &c in &cols {
                let _ = write!(out, " {}", fit(&m.columns[c].target.short(), cell_width));
            }
            out.push('\n');
            for r in probe_rows {
                render_row(out, m, style, r, &cols);
            }
        }
        out.push('\n');
    }
    let diffs = differing_ids(m);
    if !diffs.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            style.paint("1", "Differences between glibc and musl, explained")
        );
        for (id, rows) in diffs {
            let (title, why, fix) = why_and_fix(id);
            let _ = writeln!(
                out,
                "  {} {title} ({} rows)",
                style.paint("1;33", id.as_str()),
                rows.len()
            );
            let _ = writeln!(out, "{}", wrap_to("      why: ", why, style.width));
            let _ = writeln!(out, "{}", wrap_to("      fix: ", &fix, style.width));
        }
        out.push('\n');
    }
    let legend = "≠ glibc and musl differ on the same arch and environment; ~ varies otherwise; ! contradicts the catalogue";
    let _ = writeln!(out, "{}\n", wrap_to("", legend, style.width));
}

/// The marker, id and spaces before a row's title.
const LEAD: usize = 2 + 2 + 4 + 1;

/// The width of the title column: [`TITLE_WIDTH`], less when `n` cells of
/// [`MIN_CELL_WIDTH`] would not fit beside it.
fn title_width(width: usize, n: usize) -> usize {
    width
        .saturating_sub(LEAD + n * (MIN_CELL_WIDTH + 1))
        .clamp(16, TITLE_WIDTH)
}

/// The width of a grid cell when `n` cells follow the marker, id and title.
fn cell_width(width: usize, n: usize) -> usize {
    let fixed = LEAD + title_width(width, n);
    (width.saturating_sub(fixed) / n.max(1))
        .saturating_sub(1)
        .max(NARROWEST_CELL)
}

/// Word-wraps `text` after `lead` at `width` columns, indenting continuation
/// lines to match.
fn wrap_to(lead: &str, text: &str, width_max: usize) -> String {
    let indent = " ".repeat(lead.chars().count());
    let room = width_max.saturating_sub(indent.len()).max(8);
    let mut out = lead.to_owned();
    let mut width = lead.chars().count();
    // A word longer than a whole line is split into line-long pieces.
    let words = text.split_whitespace().flat_map(|word| {
        let chars: Vec<char> = word.chars().collect();
        chars
            .chunks(room)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
    });
    for word in words {
        let w = word.chars().count();
        if width + w + 1 > width_max && width > indent.len() {
            out.push('\n');
            out.push_str(&indent);
            width = indent.len();
        } else if width > indent.len() {
            out.push(' ');
            width += 1;
        }
        out.push_str(&word);
        width += w;
    }
    out
}

fn render_row(out: &mut String, m: &Matrix, style: &Style, r: &Row, cols: &[usize]) {
    let differs_here = libc_pair_differs(m, r, cols);
    let mark = if differs_here {
        style.paint("1;33", marker(r))
    } else if r.verdict == Verdict::LibcDifference {
        " ".to_owned()
    } else {
        marker(r).to_owned()
    };
    let bang = if r.contradictions.iter().any(|c| cols.contains(&c.column())) {
        "!"
    } else {
        " "
    };
    let _ = write!(
        out,
        "  {mark}{bang}{:<4} {}",
        r.id,
        fit(&r.title, title_width(style.width, cols.len()))
    );
    let width = cell_width(style.width, cols.len());
    let mut cut: Vec<(usize, String)> = Vec::new();
    for &c in cols {
        let cell = r.cells[c].as_ref();
        let full = cell.map(|c| c.summary()).unwrap_or_else(|| "-".into());
        let text = fit(&full, width);
        if full.replace('\n', " ").chars().count() > width {
            cut.push((c, full));
        }
        let text = match cell.map(|c| &c.status) {
            Some(Status::Crashed { .. }) | Some(Status::TimedOut { .. }) => {
                style.paint("31", &text)
            }
            Some(Status::Error { .. }) => style.paint("35", &text),
            _ if differs_here => style.paint("33", &text),
            _ => text,
        };
        let _ = write!(out, " {text}");
    }
    out.push('\n');
    // A cut cell may hide the very difference the row shows: where the cells
    // differ, the cut ones follow whole.
    let differs = cols.iter().any(|&a| {
        cols.iter().any(|&b| match (&r.cells[a], &r.cells[b]) {
            (Some(x), Some(y)) => !x.same_as(y),
            _ => false,
        })
    });
    if differs {
        for (c, full) in cut {
            let lead = format!("        {}: ", m.columns[c].target.short());
            let _ = writeln!(out, "{}", wrap_to(&lead, &full, style.width));
        }
    }
}

/// Whether a glibc and a musl cell of the same arch among `cols` differ.
fn libc_pair_differs(m: &Matrix, r: &Row, cols: &[usize]) -> bool {
    cols.iter().any(|&g| {
        m.columns[g].target.libc == Libc::Glibc
            && cols.iter().any(|&u| {
                m.columns[u].target.libc == Libc::Musl
                    && m.columns[u].target.arch == m.columns[g].target.arch
                    && match (&r.cells[g], &r.cells[u]) {
                        (Some(x), Some(y)) => !x.same_as(y),
                        _ => false,
                    }
            })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn wraps_long_text_under_its_lead() {
        let text = "word ".repeat(60);
        let wrapped = super::wrap_to("  why: ", &text, 100);
        assert!(wrapped.lines().count() > 2);
        assert!(wrapped.lines().all(|l| l.chars().count() <= 100));
        assert!(wrapped
            .lines()
            .skip(1)
            .all(|l| l.starts_with("       word")));
    }
}
