//! What one probe-dns run does: `count` rounds of sequential lookups of every
//! name, then `concurrency` lookups at once from as many threads. It runs in a
//! forked child (`muslab_sys::fork`), since a resolver can hang for
//! `timeout × attempts × nameservers`, and sends its results back as JSON.

use std::io::BufRead;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use muslab_report::{Batch, Lookup, Status};
use muslab_sys::fork;
use muslab_sys::getaddrinfo::Hints;

use super::lookup::lookup;

#[derive(Debug, Clone)]
pub struct Plan {
    pub names: Vec<String>,
    pub hints: Hints,
    /// Rounds of sequential lookups (each round looks up every name once).
    pub count: usize,
    /// Lookups started at once from that many threads after the sequential
    /// rounds; 0 for none.
    pub concurrency: usize,
    /// Before every sequential lookup but the first, wait for a line on stdin:
    /// lets the lab change resolv.conf between two lookups.
    pub wait_stdin: bool,
    pub timeout: Duration,
}

/// What the child sends back: the report's own types, so the checks carry
/// them unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub sequential: Vec<Lookup>,
    /// `None` when no concurrent lookups were asked for.
    pub concurrent: Option<Batch>,
}

/// Runs the plan in a child. `Err` carries the status when the child did not
/// come back with results (hung past the timeout, crashed, or failed).
pub fn run(plan: &Plan) -> Result<Outcome, Status> {
    let run = fork::run_in_child(plan.timeout, |out| {
        let outcome = execute(plan);
        match serde_json::to_writer(out, &outcome) {
            Ok(()) => 0,
            Err(_) => 1,
        }
    })
    .map_err(|e| Status::Error {
        message: format!("cannot fork: {e}"),
    })?;
    match run.status() {
        Status::Ok => serde_json::from_str(&run.output).map_err(|e| Status::Error {
            message: format!("child sent no results: {e}"),
        }),
        other => Err(other),
    }
}

fn execute(plan: &Plan) -> Outcome {
    let mut outcome = Outcome::default();
    let stdin = std::io::stdin();
    for _ in 0..plan.count {
        for name in &plan.names {
            if plan.wait_stdin && !outcome.sequential.is_empty() {
                let mut line = String::new();
                let _ = stdin.lock().read_line(&mut line);
            }
            outcome.sequential.push(lookup(name, plan.hints));
        }
    }
    if plan.concurrency > 0 && !plan.names.is_empty() {
        let barrier = Arc::new(Barrier::new(plan.concurrency + 1));
        let threads: Vec<_> = (0..plan.concurrency)
            .map(|i| {
                let name = plan.names[i % plan.names.len()].clone();
                let hints = plan.hints;
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    lookup(&name, hints)
                })
            })
            .collect();
        let start = Instant::now();
        barrier.wait();
        let lookups = threads.into_iter().filter_map(|t| t.join().ok()).collect();
        outcome.concurrent = Some(Batch {
            lookups,
            wall: start.elapsed(),
        });
    }
    outcome
}
