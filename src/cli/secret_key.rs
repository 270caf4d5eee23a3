use crate::configuration::Settings;
use crate::crypto::{write_private, ServerKey, KEY_FILE, NEW_KEY_FILE};
use crate::manage::rotate_secrets;
use anyhow::{bail, Context};
use clap::Subcommand;
use secrecy::ExposeSecret;

#[derive(Debug, Subcommand)]
pub enum SecretKeyCommand {
    /// Re-encrypt every stored secret under a new server key. Stop the servers
    /// first. With ANKIETER_SECRET_KEY set, the new key comes from
    /// ANKIETER_NEW_SECRET_KEY; with the key file, a new one is generated and
    /// replaces it.
    Rotate,
}

impl SecretKeyCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let Self::Rotate = self;
        let store = crate::db::connect(&settings.database_url).await?;
        match &settings.secret_key {
            Some(current) => {
                let new_hex = std::env::var("ANKIETER_NEW_SECRET_KEY").context(
                    "ANKIETER_SECRET_KEY is set: give the new key in ANKIETER_NEW_SECRET_KEY",
                )?;
                let new = ServerKey::from_hex(&new_hex).context("ANKIETER_NEW_SECRET_KEY")?;
                let old = ServerKey::from_hex(current.expose_secret())?;
                let report = rotate_secrets(store.as_ref(), &old, &new).await?;
                print_report(&report);
                println!("Now set ANKIETER_SECRET_KEY to the new key and start the servers.");
            }
            None => {
                let current_path = settings.data_dir.join(KEY_FILE);
                if !current_path.exists() {
                    bail!(
                        "no server key at {}: nothing to rotate",
                        current_path.display()
                    );
                }
                let old = ServerKey::from_file(&current_path)?;
                // The new key is on disk before any secret is encrypted with it,
                // so an interrupted rotation can always be finished by running it again.
                let new_path = settings.data_dir.join(NEW_KEY_FILE);
                if !new_path.exists() {
                    write_private(&new_path, &ServerKey::generate_hex())?;
                }
                let new = ServerKey::from_file(&new_path)?;
                let report = rotate_secrets(store.as_ref(), &old, &new).await?;
                std::fs::rename(&new_path, &current_path).with_context(|| {
                    format!(
                        "cannot move {} to {}",
                        new_path.display(),
                        current_path.display()
                    )
                })?;
                print_report(&report);
                println!(
                    "The new key is in {} (back it up); the old one is gone.",
                    current_path.display()
                );
            }
        }
        Ok(())
    }
}

fn print_report(report: &crate::manage::RotationReport) {
    println!(
        "Re-encrypted {} SALESmanago API secret(s), {} survey link key(s), {} Thulium API password(s), {} webhook secret(s) and {} EmpikPlace secret(s).",
        report.account_secrets, report.survey_link_keys, report.thulium_passwords, report.webhook_secrets, report.empik_secrets
    );
}
