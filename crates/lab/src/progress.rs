//! One progress line on stderr while the matrix runs: rewritten in place on a
//! terminal, one line per step otherwise (CI logs).

use std::io::{IsTerminal, Write};

pub struct Progress {
    total: usize,
    done: usize,
    tty: bool,
    quiet: bool,
}

impl Progress {
    pub fn new(total: usize, quiet: bool) -> Self {
        Progress {
            total,
            done: 0,
            tty: std::io::stderr().is_terminal(),
            quiet,
        }
    }

    pub fn step(&mut self, what: &str) {
        self.done += 1;
        if self.quiet {
            return;
        }
        let line = format!("[{:>3}/{}] {what}", self.done, self.total);
        let mut err = std::io::stderr();
        if self.tty {
            let _ = write!(err, "\r\x1b[2K{line}");
        } else {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
    }

    pub fn finish(&self) {
        if self.tty && !self.quiet {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}
