//! `muslab check --image IMG FILE...`: the image's root file system
//! exported by the engine (`create` + `export`, nothing started) and judged
//! by check's one image-root reader (`muslab_check::runner::run_in_image`),
//! with files named and shown by their paths inside the image. The export
//! and its extracted root live under the build dir for the run only; an
//! interrupt removes them and the temporary container (see `leftovers`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::handle::unique_name;
use super::leftovers::{self, Leftover};
use super::{Container, EngineCommand};

/// `muslab check`, plus `--image`.
#[derive(clap::Args, Debug)]
pub struct CheckImageArgs {
    #[command(flatten)]
    pub check: muslab_check::CheckArgs,
    /// Judge the files inside this container image (a name the engine knows;
    /// nothing is pulled): absolute paths and -r directories are read in
    /// the image's root file system and shown as the image sees them;
    /// relative paths are this machine's files run in the image. Exit 3
    /// when no container engine is found.
    #[arg(long, conflicts_with = "root")]
    pub image: Option<String>,
    /// podman or docker for --image; default: MUSLAB_ENGINE, else the first found in PATH.
    #[arg(long, requires = "image")]
    pub engine: Option<String>,
    /// Where --image's root is exported to for the run [default: the
    /// workspace's target/, or $CARGO_TARGET_DIR].
    #[arg(long, requires = "image")]
    pub build_dir: Option<PathBuf>,
}

pub fn run(args: &CheckImageArgs) -> Result<ExitCode, String> {
    let Some(image) = &args.image else {
        return Ok(muslab_check::run(&args.check));
    };
    let (engine, build_dir) =
        match EngineCommand::choose_or_exit(args.engine.as_deref(), args.build_dir.as_deref()) {
            Ok(chosen) => chosen,
            Err(code) => return Ok(code),
        };
    leftovers::remove_on_interrupt()?;
    let dir = std::path::absolute(&build_dir)
        .unwrap_or(build_dir)
        .join("muslab")
        .join(format!("check-image-{}", std::process::id()));
    let _dir = leftovers::register(Leftover::HostPath(dir.clone()));
    let tarball = dir.join("export.tar");
    let exported = export(&engine, image, &tarball);
    let code = exported.and_then(|()| {
        muslab_check::runner::run_in_image(
            &args.check,
            &tarball,
            image,
            &dir.join("root"),
            &mut std::io::stdout().lock(),
        )
    });
    let _ = std::fs::remove_dir_all(&dir);
    leftovers::settle();
    match code {
        Ok(code) => Ok(ExitCode::from(code)),
        Err(e) => {
            eprintln!("muslab check: {e}");
            Ok(ExitCode::from(2))
        }
    }
}

/// `engine create` (not started) and `engine export -o TARBALL`; the
/// container is removed when done.
fn export(engine: &EngineCommand, image: &str, tarball: &Path) -> Result<(), String> {
    if let Some(dir) = tarball.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    // An imported image may have no command; `create` needs one, and it
    // never runs.
    let c = Container::create(
        engine,
        image,
        unique_name("export"),
        &[],
        &["/muslab-export"],
    )?;
    engine
        .ok(&[
            std::ffi::OsStr::new("export"),
            "-o".as_ref(),
            tarball.as_os_str(),
            c.name().as_ref(),
        ])
        .map(drop)
}
