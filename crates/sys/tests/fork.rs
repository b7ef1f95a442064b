//! The fork runner's tests. They run on the main thread, one after another,
//! with no test harness (`harness = false`): the runner's contract is a
//! single-threaded caller, and libtest would fork from its worker threads.

use std::time::Duration;

use muslab_report::Status;
use muslab_sys::fork::run_in_child;
use muslab_sys::ProcessExit;

fn child_output_and_exit_code_reach_parent() {
    let run = run_in_child(Duration::from_secs(5), |w| {
        write!(w, "hello").unwrap();
        3
    })
    .unwrap();
    assert_eq!(run.exit, ProcessExit::Code { code: 3 });
    assert_eq!(run.output, "hello");
}

fn a_mebibyte_of_output_arrives_whole_and_promptly() {
    let run = run_in_child(Duration::from_secs(20), |w| {
        let chunk = [b'x'; 4096];
        for _ in 0..256 {
            if w.write_all(&chunk).is_err() {
                return 1;
            }
        }
        0
    })
    .unwrap();
    assert_eq!(
        run.exit,
        ProcessExit::Code { code: 0 },
        "got {:?}, want exit 0",
        run.exit
    );
    assert_eq!(
        run.output.len(),
        1 << 20,
        "got {} bytes, want 1 MiB",
        run.output.len()
    );
    assert!(
        run.elapsed < Duration::from_secs(10),
        "took {:?}",
        run.elapsed
    );
}

fn crash_is_reported_as_signal() {
    let run = run_in_child(Duration::from_secs(5), |_| {
        // Rust's runtime handles SIGSEGV to detect stack overflow and
        // returns from a raised one; a real fault would re-fault. Restore
        // the default action so the raised signal kills the child.
        // SAFETY: deliberately kills the child.
        unsafe {
            libc::signal(libc::SIGSEGV, libc::SIG_DFL);
            libc::raise(libc::SIGSEGV);
        }
        0
    })
    .unwrap();
    assert_eq!(
        run.exit,
        ProcessExit::Signal {
            signal: libc::SIGSEGV
        }
    );
    assert!(matches!(run.status(), Status::Crashed { signal, .. } if signal == libc::SIGSEGV));
}

fn hung_child_is_killed_at_timeout() {
    let run = run_in_child(Duration::from_millis(100), |_| loop {
        std::thread::sleep(Duration::from_secs(1));
    })
    .unwrap();
    assert!(
        matches!(run.exit, ProcessExit::TimedOut { .. }),
        "got {:?}",
        run.exit
    );
    assert!(run.elapsed < Duration::from_secs(5));
}

fn main() {
    let tests: [(&str, fn()); 4] = [
        (
            "child_output_and_exit_code_reach_parent",
            child_output_and_exit_code_reach_parent,
        ),
        (
            "a_mebibyte_of_output_arrives_whole_and_promptly",
            a_mebibyte_of_output_arrives_whole_and_promptly,
        ),
        ("crash_is_reported_as_signal", crash_is_reported_as_signal),
        (
            "hung_child_is_killed_at_timeout",
            hung_child_is_killed_at_timeout,
        ),
    ];
    for (name, test) in tests {
        test();
        println!("test {name} ... ok");
    }
    println!("{} fork runner tests passed", tests.len());
}
