//! Holds `muslab check`'s prediction for a run against what happened: did
//! the binary start, and where check predicted a failure, did it fail that
//! way. A disagreement becomes a [`Contradiction::Prediction`] in the matrix.
//!
//! "Started" means the binary got as far as its own code: a probe printed its
//! report, a plain program exited 0, or it crashed, timed out or exited with
//! a status of its own. It did not start when the shell or a loader refused
//! it: exit 127 (`sh: not found`; glibc's ld.so and musl's ldso both
//! `_exit(127)` on a load error), exit 1 with glibc's "version `X' not
//! found", 126 (`Exec format error`), execve itself failed (no process,
//! [`RunOutcome::NotStarted`]), a container engine's runtime said it could
//! not exec it (`exec /x: no such file or directory`, exit 1 under podman),
//! or qemu-user could not open the program's loader (exit 255).

use muslab_check::loader_messages::{
    is_oci_runtime_exec_failure, is_qemu_start_failure, reasons_shown,
};
use muslab_check::{FailReason, Prediction, Verdict};

use crate::environment::ProcessExit;
use crate::matrix::{Contradiction, RunOutcome};

/// What a run shows about the start, or `None` when nothing ran.
enum Start<'a> {
    Started(&'static str),
    Refused { how: String, stderr: &'a str },
}

fn start_of(outcome: &RunOutcome) -> Option<Start<'_>> {
    match outcome {
        RunOutcome::NotAvailable { .. } => None,
        RunOutcome::Report { .. } => Some(Start::Started("started and printed its report")),
        RunOutcome::Exited { .. } => Some(Start::Started("started and exited 0")),
        RunOutcome::NotStarted { error } => Some(Start::Refused {
            how: "execve failed".into(),
            stderr: error,
        }),
        RunOutcome::Failed { exit, stderr } => Some(match exit {
            ProcessExit::Code { code: 126 | 127 } => Start::Refused {
                how: format!("{exit:?}"),
                stderr,
            },
            ProcessExit::Code { .. } if is_oci_runtime_exec_failure(stderr) => Start::Refused {
                how: format!("{exit:?}, the container runtime could not exec it"),
                stderr,
            },
            // qemu-user exits 255 when it cannot open the program's loader.
            ProcessExit::Code { .. } if is_qemu_start_failure(stderr) => Start::Refused {
                how: format!("{exit:?}, qemu-user could not load it"),
                stderr,
            },
            // glibc's ld.so ends a failed symbol-version check with status 1
            // (measured with glibc 2.31), not 127.
            ProcessExit::Code { code: 1 }
                if reasons_shown(stderr).contains(&FailReason::MissingVersion) =>
            {
                Start::Refused {
                    how: format!("{exit:?}"),
                    stderr,
                }
            }
            _ => Start::Started("started, then failed on its own"),
        }),
    }
}

fn reason_word(r: FailReason) -> String {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{r:?}"))
}

/// The prediction in a few words.
pub fn predicted_words(p: &Prediction) -> String {
    match &p.verdict {
        Verdict::Runs => "it starts".into(),
        Verdict::RunsDifferently { .. } => "it starts (on the other libc)".into(),
        Verdict::Fails {
            reason, message, ..
        } => format!("it fails to start ({}: {message})", reason_word(*reason)),
        Verdict::Unknown { why } => format!("unknown ({why})"),
        Verdict::NotApplicable { why } => format!("not applicable ({why})"),
    }
}

fn observed_words(start: &Start) -> String {
    match start {
        Start::Started(how) => (*how).to_owned(),
        Start::Refused { how, stderr } => {
            let said = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            format!("did not start ({how}): {}", said.trim())
        }
    }
}

/// The contradiction between `prediction` and `outcome` in `column`, if any.
/// A prediction that is not definite (unknown, not applicable) contradicts
/// any run: every environment the lab runs must be predicted.
pub fn compare(
    column: usize,
    prediction: &Prediction,
    outcome: &RunOutcome,
) -> Option<Contradiction> {
    let start = start_of(outcome)?;
    let agrees = match (&prediction.verdict, &start) {
        (Verdict::Unknown { .. } | Verdict::NotApplicable { .. }, _) => false,
        // musl < 1.2.4 skips DT_RELR: the loader gives no message, the
        // process dies of SIGSEGV on its first unrelocated pointer (killed
        // directly, or as the box's shell reports it: 128 + 11).
        (
            Verdict::Fails {
                reason: FailReason::UnsupportedRelocation,
                ..
            },
            Start::Started(_),
        ) => segfaulted(outcome),
        (v, Start::Started(_)) => v.starts(),
        (Verdict::Fails { reason, .. }, Start::Refused { stderr, .. }) => {
            reasons_shown(stderr).contains(reason)
        }
        (_, Start::Refused { .. }) => false,
    };
    (!agrees).then(|| Contradiction::Prediction {
        column,
        predicted: predicted_words(prediction),
        observed: observed_words(&start),
    })
}

fn segfaulted(outcome: &RunOutcome) -> bool {
    match outcome {
        RunOutcome::Failed { exit, stderr } => match exit {
            ProcessExit::Signal { signal } => *signal == libc::SIGSEGV,
            ProcessExit::Code { code } => {
                *code == 128 + libc::SIGSEGV && stderr.contains("Segmentation fault")
            }
            _ => false,
        },
        _ => false,
    }
}

/// A run whose environment check could not predict.
pub fn unpredicted(column: usize, why: &str, outcome: &RunOutcome) -> Option<Contradiction> {
    let start = start_of(outcome)?;
    Some(Contradiction::Prediction {
        column,
        predicted: format!("nothing ({why})"),
        observed: observed_words(&start),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use muslab_check::EnvironmentId;

    fn prediction(verdict: Verdict) -> Prediction {
        Prediction {
            environment: EnvironmentId::MuslRootfs,
            judged_as: "root".into(),
            assumes: "the root file system /r".into(),
            verdict,
            notes: vec![],
            fixes: vec![],
        }
    }

    fn missing_interpreter() -> Verdict {
        Verdict::Fails {
            reason: FailReason::MissingInterpreter,
            message: "sh: /x: not found".into(),
            details: vec![],
        }
    }

    fn refused(stderr: &str) -> RunOutcome {
        RunOutcome::Failed {
            exit: ProcessExit::Code { code: 127 },
            stderr: stderr.into(),
        }
    }

    #[test]
    fn a_failure_that_happened_the_predicted_way_agrees() {
        let p = prediction(missing_interpreter());
        assert!(compare(3, &p, &refused("/bin/sh: /x: not found\n")).is_none());
    }

    #[test]
    fn a_start_against_a_predicted_failure_is_a_contradiction() {
        let p = prediction(missing_interpreter());
        let got = compare(
            3,
            &p,
            &RunOutcome::Exited {
                stdout: "hello\n".into(),
                stderr: String::new(),
            },
        );
        match got {
            Some(Contradiction::Prediction {
                column: 3,
                predicted,
                observed,
            }) => {
                assert!(predicted.contains("missing-interpreter"), "got {predicted}");
                assert_eq!(observed, "started and exited 0");
            }
            other => panic!("got {other:?}, want a prediction contradiction in column 3"),
        }
    }

    #[test]
    fn qemu_user_refusing_a_program_whose_loader_is_absent_agrees() {
        let message = muslab_check::loader_messages::qemu_missing_interpreter(
            "qemu-aarch64-static",
            "/lib/ld-linux-aarch64.so.1",
        );
        let p = prediction(Verdict::Fails {
            reason: FailReason::MissingInterpreter,
            message: message.clone(),
            details: vec![],
        });
        let outcome = RunOutcome::Failed {
            exit: ProcessExit::Code { code: 255 },
            stderr: format!("{message}\n"),
        };
        let got = compare(0, &p, &outcome);
        assert!(got.is_none(), "got {got:?}, want agreement");
        assert!(compare(0, &prediction(Verdict::Runs), &outcome).is_some());
    }

    #[test]
    fn a_failure_of_another_kind_is_a_contradiction() {
        let p = prediction(missing_interpreter());
        let stderr = "Error relocating /x: gnu_get_libc_version: symbol not found\n";
        assert!(compare(0, &p, &refused(stderr)).is_some());
    }

    #[test]
    fn a_segfault_agrees_with_a_predicted_relr_failure_and_nothing_else() {
        let relr = prediction(Verdict::Fails {
            reason: FailReason::UnsupportedRelocation,
            message: "/x: Segmentation fault (DT_RELR relocations not applied)".into(),
            details: vec![],
        });
        let segv = RunOutcome::Failed {
            exit: ProcessExit::Signal {
                signal: libc::SIGSEGV,
            },
            stderr: String::new(),
        };
        assert!(compare(0, &relr, &segv).is_none());
        let shell_said = RunOutcome::Failed {
            exit: ProcessExit::Code { code: 139 },
            stderr: "Segmentation fault\n".into(),
        };
        assert!(compare(0, &relr, &shell_said).is_none());
        let exited = RunOutcome::Exited {
            stdout: "relr ok\n".into(),
            stderr: String::new(),
        };
        assert!(compare(0, &relr, &exited).is_some());
        let abort = RunOutcome::Failed {
            exit: ProcessExit::Signal {
                signal: libc::SIGABRT,
            },
            stderr: String::new(),
        };
        assert!(compare(0, &relr, &abort).is_some());
    }

    #[test]
    fn a_crash_after_the_start_counts_as_started_and_not_available_is_not_compared() {
        let p = prediction(Verdict::Runs);
        let crashed = RunOutcome::Failed {
            exit: ProcessExit::Signal { signal: 11 },
            stderr: String::new(),
        };
        assert!(compare(0, &p, &crashed).is_none());
        let na = RunOutcome::NotAvailable {
            reason: "no gcompat".into(),
        };
        assert!(compare(0, &prediction(Verdict::Unknown { why: "?".into() }), &na).is_none());
        assert!(compare(
            0,
            &prediction(Verdict::Unknown { why: "?".into() }),
            &crashed
        )
        .is_some());
    }
}
