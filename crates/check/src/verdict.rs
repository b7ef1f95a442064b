//! The answer for one file in one environment.

use crate::verdict_env::VerdictEnv;
use muslab_catalogue::Id;
use serde::{Deserialize, Serialize};

/// Why a start fails, as a stable machine-readable word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailReason {
    /// PT_INTERP names a loader the environment lacks: exec returns ENOENT (S1).
    MissingInterpreter,
    /// A DT_NEEDED library is not found.
    MissingLibrary,
    /// glibc: a needed symbol version (`GLIBC_2.34`) is not defined by the library.
    MissingVersion,
    /// musl (all symbols bound at start-up) or glibc: an import is defined nowhere.
    MissingSymbol,
    /// musl's loader does not implement a relocation type the file uses (IRELATIVE, D05).
    UnsupportedRelocation,
    /// The CPU cannot run this architecture (ENOEXEC, "Exec format error").
    WrongArchitecture,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// Starts, and the libc that runs it is the one it was built for.
    Runs,
    /// Starts, but on the other libc: the listed catalogue rows apply.
    RunsDifferently { ids: Vec<Id> },
    /// Does not start. `message` is what the user will see.
    Fails {
        reason: FailReason,
        message: String,
        details: Vec<String>,
    },
    /// Cannot be decided from the file alone (e.g. depends on what gcompat implements).
    Unknown { why: String },
    /// The question does not apply (an object file, a library in a qemu environment ...).
    NotApplicable { why: String },
}

impl Verdict {
    /// Whether the file starts (perhaps behaving differently).
    pub fn starts(&self) -> bool {
        matches!(self, Self::Runs | Self::RunsDifferently { .. })
    }
    /// This verdict for a file whose imports could not all be read: "starts"
    /// rests on every import being found, so it becomes unknown; a failure
    /// found among the imports that were read stands.
    pub fn with_imports_unread(self, why: &str) -> Self {
        if self.starts() {
            Self::Unknown { why: why.into() }
        } else {
            self
        }
    }
    /// A short word for `--brief` and tables.
    pub fn word(&self) -> &'static str {
        match self {
            Self::Runs => "runs",
            Self::RunsDifferently { .. } => "differs",
            Self::Fails { .. } => "FAILS",
            Self::Unknown { .. } => "unknown",
            Self::NotApplicable { .. } => "n/a",
        }
    }
}

/// One environment's verdict with the assumption it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvVerdict {
    /// Where it holds (`host`, `glibc-2.28`, `musl-rootfs` ...).
    pub env: VerdictEnv,
    /// What the environment is assumed to contain.
    pub assumes: String,
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Caveats that do not change the verdict.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}
