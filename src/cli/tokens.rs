use super::parse_id;
use crate::clock::{format_ms, now_ms};
use crate::configuration::Settings;
use crate::manage::create_token;
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
            Self::Create { account, name } => {
                let account_id = parse_id(&account, "account")?;
                let (record, token) = create_token(store.as_ref(), account_id, &name).await?;
                eprintln!(
                    "Token {} ({}) created. It is shown only now: store it in your secret manager.",
                    record.id, record.name
                );
                eprintln!("Use it as: Authorization: Bearer <token>");
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
                        "{}  {:<30}  created {}  {state}",
                        t.id,
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
