//! The matrix's answers before its grid: per catalogue row where glibc and
//! musl differ, how many checks, one measured pair as evidence, and the
//! catalogue's fix; then each contradiction once with its number of cells.
//! Every renderer starts with this; the texts come from the catalogue, the
//! values from the matrix's own cells.

use muslab_catalogue::{Id, Libc};

use crate::matrix::{Contradiction, Matrix, Row};

/// One catalogue row where glibc and musl builds disagree.
pub struct RowFinding<'a> {
    pub id: Id,
    pub rows: Vec<&'a Row>,
    /// The first disagreement measured, preferring the first environment.
    pub example: Option<Example<'a>>,
}

/// One glibc/musl pair of cells of one row, same arch and environment.
pub struct Example<'a> {
    pub row: &'a Row,
    pub environment: &'a str,
    pub arch: &'a str,
    pub glibc: String,
    pub musl: String,
}

/// A contradiction as one statement, and the cells it holds for.
pub struct Contradicted {
    pub id: Id,
    pub text: String,
    pub columns: Vec<usize>,
}

impl Contradicted {
    /// The cells it holds for, as every renderer names them.
    pub fn cell_labels(&self, m: &Matrix) -> String {
        let with_env = super::label_with_environment(m);
        self.columns
            .iter()
            .map(|&i| m.columns[i].label(with_env))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The rows where glibc and musl differ, grouped by catalogue id, in catalogue order.
pub fn findings(m: &Matrix) -> Vec<RowFinding<'_>> {
    let mut out: Vec<RowFinding> = Vec::new();
    for r in m.differences() {
        match out.iter_mut().find(|f| f.id == r.id) {
            Some(f) => f.rows.push(r),
            None => out.push(RowFinding {
                id: r.id,
                rows: vec![r],
                example: None,
            }),
        }
    }
    out.sort_by_key(|f| f.id);
    for f in &mut out {
        f.example = f.rows.iter().find_map(|r| example(m, r));
    }
    out
}

fn example<'a>(m: &'a Matrix, r: &'a Row) -> Option<Example<'a>> {
    for env in &m.environments {
        for (g, gc) in m.columns.iter().enumerate() {
            if gc.environment != env.name || gc.target.libc != Libc::Glibc {
                continue;
            }
            let Some(musl) = m.columns.iter().position(|c| {
                c.environment == env.name
                    && c.target.libc == Libc::Musl
                    && c.target.arch == gc.target.arch
            }) else {
                continue;
            };
            if let (Some(a), Some(b)) = (&r.cells[g], &r.cells[musl]) {
                if !a.same_as(b) {
                    return Some(Example {
                        row: r,
                        environment: &env.name,
                        arch: &gc.target.arch,
                        glibc: a.summary(),
                        musl: b.summary(),
                    });
                }
            }
        }
    }
    None
}

/// Each contradiction once: the same claim or prediction contradicted in
/// several cells is one statement with those cells.
pub fn contradictions(m: &Matrix) -> Vec<Contradicted> {
    let mut out: Vec<Contradicted> = Vec::new();
    for r in &m.rows {
        for c in &r.contradictions {
            let text = match c {
                Contradiction::Claim {
                    column,
                    expected,
                    source,
                } => {
                    let measured = r.cells[*column]
                        .as_ref()
                        .map(|c| c.summary())
                        .unwrap_or_default();
                    format!(
                        "{}: measured {measured}, but {source} (expected {expected})",
                        r.title
                    )
                }
                Contradiction::Prediction {
                    predicted,
                    observed,
                    ..
                } => format!(
                    "{} in {}: check predicted {predicted}, observed {observed}",
                    r.probe,
                    m.columns[c.column()].environment
                ),
            };
            match out.iter_mut().find(|x| x.id == r.id && x.text == text) {
                Some(x) => x.columns.push(c.column()),
                None => out.push(Contradicted {
                    id: r.id,
                    text,
                    columns: vec![c.column()],
                }),
            }
        }
    }
    out
}
