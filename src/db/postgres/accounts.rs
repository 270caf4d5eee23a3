use super::PostgresStore;
use crate::db::{Account, AccountStore, StoredSalesmanago, StoredWebhook};
use crate::domain::{AccountTimeZone, Language, PropertyPrefix};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

const ACCOUNT_COLUMNS: &str = "id, name, language, property_prefix, sm_endpoint, sm_client_id, \
     sm_owner, sm_secret_encrypted, sm_paused_reason, time_zone, webhook_url, \
     webhook_secret_encrypted, created_at";

fn account_from_row(row: &PgRow) -> anyhow::Result<Account> {
    let endpoint: Option<String> = row.try_get("sm_endpoint")?;
    let salesmanago = match endpoint {
        Some(endpoint) => Some(StoredSalesmanago {
            endpoint,
            client_id: row.try_get("sm_client_id")?,
            owner: row.try_get("sm_owner")?,
            secret_encrypted: row.try_get("sm_secret_encrypted")?,
        }),
        None => None,
    };
    let language: String = row.try_get("language")?;
    let prefix: String = row.try_get("property_prefix")?;
    let time_zone: String = row.try_get("time_zone")?;
    Ok(Account {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        language: Language::parse(&language).context("corrupt account language")?,
        property_prefix: PropertyPrefix::parse(&prefix).map_err(anyhow::Error::msg)?,
        salesmanago,
        paused_reason: row.try_get("sm_paused_reason")?,
        time_zone: AccountTimeZone::parse(&time_zone).unwrap_or_default(),
        webhook: StoredWebhook::from_columns(
            row.try_get("webhook_url")?,
            row.try_get("webhook_secret_encrypted")?,
        ),
        created_at: row.try_get("created_at")?,
    })
}

/// Clears the pause and makes paused deliveries due, inside a transaction.
pub(super) async fn resume_in(
    tx: &mut PgConnection,
    account_id: Uuid,
    now: i64,
) -> anyhow::Result<u64> {
    sqlx::query("UPDATE accounts SET sm_paused_reason = NULL, sm_paused_at = NULL WHERE id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    let resumed = sqlx::query(
        "UPDATE deliveries SET status = 'pending', next_attempt_at = $1, claimed_until = NULL, updated_at = $1 \
         WHERE account_id = $2 AND status = 'paused'",
    )
    .bind(now)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    Ok(resumed.rows_affected())
}

/// Pauses the account and its pending deliveries, inside a transaction.
/// Every instance stops its deliveries: they claim only pending ones.
pub(super) async fn pause_in(
    tx: &mut PgConnection,
    account_id: Uuid,
    reason: &str,
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE accounts SET sm_paused_reason = $1, sm_paused_at = $2 WHERE id = $3")
        .bind(reason)
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE deliveries SET status = 'paused', last_error = $1, claimed_until = NULL, updated_at = $2 \
         WHERE account_id = $3 AND status = 'pending' AND kind IN ('response', 'event')",
    )
    .bind(reason)
    .bind(now)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[async_trait]
impl AccountStore for PostgresStore {
    async fn create_account(&self, account: &Account) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO accounts (id, name, language, property_prefix, time_zone, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(account.id)
        .bind(&account.name)
        .bind(account.language.code())
        .bind(account.property_prefix.as_str())
        .bind(account.time_zone.name())
        .bind(account.created_at)
        .execute(&self.pool)
        .await
        .context("cannot create the account")?;
        Ok(())
    }

    async fn account(&self, id: Uuid) -> anyhow::Result<Option<Account>> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the account")?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn accounts(&self) -> anyhow::Result<Vec<Account>> {
        let rows = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, id"
        ))
        .fetch_all(&self.pool)
        .await
        .context("cannot list accounts")?;
        rows.iter().map(account_from_row).collect()
    }

    async fn set_salesmanago(
        &self,
        account_id: Uuid,
        settings: &StoredSalesmanago,
        prefix: &PropertyPrefix,
        now: i64,
    ) -> anyhow::Result<u64> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE accounts SET sm_endpoint = $1, sm_client_id = $2, sm_owner = $3, sm_secret_encrypted = $4, \
             property_prefix = $5 WHERE id = $6",
        )
        .bind(&settings.endpoint)
        .bind(&settings.client_id)
        .bind(&settings.owner)
        .bind(&settings.secret_encrypted)
        .bind(prefix.as_str())
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .context("cannot save the SALESmanago settings")?;
        let resumed = resume_in(&mut tx, account_id, now).await?;
        tx.commit().await?;
        Ok(resumed)
    }

    async fn pause_account(&self, account_id: Uuid, reason: &str, now: i64) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        pause_in(&mut tx, account_id, reason, now)
            .await
            .context("cannot pause the account's deliveries")?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_webhook(
        &self,
        account_id: Uuid,
        webhook: Option<&StoredWebhook>,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE accounts SET webhook_url = $1, webhook_secret_encrypted = $2 WHERE id = $3",
        )
        .bind(webhook.map(|w| w.url.as_str()))
        .bind(webhook.map(|w| w.secret_encrypted.as_str()))
        .bind(account_id)
        .execute(&self.pool)
        .await
        .context("cannot save the account's webhook")?;
        Ok(())
    }

    async fn set_account_time_zone(
        &self,
        account_id: Uuid,
        zone: &AccountTimeZone,
    ) -> anyhow::Result<()> {
        sqlx::query("UPDATE accounts SET time_zone = $1 WHERE id = $2")
            .bind(zone.name())
            .bind(account_id)
            .execute(&self.pool)
            .await
            .context("cannot save the account's time zone")?;
        Ok(())
    }

    async fn resume_account(&self, account_id: Uuid, now: i64) -> anyhow::Result<u64> {
        let mut tx = self.pool.begin().await?;
        let resumed = resume_in(&mut tx, account_id, now)
            .await
            .context("cannot resume the account's deliveries")?;
        tx.commit().await?;
        Ok(resumed)
    }

    async fn meta(&self, key: &str) -> anyhow::Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn set_meta(&self, key: &str, value: &str) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT COUNT(*) FROM meta")
            .execute(&self.pool)
            .await
            .context("the database does not answer")?;
        Ok(())
    }
}
