use super::parse_id;
use crate::configuration::Settings;
use crate::manage::{save_empik, EmpikInput};
use clap::Subcommand;

// Parsed once per run: the size of its variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum EmpikCommand {
    /// Connect an EmpikPlace shop to a Thulium helpdesk, or change it (by
    /// shop id). The shop's API key is read from ANKIETER_EMPIK_API_KEY and
    /// the Thulium password from ANKIETER_THULIUM_PASSWORD, or from standard
    /// input (one line each), never from a flag; an empty one keeps the saved.
    Set {
        #[arg(long)]
        account: String,
        #[arg(long)]
        shop_id: String,
        /// EmpikPlace's seller API (default https://marketplace.empik.com/api).
        #[arg(long, default_value = "")]
        api_url: String,
        /// e.g. https://acme.thulium.com/api
        #[arg(long)]
        thulium_url: String,
        #[arg(long)]
        thulium_user: String,
        /// The ticket queue's id in Thulium.
        #[arg(long)]
        queue: String,
        #[arg(long, default_value = "")]
        category: String,
        /// The Thulium customer field holding the EmpikPlace customer id.
        #[arg(long)]
        customer_field: String,
        #[arg(long, default_value = "")]
        auto_reply: String,
        #[arg(long, default_value_t = 60)]
        poll_seconds: i64,
        /// Save it switched off.
        #[arg(long)]
        off: bool,
    },
    /// List an account's EmpikPlace shops.
    List {
        #[arg(long)]
        account: String,
    },
}

impl EmpikCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let store = crate::db::connect(&settings.database_url).await?;
        match self {
            Self::List { account } => {
                let account_id = parse_id(&account, "account")?;
                for i in store.empik_integrations(account_id).await? {
                    let state = match (&i.paused_reason, i.enabled) {
                        (Some(reason), _) => format!("paused: {reason}"),
                        (None, true) => "polled".into(),
                        (None, false) => "off".into(),
                    };
                    println!(
                        "{}\tshop {}\tqueue {}\t{state}",
                        i.id, i.shop_id, i.queue_id
                    );
                }
                Ok(())
            }
            Self::Set {
                account,
                shop_id,
                api_url,
                thulium_url,
                thulium_user,
                queue,
                category,
                customer_field,
                auto_reply,
                poll_seconds,
                off,
            } => {
                let account_id = parse_id(&account, "account")?;
                let key = crate::startup::load_key(settings)?;
                let existing = store
                    .empik_integrations(account_id)
                    .await?
                    .into_iter()
                    .find(|i| i.shop_id == shop_id.trim());
                let api_key = super::read_secret("ANKIETER_EMPIK_API_KEY", "EmpikPlace API key")?;
                let password =
                    super::read_secret("ANKIETER_THULIUM_PASSWORD", "Thulium API password")?;
                let input = EmpikInput {
                    shop_id: &shop_id,
                    api_url: &api_url,
                    api_key: Some(&api_key),
                    thulium_url: &thulium_url,
                    thulium_user: &thulium_user,
                    thulium_password: Some(&password),
                    queue_id: &queue,
                    category_id: &category,
                    customer_field: &customer_field,
                    auto_reply: &auto_reply,
                    poll_seconds,
                    enabled: !off,
                };
                let created = existing.is_none();
                let saved = save_empik(store.as_ref(), &key, account_id, existing, &input).await?;
                let action = if created {
                    "empikplace.create"
                } else {
                    "empikplace.save"
                };
                super::audit(store.as_ref(), account_id, action, &saved.shop_id).await?;
                println!("{}", saved.id);
                eprintln!(
                    "EmpikPlace shop {} saved (key and password encrypted); {}.",
                    saved.shop_id,
                    if saved.enabled {
                        "the server polls it"
                    } else {
                        "switched off"
                    }
                );
                Ok(())
            }
        }
    }
}
