//! The lab's images: each rootfs box (see `crate::rootfs`) imported as
//! `muslab/<box>:<stamp>`, where the stamp is a hash of the box's manifest,
//! so a box rebuilt from other sources gets a new image and an unchanged box
//! reuses the one the engine already has. No registry is involved: the image
//! is `import`ed from a tarball of the box written under the build dir, and
//! also tagged `:latest` for people typing commands.

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

use muslab_sys::process;

use super::engine::EngineCommand;
use crate::rootfs::{self, Rootfs};

/// The repository part of every lab image's name.
pub const REPOSITORY: &str = "muslab";

/// Imports of one image in one process happen one at a time.
static IMPORTING: Mutex<()> = Mutex::new(());

/// FNV-1a: a stable hash for the cache tag (std's hasher may change
/// between Rust releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The image name for a rootfs: `muslab/<box name>:<stamp>`.
pub fn name_for(root: &Rootfs) -> Result<String, String> {
    let manifest = rootfs::manifest_of(&root.dir)?;
    Ok(stamped(
        &format!("{REPOSITORY}/{}", root.flavour.name().replace('+', "-")),
        &manifest,
    ))
}

/// `<repository>:<hash of manifest>`.
fn stamped(repository: &str, manifest: &str) -> String {
    format!("{repository}:{:016x}", fnv1a(manifest.as_bytes()))
}

/// Returns the image of `root`, importing it unless the engine has it.
pub fn ensure(engine: &EngineCommand, root: &Rootfs, build_dir: &Path) -> Result<String, String> {
    let name = name_for(root)?;
    ensure_stamped(engine, &root.dir, &name, "latest", build_dir)
}

/// Returns `<repository>:<hash of manifest>`, imported from `dir` unless the
/// engine has it, and tags it `<repository>:<alias>` too.
pub fn ensure_dir(
    engine: &EngineCommand,
    dir: &Path,
    repository: &str,
    manifest: &str,
    alias: &str,
    build_dir: &Path,
) -> Result<String, String> {
    ensure_stamped(
        engine,
        dir,
        &stamped(repository, manifest),
        alias,
        build_dir,
    )
}

fn ensure_stamped(
    engine: &EngineCommand,
    dir: &Path,
    name: &str,
    alias: &str,
    build_dir: &Path,
) -> Result<String, String> {
    let _one = IMPORTING.lock().unwrap_or_else(|p| p.into_inner());
    if engine
        .ok(&["image", "inspect", "--format", "{{.Id}}", name])
        .is_err()
    {
        import_dir(engine, dir, name, build_dir)?;
    }
    // A stable name for people (the README's commands, Cross.toml): the
    // current stamp.
    if let Some((repo, _)) = name.rsplit_once(':') {
        engine.ok(&["tag", name, &format!("{repo}:{alias}")])?;
    }
    Ok(name.to_owned())
}

/// `tar` of `dir` under the build dir, `engine import` of it as `name`, the
/// tarball removed again.
pub fn import_dir(
    engine: &EngineCommand,
    dir: &Path,
    name: &str,
    build_dir: &Path,
) -> Result<(), String> {
    let tmp = build_dir.join("muslab").join("engine");
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let tar = tmp.join(format!("import-{}.tar", std::process::id()));
    let mut cmd = Command::new("tar");
    cmd.arg("-C")
        .arg(dir)
        .arg("--numeric-owner")
        .arg("-cf")
        .arg(&tar)
        .arg(".");
    let packed = process::run(cmd, Duration::from_secs(120))
        .map_err(|e| format!("cannot run tar: {e}"))
        .and_then(|out| {
            if out.success() {
                Ok(())
            } else {
                Err(format!(
                    "tar of {} failed: {}",
                    dir.display(),
                    out.stderr.trim()
                ))
            }
        });
    let imported = packed.and_then(|()| {
        engine
            .ok(&[
                std::ffi::OsStr::new("import"),
                tar.as_os_str(),
                name.as_ref(),
            ])
            .map(drop)
    });
    let _ = std::fs::remove_file(&tar);
    imported
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_hash_is_fnv1a() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
