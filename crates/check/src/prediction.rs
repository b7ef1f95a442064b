//! check's answer for one file in one environment, as the lab records it in
//! its matrix: the verdict (with the failure reason and the message the user
//! will see) and check's fixes. Serialisable both ways, so a stored matrix
//! reads back typed.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::{check_file, Options};
use crate::environment_id::{EnvironmentId, PredictedBy};
use crate::musl_version::musl_version_in;
use crate::read_source::FactsCache;
use crate::rootfs::Rootfs;
use crate::verdict::Verdict;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prediction {
    pub environment: EnvironmentId,
    /// Which of check's verdicts answered (`host`, `root`, `qemu-user` ...).
    pub judged_as: String,
    /// What that verdict assumes.
    pub assumes: String,
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// check's fixes, best first; only where the file does not start as it
    /// was built to (fails, runs on the other libc, or unknown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<PredictedFix>,
}

/// One of check's [`crate::fixes::Fix`]es as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PredictedFix {
    pub id: String,
    pub title: String,
    pub why: String,
    pub commands: Vec<String>,
}

/// Predicts many files in many environments with one library cache.
#[derive(Debug, Default)]
pub struct Predictor {
    cache: Arc<FactsCache>,
}

impl Predictor {
    /// check's verdict for the file at `binary` in `env`, whose root file
    /// system is `root` (`/` for this machine and its sandboxes). Models
    /// assume the musl version of the musl loader in `root`, when it has one.
    pub fn predict(
        &self,
        binary: &Path,
        env: EnvironmentId,
        root: &Path,
    ) -> Result<Prediction, String> {
        let rootfs = Rootfs::new(root);
        let mut opts = Options {
            cache: Arc::clone(&self.cache),
            ..Options::default()
        };
        // The models judge for the musl this environment's root holds
        // (Debian's musl box: 1.2.3, not the models' default), since the
        // answer depends on it (DT_RELR needs >= 1.2.4).
        if let Some(v) = self
            .cache
            .get(binary)
            .and_then(|f| musl_version_in(&rootfs, &f))
        {
            opts.musl_version = v;
        }
        opts.rootfs = Arc::new(rootfs);
        if env.predicted_by() == PredictedBy::EmulatedRoot {
            // The emulator is the CPU: the root is judged as an installed
            // system of the file's own architecture.
            let facts = self
                .cache
                .get(binary)
                .ok_or_else(|| format!("{}: not a readable ELF file", binary.display()))?;
            opts.host_machine = facts.machine.name.to_owned();
        }
        let report = check_file(binary, &opts).map_err(|e| format!("{}: {e}", binary.display()))?;
        let real_root = if opts.rootfs.is_host() {
            EnvironmentId::Host
        } else {
            EnvironmentId::Root
        };
        let judged_as = match env.predicted_by() {
            PredictedBy::RealRoot | PredictedBy::EmulatedRoot => real_root,
            PredictedBy::Model(id) => id,
            PredictedBy::Emulated if report.verdict(EnvironmentId::QemuUser).is_some() => {
                EnvironmentId::QemuUser
            }
            PredictedBy::Emulated => real_root,
        };
        let v = report.verdict(judged_as).ok_or_else(|| {
            format!(
                "{}: check gave no `{judged_as}` verdict to predict {env}",
                binary.display()
            )
        })?;
        let fixes = if matches!(v.verdict, Verdict::Runs) {
            Vec::new()
        } else {
            report
                .fixes
                .iter()
                .map(|f| PredictedFix {
                    id: f.id.to_string(),
                    title: f.title.clone(),
                    why: f.why.clone(),
                    commands: f.commands.clone(),
                })
                .collect()
        };
        Ok(Prediction {
            environment: env,
            judged_as: judged_as.name().to_string(),
            assumes: v.assumes.clone(),
            verdict: v.verdict.clone(),
            notes: v.notes.clone(),
            fixes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::FailReason;

    #[test]
    fn this_test_binary_starts_on_the_host_and_the_prediction_reads_back() {
        let me = std::env::current_exe().unwrap();
        let p = Predictor::default()
            .predict(&me, EnvironmentId::Host, Path::new("/"))
            .unwrap();
        assert_eq!(p.judged_as, "host");
        assert!(p.verdict.starts(), "got {:?}, want a start", p.verdict);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Prediction>(&json).unwrap(), p);
    }

    #[test]
    fn a_failed_prediction_keeps_its_reason_through_json() {
        let p = Prediction {
            environment: EnvironmentId::MuslRootfs,
            judged_as: "root".into(),
            assumes: "a root".into(),
            verdict: Verdict::Fails {
                reason: FailReason::MissingInterpreter,
                message: "sh: ./x: not found".into(),
                details: vec![],
            },
            notes: vec![],
            fixes: vec![],
        };
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            json.contains("\"reason\":\"missing-interpreter\""),
            "got {json}"
        );
        assert_eq!(serde_json::from_str::<Prediction>(&json).unwrap(), p);
    }
}
