//! `--require`: CI gates in the spirit of auditwheel's policies. A file fails
//! a requirement when the named environment's verdict is not "starts"
//! (`runs` or `runs-differently`); `unknown` fails too, so a gate never
//! passes on a guess. Files the question does not apply to (object files) pass.

use crate::analysis::FileReport;
use crate::environment_id::EnvironmentId;
use crate::floors::DottedVersion;
use crate::verdict::Verdict;
use crate::verdict_env::VerdictEnv;

/// One requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// Starts in a model or real environment (`musl-rootfs`, `musl+libc6-compat`, `host`, `root` ...).
    Env(EnvironmentId),
    /// `glibc<=X.Y`: starts on glibc X.Y (and so on every later one).
    GlibcAtMost(DottedVersion),
    /// `static`: no dynamic loader needed.
    Static,
}

/// The environments check gives a verdict for (the lab's sandboxes and the
/// locale variant of the musl root are not judged by check on its own).
const ENVS: &[EnvironmentId] = &[
    EnvironmentId::MuslRootfs,
    EnvironmentId::MuslLibc6Compat,
    EnvironmentId::MuslGcompat,
    EnvironmentId::MuslBundledGlibc,
    EnvironmentId::Host,
    EnvironmentId::Root,
    EnvironmentId::I686OnX86_64,
    EnvironmentId::QemuUser,
];

impl Requirement {
    /// Parses `musl`, `glibc<=2.28`, `static`, `host` ...
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Some(v) = s.strip_prefix("glibc<=") {
            return DottedVersion::parse(v)
                .map(Self::GlibcAtMost)
                .ok_or_else(|| format!("--require {s}: '{v}' is not a version like 2.28"));
        }
        if s == "static" {
            return Ok(Self::Static);
        }
        if let Some(e) = ENVS.iter().find(|e| e.name() == s) {
            return Ok(Self::Env(*e));
        }
        let names: Vec<&str> = ENVS.iter().map(|e| e.name()).collect();
        Err(format!(
            "--require {s}: unknown requirement (use glibc<=X.Y, static, or one of: {})",
            names.join(", ")
        ))
    }

    /// The environment id this requirement reads.
    pub fn env(&self) -> Option<VerdictEnv> {
        match self {
            Self::Env(e) => Some(VerdictEnv::Env(*e)),
            Self::GlibcAtMost(v) => Some(VerdictEnv::Glibc(v.clone())),
            Self::Static => None,
        }
    }

    /// `Err(reason)` when `report` breaks the requirement.
    pub fn check(&self, report: &FileReport) -> Result<(), String> {
        let kind = report.elf.kind;
        if !kind.is_program() && kind != crate::elf_facts::FileKind::SharedLibrary {
            return Ok(());
        }
        match self {
            Self::Static => {
                if kind.is_static() || !kind.is_program() {
                    Ok(())
                } else {
                    Err(format!(
                        "needs {}",
                        report
                            .elf
                            .interpreter
                            .as_deref()
                            .unwrap_or("a dynamic loader")
                    ))
                }
            }
            _ => {
                let Some(env) = self.env() else {
                    return Ok(());
                };
                let Some(v) = report.verdict(env.clone()) else {
                    return Err(format!("no verdict for environment {env}"));
                };
                match &v.verdict {
                    Verdict::Runs
                    | Verdict::RunsDifferently { .. }
                    | Verdict::NotApplicable { .. } => Ok(()),
                    Verdict::Fails { message, .. } => Err(format!("{env}: {message}")),
                    Verdict::Unknown { why } => Err(format!("{env}: unknown: {why}")),
                }
            }
        }
    }

    /// As written on the command line.
    pub fn label(&self) -> String {
        match self {
            Self::Env(e) => e.name().to_string(),
            Self::GlibcAtMost(v) => format!("glibc<={v}"),
            Self::Static => "static".into(),
        }
    }
}
