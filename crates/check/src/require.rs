//! `--require`: CI gates in the spirit of auditwheel's policies. A file fails
//! a requirement when the named environment's verdict is not "starts"
//! (`runs` or `runs-differently`); `unknown` fails too, so a gate never
//! passes on a guess. Files the question does not apply to (object files) pass.

use crate::analysis::FileReport;
use crate::floors::DottedVersion;
use crate::verdict::Verdict;

/// One requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// Starts in a model or real environment (`musl`, `musl-libc6-compat`, `musl-gcompat`, `host`, `root`).
    Env(String),
    /// `glibc<=X.Y`: starts on glibc X.Y (and so on every later one).
    GlibcAtMost(DottedVersion),
    /// `static`: no dynamic loader needed.
    Static,
}

const ENVS: &[&str] = &[
    "musl",
    "musl-libc6-compat",
    "musl-gcompat",
    "musl-bundled-glibc",
    "host",
    "root",
    "i686-on-x86_64",
    "qemu-user",
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
        if ENVS.contains(&s) {
            return Ok(Self::Env(s.to_string()));
        }
        Err(format!(
            "--require {s}: unknown requirement (use glibc<=X.Y, static, or one of: {})",
            ENVS.join(", ")
        ))
    }

    /// The environment id this requirement reads.
    pub fn env(&self) -> Option<String> {
        match self {
            Self::Env(e) => Some(e.clone()),
            Self::GlibcAtMost(v) => Some(format!("glibc-{v}")),
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
                let env = self.env().unwrap_or_default();
                let Some(v) = report.verdict(&env) else {
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
            Self::Env(e) => e.clone(),
            Self::GlibcAtMost(v) => format!("glibc<={v}"),
            Self::Static => "static".into(),
        }
    }
}
