//! Drives a run: arguments -> options, paths -> items (walked in a thread of
//! their own), items judged in parallel (rayon) in bounded chunks, results
//! printed in input order while the next chunk is judged.

use crate::analysis::{check_file, FileReport, Options};
use crate::archive::check_archive;
use crate::floors::DottedVersion;
use crate::inputs::{expand, Item};
use crate::json_output::{ArchiveNote, JsonStream, PathError, RequirementFailure, Summary};
use crate::read_source::{has_elf_magic, io_text, ReadError};
use crate::render_text::{brief_line, full_report_once, ReasonCounts};
use crate::require::Requirement;
use crate::rootfs::Rootfs;
use crate::script::{check_script, read_shebang, ScriptReport};
use crate::CheckArgs;
use rayon::prelude::*;
use std::io::Write;
use std::ops::ControlFlow;
use std::sync::Arc;

/// Items judged per parallel batch. With the channels' bounds, at most
/// 2 x CHUNK items wait to be judged and about four chunks of reports are
/// in flight (one judged, two queued, one printing): memory stays flat on
/// huge trees.
const CHUNK: usize = 512;

enum Outcome {
    Report(Box<FileReport>),
    Archive {
        path: String,
        reports: Vec<FileReport>,
        errors: Vec<PathError>,
        tag_problems: Vec<String>,
    },
    Error(PathError),
    Script(Box<ScriptReport>),
    Skipped,
}

enum Sink<'w> {
    Text {
        out: &'w mut dyn Write,
        brief: bool,
        printed: usize,
    },
    Json(JsonStream<'w>),
}

struct State<'w> {
    sink: Sink<'w>,
    reqs: Vec<Requirement>,
    errors: Vec<PathError>,
    req_failures: Vec<RequirementFailure>,
    archives: Vec<ArchiveNote>,
    scripts: Vec<ScriptReport>,
    summary: Summary,
    /// Fixes printed in full so far (text output names them once).
    fixes_shown: std::collections::HashSet<String>,
    reasons: ReasonCounts,
}

impl State<'_> {
    fn report(&mut self, r: &FileReport) -> std::io::Result<()> {
        self.summary.files += 1;
        self.reasons.add(r);
        match &mut self.sink {
            Sink::Text {
                out, brief: true, ..
            } => writeln!(out, "{}", brief_line(r))?,
            Sink::Text {
                out,
                brief: false,
                printed,
            } => {
                if *printed > 0 {
                    writeln!(out)?;
                }
                *printed += 1;
                write!(out, "{}", full_report_once(r, &mut self.fixes_shown))?;
            }
            Sink::Json(j) => j.file(r)?,
        }
        for req in &self.reqs {
            if let Err(reason) = req.check(r) {
                if !matches!(self.sink, Sink::Json(_)) {
                    eprintln!(
                        "muslab check: {}: requirement {} not met: {reason}",
                        r.path,
                        req.label()
                    );
                }
                self.req_failures.push(RequirementFailure {
                    path: r.path.clone(),
                    requirement: req.label(),
                    reason,
                });
            }
        }
        Ok(())
    }

    fn error(&mut self, e: PathError) {
        eprintln!("muslab check: {}: {}", e.path, e.error);
        self.errors.push(e);
    }

    fn outcome(&mut self, o: Outcome) -> std::io::Result<()> {
        match o {
            Outcome::Report(r) => self.report(&r)?,
            Outcome::Error(e) => self.error(e),
            Outcome::Skipped => self.summary.skipped_non_elf += 1,
            Outcome::Script(sr) => {
                self.summary.scripts += 1;
                if let Sink::Text { out, .. } = &mut self.sink {
                    let verdicts: Vec<String> = sr
                        .verdicts
                        .iter()
                        .map(|v| match &v.problem {
                            None => format!("{}=runs", v.env),
                            Some(p) => format!("{}=FAILS ({p})", v.env),
                        })
                        .collect();
                    writeln!(
                        out,
                        "{}: script #!{}{} | {}",
                        sr.path,
                        sr.shebang.interpreter,
                        sr.shebang
                            .argument
                            .as_deref()
                            .map(|a| format!(" {a}"))
                            .unwrap_or_default(),
                        verdicts.join(" ")
                    )?;
                }
                self.scripts.push(*sr);
            }
            Outcome::Archive {
                path,
                reports,
                errors,
                tag_problems,
            } => {
                for r in &reports {
                    self.report(r)?;
                }
                for e in errors {
                    self.error(e);
                }
                for p in &tag_problems {
                    if !matches!(self.sink, Sink::Json(_)) {
                        eprintln!("muslab check: {path}: {p}");
                    }
                    self.req_failures.push(RequirementFailure {
                        path: path.clone(),
                        requirement: "wheel-tag".into(),
                        reason: p.clone(),
                    });
                }
                self.archives.push(ArchiveNote { path, tag_problems });
            }
        }
        Ok(())
    }
}

fn options(args: &CheckArgs, reqs: &[Requirement], image: Option<&str>) -> Result<Options, String> {
    let mut opts = Options::default();
    if !args.glibc.is_empty() {
        opts.glibc_targets.clear();
    }
    for g in &args.glibc {
        let v = DottedVersion::parse(g.trim())
            .ok_or_else(|| format!("--glibc {g}: not a version like 2.28"))?;
        opts.glibc_targets.push(v);
    }
    if let Some(m) = &args.musl {
        opts.musl_version = DottedVersion::parse(m.trim())
            .ok_or_else(|| format!("--musl {m}: not a version like 1.2.4"))?;
    }
    for r in reqs {
        if let Requirement::GlibcAtMost(v) = r {
            if !opts.glibc_targets.contains(v) {
                opts.glibc_targets.push(v.clone());
            }
        }
    }
    if let Some(root) = &args.root {
        if !root.is_dir() {
            return Err(format!("--root {}: not a directory", root.display()));
        }
        opts.rootfs = Arc::new(match image {
            Some(image) => Rootfs::of_image(root, image),
            None => Rootfs::new(root),
        });
    }
    Ok(opts)
}

fn judge(item: Item, opts: &Options) -> Outcome {
    match item {
        Item::Error { path, error } => Outcome::Error(PathError {
            path: opts.rootfs.shown_path(&path),
            error,
        }),
        Item::File { path, explicit } => {
            if !explicit {
                match has_elf_magic(&path) {
                    Ok(true) => {}
                    Ok(false) => return Outcome::Skipped,
                    Err(e) => {
                        return Outcome::Error(PathError {
                            path: opts.rootfs.shown_path(&path),
                            error: io_text(&e),
                        })
                    }
                }
            }
            if explicit && matches!(has_elf_magic(&path), Ok(false)) {
                if let Ok(Some(shebang)) = read_shebang(&path) {
                    let display = opts.rootfs.shown_path(&path);
                    return Outcome::Script(Box::new(check_script(
                        &display,
                        shebang,
                        &opts.rootfs,
                    )));
                }
            }
            match check_file(&path, opts) {
                Ok(mut r) => {
                    r.shed_symbol_tables();
                    Outcome::Report(Box::new(r))
                }
                Err(ReadError::Elf(crate::elf_read::ElfError::NotElf)) if !explicit => {
                    Outcome::Skipped
                }
                Err(e) => Outcome::Error(PathError {
                    path: opts.rootfs.shown_path(&path),
                    error: e.to_string(),
                }),
            }
        }
        Item::Archive { path, kind } => match check_archive(&path, kind, opts) {
            Ok(mut a) => Outcome::Archive {
                path: opts.rootfs.shown_path(&path),
                reports: {
                    a.reports
                        .iter_mut()
                        .for_each(FileReport::shed_symbol_tables);
                    a.reports
                },
                errors: a
                    .errors
                    .into_iter()
                    .map(|(path, error)| PathError { path, error })
                    .collect(),
                tag_problems: a.tag_problems,
            },
            Err(error) => Outcome::Error(PathError {
                path: path.display().to_string(),
                error,
            }),
        },
    }
}

/// An image's root, extracted for one run and removed after it.
struct ExtractedRoot(std::path::PathBuf);

impl Drop for ExtractedRoot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs with output to `out`; returns the exit status. A `--root` file is
/// taken as a `docker save` or `docker export` tarball (see [`run_in_image`]).
pub fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<u8, String> {
    match args.root.as_ref().filter(|r| r.is_file()) {
        Some(tarball) => {
            let dir =
                std::env::temp_dir().join(format!("muslab-check-root-{}", std::process::id()));
            run_in_image(args, tarball, &tarball.display().to_string(), &dir, out)
        }
        None => run_with(args, None, out),
    }
}

/// Judges `args` against the root file system of the image `image`, whose
/// `save` or `export` tarball is `tarball`: the root is extracted into
/// `into` (layers in order, whiteouts honoured) and removed afterwards.
/// Absolute paths name files inside the image and are shown so; relative
/// ones are this machine's files, judged as if they ran in the image.
pub fn run_in_image(
    args: &CheckArgs,
    tarball: &std::path::Path,
    image: &str,
    into: &std::path::Path,
    out: &mut dyn Write,
) -> Result<u8, String> {
    let _extracted = ExtractedRoot(into.to_owned());
    crate::image_root::extract(tarball, into).map_err(|e| format!("{image}: {e}"))?;
    let mut args = args.clone();
    args.root = Some(into.to_owned());
    for p in &mut args.paths {
        if let Ok(inside) = p.strip_prefix("/") {
            *p = into.join(inside);
        }
    }
    run_with(&args, Some(image), out)
}

fn run_with(args: &CheckArgs, image: Option<&str>, out: &mut dyn Write) -> Result<u8, String> {
    let reqs: Vec<Requirement> = args
        .require
        .iter()
        .map(|r| Requirement::parse(r))
        .collect::<Result<_, _>>()?;
    let opts = options(args, &reqs, image)?;
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        match &args.root {
            Some(r) => paths.push(r.clone()),
            None => return Err("no files given (try --help)".into()),
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;

    let sink = if args.json {
        Sink::Json(JsonStream::start(out, &opts).map_err(|e| e.to_string())?)
    } else {
        Sink::Text {
            out,
            brief: args.brief,
            printed: 0,
        }
    };
    let mut state = State {
        sink,
        reqs,
        errors: Vec::new(),
        req_failures: Vec::new(),
        archives: Vec::new(),
        scripts: Vec::new(),
        summary: Summary::default(),
        fixes_shown: Default::default(),
        reasons: ReasonCounts::default(),
    };

    // Three stages, each in its own thread: the walk (directory reads) finds
    // items, the workers judge them a chunk at a time, and this thread prints
    // the outcomes in input order. Bounded channels keep memory flat; the
    // printing and the walk overlap with the judging instead of pausing it.
    let (items, found) = std::sync::mpsc::sync_channel::<Item>(2 * CHUNK);
    let (judged, to_print) = std::sync::mpsc::sync_channel::<Vec<Outcome>>(2);
    let mut io_result: std::io::Result<()> = Ok(());
    std::thread::scope(|scope| {
        let paths = &paths;
        let (pool, opts) = (&pool, &opts);
        // A send fails when the next stage has stopped (output closed, as
        // with `| head`): then this stage stops too.
        scope.spawn(move || {
            for p in paths {
                let sent = expand(p, &mut |item| match items.send(item) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(_) => ControlFlow::Break(()),
                });
                if sent.is_break() {
                    return;
                }
            }
        });
        scope.spawn(move || {
            let judge_chunk = |chunk: Vec<Item>| -> Vec<Outcome> {
                pool.install(|| chunk.into_par_iter().map(|i| judge(i, opts)).collect())
            };
            let mut chunk: Vec<Item> = Vec::with_capacity(CHUNK);
            for item in found {
                chunk.push(item);
                if chunk.len() >= CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    if judged.send(judge_chunk(full)).is_err() {
                        return;
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = judged.send(judge_chunk(chunk));
            }
        });
        'print: for outcomes in to_print {
            for o in outcomes {
                io_result = state.outcome(o);
                if io_result.is_err() {
                    break 'print;
                }
            }
        }
    });
    if let Err(e) = io_result {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("writing output: {e}"));
        }
        // The reader went away (`| head`) and the scan stopped there: no
        // summary, since its counts would describe a tree only partly seen.
        return Ok(exit_status(&state.errors, &state.req_failures));
    }
    // Nothing judged: one line says so, in place of the summary.
    let nothing_judged =
        !state.reqs.is_empty() && state.summary.files == 0 && state.summary.scripts == 0;
    if nothing_judged {
        let mut shown: Vec<String> = paths.iter().map(|p| opts.rootfs.shown_path(p)).collect();
        if let Some(image) = opts.rootfs.image() {
            shown.insert(0, format!("image {image}:"));
        }
        let skipped = match state.summary.skipped_non_elf {
            0 => String::new(),
            1 => " (1 non-ELF file skipped)".to_owned(),
            n => format!(" ({n} non-ELF files skipped)"),
        };
        state.error(PathError {
            path: shown.join(" "),
            error: format!(
                "no ELF file found{skipped}: nothing meets --require (an empty directory, \
                 or an archive or image without ELF files)"
            ),
        });
    }
    state.summary.errors = state.errors.len();
    state.summary.requirement_failures = state.req_failures.len();
    let State {
        sink,
        errors,
        req_failures,
        archives,
        scripts,
        summary,
        reasons,
        ..
    } = state;
    match sink {
        Sink::Json(j) => {
            if let Err(e) = j.finish(&archives, &scripts, &errors, &req_failures, &summary) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(format!("writing output: {e}"));
                }
            }
        }
        Sink::Text { out, .. } => {
            let _ = out.flush();
            // On stderr with the counts below: stdout stays one line (or
            // one block) per file.
            if summary.files > 1 {
                eprint!("{}", reasons.render(summary.files));
            }
            if !nothing_judged
                && (summary.files + summary.errors > 1 || summary.skipped_non_elf > 0)
            {
                eprintln!(
                    "muslab check: {} ELF files, {} non-ELF skipped, {} errors, {} requirement failures",
                    summary.files, summary.skipped_non_elf, summary.errors, summary.requirement_failures
                );
            }
        }
    }
    Ok(exit_status(&errors, &req_failures))
}

/// 2 when a path could not be checked, 1 when a requirement failed, else 0.
fn exit_status(errors: &[PathError], req_failures: &[RequirementFailure]) -> u8 {
    if !errors.is_empty() {
        2
    } else if !req_failures.is_empty() {
        1
    } else {
        0
    }
}
