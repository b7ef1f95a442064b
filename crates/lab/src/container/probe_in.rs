//! `muslab probe --image IMG` and `--container NAME`: the static musl probes
//! of the image's architecture run inside a user's image, each in a
//! temporary container (created, the probe copied in as its entrypoint,
//! started attached, removed), or inside a user's running container (copied
//! in, `exec`ed with `--remove-self` so it deletes itself, as the container
//! may have no shell or `rm`); their reports, and every check that differs
//! from the same probe on this machine. Ctrl-C and SIGTERM remove what the
//! run put into the engine (see `leftovers`); a probe already running inside
//! a user's container finishes there on its own.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use serde::Serialize;

use muslab_report::probes;
use muslab_report::{Check, Report};
use muslab_sys::process;

use super::handle::{self, unique_name};
use super::leftovers::{self, Leftover};
use super::{Container, EngineCommand};
use crate::target::Target;

#[derive(clap::Args, Debug)]
pub struct ProbeArgs {
    /// The image to probe (a name the engine knows; nothing is pulled).
    #[arg(
        long,
        required_unless_present = "container",
        conflicts_with = "container"
    )]
    pub image: Option<String>,
    /// A running container to probe: the probes are copied in, run with
    /// the engine's exec and removed again.
    #[arg(long)]
    pub container: Option<String>,
    /// podman or docker; default: MUSLAB_ENGINE, else the first found in PATH.
    #[arg(long)]
    pub engine: Option<String>,
    /// Print one JSON document instead of text.
    #[arg(long)]
    pub json: bool,
    /// Where the probes were built (`make probes`); default: the workspace's target/.
    #[arg(long)]
    pub build_dir: Option<PathBuf>,
    /// Seconds each probe may run.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}

/// Where the probe is copied inside the temporary container.
const PROBE_PATH: &str = "/.muslab-probe";

/// One check whose behaviour in the image differs from this machine's.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    pub probe: String,
    pub id: String,
    pub case: String,
    pub title: String,
    pub image: String,
    pub host: String,
}

/// What is probed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Image(String),
    /// A running container, by name or id.
    Container(String),
}

#[derive(Debug, Serialize)]
pub struct ProbeResult {
    /// The image probed, or the running container's image.
    pub image: String,
    /// The running container probed (`--container`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    pub target: String,
    pub reports: Vec<Report>,
    pub differences: Vec<Difference>,
}

/// The musl target whose static probes run on an image's architecture
/// (the engine's `Architecture`: Go's GOARCH names).
pub fn musl_target_for(arch: &str) -> Result<Target, String> {
    match arch {
        "amd64" => Ok(Target::new("x86_64-unknown-linux-musl")),
        "386" => Ok(Target::new("i686-unknown-linux-musl")),
        other => Err(format!(
            "image architecture {other}: muslab builds probes for amd64 and 386 only"
        )),
    }
}

pub fn run(args: &ProbeArgs) -> Result<ExitCode, String> {
    let (engine, build_dir) =
        match EngineCommand::choose_or_exit(args.engine.as_deref(), args.build_dir.as_deref()) {
            Ok(chosen) => chosen,
            Err(code) => return Ok(code),
        };
    leftovers::remove_on_interrupt()?;
    let subject = match (&args.image, &args.container) {
        (_, Some(c)) => Subject::Container(c.clone()),
        (Some(i), None) => Subject::Image(i.clone()),
        (None, None) => return Err("give --image or --container".into()),
    };
    let result = probe(
        &engine,
        &subject,
        &build_dir,
        Duration::from_secs(args.timeout),
    );
    leftovers::settle();
    let result = result?;
    if args.json {
        let text =
            serde_json::to_string_pretty(&result).map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
    } else {
        print_text(&result);
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs every matrix probe of the image's architecture in `subject`.
pub fn probe(
    engine: &EngineCommand,
    subject: &Subject,
    build_dir: &Path,
    timeout: Duration,
) -> Result<ProbeResult, String> {
    // The image by id (for its architecture) and as the user named it.
    let (image_id, image, container) = match subject {
        Subject::Image(i) => (i.clone(), i.clone(), None),
        Subject::Container(c) => {
            let (id, name) = running_image(engine, c)?;
            (id, name, Some(c.clone()))
        }
    };
    let arch = engine.ok(&[
        "image",
        "inspect",
        "--format",
        "{{.Architecture}}",
        &image_id,
    ])?;
    let target = musl_target_for(arch.trim())?;
    let mut reports = Vec::new();
    let mut differences = Vec::new();
    for p in probes::matrix_probes() {
        let binary = probes::binary(build_dir, &target, p)?;
        let report = match &container {
            None => run_in_image(engine, &image, &binary, timeout)?,
            Some(c) => run_in_container(engine, c, &binary, timeout)?,
        };
        let host = run_on_host(&binary, timeout)?;
        differences.extend(differing(&report, &host));
        reports.push(report);
    }
    Ok(ProbeResult {
        image,
        container,
        target: target.triple.clone(),
        reports,
        differences,
    })
}

fn parse(what: &str, out: &process::ProcessOutput) -> Result<Report, String> {
    if !out.success() {
        let said = out.stderr.lines().next().unwrap_or("").trim();
        return Err(format!("{what}: {}: {said}", out.exit));
    }
    Report::from_json(&out.stdout).map_err(|e| format!("{what}: no report: {e}"))
}

/// create (the probe as entrypoint), copy the probe in, start attached;
/// the container, and the probe with it, is removed when `c` drops.
fn run_in_image(
    engine: &EngineCommand,
    image: &str,
    binary: &Path,
    timeout: Duration,
) -> Result<Report, String> {
    let c = Container::create(
        engine,
        image,
        unique_name("probe"),
        &[
            "--network".into(),
            "none".into(),
            "--entrypoint".into(),
            PROBE_PATH.into(),
        ],
        &["--json"],
    )?;
    c.copy_in(binary, PROBE_PATH)?;
    let out = c
        .start_attached(timeout)
        .map_err(|e| format!("cannot start {}: {e}", c.name()))?;
    parse(&format!("{} in {image}", binary.display()), &out)
}

/// The image of the running container `name`: its id and the name it was
/// started from; an error when it does not exist or is not running.
fn running_image(engine: &EngineCommand, name: &str) -> Result<(String, String), String> {
    let state = engine.ok(&[
        "container",
        "inspect",
        "--format",
        "{{.State.Running}} {{.Image}} {{.Config.Image}}",
        name,
    ])?;
    match state.split_whitespace().collect::<Vec<_>>()[..] {
        ["true", id, image] => Ok((id.to_owned(), image.to_owned())),
        ["false", ..] => Err(format!(
            "container {name} is not running: start it, or probe its image with --image"
        )),
        _ => Err(format!(
            "{} container inspect {name}: unexpected answer '{}'",
            engine.engine.program(),
            state.trim()
        )),
    }
}

/// Copies the probe into the running container under a name of its own,
/// `exec`s it with `--remove-self`, and makes sure it is gone afterwards.
fn run_in_container(
    engine: &EngineCommand,
    container: &str,
    binary: &Path,
    timeout: Duration,
) -> Result<Report, String> {
    let path = format!("/.{}", unique_name("probe"));
    let copied = leftovers::register(Leftover::File {
        engine: engine.clone(),
        container: container.to_owned(),
        path: path.clone(),
    });
    let ran = handle::copy_in(engine, container, binary, &path).and_then(|()| {
        let mut cmd = engine.command();
        cmd.args(["exec", container, &path, "--remove-self", "--json"]);
        process::run(cmd, timeout)
            .map_err(|e| format!("cannot run {} exec: {e}", engine.engine.program()))
    });
    // A probe that ran deleted itself; one that did not start, or a copy
    // that failed half-way, is removed here.
    let removed = match &ran {
        Ok(out) if out.success() => Ok(()),
        _ => handle::remove_file_in(engine, container, &path),
    };
    drop(copied);
    let out = ran?;
    removed?;
    parse(
        &format!("{} in container {container}", binary.display()),
        &out,
    )
}

fn run_on_host(binary: &Path, timeout: Duration) -> Result<Report, String> {
    let mut cmd = Command::new(binary);
    cmd.arg("--json");
    let out = process::run(cmd, timeout).map_err(|e| format!("{}: {e}", binary.display()))?;
    parse(&format!("{} on this machine", binary.display()), &out)
}

fn shown(c: &Check) -> String {
    match &c.status {
        muslab_report::Status::Ok => c.observed.to_string(),
        s => s.to_string(),
    }
}

/// The checks of `image` whose status or observed behaviour differs from
/// the same check in `host` (same id and case).
pub fn differing(image: &Report, host: &Report) -> Vec<Difference> {
    image
        .checks
        .iter()
        .filter_map(|c| {
            let h = host
                .checks
                .iter()
                .find(|h| h.id == c.id && h.case == c.case);
            let same =
                h.is_some_and(|h| h.status == c.status && c.observed.same_behaviour(&h.observed));
            (!same).then(|| Difference {
                probe: image.probe.clone(),
                id: c.id.to_string(),
                case: c.case.clone(),
                title: c.title.clone(),
                image: shown(c),
                host: h.map(shown).unwrap_or_else(|| "(no such check)".into()),
            })
        })
        .collect()
}

fn print_text(r: &ProbeResult) {
    match &r.container {
        Some(c) => println!(
            "muslab probe: container {c}, image {} ({} probes)",
            r.image, r.target
        ),
        None => println!("muslab probe: {} ({} probes)", r.image, r.target),
    }
    for rep in &r.reports {
        let failed = rep
            .checks
            .iter()
            .filter(|c| c.status != muslab_report::Status::Ok)
            .count();
        println!(
            "  {}: {} checks, {failed} not ok",
            rep.probe,
            rep.checks.len()
        );
    }
    if r.differences.is_empty() {
        println!("no check differs from this machine");
        return;
    }
    println!("differs from this machine ({}):", r.differences.len());
    for d in &r.differences {
        println!(
            "  {} {} {} ({}): image {} | host {}",
            d.probe, d.id, d.case, d.title, d.image, d.host
        );
    }
}
