//! A data subject's requests from the command line: export and erase a
//! person's data in one account, and the account's retention.

use super::parse_id;
use crate::clock::now_ms;
use crate::configuration::Settings;
use crate::db::Retention;
use crate::domain::person::Person;
use crate::manage::audit::Actor;
use crate::manage::{apply_retention, erase_person, export_person, set_retention};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Print everything stored about the person in the account, as JSON.
    Export(PersonArgs),
    /// Delete everything stored about the person in the account: responses,
    /// deliveries (those not yet sent are cancelled first), waiting chats.
    /// The audit log records the counts, not the person.
    Erase(PersonArgs),
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    #[arg(long)]
    account: String,
    /// The person's e-mail (matched whatever its case).
    #[arg(
        long,
        conflicts_with = "contact_id",
        required_unless_present = "contact_id"
    )]
    email: Option<String>,
    /// The person's SALESmanago contact id.
    #[arg(long)]
    contact_id: Option<String>,
}

impl PersonArgs {
    fn parse(&self) -> anyhow::Result<(uuid::Uuid, Person)> {
        let account = parse_id(&self.account, "account")?;
        let person = Person::parse(self.email.as_deref(), self.contact_id.as_deref())?;
        Ok((account, person))
    }
}

impl PersonCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let store = crate::db::connect(&settings.database_url).await?;
        match self {
            Self::Export(args) => {
                let (account, person) = args.parse()?;
                let document =
                    export_person(store.as_ref(), account, &person, &Actor::cli(), now_ms())
                        .await?;
                println!("{}", serde_json::to_string_pretty(&document)?);
            }
            Self::Erase(args) => {
                let (account, person) = args.parse()?;
                let erased =
                    erase_person(store.as_ref(), account, &person, &Actor::cli(), now_ms()).await?;
                println!(
                    "Erased {} responses, {} deliveries ({} not yet sent, cancelled) and {} waiting chats.",
                    erased.responses, erased.deliveries, erased.cancelled, erased.chats
                );
                if erased.in_flight > 0 {
                    println!(
                        "{} deliveries were being sent at that moment: SALESmanago may have \
                         received them; erase the contact there too.",
                        erased.in_flight
                    );
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// How long the account keeps responses (older ones are deleted daily
    /// by the server) and what delivered ones sent; either for ever if not given.
    Set {
        #[arg(long)]
        account: String,
        /// Days responses are kept, with their deliveries.
        #[arg(long)]
        days: Option<u32>,
        /// Days a delivered response's values stay in what was sent (the
        /// ledger keeps its keys, tags and cuts).
        #[arg(long)]
        values_days: Option<u32>,
    },
    /// Apply every account's retention now.
    Run,
}

impl RetentionCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let store = crate::db::connect(&settings.database_url).await?;
        match self {
            Self::Set {
                account,
                days,
                values_days,
            } => {
                let account = parse_id(&account, "account")?;
                let retention = Retention {
                    responses_days: days,
                    delivery_body_days: values_days,
                };
                set_retention(store.as_ref(), account, retention, &Actor::cli(), now_ms()).await?;
                match days {
                    Some(days) => {
                        println!("Responses older than {days} days will be deleted daily.")
                    }
                    None => println!("Responses are kept for ever."),
                }
                if let Some(days) = values_days {
                    println!("What delivered responses sent keeps its values for {days} days.");
                }
            }
            Self::Run => {
                let passes = apply_retention(store.as_ref(), now_ms()).await?;
                if passes.is_empty() {
                    println!("No account or survey keeps anything for a limited time.");
                }
                for pass in passes {
                    let whose = match pass.survey_id {
                        Some(survey) => format!("{} (survey {survey})", pass.account_id),
                        None => pass.account_id.to_string(),
                    };
                    println!(
                        "{whose}: {} responses and {} deliveries deleted, values of {} deliveries removed, in {} ms.",
                        pass.erased.responses,
                        pass.erased.deliveries,
                        pass.values_removed,
                        pass.took.as_millis()
                    );
                }
            }
        }
        Ok(())
    }
}
