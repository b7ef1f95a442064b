//! Renderers of a [`Matrix`]: the terminal table, Markdown and the HTML page
//! (results/index.html). JSON is the
//! matrix's own serialisation.

pub mod html;
pub mod markdown;
pub mod summary;
pub mod terminal;

use muslab_catalogue::Id;
use muslab_check::{Prediction, Verdict as CheckVerdict};

use muslab_report::Status;

use crate::matrix::{Cell, EnvironmentInfo, Matrix, Row, Verdict};

/// The width text is fitted to when the terminal's is not known.
pub const DEFAULT_WIDTH: usize = 100;

/// The width of the terminal on stdout: `$COLUMNS`, else the terminal's
/// own (TIOCGWINSZ), else [`DEFAULT_WIDTH`].
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .or_else(|| {
            muslab_sys::terminal::columns(&std::io::stdout())
                .ok()
                .map(usize::from)
        })
        .filter(|&w| w >= 40)
        .unwrap_or(DEFAULT_WIDTH)
}

/// Whether column labels need the environment (more than one environment).
fn label_with_environment(m: &Matrix) -> bool {
    m.environments.len() > 1
}

/// Probes in the order their rows first appear.
fn probes(m: &Matrix) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for r in &m.rows {
        if !out.contains(&r.probe.as_str()) {
            out.push(&r.probe);
        }
    }
    out
}

/// Catalogue ids that have differing rows, each with its rows, in row order.
fn differing_ids(m: &Matrix) -> Vec<(Id, Vec<&Row>)> {
    let mut out: Vec<(Id, Vec<&Row>)> = Vec::new();
    for r in m.differences() {
        match out.iter_mut().find(|(id, _)| *id == r.id) {
            Some((_, rows)) => rows.push(r),
            None => out.push((r.id, vec![r])),
        }
    }
    out
}

fn marker(r: &Row) -> &'static str {
    match r.verdict {
        Verdict::LibcDifference => "≠",
        Verdict::Varies => "~",
        Verdict::Same => " ",
    }
}

/// The catalogue's title, why and fixes for a row id.
fn why_and_fix(id: Id) -> (&'static str, &'static str, String) {
    let e = id.entry();
    (e.title, e.why, e.fix_summary())
}

/// check's prediction for a RUN cell, for people: the verdict, what it
/// rests on, and the fixes.
pub fn prediction_text(p: &Prediction) -> String {
    let mut out = format!(
        "muslab check ({} verdict: {}): {}",
        p.judged_as,
        p.assumes,
        crate::agreement::predicted_words(p)
    );
    if let CheckVerdict::Fails { details, .. } = &p.verdict {
        for d in details {
            out.push_str(&format!("\n  {d}"));
        }
    }
    for n in &p.notes {
        out.push_str(&format!("\nnote: {n}"));
    }
    for f in &p.fixes {
        out.push_str(&format!("\nfix: {} ({})", f.title, f.why));
        for c in &f.commands {
            out.push_str(&format!("\n  $ {c}"));
        }
    }
    out
}

/// One environment's part of the grid: its columns and the rows shown for
/// it. The first environment (the baseline, the host) shows every row; every
/// other one only the rows where it changes something for the same build.
pub(super) struct EnvironmentSection<'a> {
    pub index: usize,
    pub env: &'a EnvironmentInfo,
    pub baseline: &'a str,
    pub cols: Vec<usize>,
    pub rows: Vec<&'a Row>,
}

/// The grid's sections in environment order; every renderer's grid reads these.
pub(super) fn environment_sections(m: &Matrix) -> Vec<EnvironmentSection<'_>> {
    let baseline = m.environments.first().map_or("host", |e| e.name.as_str());
    m.environments
        .iter()
        .enumerate()
        .map(|(index, env)| {
            let cols: Vec<usize> = (0..m.columns.len())
                .filter(|&c| m.columns[c].environment == env.name)
                .collect();
            let rows = m
                .rows
                .iter()
                .filter(|r| index == 0 || changes_from(m, r, &cols, baseline))
                .filter(|r| cols.iter().any(|&c| r.cells[c].is_some()))
                .collect();
            EnvironmentSection {
                index,
                env,
                baseline,
                cols,
                rows,
            }
        })
        .collect()
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

pub(super) fn is_not_available(c: &Cell) -> bool {
    matches!(c.status, Status::Unsupported { .. })
}
