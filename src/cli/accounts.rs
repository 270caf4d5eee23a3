use crate::configuration::Settings;
use crate::domain::Language;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Create an account and print its id.
    Create {
        #[arg(long)]
        name: String,
        /// Language of the account: sets the property prefix (pl: ankieta., cs: dotaznik., en: survey.).
        #[arg(long, default_value = "pl", value_parser = parse_language)]
        language: Language,
    },
    /// List accounts.
    List,
}

fn parse_language(raw: &str) -> Result<Language, String> {
    Language::parse(raw).ok_or_else(|| format!("unknown language {raw:?}: use pl, cs or en"))
}

impl AccountCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let store = crate::db::connect(&settings.database_url).await?;
        match self {
            Self::Create { name, language } => {
                let account =
                    crate::manage::create_account(store.as_ref(), &name, language).await?;
                println!("{}", account.id);
            }
            Self::List => {
                for account in store.accounts().await? {
                    let access = match (&account.salesmanago, &account.paused_reason) {
                        (None, _) => "SALESmanago not configured".to_owned(),
                        (Some(sm), None) => {
                            format!("SALESmanago {} (client {})", sm.endpoint, sm.client_id)
                        }
                        (Some(_), Some(reason)) => format!("PAUSED: {reason}"),
                    };
                    println!(
                        "{}  {}  [{}]  {}",
                        account.id,
                        account.name,
                        account.language.code(),
                        access
                    );
                }
            }
        }
        Ok(())
    }
}
