//! `muslab explain REPORT.json...`: the findings of reports copied out of
//! boxes (a probe's `--json`), and, given two or more, what differs between
//! the first and each other one and what the difference breaks. The findings
//! are derived again from the checks, so a report from an older probe
//! without findings is explained the same way.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use muslab_report::findings;
use muslab_report::Report;

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// Reports written by a probe's --json (the first is compared with each other one).
    #[arg(value_name = "REPORT.json", required = true)]
    pub reports: Vec<PathBuf>,
    /// Width to wrap at [default: $COLUMNS, else the terminal's, else 100].
    #[arg(long)]
    pub width: Option<usize>,
}

/// A report read from a file, named for the reader by file, probe and build.
pub struct Named {
    pub label: String,
    pub report: Report,
}

pub fn load(path: &Path) -> Result<Named, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if text.trim().is_empty() {
        return Err(format!(
            "{}: empty: write a report with a probe's --json (probe-env --json > env.json)",
            path.display()
        ));
    }
    let report = Report::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Named {
        label: file,
        report,
    })
}

/// The whole text `explain` prints for these reports.
pub fn explain(reports: &[Named], width: usize) -> String {
    let mut out = String::new();
    for (i, r) in reports.iter().enumerate() {
        let b = &r.report.build;
        out.push_str(&format!(
            "[{}] {}: {}, {} build, {} {} ({})\n",
            i + 1,
            r.label,
            r.report.probe,
            b.target,
            b.libc,
            b.libc_version,
            b.linkage
        ));
        let found = findings::of_report(&r.report);
        if found.is_empty() {
            out.push_str("  no catalogue row observed (only facts about the box)\n");
        }
        out.push_str(&findings::to_text(&found, width));
        out.push('\n');
    }
    if let Some((first, others)) = reports.split_first() {
        for (i, other) in others.iter().enumerate() {
            let diffs = findings::differences(&first.report, &other.report);
            let names = ["[1]".to_owned(), format!("[{}]", i + 2)];
            out.push_str(&format!(
                "{} vs {}: {}\n",
                names[0],
                names[1],
                match diffs.len() {
                    0 => "every check both measured behaves the same".to_owned(),
                    n => format!("{n} rows differ"),
                }
            ));
            for d in &diffs {
                out.push_str(&d.to_text([&names[0], &names[1]], width));
            }
            out.push('\n');
        }
    }
    out
}

pub fn run(args: &ExplainArgs) -> Result<ExitCode, String> {
    let reports = args
        .reports
        .iter()
        .map(|p| load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let width = args.width.unwrap_or_else(crate::render::terminal_width);
    print_quietly(&explain(&reports, width));
    Ok(ExitCode::SUCCESS)
}

/// Writes to stdout; a reader that went away (`| head`) ends the output
/// quietly, it is no error.
pub fn print_quietly(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
