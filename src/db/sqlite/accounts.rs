use super::{uuid, SqliteStore};
use crate::db::{Account, AccountStore, StoredSalesmanago, StoredWebhook};
use crate::domain::{AccountTimeZone, Language, PropertyPrefix};
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::{params, Transaction};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use uuid::Uuid;

const ACCOUNT_COLUMNS: &str = "id, name, language, property_prefix, sm_endpoint, sm_client_id, \
     sm_owner, sm_secret_encrypted, sm_paused_reason, time_zone, webhook_url, \
     webhook_secret_encrypted, created_at";

fn account_from_row(row: &SqliteRow) -> anyhow::Result<Account> {
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
        id: uuid(row.try_get("id")?)?,
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

/// Clears the pause and makes paused deliveries due, inside `tx`.
pub(super) fn resume_in(tx: &Transaction<'_>, account_id: &str, now: i64) -> anyhow::Result<u64> {
    tx.prepare_cached(
        "UPDATE accounts SET sm_paused_reason = NULL, sm_paused_at = NULL WHERE id = ?1",
    )?
    .execute(params![account_id])?;
    let resumed = tx
        .prepare_cached(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = ?1, claimed_until = NULL, updated_at = ?1 \
             WHERE account_id = ?2 AND status = 'paused'",
        )?
        .execute(params![now, account_id])?;
    Ok(resumed as u64)
}

/// Pausing an account: its reason (parameters reason, at, account) and its
/// pending deliveries (reason, at, account).
pub(super) const PAUSE_ACCOUNT: &str =
    "UPDATE accounts SET sm_paused_reason = ?1, sm_paused_at = ?2 WHERE id = ?3";
pub(super) const PAUSE_DELIVERIES: &str =
    "UPDATE deliveries SET status = 'paused', last_error = ?1, claimed_until = NULL, updated_at = ?2 \
     WHERE account_id = ?3 AND status = 'pending' AND kind IN ('response', 'event')";

#[async_trait]
impl AccountStore for SqliteStore {
    async fn create_account(&self, account: &Account) -> anyhow::Result<()> {
        let (id, name, language, prefix, zone, created_at) = (
            account.id.to_string(),
            account.name.clone(),
            account.language.code(),
            account.property_prefix.as_str().to_owned(),
            account.time_zone.name().to_owned(),
            account.created_at,
        );
        self.apply(move |tx| {
            tx.prepare_cached(
                "INSERT INTO accounts (id, name, language, property_prefix, time_zone, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, name, language, prefix, zone, created_at])
            .context("cannot create the account")?;
            Ok(())
        })
        .await
    }

    async fn account(&self, id: Uuid) -> anyhow::Result<Option<Account>> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the account")?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn accounts(&self) -> anyhow::Result<Vec<Account>> {
        let rows = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at"
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
        let (settings, prefix, account) = (
            settings.clone(),
            prefix.as_str().to_owned(),
            account_id.to_string(),
        );
        self.apply(move |tx| {
            tx.prepare_cached(
                "UPDATE accounts SET sm_endpoint = ?1, sm_client_id = ?2, sm_owner = ?3, sm_secret_encrypted = ?4, \
                 property_prefix = ?5 WHERE id = ?6",
            )?
            .execute(params![
                settings.endpoint,
                settings.client_id,
                settings.owner,
                settings.secret_encrypted,
                prefix,
                account
            ])
            .context("cannot save the SALESmanago settings")?;
            resume_in(tx, &account, now)
        })
        .await
    }

    async fn pause_account(&self, account_id: Uuid, reason: &str, now: i64) -> anyhow::Result<()> {
        let (account, reason) = (account_id.to_string(), reason.to_owned());
        self.apply(move |tx| {
            tx.prepare_cached(PAUSE_ACCOUNT)?
                .execute(params![reason, now, account])?;
            tx.prepare_cached(PAUSE_DELIVERIES)?
                .execute(params![reason, now, account])?;
            Ok(())
        })
        .await
        .context("cannot pause the account's deliveries")
    }

    async fn set_webhook(
        &self,
        account_id: Uuid,
        webhook: Option<&StoredWebhook>,
    ) -> anyhow::Result<()> {
        let id = account_id.to_string();
        let (url, secret) = webhook
            .map(|w| (w.url.clone(), w.secret_encrypted.clone()))
            .unzip();
        self.apply(move |tx| {
            tx.prepare_cached(
                "UPDATE accounts SET webhook_url = ?1, webhook_secret_encrypted = ?2 WHERE id = ?3",
            )?
            .execute(params![url, secret, id])?;
            Ok(())
        })
        .await
        .context("cannot save the account's webhook")
    }

    async fn set_account_time_zone(
        &self,
        account_id: Uuid,
        zone: &AccountTimeZone,
    ) -> anyhow::Result<()> {
        let (id, name) = (account_id.to_string(), zone.name().to_owned());
        self.apply(move |tx| {
            tx.prepare_cached("UPDATE accounts SET time_zone = ?1 WHERE id = ?2")?
                .execute(params![name, id])?;
            Ok(())
        })
        .await
        .context("cannot save the account's time zone")
    }

    async fn resume_account(&self, account_id: Uuid, now: i64) -> anyhow::Result<u64> {
        let account = account_id.to_string();
        self.apply(move |tx| resume_in(tx, &account, now))
            .await
            .context("cannot resume the account's deliveries")
    }

    async fn meta(&self, key: &str) -> anyhow::Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn set_meta(&self, key: &str, value: &str) -> anyhow::Result<()> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.apply(move |tx| {
            tx.prepare_cached(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![key, value])?;
            Ok(())
        })
        .await
    }

    async fn ping(&self) -> anyhow::Result<()> {
        // A real table, so that a damaged file fails here and not only on use.
        sqlx::query("SELECT COUNT(*) FROM meta")
            .execute(&self.pool)
            .await
            .context("the database does not answer")?;
        Ok(())
    }
}
