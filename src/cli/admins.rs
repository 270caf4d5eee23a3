use super::parse_id;
use crate::configuration::Settings;
use crate::manage::{create_admin, set_admin_password};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an admin who signs in at /admin. The password is read from
    /// ANKIETER_ADMIN_PASSWORD or standard input (hidden prompt on a terminal).
    Create {
        #[arg(long)]
        account: String,
        #[arg(long)]
        email: String,
    },
    /// Give an admin a new password (read like `create`'s) and end every
    /// session they have open.
    Password {
        #[arg(long)]
        email: String,
    },
}

impl AdminCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let store = crate::db::connect(&settings.database_url).await?;
        match self {
            Self::Create { account, email } => {
                let account_id = parse_id(&account, "account")?;
                let password = super::read_secret("ANKIETER_ADMIN_PASSWORD", "Admin password")?;
                let admin = create_admin(store.as_ref(), account_id, &email, &password).await?;
                super::audit(store.as_ref(), account_id, "admin.create", &admin.email).await?;
                println!(
                    "Admin {} created: sign in at {}/admin",
                    admin.email,
                    settings.public_base(settings.configured_port())
                );
            }
            Self::Password { email } => {
                let password = super::read_secret("ANKIETER_ADMIN_PASSWORD", "New password")?;
                let admin = set_admin_password(store.as_ref(), &email, &password).await?;
                super::audit(
                    store.as_ref(),
                    admin.account_id,
                    "admin.password",
                    &admin.email,
                )
                .await?;
                println!(
                    "Password of {} changed; their sessions have ended.",
                    admin.email
                );
            }
        }
        Ok(())
    }
}
