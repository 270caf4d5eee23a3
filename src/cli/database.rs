use super::progress::{percent, ProgressLine};
use crate::configuration::Settings;
use crate::db::copy::{copy, CopyOptions, Progress};
use clap::Subcommand;

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
        let report = copy(&from, &to, &options, &mut |p| show(&mut line, p)).await;
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

fn show(line: &mut ProgressLine, progress: Progress) {
    let (text, finished) = match progress {
        Progress::Starting { resuming: true } => ("Resuming an interrupted copy.".to_owned(), true),
        Progress::Starting { resuming: false } => return,
        Progress::Copied { table, rows, of } => (
            format!("{table}: {rows} of {of} rows ({}%)", percent(rows, of)),
            rows >= of,
        ),
        Progress::Verifying { table } => (format!("comparing {table}"), false),
    };
    line.show(text, finished);
}
