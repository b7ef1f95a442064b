use std::fmt::Write;

use muslab_probes::report::Status;

use super::{contradictions, differing_ids, label_with_environment, marker, probes, why_and_fix};
use crate::matrix::{Matrix, Verdict};

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

/// The table a person reads after `make matrix`: rows that differ between
/// glibc and musl are marked `≠` (and coloured on a terminal), followed by the
/// explanation and fix of each differing catalogue id.
pub fn render(m: &Matrix, style: &Style) -> String {
    let with_env = label_with_environment(m);
    let mut out = String::new();
    let envs: Vec<&str> = m.environments.iter().map(|e| e.name.as_str()).collect();
    let _ = writeln!(
        out,
        "muslab matrix: {} columns ({}), {} rows, {} differ between glibc and musl\n",
        m.columns.len(),
        envs.join(", "),
        m.rows.len(),
        m.differences().count()
    );
    for probe in probes(m) {
        let _ = write!(
            out,
            "{}\n    {:<4} {}",
            style.paint("1", probe),
            "id",
            fit("check", TITLE_WIDTH)
        );
        for c in &m.columns {
            let _ = write!(out, " {}", fit(&c.label(with_env), CELL_WIDTH));
        }
        out.push('\n');
        for r in m.rows.iter().filter(|r| r.probe == probe) {
            let mark = match r.verdict {
                Verdict::LibcDifference => style.paint("1;33", marker(r)),
                _ => marker(r).to_owned(),
            };
            let bang = if r.contradictions.is_empty() {
                " "
            } else {
                "!"
            };
            let _ = write!(
                out,
                "  {mark}{bang}{:<4} {}",
                r.id,
                fit(&r.title, TITLE_WIDTH)
            );
            for cell in &r.cells {
                let text = fit(
                    &cell
                        .as_ref()
                        .map(|c| c.summary())
                        .unwrap_or_else(|| "-".into()),
                    CELL_WIDTH,
                );
                let text = match cell.as_ref().map(|c| &c.status) {
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
                style.paint("1;33", id),
                rows.len()
            );
            let _ = writeln!(out, "      why: {why}");
            let _ = writeln!(out, "      fix: {fix}");
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
            let _ = writeln!(out, "  {c}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "≠ glibc and musl differ on the same arch and environment   ~ varies otherwise   ! contradicts the catalogue");
    out
}
