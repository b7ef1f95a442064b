//! D33: stat on a file whose inode number needs more than 32 bits. An
//! i686 glibc program built without `_FILE_OFFSET_BITS=64` (the `libc`
//! crate's `stat` on i686-unknown-linux-gnu) has a 32-bit `st_ino` and gets
//! EOVERFLOW; musl's ino_t is always 64-bit. The inode is made in a mount
//! namespace of a forked child: overlayfs with `xino=on` puts the layer
//! number in the top bits of lower-layer inode numbers (above 2^63), over
//! two tmpfs mounted `inode32`. Needs root; everything vanishes with the
//! child's namespace.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::Duration;

use muslab_catalogue::Id;
use muslab_report::{Check, Observed, Status};
use muslab_sys::fork::run_in_child;
use muslab_sys::namespace;
use muslab_sys::stat::{ino_bits, stat_inode};

fn c(path: &Path) -> Result<CString, String> {
    CString::new(path.as_os_str().as_bytes()).map_err(|e| e.to_string())
}

fn step<T>(what: &str, r: std::io::Result<T>) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e}"))
}

/// Builds the overlay under `base` and returns (inode as std sees it,
/// `stat`'s result shown, the fix's result shown).
fn make_and_stat(base: &Path) -> Result<(u64, String), String> {
    step(
        "unshare(CLONE_NEWNS)",
        namespace::unshare(libc::CLONE_NEWNS),
    )?;
    step("make / private", namespace::make_mounts_private())?;
    step("mount tmpfs", namespace::mount_tmpfs(&c(base)?))?;
    let (lower, upper, merged) = (base.join("l"), base.join("u"), base.join("m"));
    for d in [&lower, &upper, &merged] {
        step("mkdir", std::fs::create_dir(d))?;
    }
    for d in [&lower, &upper] {
        step(
            "mount tmpfs inode32",
            namespace::mount_with_options(c"tmpfs", &c(d)?, c"tmpfs", c"inode32"),
        )?;
    }
    step("mkdir", std::fs::create_dir(upper.join("up")))?;
    step("mkdir", std::fs::create_dir(upper.join("work")))?;
    step("write", std::fs::write(lower.join("f"), b"x"))?;
    let options = format!(
        "lowerdir={},upperdir={},workdir={},xino=on",
        lower.display(),
        upper.join("up").display(),
        upper.join("work").display()
    );
    let options = CString::new(options).map_err(|e| e.to_string())?;
    step(
        "mount overlay xino=on",
        namespace::mount_with_options(c"overlay", &c(&merged)?, c"overlay", &options),
    )?;
    let file = merged.join("f");
    let inode = step("std::fs::metadata", std::fs::metadata(&file))?.ino();
    if inode <= u64::from(u32::MAX) {
        return Err(format!("overlayfs gave inode {inode}, which fits 32 bits"));
    }
    let shown = match stat_inode(&file) {
        Ok(_) => "ok".to_owned(),
        Err(e) if e.raw_os_error() == Some(libc::EOVERFLOW) => "EOVERFLOW".to_owned(),
        Err(e) => format!("errno {}", e.raw_os_error().unwrap_or(0)),
    };
    Ok((inode, shown))
}

pub fn checks() -> Vec<Check> {
    let title = "stat() of a file with a 64-bit inode number";
    let check = Check::new(Id::D33, "stat:64-bit-inode", title);
    if namespace::euid() != 0 {
        return vec![check.unsupported(
            "needs root: a mount namespace with overlayfs (xino=on) makes the 64-bit inode",
        )];
    }
    let base = std::env::temp_dir().join(format!("muslab-d33-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir(&base) {
        return vec![check.error(format!("mkdir {}: {e}", base.display()))];
    }
    let run = run_in_child(Duration::from_secs(10), |w| match make_and_stat(&base) {
        Ok((inode, shown)) => i32::from(write!(w, "{inode} {shown}").is_err()),
        Err(e) => {
            let _ = write!(w, "{e}");
            3
        }
    });
    let _ = std::fs::remove_dir(&base);
    let bits = ino_bits();
    vec![match run {
        Err(e) => check.error(format!("fork: {e}")),
        Ok(run) if run.success() => {
            let (inode, shown) = run.output.split_once(' ').unwrap_or(("?", &run.output));
            check.ok(
                Observed::text(shown),
                format!("inode {inode} (overlayfs xino); this build's st_ino has {bits} bits"),
            )
        }
        Ok(run) => match run.status() {
            Status::Ok | Status::Error { .. } => {
                check.unsupported(format!("could not make a 64-bit inode: {}", run.output))
            }
            status => check.status(status, Observed::None, run.output),
        },
    }]
}
