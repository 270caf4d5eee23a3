use super::{uuid, SqliteStore};
use crate::db::{EncryptedSecret, SecretKind, SecretStore};
use anyhow::Context;
use async_trait::async_trait;

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
        let tagged = accounts
            .into_iter()
            .map(|row| (SecretKind::AccountApiSecret, row))
            .chain(
                surveys
                    .into_iter()
                    .map(|row| (SecretKind::SurveyLinkKey, row)),
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
        let mut tx = self.pool.begin().await?;
        for secret in secrets {
            let sql = match secret.kind {
                SecretKind::AccountApiSecret => {
                    "UPDATE accounts SET sm_secret_encrypted = ? WHERE id = ?"
                }
                SecretKind::SurveyLinkKey => {
                    "UPDATE surveys SET link_key_encrypted = ? WHERE id = ?"
                }
            };
            sqlx::query(sql)
                .bind(&secret.ciphertext)
                .bind(secret.owner_id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit()
            .await
            .context("cannot save the re-encrypted secrets")
    }
}
