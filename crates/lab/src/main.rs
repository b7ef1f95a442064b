//! `muslab`: the host-side CLI of the lab.

#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use muslab::matrix::Matrix;
use muslab::render;
use muslab::results::write_atomically;
use muslab::runner::{self, Plan};
use muslab::target::{self, Target};

#[derive(Parser)]
#[command(
    name = "muslab",
    version,
    about = "Shows, measures and fixes the differences between glibc and musl",
    long_about = "Shows, measures and fixes the differences between glibc and musl.\n\n\
        `muslab matrix` runs every probe build in every environment and writes the observed \
        difference matrix; `make matrix` builds the probes first."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run every probe for every target in every environment; print the
    /// difference matrix and write results/matrix.json, matrix.md and index.html.
    Matrix(MatrixArgs),
    /// Read ELF files, directories or a rootfs and predict where they run,
    /// why, and which fix applies.
    Check(muslab_check::CheckArgs),
    /// Run the DNS scenarios (D06-D09, S3) for every probe-dns build in the
    /// hermetic fixture (root); write results/dns.json and results/dns.md.
    Dns(DnsArgs),
    /// Serve a DNS scenario's zones (or a zone file) and print every query
    /// as a JSON line.
    DnsServe(DnsServeArgs),
    /// Compare the criterion baselines saved by `make bench` (glibc, musl,
    /// musl+mimalloc); write results/bench.md, bench.svg and bench.json.
    BenchReport(muslab::bench_report::cli::BenchReportArgs),
    /// Print the catalogue of differences (the text of docs/catalogue.md).
    Catalogue(CatalogueArgs),
}

#[derive(clap::Args)]
struct CatalogueArgs {
    /// JSON instead of Markdown.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct DnsArgs {
    /// Cargo's target directory, where `make probes` put <triple>/probe/probe-dns
    #[arg(long)]
    build_dir: Option<PathBuf>,
    /// Directory for dns.json and dns.md.
    #[arg(long, default_value = "results")]
    out: PathBuf,
    /// Targets to run (repeatable); default: the four x86_64/i686 gnu/musl targets.
    #[arg(long = "target", value_name = "TRIPLE")]
    targets: Vec<String>,
    /// Scenarios to run (repeatable: D06, D07, D08, D09, S3); default: all.
    #[arg(long = "scenario", value_name = "ID")]
    scenarios: Vec<String>,
    /// Print the matrix as JSON on stdout instead of the table.
    #[arg(long)]
    json: bool,
    /// Do not write files under --out.
    #[arg(long)]
    no_write: bool,
    /// No progress line.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::Args)]
struct DnsServeArgs {
    /// Address to listen on (repeatable) [default: the scenario's addresses, else 127.0.0.1]
    #[arg(long = "addr", value_name = "IP")]
    addrs: Vec<std::net::IpAddr>,
    #[arg(long, default_value_t = 53)]
    port: u16,
    /// Serve this scenario's zones (D06, D07 ...).
    #[arg(long)]
    scenario: Option<String>,
    /// Serve this JSON zone file instead.
    #[arg(long)]
    zone: Option<PathBuf>,
    /// Stop after this many seconds [default: run until killed].
    #[arg(long)]
    seconds: Option<u64>,
}

#[derive(clap::Args)]
struct MatrixArgs {
    /// Cargo's target directory, where `make probes` put <triple>/probe/<probe>
    /// [default: $CARGO_TARGET_DIR, else the workspace's target/]
    #[arg(long)]
    build_dir: Option<PathBuf>,
    /// Directory for matrix.json, matrix.md and index.html.
    #[arg(long, default_value = "results")]
    out: PathBuf,
    /// Targets to run (repeatable); default: the four x86_64/i686 gnu/musl targets.
    #[arg(long = "target", value_name = "TRIPLE")]
    targets: Vec<String>,
    /// Environments to run in (repeatable); default: all of them.
    #[arg(long = "env", value_name = "NAME")]
    envs: Vec<String>,
    /// Do not compile and run the C hello fixtures.
    #[arg(long)]
    no_fixtures: bool,
    /// Probes to run (repeatable); default: all matrix probes.
    #[arg(long = "probe", value_name = "NAME")]
    probes: Vec<String>,
    /// Seconds before a probe run is killed.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Print the matrix as JSON on stdout instead of the table.
    #[arg(long)]
    json: bool,
    /// Do not write files under --out.
    #[arg(long)]
    no_write: bool,
    /// No progress line.
    #[arg(long, short)]
    quiet: bool,
}

fn catalogue(args: &CatalogueArgs) -> Result<ExitCode, String> {
    if args.json {
        let json = serde_json::to_string_pretty(muslab_catalogue::ENTRIES)
            .map_err(|e| format!("catalogue as JSON: {e}"))?;
        println!("{json}");
    } else {
        print!("{}", muslab_catalogue::to_markdown());
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Matrix(args) => matrix(args),
        Command::BenchReport(args) => muslab::bench_report::cli::run(&args),
        Command::Check(args) => Ok(muslab_check::run(&args)),
        Command::Dns(args) => dns(args),
        Command::Catalogue(args) => catalogue(&args),
        Command::DnsServe(args) => muslab_dns::serve::serve(muslab_dns::serve::ServeArgs {
            addrs: args.addrs,
            port: args.port,
            scenario: args.scenario,
            zone_file: args.zone,
            duration: args.seconds.map(Duration::from_secs),
        })
        .map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("muslab: {e}");
            ExitCode::FAILURE
        }
    }
}

fn matrix(args: MatrixArgs) -> Result<ExitCode, String> {
    let targets = if args.targets.is_empty() {
        target::default_targets()
    } else {
        args.targets.iter().map(|t| Target::new(t)).collect()
    };
    let probes = if args.probes.is_empty() {
        muslab::probe_set::MATRIX_PROBES
            .iter()
            .map(|p| p.to_string())
            .collect()
    } else {
        for p in &args.probes {
            if !muslab::probe_set::MATRIX_PROBES.contains(&p.as_str()) {
                return Err(format!(
                    "unknown probe '{p}' (known: {})",
                    muslab::probe_set::MATRIX_PROBES.join(", ")
                ));
            }
        }
        args.probes.clone()
    };
    let build_dir = args
        .build_dir
        .unwrap_or_else(muslab::probe_set::default_build_dir);
    // Before anything is built or written under the build dir.
    for t in &targets {
        for p in &probes {
            muslab::probe_set::binary(&build_dir, t, p)?;
        }
    }
    let plain = if args.no_fixtures {
        Vec::new()
    } else {
        muslab::fixtures::build_hellos(&build_dir, &targets)?
    };
    let mut environments = muslab::environment::registry::select(&build_dir, &args.envs)?;
    let plan = Plan {
        build_dir,
        targets,
        probes,
        timeout: Duration::from_secs(args.timeout),
        quiet: args.quiet,
        plain,
    };
    let m = runner::run(&plan, &mut environments)?;
    publish(
        &m,
        args.json,
        (!args.no_write).then_some(&args.out),
        "matrix",
        true,
    )
}

fn dns(args: DnsArgs) -> Result<ExitCode, String> {
    let targets = if args.targets.is_empty() {
        target::default_targets()
    } else {
        args.targets.iter().map(|t| Target::new(t)).collect()
    };
    let scenarios = if args.scenarios.is_empty() {
        muslab_dns::scenario::all()
    } else {
        args.scenarios
            .iter()
            .map(|id| {
                muslab_dns::scenario::by_id(id)
                    .ok_or_else(|| format!("unknown DNS scenario '{id}' (D06, D07, D08, D09, S3)"))
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let build_dir = args
        .build_dir
        .unwrap_or_else(muslab::probe_set::default_build_dir);
    let m = muslab::dns_matrix::run(&build_dir, &targets, &scenarios, args.quiet)?;
    publish(
        &m,
        args.json,
        (!args.no_write).then_some(&args.out),
        "dns",
        false,
    )
}

/// Prints a matrix (JSON or the terminal table) and, unless told not to,
/// writes `<stem>.json`, `<stem>.md` and, for the main matrix, index.html.
fn publish(
    m: &Matrix,
    json: bool,
    out: Option<&PathBuf>,
    stem: &str,
    html: bool,
) -> Result<ExitCode, String> {
    if json {
        println!("{}", m.to_json());
    } else {
        let style = render::terminal::Style {
            colour: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        print!("{}", render::terminal::render(m, &style));
    }
    if let Some(dir) = out {
        let mut written = vec![
            (dir.join(format!("{stem}.json")), m.to_json()),
            (dir.join(format!("{stem}.md")), render::markdown::render(m)),
        ];
        if html {
            written.push((dir.join("index.html"), render::html::render(m)));
        }
        for (path, text) in &written {
            write_atomically(path, text)?;
        }
        let names: Vec<String> = written
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect();
        eprintln!("wrote {}", names.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
