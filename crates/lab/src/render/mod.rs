//! Renderers of a [`Matrix`]: the terminal table, Markdown and the HTML page
//! (results/index.html). JSON is the
//! matrix's own serialisation.

pub mod html;
pub mod markdown;
pub mod terminal;

use crate::catalogue;
use crate::matrix::{Matrix, Row, Verdict};

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
fn differing_ids(m: &Matrix) -> Vec<(&str, Vec<&Row>)> {
    let mut out: Vec<(&str, Vec<&Row>)> = Vec::new();
    for r in m.differences() {
        match out.iter_mut().find(|(id, _)| *id == r.id) {
            Some((_, rows)) => rows.push(r),
            None => out.push((&r.id, vec![r])),
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

fn why_and_fix(id: &str) -> (&'static str, &'static str, &'static str) {
    match catalogue::entry(id) {
        Some(e) => (e.title, e.why, e.fix),
        None => ("(not in the catalogue)", "-", "-"),
    }
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
