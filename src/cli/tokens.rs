use super::parse_id;
use crate::clock::{format_ms, now_ms};
use crate::configuration::Settings;
use crate::manage::{create_card_key, create_token};
use clap::Subcommand;
use secrecy::ExposeSecret;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; it is printed once and stored only as a hash.
    Create {
        #[arg(long)]
        account: String,
        /// What the token is for, e.g. "landing page builder".
        #[arg(long)]
        name: String,
        /// A card key instead: it opens only the embeddable contact card
        /// (`/card?key=…&email=…`, e.g. in a helpdesk's sidebar), not the API.
        #[arg(long)]
        card: bool,
    },
    /// The account's tokens (never the tokens themselves).
    List {
        #[arg(long)]
        account: String,
    },
    /// Revoke a token at once.
    Revoke { id: String },
}

impl TokenCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let store = crate::db::connect(&settings.database_url).await?;
        match self {
            Self::Create {
                account,
                name,
                card,
            } => {
                let account_id = parse_id(&account, "account")?;
                let (record, token) = if card {
                    create_card_key(store.as_ref(), account_id, &name).await?
                } else {
                    create_token(store.as_ref(), account_id, &name).await?
                };
                super::audit(
                    store.as_ref(),
                    account_id,
                    "token.create",
                    format!("{} ({}, {})", record.name, record.scope.as_str(), record.id),
                )
                .await?;
                eprintln!(
                    "{} {} ({}) created. It is shown only now: store it in your secret manager.",
                    if card { "Card key" } else { "Token" },
                    record.id,
                    record.name
                );
                if card {
                    eprintln!("Use it as: <ankieter>/card?key=<key>&email=<the customer's e-mail>");
                } else {
                    eprintln!("Use it as: Authorization: Bearer <token>");
                }
                println!("{}", token.expose_secret());
            }
            Self::List { account } => {
                let account_id = parse_id(&account, "account")?;
                let tokens = store.tokens(account_id).await?;
                if tokens.is_empty() {
                    eprintln!("No tokens.");
                }
                for t in tokens {
                    let state = match t.revoked_at {
                        Some(at) => format!("revoked {}", format_ms(at)),
                        None => format!(
                            "live, last used {}",
                            t.last_used_at
                                .map(format_ms)
                                .unwrap_or_else(|| "never".into())
                        ),
                    };
                    println!(
                        "{}  {:<4}  {:<30}  created {}  {state}",
                        t.id,
                        t.scope.as_str(),
                        t.name,
                        format_ms(t.created_at)
                    );
                }
            }
            Self::Revoke { id } => {
                let id = parse_id(&id, "token")?;
                if store.revoke_token(None, id, now_ms()).await? {
                    println!("Token {id} revoked.");
                } else {
                    anyhow::bail!("no live token with id {id}");
                }
            }
        }
        Ok(())
    }
}
