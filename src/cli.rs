//! The command line every probe shares: `--json`, `--help`, `--version`,
//! `--remove-self`.
//! Hand-written rather than clap so the static probes stay small.

use std::process::ExitCode;

use muslab_report::{findings, Report};

pub struct ProbeCli {
    pub json: bool,
    /// Only the findings: text lines, or with `--json` the findings array.
    pub findings_only: bool,
}

/// What a probe's `main` should do after reading its arguments.
pub enum Parsed {
    Run(ProbeCli),
    Exit(ExitCode),
}

/// Parses `args` (without argv[0]). `about` is the probe's `--help` text: what
/// it checks and why. Unknown arguments print one line and exit 2.
pub fn parse(probe: &str, about: &str, args: impl IntoIterator<Item = String>) -> Parsed {
    let mut cli = ProbeCli {
        json: false,
        findings_only: false,
    };
    for arg in args {
        match arg.as_str() {
            "--json" => cli.json = true,
            "-q" | "--quiet" | "--findings-only" => cli.findings_only = true,
            "--remove-self" => remove_self(probe),
            "-h" | "--help" => {
                print!("{}", help(probe, about));
                return Parsed::Exit(ExitCode::SUCCESS);
            }
            "-V" | "--version" => {
                let b = crate::build_info::embedded();
                println!(
                    "{probe} {} ({} {} {})",
                    env!("CARGO_PKG_VERSION"),
                    b.target,
                    b.libc,
                    b.libc_version
                );
                return Parsed::Exit(ExitCode::SUCCESS);
            }
            other => {
                eprintln!("{probe}: unknown argument '{other}' (try '{probe} --help')");
                return Parsed::Exit(ExitCode::from(2));
            }
        }
    }
    Parsed::Run(cli)
}

/// Deletes this probe's own file before it runs (Linux lets a running
/// program unlink its executable): `muslab probe --container` copies a probe
/// into a user's container, which may have no shell and no `rm` to remove
/// it afterwards. A failure is said and the run goes on; the lab then tries
/// the container's `rm`.
fn remove_self(probe: &str) {
    let removed = std::env::current_exe().and_then(|exe| std::fs::remove_file(&exe));
    if let Err(e) = removed {
        eprintln!("{probe}: --remove-self: {e}");
    }
}

fn help(probe: &str, about: &str) -> String {
    format!(
        "{about}\n\nUsage: {probe} [--json] [--findings-only]\n\nThe report ends with findings: for each catalogue row measured, the verdict,\nthis run's evidence and the catalogue's fix.\n\nOptions:\n  --json      print the report as JSON (schema {schema}), findings included\n  -q, --quiet, --findings-only  print only the findings\n  -h, --help  print this help\n  -V, --version  print the probe version and build\n  --remove-self  delete this file first (for a copy in a container)\n\nThe probe is a static file for musl targets: copy it into a container and run it there.\n",
        schema = muslab_report::SCHEMA
    )
}

/// The whole `main` of a probe: parses the arguments (so `--help` and bad
/// arguments never run a check), runs `checks`, prints the report.
pub fn run_probe(
    probe: &str,
    about: &str,
    args: impl IntoIterator<Item = String>,
    checks: impl FnOnce() -> Vec<muslab_report::Check>,
) -> ExitCode {
    run_probe_then(probe, about, args, checks, |_| ExitCode::SUCCESS)
}

/// [`run_probe`], with the exit code chosen by `exit` from the printed report.
pub fn run_probe_then(
    probe: &str,
    about: &str,
    args: impl IntoIterator<Item = String>,
    checks: impl FnOnce() -> Vec<muslab_report::Check>,
    exit: impl FnOnce(&Report) -> ExitCode,
) -> ExitCode {
    run_probe_laid_out(probe, about, args, checks, exit, Report::to_text_width)
}

/// How a report reads as text, `width` columns.
pub type TextLayout = fn(&Report, usize) -> String;

/// [`run_probe_then`], with the readable form laid out by `text` (probe-env
/// puts its two libc sections first).
pub fn run_probe_laid_out(
    probe: &str,
    about: &str,
    args: impl IntoIterator<Item = String>,
    checks: impl FnOnce() -> Vec<muslab_report::Check>,
    exit: impl FnOnce(&Report) -> ExitCode,
    text: TextLayout,
) -> ExitCode {
    let cli = match parse(probe, about, args) {
        Parsed::Run(cli) => cli,
        Parsed::Exit(code) => return code,
    };
    let report = Report::new(
        probe,
        crate::build_info::embedded(),
        crate::build_info::host(),
        checks(),
    )
    .with_findings();
    emit(&cli, &report, text);
    exit(&report)
}

/// Prints the report in the chosen form, findings wrapped to the terminal
/// width the shell exports (`COLUMNS`).
pub fn emit(cli: &ProbeCli, report: &Report, text: TextLayout) {
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|&w| w >= 40)
        .unwrap_or(findings::WIDTH);
    let text = match (cli.json, cli.findings_only) {
        (true, false) => report.to_json() + "\n",
        (true, true) => serde_json::to_string_pretty(&report.findings).unwrap_or_default() + "\n",
        (false, false) => text(report, width),
        (false, true) => findings::to_text(&report.findings, width),
    };
    write_stdout(&text);
}

/// Writes to stdout; a reader that went away (`| head`) is not an error.
fn write_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
