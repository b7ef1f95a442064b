//! The probe binaries the matrix runs, and where to find them.

use std::path::{Path, PathBuf};

use crate::target::Target;

/// Probes run by `muslab matrix` with `--json` and no other argument.
pub const MATRIX_PROBES: &[&str] = &[
    "probe-env",
    "probe-stack",
    "probe-stack-zstack",
    "probe-locale",
    "probe-iconv",
    "probe-collate-icu",
];

/// Cargo's target directory as the build used it: `CARGO_TARGET_DIR` if set,
/// else `target` under the workspace root.
pub fn default_build_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

/// The file of one probe built for one target, checked to exist.
pub fn binary(build_dir: &Path, target: &Target, probe: &str) -> Result<PathBuf, String> {
    let path = target.probe_dir(build_dir).join(probe);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: build the probes first with `make probes` (or cargo build --profile probe --target {})",
            path.display(),
            target.triple
        ))
    }
}
