//! `muslab check` predicts, from the ELF file and the environment's root,
//! whether a binary starts; the matrix records that prediction for every run
//! and marks each disagreement as a prediction contradiction
//! (`muslab::agreement`). These tests run the real matrix and require none,
//! and require every environment of the registry to be predicted.

use std::process::Command;

use muslab::environment::registry;
use muslab::matrix::{Contradiction, Matrix, RunOutcome};
use muslab::runner::predict;
use muslab::target::Target;
use muslab_check::{Predictor, Verdict};
use muslab_report::probes;

fn run_matrix() -> Matrix {
    let out = Command::new(env!("CARGO_BIN_EXE_muslab"))
        .args(["matrix", "--json", "--no-write", "-q"])
        .output()
        .expect("muslab runs");
    assert!(
        out.status.success(),
        "muslab matrix failed (run `make probes` first if probes are missing): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Matrix::from_json(&String::from_utf8(out.stdout).expect("utf-8")).expect("a matrix")
}

#[test]
fn every_start_and_failed_start_of_the_matrix_is_as_check_predicted() {
    let m = run_matrix();
    let compared: Vec<_> = m
        .runs
        .iter()
        .filter(|r| !matches!(r.outcome, RunOutcome::NotAvailable { .. }))
        .collect();
    let predicted_failures = compared
        .iter()
        .filter(|r| {
            r.prediction
                .as_ref()
                .is_some_and(|p| matches!(p.verdict, Verdict::Fails { .. }))
        })
        .count();
    let hellos = compared
        .iter()
        .filter(|r| r.probe.starts_with("hello"))
        .count();
    let contradictions: Vec<String> = m
        .rows
        .iter()
        .flat_map(|r| r.contradictions.iter().map(move |c| (r, c)))
        .filter_map(|(r, c)| match c {
            Contradiction::Prediction {
                column,
                predicted,
                observed,
            } => {
                let col = &m.columns[*column];
                Some(format!(
                    "env {}, binary {} ({}): check predicted {predicted}, observed {observed}",
                    col.environment, r.probe, col.target.triple
                ))
            }
            Contradiction::Claim { .. } => None,
        })
        .collect();
    eprintln!(
        "compared {} runs with check's predictions ({predicted_failures} predicted failures, {hellos} C hello runs): {} contradictions",
        compared.len(),
        contradictions.len()
    );
    assert!(
        compared.len() >= 100,
        "got {} compared runs, want at least 100",
        compared.len()
    );
    assert!(
        predicted_failures > 0,
        "got no predicted failed start, want some"
    );
    assert!(
        hellos > 0,
        "got no C hello runs, want the fixtures in the matrix"
    );
    let html = muslab::render::html::render(&m);
    for want in [
        "muslab check (root verdict",
        "muslab check (host verdict",
        "fix: ",
    ] {
        assert!(
            html.contains(want),
            "the HTML matrix lacks {want:?}: RUN cells must show check's prediction"
        );
    }
    assert!(
        contradictions.is_empty(),
        "{} runs contradict check:\n{}",
        contradictions.len(),
        contradictions.join("\n")
    );
}

#[test]
fn every_environment_of_the_registry_is_predicted() {
    let build_dir = probes::default_build_dir();
    let predictor = Predictor::default();
    let target = Target::new("x86_64-unknown-linux-gnu");
    let binary =
        probes::binary(&build_dir, &target, &probes::ENV).unwrap_or_else(|e| panic!("{e}"));
    let mut unpredicted = Vec::new();
    for mut env in registry::all(&build_dir) {
        env.prepare()
            .unwrap_or_else(|e| panic!("{}: {e}", env.name()));
        match predict(&predictor, env.as_ref(), &binary) {
            Ok(p) if p.environment != env.id() => unpredicted.push(format!(
                "{}: got a prediction for {}, want one for {}",
                env.name(),
                p.environment,
                env.id()
            )),
            Ok(_) => {}
            Err(e) => unpredicted.push(format!("{}: got no prediction: {e}", env.name())),
        }
    }
    assert!(unpredicted.is_empty(), "{}", unpredicted.join("\n"));
}
