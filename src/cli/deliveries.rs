use super::parse_id;
use crate::clock::{format_ms, now_ms};
use crate::configuration::Settings;
use crate::db::{DeliveryFilter, DeliveryStatus};
use crate::domain::Work;
use clap::{ArgGroup, Subcommand};

#[derive(Debug, Subcommand)]
pub enum DeliveriesCommand {
    /// List deliveries, newest first.
    List {
        #[arg(long)]
        account: Option<String>,
        /// pending, delivered, failed, paused or skipped
        #[arg(long, value_parser = parse_status)]
        status: Option<DeliveryStatus>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Send a delivery again now (a paused one resumes its account), or every failed one.
    #[command(group(ArgGroup::new("which").required(true).args(["id", "failed"])))]
    Retry {
        id: Option<String>,
        #[arg(long)]
        failed: bool,
        /// With --failed: only this account's deliveries.
        #[arg(long, requires = "failed")]
        account: Option<String>,
    },
}

fn parse_status(raw: &str) -> Result<DeliveryStatus, String> {
    DeliveryStatus::parse(raw).ok_or_else(|| {
        let all: Vec<_> = DeliveryStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!("unknown status {raw:?}: use one of {}", all.join(", "))
    })
}

impl DeliveriesCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let store = crate::db::connect(&settings.database_url).await?;
        match self {
            Self::List {
                account,
                status,
                limit,
            } => {
                let account_id = account
                    .as_deref()
                    .map(|a| parse_id(a, "account"))
                    .transpose()?;
                let filter = DeliveryFilter {
                    account_id,
                    status,
                    limit,
                    ..DeliveryFilter::default()
                };
                let deliveries = store.deliveries(&filter).await?;
                if deliveries.is_empty() {
                    eprintln!("No deliveries match.");
                }
                for d in deliveries {
                    let detail = match d.status {
                        DeliveryStatus::Delivered => {
                            format!("contact {}", d.contact_id.as_deref().unwrap_or("?"))
                        }
                        DeliveryStatus::Pending => format!(
                            "next attempt {}{}",
                            format_ms(d.next_attempt_at),
                            d.last_error
                                .map(|e| format!(" (last: {e})"))
                                .unwrap_or_default()
                        ),
                        _ => d.last_error.unwrap_or_default(),
                    };
                    let cut = match &d.work {
                        Work::Response(plan) if !plan.cut_keys.is_empty() => {
                            format!(" [{} cut]", plan.cut_keys.len())
                        }
                        Work::Event(event) => format!(" [{}]", event.description),
                        _ => String::new(),
                    };
                    println!(
                        "{}  {:<9}  attempts {:>2}  {:<7}  {}  {detail}{cut}",
                        d.id,
                        d.status,
                        d.attempts,
                        d.request_kind.as_deref().unwrap_or("-"),
                        format_ms(d.created_at),
                    );
                }
            }
            Self::Retry { id: Some(id), .. } => {
                let id = parse_id(&id, "delivery")?;
                if store.retry_delivery(None, id, now_ms()).await? {
                    println!(
                        "Delivery {id} will be sent again now (by the running server's worker)."
                    );
                } else {
                    anyhow::bail!(
                        "delivery {id} does not exist or is not failed, paused or waiting"
                    );
                }
            }
            // clap guarantees an id or --failed.
            Self::Retry {
                id: None, account, ..
            } => {
                let account_id = account
                    .as_deref()
                    .map(|a| parse_id(a, "account"))
                    .transpose()?;
                let count = store.retry_failed(account_id, now_ms()).await?;
                println!("{count} failed deliveries will be sent again now.");
            }
        }
        Ok(())
    }
}
