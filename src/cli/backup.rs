//! `ankieter backup` and `ankieter restore`: a SQLite installation copied
//! while it runs, and put back while it is stopped. PostgreSQL has its own
//! tools for both (`pg_dump`, `pg_restore`).

use super::progress::{percent, ProgressLine};
use crate::configuration::Settings;
use crate::db::backup::{backup, restore, sqlite_path, CopyReport};
use crate::db::Backend;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The file to write; it is complete once it carries this name.
    #[arg(long)]
    to: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A file `ankieter backup` wrote.
    #[arg(long)]
    from: PathBuf,
}

const POSTGRES_TOOLS: &str = "this installation runs on PostgreSQL: back it up with \
    `pg_dump --format=custom --file=FILE DATABASE` and restore with \
    `pg_restore --clean --dbname=DATABASE FILE` (see the README's Backups)";

fn sqlite_database(settings: &Settings) -> anyhow::Result<PathBuf> {
    match Backend::of(&settings.database_url)? {
        Backend::Sqlite => sqlite_path(&settings.database_url),
        Backend::Postgres => anyhow::bail!(POSTGRES_TOOLS),
    }
}

fn describe(report: &CopyReport) -> String {
    format!(
        "{} surveys, {} responses, {} deliveries; schema version {}; {:.1} MB",
        report.surveys,
        report.responses,
        report.deliveries,
        report.schema_version,
        report.bytes as f64 / 1e6
    )
}

impl BackupArgs {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let database = sqlite_database(settings)?;
        eprintln!(
            "Backing up {} into {}.",
            database.display(),
            self.to.display()
        );
        let to = self.to.clone();
        let report = tokio::task::spawn_blocking(move || {
            let mut line = ProgressLine::new();
            let report = backup(&database, &to, self.force, &mut |p| {
                let text = format!(
                    "{:.1} of about {:.1} MB ({}%)",
                    p.written as f64 / 1e6,
                    p.expected as f64 / 1e6,
                    percent(p.written, p.expected)
                );
                line.show(text, false);
            });
            line.finish();
            report
        })
        .await??;
        println!(
            "Backed up in {:.1} s: {}. Checked: the copy is whole.",
            report.elapsed.as_secs_f64(),
            describe(&report)
        );
        println!("Keep the server key with it: the secrets in the copy are encrypted with it.");
        Ok(())
    }
}

impl RestoreArgs {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let database = sqlite_database(settings)?;
        eprintln!(
            "Restoring {} into {}.",
            self.from.display(),
            database.display()
        );
        let target = database.clone();
        let report = tokio::task::spawn_blocking(move || restore(&target, &self.from)).await??;
        println!(
            "Restored in {:.1} s: {}.",
            report.elapsed.as_secs_f64(),
            describe(&report)
        );
        if let Some(aside) = &report.set_aside {
            println!(
                "The database it replaced is kept as {} (delete it once the restored one serves well).",
                aside.display()
            );
        }
        println!("Start the server with the server key of the installation the backup came from.");
        Ok(())
    }
}
