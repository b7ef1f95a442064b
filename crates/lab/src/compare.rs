//! `muslab compare OLD.json NEW.json`: two matrices (matrix.json or
//! dns.json) compared by behaviour, as the lab compares cells
//! ([`Cell::same_as`], with its tolerances for sizes and durations).
//! Titles, details and explanations are ignored, and so is how long a
//! timeout took. Rows are matched by (probe, id, case), cells by column
//! (target triple, environment).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use muslab_report::Status;

use crate::matrix::{Cell, Matrix, Row};

#[derive(clap::Args)]
pub struct CompareArgs {
    /// The earlier matrix.
    pub old: PathBuf,
    /// The later matrix.
    pub new: PathBuf,
}

/// What changed between two matrices, one line each, and a summary.
#[derive(Debug, PartialEq, Eq)]
pub struct Comparison {
    pub lines: Vec<String>,
    /// Columns and rows added or removed, plus cells that changed.
    pub differences: usize,
    pub summary: String,
}

/// Prints the comparison; exit 1 when anything differs, 0 when nothing
/// does, 2 when a file is not a matrix.
pub fn run(args: &CompareArgs) -> ExitCode {
    let load = |path: &PathBuf| {
        std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| Matrix::from_json(&text))
            .map_err(|e| format!("muslab compare: cannot read {}: {e}", path.display()))
    };
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let c = compare(&old, &new);
    let mut text = c.lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    crate::explain::print_quietly(&text);
    eprintln!(
        "muslab compare: {} ({} and {})",
        c.summary,
        args.old.display(),
        args.new.display()
    );
    ExitCode::from(u8::from(c.differences > 0))
}

pub fn compare(old: &Matrix, new: &Matrix) -> Comparison {
    let key = |m: &Matrix, i: usize| {
        let c = &m.columns[i];
        (c.target.triple.clone(), c.environment.clone())
    };
    let old_cols: Vec<_> = (0..old.columns.len()).map(|i| key(old, i)).collect();
    let new_cols: Vec<_> = (0..new.columns.len()).map(|i| key(new, i)).collect();
    let mut lines = Vec::new();
    for (c, verb, other) in old_cols
        .iter()
        .map(|c| (c, "removed", &new_cols))
        .chain(new_cols.iter().map(|c| (c, "added", &old_cols)))
    {
        if !other.contains(c) {
            lines.push(format!("column {verb}: {} @{}", c.0, c.1));
        }
    }
    let (old_rows, new_rows) = (rows_by_key(old), rows_by_key(new));
    for (k, verb, other) in old_rows
        .keys()
        .map(|k| (k, "removed", &new_rows))
        .chain(new_rows.keys().map(|k| (k, "added", &old_rows)))
    {
        if !other.contains_key(k) {
            lines.push(format!("row {verb}: {} {} {}", k.0, k.1, k.2));
        }
    }
    let mut differences = lines.len();
    let shared: Vec<(usize, usize)> = old_cols
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, new_cols.iter().position(|n| n == c)?)))
        .collect();
    let mut changed_rows = 0;
    for (k, a) in &old_rows {
        let Some(b) = new_rows.get(k) else { continue };
        let changed: Vec<String> = shared
            .iter()
            .filter(|&&(i, j)| !same(a.cells[i].as_ref(), b.cells[j].as_ref()))
            .map(|&(i, j)| {
                format!(
                    "  {} @{}: {}  ->  {}",
                    old_cols[i].0,
                    old_cols[i].1,
                    show(a.cells[i].as_ref()),
                    show(b.cells[j].as_ref())
                )
            })
            .collect();
        if !changed.is_empty() {
            changed_rows += 1;
            differences += changed.len();
            lines.push(format!("changed: {} {} {}", k.0, k.1, k.2));
            lines.extend(changed);
        }
    }
    Comparison {
        summary: format!(
            "{} rows before, {} after, {} shared columns; {differences} difference(s), {changed_rows} row(s) with changed cells",
            old_rows.len(),
            new_rows.len(),
            shared.len()
        ),
        lines,
        differences,
    }
}

/// Rows by (probe, id, case), which [`Matrix::build`] keeps unique.
fn rows_by_key(m: &Matrix) -> BTreeMap<(String, String, String), &Row> {
    m.rows
        .iter()
        .map(|r| ((r.probe.clone(), r.id.to_string(), r.case.clone()), r))
        .collect()
}

/// Same behaviour; two "not available" cells are the same here (in a
/// matrix they never count as a glibc/musl agreement).
fn same(a: Option<&Cell>, b: Option<&Cell>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => match (&a.status, &b.status) {
            (Status::Unsupported { .. }, Status::Unsupported { .. }) => true,
            _ => a.same_as(b),
        },
        _ => false,
    }
}

fn show(cell: Option<&Cell>) -> String {
    match cell {
        None => "(no cell)".to_owned(),
        Some(c) => {
            let s = c.summary();
            match s.char_indices().nth(120) {
                Some((at, _)) => format!("{}...", &s[..at]),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::tests::{columns, run};
    use muslab_report::{Check, Id, Libc, Observed};

    fn matrix(musl_stack: u64, extra: bool) -> Matrix {
        let mut musl =
            vec![Check::new(Id::S2, "default-attr", "d").ok(Observed::Bytes(musl_stack), "")];
        if extra {
            musl.push(Check::new(Id::S2, "extra", "e").ok(Observed::Int(1), ""));
        }
        Matrix::build(
            vec![],
            columns(),
            vec![
                run(
                    0,
                    Libc::Glibc,
                    vec![Check::new(Id::S2, "default-attr", "d").ok(Observed::Bytes(8 << 20), "")],
                ),
                run(1, Libc::Musl, musl),
            ],
        )
    }

    #[test]
    fn a_changed_cell_and_an_added_row_are_differences_and_tolerance_is_the_labs() {
        let same = compare(&matrix(128 << 10, false), &matrix(130 << 10, false));
        assert_eq!(
            same.differences, 0,
            "got {:?}, want none within 5 %",
            same.lines
        );
        let c = compare(&matrix(128 << 10, false), &matrix(80 << 10, true));
        assert_eq!(
            c.lines,
            [
                "row added: probe-t S2 extra",
                "changed: probe-t S2 default-attr",
                "  x86_64-unknown-linux-musl @host: 128 KiB  ->  80 KiB",
            ],
            "got {:?}",
            c.lines
        );
        assert_eq!(c.differences, 2);
    }
}
