use std::path::Path;
use std::time::Duration;

use super::{Environment, EnvironmentId, ProcessOutput, Support};
use crate::target::Target;

/// Alpine's gcompat: a glibc-compatibility shim over musl (a loader named
/// ld-linux-x86-64.so.2 that adds glibc-only symbols). Not packaged for
/// Debian, so this column is shown as not available rather than guessed.
pub struct Gcompat;

pub const REASON: &str = "gcompat is not packaged for Debian 12, so it cannot be installed here; on Alpine: apk add gcompat";

impl Environment for Gcompat {
    fn id(&self) -> EnvironmentId {
        EnvironmentId::MuslGcompat
    }

    fn describe(&self) -> String {
        format!("the musl rootfs plus gcompat: not available here ({REASON})")
    }

    fn supports(&self, _target: &Target) -> Support {
        Support::NotAvailable(REASON.into())
    }

    fn run(
        &self,
        _binary: &Path,
        _args: &[&str],
        _timeout: Duration,
    ) -> std::io::Result<ProcessOutput> {
        Err(std::io::Error::other(REASON))
    }
}
