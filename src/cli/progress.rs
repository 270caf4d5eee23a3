//! Progress of a long command, on standard error.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// One line on standard error, rewritten in place on a terminal; elsewhere
/// (a log) a line at each finished part and at most one every few seconds.
pub struct ProgressLine {
    terminal: bool,
    last: Option<Instant>,
    shown: String,
    open: bool,
}

impl ProgressLine {
    pub fn new() -> Self {
        Self {
            terminal: std::io::stderr().is_terminal(),
            last: None,
            shown: String::new(),
            open: false,
        }
    }

    /// Shows `text`; `finished` ends a part (its line is kept).
    pub fn show(&mut self, text: String, finished: bool) {
        if text == self.shown {
            return;
        }
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K{text}");
            if finished {
                let _ = writeln!(err);
            }
            self.open = !finished;
            self.shown = text;
        } else {
            let due = self
                .last
                .is_none_or(|at| at.elapsed() >= Duration::from_secs(5));
            if finished || due {
                let _ = writeln!(err, "{text}");
                self.last = Some(Instant::now());
                self.shown = text;
            }
        }
        let _ = err.flush();
    }

    pub fn finish(&mut self) {
        if self.open {
            eprintln!();
        }
    }
}

pub fn percent(done: u64, of: u64) -> u64 {
    (done * 100).checked_div(of).unwrap_or(100).min(100)
}
