use std::fmt::Write;

use muslab_report::Status;

use super::{contradictions, differing_ids, marker, probes, why_and_fix};
use crate::matrix::{Cell, Matrix, Row, Verdict};

const TITLE_WIDTH: usize = 46;
const CELL_WIDTH: usize = 16;

pub struct Style {
    pub colour: bool,
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
    let _ =
        writeln!(
        out,
        "muslab matrix: {} builds × {} environments, {} rows, {} differ between glibc and musl\n",
        m.columns.iter().filter(|c| c.environment == envs.first().copied().unwrap_or("")).count(),
        envs.len(),
        m.rows.len(),
        m.differences().count()
    );
    let baseline = envs.first().copied().unwrap_or("host");
    for (i, env) in m.environments.iter().enumerate() {
        let cols: Vec<usize> = (0..m.columns.len())
            .filter(|&c| m.columns[c].environment == env.name)
            .collect();
        let rows: Vec<&Row> = m
            .rows
            .iter()
            .filter(|r| i == 0 || changes_from(m, r, &cols, baseline))
            .filter(|r| cols.iter().any(|&c| r.cells[c].is_some()))
            .collect();
        let heading = if i == 0 {
            format!("{}: {}", env.name, env.description)
        } else {
            format!(
                "{}: {} — rows that change from {baseline}",
                env.name, env.description
            )
        };
        for line in wrap("", &heading).lines() {
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
            let _ = write!(
                out,
                "{}\n    {:<4} {}",
                style.paint("1", probe),
                "id",
                fit("check", TITLE_WIDTH)
            );
            for &c in &cols {
                let _ = write!(out, " {}", fit(&m.columns[c].target.short(), CELL_WIDTH));
            }
            out.push('\n');
            for r in probe_rows {
                render_row(&mut out, style, r, &cols);
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
            let _ = writeln!(out, "{}", wrap("      why: ", why));
            let _ = writeln!(out, "{}", wrap("      fix: ", &fix));
        }
        out.push('\n');
    }
    let contra = contradictions(m);
    if !contra.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            style.paint("1", "Measurements that contradict the catalogue (marked !)")
        );
        for c in contra {
            let _ = writeln!(out, "{}", wrap("  ", &c));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "≠ glibc and musl differ on the same arch and environment   ~ varies otherwise   ! contradicts the catalogue"
    );
    out
}

const WRAP_WIDTH: usize = 100;

/// Word-wraps `text` after `lead`, indenting continuation lines to match.
fn wrap(lead: &str, text: &str) -> String {
    let indent = " ".repeat(lead.chars().count());
    let mut out = lead.to_owned();
    let mut width = lead.chars().count();
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if width + w + 1 > WRAP_WIDTH && width > indent.len() {
            out.push('\n');
            out.push_str(&indent);
            width = indent.len();
        } else if width > indent.len() {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += w;
    }
    out
}

/// Whether any of `cols` shows another behaviour than the same build in the
/// baseline environment.
fn changes_from(m: &Matrix, r: &Row, cols: &[usize], baseline: &str) -> bool {
    cols.iter().any(|&c| {
        let here = r.cells[c].as_ref();
        let base = m
            .column_index(&m.columns[c].target.triple, baseline)
            .and_then(|b| r.cells[b].as_ref());
        match (here, base) {
            (Some(h), Some(b)) => !h.same_as(b) && !is_not_available(h),
            (Some(h), None) => !is_not_available(h),
            _ => false,
        }
    })
}

fn is_not_available(c: &Cell) -> bool {
    matches!(c.status, Status::Unsupported { .. })
}

fn render_row(out: &mut String, style: &Style, r: &Row, cols: &[usize]) {
    let mark = match r.verdict {
        Verdict::LibcDifference => style.paint("1;33", marker(r)),
        _ => marker(r).to_owned(),
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
        fit(&r.title, TITLE_WIDTH)
    );
    for &c in cols {
        let cell = r.cells[c].as_ref();
        let text = fit(
            &cell.map(|c| c.summary()).unwrap_or_else(|| "-".into()),
            CELL_WIDTH,
        );
        let text = match cell.map(|c| &c.status) {
            Some(Status::Crashed { .. }) | Some(Status::TimedOut { .. }) => {
                style.paint("31", &text)
            }
            Some(Status::Error { .. }) => style.paint("35", &text),
            _ if r.verdict == Verdict::LibcDifference => style.paint("33", &text),
            _ => text,
        };
        let _ = write!(out, " {text}");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    #[test]
    fn wraps_long_text_under_its_lead() {
        let text = "word ".repeat(60);
        let wrapped = super::wrap("  why: ", &text);
        assert!(wrapped.lines().count() > 2);
        assert!(wrapped
            .lines()
            .all(|l| l.chars().count() <= super::WRAP_WIDTH));
        assert!(wrapped
            .lines()
            .skip(1)
            .all(|l| l.starts_with("       word")));
    }
}
