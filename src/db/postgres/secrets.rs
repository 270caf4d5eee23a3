use super::PostgresStore;
use crate::db::{EncryptedSecret, SecretKind, SecretStore};
use anyhow::Context;
use async_trait::async_trait;
use uuid::Uuid;

#[async_trait]
impl SecretStore for PostgresStore {
    async fn encrypted_secrets(&self) -> anyhow::Result<Vec<EncryptedSecret>> {
        let mut secrets = Vec::new();
        for (kind, sql) in [
            (
                SecretKind::AccountApiSecret,
                "SELECT id, sm_secret_encrypted FROM accounts WHERE sm_secret_encrypted IS NOT NULL",
            ),
            (
                SecretKind::SurveyLinkKey,
                "SELECT id, link_key_encrypted FROM surveys WHERE link_key_encrypted != ''",
            ),
            (
                SecretKind::ThuliumPassword,
                "SELECT id, thulium_password_encrypted FROM contact_centers \
                 WHERE thulium_password_encrypted IS NOT NULL",
            ),
            (
                SecretKind::WebhookSecret,
                "SELECT id, webhook_secret_encrypted FROM accounts \
                 WHERE webhook_secret_encrypted IS NOT NULL",
            ),
            (
                SecretKind::EmpikApiKey,
                "SELECT id, api_key_encrypted FROM empik_integrations",
            ),
            (
                SecretKind::EmpikThuliumPassword,
                "SELECT id, thulium_password_encrypted FROM empik_integrations",
            ),
        ] {
            let rows: Vec<(Uuid, String)> = sqlx::query_as(sql).fetch_all(&self.pool).await?;
            secrets.extend(rows.into_iter().map(|(owner_id, ciphertext)| EncryptedSecret {
                kind,
                owner_id,
                ciphertext,
            }));
        }
        Ok(secrets)
    }

    async fn replace_encrypted_secrets(&self, secrets: &[EncryptedSecret]) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        for secret in secrets {
            let sql = match secret.kind {
                SecretKind::AccountApiSecret => {
                    "UPDATE accounts SET sm_secret_encrypted = $1 WHERE id = $2"
                }
                SecretKind::SurveyLinkKey => {
                    "UPDATE surveys SET link_key_encrypted = $1 WHERE id = $2"
                }
                SecretKind::ThuliumPassword => {
                    "UPDATE contact_centers SET thulium_password_encrypted = $1 WHERE id = $2"
                }
                SecretKind::WebhookSecret => {
                    "UPDATE accounts SET webhook_secret_encrypted = $1 WHERE id = $2"
                }
                SecretKind::EmpikApiKey => {
                    "UPDATE empik_integrations SET api_key_encrypted = $1 WHERE id = $2"
                }
                SecretKind::EmpikThuliumPassword => {
                    "UPDATE empik_integrations SET thulium_password_encrypted = $1 WHERE id = $2"
                }
            };
            sqlx::query(sql)
                .bind(&secret.ciphertext)
                .bind(secret.owner_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit()
            .await
            .context("cannot save the re-encrypted secrets")
    }
}
