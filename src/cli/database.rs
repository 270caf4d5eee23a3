use crate::configuration::Settings;
use crate::db::copy::{copy, CopyOptions, Progress};
use clap::Subcommand;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

#[derive(Debug, Subcommand)]
pub enum DatabaseCommand {
    /// Copy an installation into another database (e.g. SQLite to PostgreSQL):
    /// accounts, admins, tokens, surveys, responses, deliveries with their
    /// history, encrypted secrets. Stop every server first; keep the server
    /// key. An interrupted copy resumes when run again; it ends by comparing
    /// row counts and a checksum per table.
    Copy {
        /// The database to copy from (default: ANKIETER_DATABASE_URL).
        #[arg(long)]
        from: Option<String>,
        /// The database to copy into: sqlite://PATH or postgres://USER@HOST/DATABASE.
        #[arg(long)]
        to: String,
        /// Delete everything the target holds first (it must be empty otherwise).
        #[arg(long)]
        force: bool,
        /// Rows per batch.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=5000))]
        batch: u32,
    },
}

impl DatabaseCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let Self::Copy {
            from,
            to,
            force,
            batch,
        } = self;
        let from = from.unwrap_or_else(|| settings.database_url.clone());
        eprintln!(
            "Copying {} into {}.",
            crate::db::redacted(&from),
            crate::db::redacted(&to)
        );
        let mut line = ProgressLine::new();
        let options = CopyOptions {
            force,
            batch: batch as usize,
        };
        let report = copy(&from, &to, &options, &mut |p| line.show(p)).await;
        line.finish();
        let report = report?;
        println!(
            "{} Every table matches the source:",
            if report.resumed {
                "Resumed and finished."
            } else {
                "Copied."
            }
        );
        for table in &report.tables {
            println!(
                "  {:<18} {:>10} rows  checksum {}",
                table.table, table.rows, table.checksum
            );
        }
        println!(
            "Point ANKIETER_DATABASE_URL at {} on every server, with the same server key.",
            crate::db::redacted(&to)
        );
        Ok(())
    }
}

/// One line on standard error, rewritten in place on a terminal; elsewhere
/// (a log) a line per table and at most one every few seconds.
struct ProgressLine {
    terminal: bool,
    last: Option<Instant>,
    shown: String,
    open: bool,
}

impl ProgressLine {
    fn new() -> Self {
        Self {
            terminal: std::io::stderr().is_terminal(),
            last: None,
            shown: String::new(),
            open: false,
        }
    }

    fn show(&mut self, progress: Progress) {
        let (text, finished) = match progress {
            Progress::Starting { resuming: true } => {
                ("Resuming an interrupted copy.".to_owned(), true)
            }
            Progress::Starting { resuming: false } => return,
            Progress::Copied { table, rows, of } => (
                format!("{table}: {rows} of {of} rows ({}%)", percent(rows, of)),
                rows >= of,
            ),
            Progress::Verifying { table } => (format!("comparing {table}"), false),
        };
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

    fn finish(&mut self) {
        if self.open {
            eprintln!();
        }
    }
}

fn percent(rows: u64, of: u64) -> u64 {
    (rows * 100).checked_div(of).unwrap_or(100)
}
