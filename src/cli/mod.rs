//! The `ankieter` command line: serve, demo, and operator commands.

mod accounts;
mod admins;
mod backup;
mod config;
mod contact_centers;
mod database;
mod deliveries;
mod demo;
mod empikplace;
mod generated;
mod people;
mod progress;
mod ready;
mod salesmanago;
mod secret_key;
mod surveys;
mod tokens;

pub use demo::DEMO_SURVEY;

use crate::configuration::Settings;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "ankieter",
    version = concat!(env!("CARGO_PKG_VERSION"), " (database schema ", env!("ANKIETER_SCHEMA_VERSION"), ")"),
    about = "Survey server that forwards every response to SALESmanago"
)]
pub struct Cli {
    /// A TOML settings file: the same keys as the ANKIETER_* variables
    /// (`[worker]` `concurrency = 8` for ANKIETER_WORKER__CONCURRENCY); the
    /// environment wins over it.
    #[arg(long, global = true, env = "ANKIETER_CONFIG", value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the survey server and the delivery worker.
    Serve,
    /// Print shell completions (bash, zsh, fish) for `ankieter`.
    Completions {
        #[arg(value_enum)]
        shell: generated::Shell,
    },
    /// Print the man page, ankieter(1), in roff.
    Man,
    /// Ask the server on this machine whether it is ready (its /readyz);
    /// exit 0 when it is (a container's health check).
    Ready,
    /// Check the settings: print them (secrets hidden) with every problem;
    /// exit 0 only when the server would start.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Create a demo account and survey (once), then serve with the built-in SALESmanago sandbox.
    Demo,
    /// Manage accounts.
    #[command(subcommand)]
    Account(accounts::AccountCommand),
    /// Manage the people who sign in to an account's web admin.
    #[command(subcommand)]
    Admin(admins::AdminCommand),
    /// Configure an account's SALESmanago API access.
    #[command(subcommand)]
    Salesmanago(salesmanago::SalesmanagoCommand),
    /// Import and list surveys.
    #[command(subcommand)]
    Survey(surveys::SurveyCommand),
    /// Manage account API tokens for the JSON API (/api/v1).
    #[command(subcommand)]
    Token(tokens::TokenCommand),
    /// Contact-center integrations: interactions as SALESmanago external events.
    #[command(subcommand)]
    ContactCenter(contact_centers::ContactCenterCommand),
    /// EmpikPlace shops whose customers' messages become Thulium tickets.
    #[command(subcommand)]
    Empikplace(empikplace::EmpikCommand),
    /// Inspect and retry deliveries to SALESmanago.
    #[command(subcommand)]
    Deliveries(deliveries::DeliveriesCommand),
    /// Manage the server key that encrypts stored secrets.
    #[command(subcommand)]
    SecretKey(secret_key::SecretKeyCommand),
    /// Database operations: copy an installation into another database.
    #[command(subcommand)]
    Db(database::DatabaseCommand),
    /// A person's data in an account: export it, erase it (GDPR requests).
    #[command(subcommand)]
    Person(people::PersonCommand),
    /// How long an account keeps responses.
    #[command(subcommand)]
    Retention(people::RetentionCommand),
    /// Copy a running SQLite installation's database into a file, consistent
    /// as of the moment it starts, with progress.
    Backup(backup::BackupArgs),
    /// Put a backup in place of a stopped SQLite installation's database,
    /// after checking it (the database it replaces is kept beside it).
    Restore(backup::RestoreArgs),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective settings and every problem found (unknown keys,
    /// bad values, an unreachable database).
    Check,
}

impl Cli {
    /// Loads the settings and runs the command. `config check` reads the
    /// settings itself, to report every problem instead of the first.
    pub async fn main(self) -> anyhow::Result<std::process::ExitCode> {
        match self.command {
            Command::Completions { shell } => {
                generated::completions(shell);
                return Ok(std::process::ExitCode::SUCCESS);
            }
            Command::Man => {
                generated::man_page()?;
                return Ok(std::process::ExitCode::SUCCESS);
            }
            _ => {}
        }
        if let Command::Config(ConfigCommand::Check) = self.command {
            let fine = config::check(self.config.as_deref()).await;
            return Ok(if fine {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::FAILURE
            });
        }
        let settings = Settings::load_with_file(self.config.as_deref())?;
        self.run(settings).await?;
        Ok(std::process::ExitCode::SUCCESS)
    }

    pub async fn run(self, settings: Settings) -> anyhow::Result<()> {
        match self.command {
            Command::Config(_) | Command::Completions { .. } | Command::Man => {
                unreachable!("answered by Cli::main")
            }
            Command::Ready => ready::run(&settings).await,
            Command::Serve => {
                crate::startup::Application::build(settings)
                    .await?
                    .run_until_stopped()
                    .await
            }
            Command::Demo => demo::run(settings).await,
            Command::Account(command) => command.run(&settings).await,
            Command::Admin(command) => command.run(&settings).await,
            Command::Salesmanago(command) => command.run(&settings).await,
            Command::Survey(command) => command.run(&settings).await,
            Command::Deliveries(command) => command.run(&settings).await,
            Command::ContactCenter(command) => command.run(&settings).await,
            Command::Empikplace(command) => command.run(&settings).await,
            Command::Token(command) => command.run(&settings).await,
            Command::SecretKey(command) => command.run(&settings).await,
            Command::Db(command) => command.run(&settings).await,
            Command::Person(command) => command.run(&settings).await,
            Command::Retention(command) => command.run(&settings).await,
            Command::Backup(command) => command.run(&settings).await,
            Command::Restore(command) => command.run(&settings).await,
        }
    }
}

/// Parses an id argument with a message that names it.
/// The audit log's entry of an operator's change made here (`cli`).
async fn audit(
    store: &dyn crate::db::Store,
    account_id: uuid::Uuid,
    action: &str,
    detail: impl Into<String>,
) -> anyhow::Result<()> {
    crate::manage::audit::record(
        store,
        account_id,
        &crate::manage::audit::Actor::cli(),
        action,
        detail,
        crate::clock::now_ms(),
    )
    .await
}

fn parse_id(raw: &str, what: &str) -> anyhow::Result<uuid::Uuid> {
    uuid::Uuid::try_parse(raw.trim())
        .map_err(|_| anyhow::anyhow!("{raw:?} is not a valid {what} id"))
}

/// A secret from the environment variable `env`, else standard input (a
/// hidden prompt on a terminal): never from a flag, which `ps` would show.
fn read_secret(env: &str, prompt: &str) -> anyhow::Result<secrecy::SecretString> {
    use anyhow::Context;
    use std::io::{BufRead, IsTerminal};
    if let Ok(secret) = std::env::var(env) {
        return Ok(secret.into());
    }
    if std::io::stdin().is_terminal() {
        let secret = rpassword::prompt_password(format!("{prompt}: "))
            .with_context(|| format!("cannot read the {prompt}"))?;
        return Ok(secret.into());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .with_context(|| format!("cannot read the {prompt} from standard input"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned().into())
}
