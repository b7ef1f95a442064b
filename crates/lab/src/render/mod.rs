//! Renderers of a [`Matrix`]: the terminal table, Markdown. JSON is the
//! matrix's own serialisation.

pub mod html;
pub mod markdown;
pub mod terminal;

use crate::matrix::{Matrix, Row, Verdict};
use muslab_catalogue::Id;

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

/// One paragraph per measurement that contradicts a catalogue claim.
fn contradictions(m: &Matrix) -> Vec<String> {
    let with_env = label_with_environment(m);
    let mut out = Vec::new();
    for r in &m.rows {
        for c in &r.contradictions {
            let measured = r.cells[c.column]
                .as_ref()
                .map(|c| c.summary())
                .unwrap_or_default();
            out.push(format!(
                "{} {} on {}: measured {measured}, but {} (expected {})",
                r.id,
                r.title,
                m.columns[c.column].label(with_env),
                c.source,
                c.expected
            ));
        }
    }
    out
}
