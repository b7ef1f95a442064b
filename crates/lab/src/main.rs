//! `muslab`: the host-side CLI of the lab.

#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use muslab::explain::print_quietly;
use muslab::matrix::Matrix;
use muslab::render;
use muslab::results::write_atomically;
use muslab::runner::{self, Plan};
use muslab::target::{self, Target};
use muslab_report::probes::{self, Probe};

#[derive(Parser)]
#[command(
    name = "muslab",
    propagate_version = true,
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
    /// Read ELF files, directories, a rootfs or a container image and
    /// predict where they run, why, and which fix applies.
    Check(muslab::container::check_image::CheckImageArgs),
    /// Run the DNS scenarios for every probe-dns build in the hermetic
    /// fixture (root); write results/dns.json and results/dns.md.
    Dns(DnsArgs),
    /// Serve a DNS scenario's zones (or a zone file) and print every query
    /// as a JSON line.
    DnsServe(DnsServeArgs),
    /// Compare the criterion baselines saved by `make bench` (glibc, musl,
    /// musl+mimalloc); write results/bench.md, bench.svg and bench.json.
    BenchReport(muslab::bench_report::cli::BenchReportArgs),
    /// Print the catalogue of differences (the text of docs/catalogue.md).
    Catalogue(CatalogueArgs),
    /// Run the static musl probes inside a container image or a running
    /// container (podman or docker, no shell needed) and print what differs
    /// from this machine. Exit 3 when no container engine is found.
    Probe(muslab::container::probe_in::ProbeArgs),
    /// Build the local image `cross` builds the probes in (`make
    /// cross-image`): Debian bookworm with gcc, gcc-multilib and musl-tools,
    /// imported as muslab/cross:bookworm. Exit 3 when no container engine is found.
    CrossImage(muslab::container::cross_image::CrossImageArgs),
    /// Explain reports copied out of boxes (a probe's --json): their findings,
    /// and what differs between the first and each other one.
    Explain(muslab::explain::ExplainArgs),
    /// Compare two matrices (matrix.json or dns.json) by behaviour: columns
    /// and rows added or removed, cells changed. Exit 1 when any, 2 on bad input.
    Compare(muslab::compare::CompareArgs),
    /// Write shell completions and the man pages into a directory (`make man`).
    #[command(hide = true)]
    Docs(DocsArgs),
}

#[derive(clap::Args)]
struct DocsArgs {
    /// Directory to write completions/ and man/ into.
    out: PathBuf,
}

/// Completions for bash, zsh and fish, and a man page per command, generated
/// from this CLI definition.
fn docs(args: &DocsArgs) -> Result<ExitCode, String> {
    use clap::CommandFactory;
    let completions = args.out.join("completions");
    let man = args.out.join("man");
    for dir in [&completions, &man] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut cmd = Cli::command();
    for shell in [
        clap_complete::Shell::Bash,
        clap_complete::Shell::Zsh,
        clap_complete::Shell::Fish,
    ] {
        clap_complete::generate_to(shell, &mut cmd, "muslab", &completions)
            .map_err(|e| format!("{shell} completions: {e}"))?;
    }
    clap_mangen::generate_to(Cli::command(), &man).map_err(|e| format!("man pages: {e}"))?;
    eprintln!("wrote {} and {}", completions.display(), man.display());
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
struct CatalogueArgs {
    /// JSON instead of Markdown.
    #[arg(long)]
    json: bool,
}

/// What `matrix` and `dns` share: where the probes are, for which targets,
/// and where the results go.
#[derive(clap::Args)]
struct RunArgs {
    /// Cargo's target directory, where `make probes` put <triple>/probe/<probe>
    /// [default: $CARGO_TARGET_DIR, else the workspace's target/]
    #[arg(long)]
    build_dir: Option<PathBuf>,
    /// Directory for the results: matrix.json, matrix.md and index.html, or
    /// dns.json and dns.md.
    #[arg(long, default_value = "results")]
    out: PathBuf,
    /// Targets to run (repeatable); default: every target `make probes` builds.
    #[arg(long = "target", value_name = "TRIPLE", value_parser = Target::parse)]
    targets: Vec<Target>,
    /// Print the matrix as JSON on stdout instead of the table.
    #[arg(long)]
    json: bool,
    /// Do not write files under --out.
    #[arg(long)]
    no_write: bool,
    /// No progress line.
    #[arg(long, short)]
    quiet: bool,
    /// Print the whole grid after the findings.
    #[arg(long)]
    full: bool,
}

/// [`RunArgs`] with the defaults applied.
struct Run {
    build_dir: PathBuf,
    targets: Vec<Target>,
    json: bool,
    /// `None`: --no-write.
    out: Option<PathBuf>,
    quiet: bool,
    full: bool,
}

impl RunArgs {
    fn resolve(self) -> Run {
        Run {
            build_dir: self.build_dir.unwrap_or_else(probes::default_build_dir),
            targets: if self.targets.is_empty() {
                target::default_targets()
            } else {
                self.targets
            },
            json: self.json,
            out: (!self.no_write).then_some(self.out),
            quiet: self.quiet,
            full: self.full,
        }
    }
}

/// `--scenario`: one of muslab-dns's scenario ids, in any case.
fn scenario_ids() -> PossibleValuesParser {
    PossibleValuesParser::new(muslab_dns::scenario::all().iter().map(|s| s.id().as_str()))
}

/// `--probe`: one of the probes the matrix runs.
fn matrix_probe() -> impl TypedValueParser<Value = &'static Probe> {
    PossibleValuesParser::new(probes::matrix_probes().map(|p| p.name)).try_map(|name| {
        probes::by_name(&name).ok_or_else(|| format!("'{name}' is not a registered probe"))
    })
}

#[derive(clap::Args)]
struct DnsArgs {
    #[command(flatten)]
    run: RunArgs,
    /// Scenarios to run (repeatable); default: all.
    #[arg(long = "scenario", value_name = "ID", value_parser = scenario_ids(), ignore_case = true)]
    scenarios: Vec<String>,
}

#[derive(clap::Args)]
struct DnsServeArgs {
    /// Address to listen on (repeatable) [default: the scenario's addresses, else 127.0.0.1]
    #[arg(long = "addr", value_name = "IP")]
    addrs: Vec<std::net::IpAddr>,
    #[arg(long, default_value_t = 53)]
    port: u16,
    /// Serve this scenario's zones.
    #[arg(long, value_parser = scenario_ids(), ignore_case = true)]
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
    #[command(flatten)]
    run: RunArgs,
    /// Environments to run in (repeatable); default: all of them.
    #[arg(long = "env", value_name = "NAME")]
    envs: Vec<String>,
    /// Do not compile and run the fixtures (C and Go hellos, musl version subjects).
    #[arg(long)]
    no_fixtures: bool,
    /// Probes to run (repeatable); default: all matrix probes.
    #[arg(long = "probe", value_name = "NAME", value_parser = matrix_probe())]
    probes: Vec<&'static Probe>,
    /// Catalogue rows to measure (repeatable, e.g. S2, D21): runs only the
    /// probes and fixtures observing them, shows only their rows.
    #[arg(long = "id", value_name = "ID")]
    ids: Vec<String>,
    /// Seconds before a probe run is killed.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
}

fn catalogue(args: &CatalogueArgs) -> Result<ExitCode, String> {
    if args.json {
        let json = serde_json::to_string_pretty(muslab_catalogue::ENTRIES)
            .map_err(|e| format!("catalogue as JSON: {e}"))?;
        println!("{json}");
    } else {
        print_quietly(&muslab_catalogue::to_markdown());
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Matrix(args) => matrix(args),
        Command::BenchReport(args) => muslab::bench_report::cli::run(&args),
        Command::Check(args) => muslab::container::check_image::run(&args),
        Command::Dns(args) => dns(args),
        Command::Catalogue(args) => catalogue(&args),
        Command::Probe(args) => muslab::container::probe_in::run(&args),
        Command::CrossImage(args) => muslab::container::cross_image::run(&args),
        Command::Explain(args) => muslab::explain::run(&args),
        Command::Compare(args) => Ok(muslab::compare::run(&args)),
        Command::Docs(args) => docs(&args),
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
    // Ctrl-C: remove the engine environments' containers and subject
    // files, kill the runs.
    muslab::container::leftovers::remove_on_interrupt()?;
    let Run {
        build_dir,
        targets,
        json,
        out,
        quiet,
        full,
    } = args.run.resolve();
    let ids = args
        .ids
        .iter()
        .map(|t| muslab::selection::parse_id(t))
        .collect::<Result<Vec<_>, _>>()?;
    let subjects = muslab::selection::subjects(&ids, &args.probes, args.no_fixtures)?;
    // Before anything is built or written under the build dir.
    let probes = runner::locate_probes(&build_dir, &targets, &subjects.probes)?;
    let mut plain = Vec::new();
    if subjects.hellos {
        plain.extend(muslab::fixtures::build_hellos(&build_dir, &targets)?);
    }
    if subjects.debian_hellos {
        plain.extend(muslab::fixtures::build_debian_hellos(&build_dir, &targets)?);
    }
    let scoped =
        muslab::fixtures::build_scoped(&build_dir, &targets, subjects.go, subjects.musl_versions)?;
    let mut environments = muslab::environment::registry::select(&build_dir, &args.envs)?;
    let plan = Plan {
        build_dir,
        targets,
        probes,
        timeout: Duration::from_secs(args.timeout),
        quiet,
        plain,
        scoped,
    };
    let m = runner::run(&plan, &mut environments)?.restrict_to(&ids);
    publish(&m, json, full, out.as_ref(), "matrix", true)
}

fn dns(args: DnsArgs) -> Result<ExitCode, String> {
    // Ctrl-C: kill the DNS servers and the probes in their namespaces.
    muslab::container::leftovers::remove_on_interrupt()?;
    let run = args.run.resolve();
    let scenarios = if args.scenarios.is_empty() {
        muslab_dns::scenario::all()
    } else {
        args.scenarios
            .iter()
            .map(|id| {
                muslab_dns::scenario::by_id(id)
                    .ok_or_else(|| format!("'{id}' is not a DNS scenario"))
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let m = muslab::dns_matrix::run(&run.build_dir, &run.targets, &scenarios, run.quiet)?;
    publish(&m, run.json, run.full, run.out.as_ref(), "dns", false)
}

/// Prints a matrix (JSON or the terminal table) and, unless told not to,
/// writes `<stem>.json`, `<stem>.md` and, for the main matrix, index.html.
fn publish(
    m: &Matrix,
    json: bool,
    full: bool,
    out: Option<&PathBuf>,
    stem: &str,
    html: bool,
) -> Result<ExitCode, String> {
    if json {
        print_quietly(&(m.to_json() + "\n"));
    } else {
        let style = render::terminal::Style {
            colour: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            full,
            width: render::terminal_width(),
        };
        print_quietly(&render::terminal::render(m, &style));
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
