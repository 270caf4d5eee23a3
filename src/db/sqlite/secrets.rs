use super::{uuid, SqliteStore};
use crate::db::{EncryptedSecret, SecretKind, SecretStore};
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::params;

#[async_trait]
impl SecretStore for SqliteStore {
    async fn encrypted_secrets(&self) -> anyhow::Result<Vec<EncryptedSecret>> {
        let accounts: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, sm_secret_encrypted FROM accounts WHERE sm_secret_encrypted IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        let surveys: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, link_key_encrypted FROM surveys WHERE link_key_encrypted != ''",
        )
        .fetch_all(&self.pool)
        .await?;
        let thulium: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, thulium_password_encrypted FROM contact_centers \
             WHERE thulium_password_encrypted IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        let webhooks: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, webhook_secret_encrypted FROM accounts \
             WHERE webhook_secret_encrypted IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        let empik_keys: Vec<(String, String)> =
            sqlx::query_as("SELECT id, api_key_encrypted FROM empik_integrations")
                .fetch_all(&self.pool)
                .await?;
        let empik_passwords: Vec<(String, String)> =
            sqlx::query_as("SELECT id, thulium_password_encrypted FROM empik_integrations")
                .fetch_all(&self.pool)
                .await?;
        let tagged = accounts
            .into_iter()
            .map(|row| (SecretKind::AccountApiSecret, row))
            .chain(
                surveys
                    .into_iter()
                    .map(|row| (SecretKind::SurveyLinkKey, row)),
            )
            .chain(
                thulium
                    .into_iter()
                    .map(|row| (SecretKind::ThuliumPassword, row)),
            )
            .chain(
                webhooks
                    .into_iter()
                    .map(|row| (SecretKind::WebhookSecret, row)),
            )
            .chain(
                empik_keys
                    .into_iter()
                    .map(|row| (SecretKind::EmpikApiKey, row)),
            )
            .chain(
                empik_passwords
                    .into_iter()
                    .map(|row| (SecretKind::EmpikThuliumPassword, row)),
            );
        tagged
            .map(|(kind, (id, ciphertext))| {
                Ok(EncryptedSecret {
                    kind,
                    owner_id: uuid(&id)?,
                    ciphertext,
                })
            })
            .collect()
    }

    async fn replace_encrypted_secrets(&self, secrets: &[EncryptedSecret]) -> anyhow::Result<()> {
        let secrets = secrets.to_vec();
        self.apply(move |tx| {
            for secret in &secrets {
                let sql = match secret.kind {
                    SecretKind::AccountApiSecret => {
                        "UPDATE accounts SET sm_secret_encrypted = ?1 WHERE id = ?2"
                    }
                    SecretKind::SurveyLinkKey => {
                        "UPDATE surveys SET link_key_encrypted = ?1 WHERE id = ?2"
                    }
                    SecretKind::ThuliumPassword => {
                        "UPDATE contact_centers SET thulium_password_encrypted = ?1 WHERE id = ?2"
                    }
                    SecretKind::WebhookSecret => {
                        "UPDATE accounts SET webhook_secret_encrypted = ?1 WHERE id = ?2"
                    }
                    SecretKind::EmpikApiKey => {
                        "UPDATE empik_integrations SET api_key_encrypted = ?1 WHERE id = ?2"
                    }
                    SecretKind::EmpikThuliumPassword => {
                        "UPDATE empik_integrations SET thulium_password_encrypted = ?1 WHERE id = ?2"
                    }
                };
                tx.prepare_cached(sql)?
                    .execute(params![secret.ciphertext, secret.owner_id.to_string()])?;
            }
            Ok(())
        })
        .await
        .context("cannot save the re-encrypted secrets")
    }
}
