use super::parse_id;
use crate::configuration::Settings;
use crate::manage::{set_salesmanago, SalesmanagoInput};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum SalesmanagoCommand {
    /// Set an account's API access. The API secret is read from
    /// ANKIETER_SM_API_SECRET or standard input, never from a flag.
    Set {
        #[arg(long)]
        account: String,
        /// e.g. app3.salesmanago.pl
        #[arg(long)]
        endpoint: String,
        #[arg(long)]
        client_id: String,
        /// E-mail of the SALESmanago user who owns the contacts.
        #[arg(long)]
        owner: String,
        /// Property-key prefix (default: from the account's language).
        #[arg(long)]
        prefix: Option<String>,
    },
}

impl SalesmanagoCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let Self::Set {
            account,
            endpoint,
            client_id,
            owner,
            prefix,
        } = self;
        let account_id = parse_id(&account, "account")?;
        let store = crate::db::connect(&settings.database_url).await?;
        let key = crate::startup::load_key(settings)?;
        let input = SalesmanagoInput {
            endpoint,
            client_id,
            owner,
            api_secret: Some(super::read_secret(
                "ANKIETER_SM_API_SECRET",
                "SALESmanago API secret",
            )?),
            property_prefix: prefix,
        };
        let resumed = set_salesmanago(
            store.as_ref(),
            &key,
            account_id,
            input,
            settings.endpoint_policy(),
        )
        .await?;
        super::audit(
            store.as_ref(),
            account_id,
            "salesmanago.save",
            "endpoint, client id, owner, API secret",
        )
        .await?;
        println!("SALESmanago access saved for account {account_id} (secret encrypted).");
        if resumed > 0 {
            println!("{resumed} paused deliveries resumed.");
        }
        Ok(())
    }
}
