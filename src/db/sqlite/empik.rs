use super::{uuid, SqliteStore};
use crate::db::{
    EmpikIntegration, EmpikStore, EmpikThread, InteractionOutcome, NewEmpikStep, ShopTaken,
    StoredThulium,
};
use crate::domain::Work;
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::params;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use uuid::Uuid;

const COLUMNS: &str = "id, account_id, shop_id, api_url, api_key_encrypted, thulium_url, \
     thulium_user, thulium_password_encrypted, queue_id, category_id, customer_field, auto_reply, \
     poll_seconds, enabled, paused_reason, poll_state, created_at, updated_at";

fn from_row(row: &SqliteRow) -> anyhow::Result<EmpikIntegration> {
    Ok(EmpikIntegration {
        id: uuid(row.try_get("id")?)?,
        account_id: uuid(row.try_get("account_id")?)?,
        shop_id: row.try_get("shop_id")?,
        api_url: row.try_get("api_url")?,
        api_key_encrypted: row.try_get("api_key_encrypted")?,
        thulium: StoredThulium {
            url: row.try_get("thulium_url")?,
            user: row.try_get("thulium_user")?,
            password_encrypted: row.try_get("thulium_password_encrypted")?,
        },
        queue_id: row.try_get("queue_id")?,
        category_id: row.try_get("category_id")?,
        customer_field: row.try_get("customer_field")?,
        auto_reply: row.try_get("auto_reply")?,
        poll_seconds: row.try_get("poll_seconds")?,
        enabled: row.try_get::<i64, _>("enabled")? != 0,
        paused_reason: row.try_get("paused_reason")?,
        poll_state: row.try_get("poll_state")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn thread_of_row(row: &SqliteRow) -> anyhow::Result<EmpikThread> {
    Ok(EmpikThread {
        thread_id: row.try_get("thread_id")?,
        ticket_id: row.try_get("ticket_id")?,
        customer_id: row.try_get("customer_id")?,
    })
}

fn thread_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<EmpikThread> {
    Ok(EmpikThread {
        thread_id: row.get(0)?,
        ticket_id: row.get(1)?,
        customer_id: row.get(2)?,
    })
}

#[async_trait]
impl EmpikStore for SqliteStore {
    async fn save_empik(&self, integration: &EmpikIntegration) -> anyhow::Result<()> {
        let i = integration.clone();
        self.apply(move |tx| {
            let taken = tx
                .prepare_cached(
                    "SELECT 1 FROM empik_integrations WHERE account_id = ?1 AND shop_id = ?2 AND id != ?3",
                )?
                .exists(params![i.account_id.to_string(), i.shop_id, i.id.to_string()])?;
            if taken {
                return Err(ShopTaken.into());
            }
            tx.prepare_cached(
                "INSERT INTO empik_integrations (id, account_id, shop_id, api_url, api_key_encrypted, \
                 thulium_url, thulium_user, thulium_password_encrypted, queue_id, category_id, \
                 customer_field, auto_reply, poll_seconds, enabled, paused_reason, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
                 ON CONFLICT (id) DO UPDATE SET shop_id = excluded.shop_id, api_url = excluded.api_url, \
                 api_key_encrypted = excluded.api_key_encrypted, thulium_url = excluded.thulium_url, \
                 thulium_user = excluded.thulium_user, \
                 thulium_password_encrypted = excluded.thulium_password_encrypted, \
                 queue_id = excluded.queue_id, category_id = excluded.category_id, \
                 customer_field = excluded.customer_field, auto_reply = excluded.auto_reply, \
                 poll_seconds = excluded.poll_seconds, enabled = excluded.enabled, \
                 paused_reason = excluded.paused_reason, updated_at = excluded.updated_at \
                 WHERE empik_integrations.account_id = excluded.account_id",
            )?
            .execute(params![
                i.id.to_string(),
                i.account_id.to_string(),
                i.shop_id,
                i.api_url,
                i.api_key_encrypted,
                i.thulium.url,
                i.thulium.user,
                i.thulium.password_encrypted,
                i.queue_id,
                i.category_id,
                i.customer_field,
                i.auto_reply,
                i.poll_seconds,
                i64::from(i.enabled),
                i.paused_reason,
                i.created_at,
                i.updated_at
            ])?;
            Ok(())
        })
        .await
    }

    async fn empik_integrations(&self, account_id: Uuid) -> anyhow::Result<Vec<EmpikIntegration>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM empik_integrations WHERE account_id = ? ORDER BY shop_id"
        ))
        .bind(account_id.to_string())
        .fetch_all(&self.pool)
        .await
        .context("cannot list the EmpikPlace integrations")?;
        rows.iter().map(from_row).collect()
    }

    async fn empik_integration(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<EmpikIntegration>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM empik_integrations WHERE id = ?1 AND (?2 IS NULL OR account_id = ?2)"
        ))
        .bind(id.to_string())
        .bind(account_id.map(|id| id.to_string()))
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the EmpikPlace integration")?;
        row.as_ref().map(from_row).transpose()
    }

    async fn polled_empik(&self) -> anyhow::Result<Vec<EmpikIntegration>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM empik_integrations WHERE enabled = 1 AND paused_reason IS NULL \
             ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await
        .context("cannot list the polled EmpikPlace integrations")?;
        rows.iter().map(from_row).collect()
    }

    async fn pause_empik(&self, id: Uuid, reason: Option<&str>, now: i64) -> anyhow::Result<()> {
        let (id, reason) = (id.to_string(), reason.map(str::to_owned));
        self.apply(move |tx| {
            tx.prepare_cached(
                "UPDATE empik_integrations SET paused_reason = ?1, updated_at = ?2 WHERE id = ?3",
            )?
            .execute(params![reason, now, id])?;
            if reason.is_none() {
                tx.prepare_cached(
                    "UPDATE deliveries SET next_attempt_at = ?1 \
                     WHERE empik_id = ?2 AND status = 'pending' AND next_attempt_at > ?1",
                )?
                .execute(params![now, id])?;
            }
            Ok(())
        })
        .await
        .context("cannot pause or resume the EmpikPlace integration")
    }

    async fn delete_empik(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<bool> {
        let (id, account) = (id.to_string(), account_id.to_string());
        self.apply(move |tx| {
            let owned = tx
                .prepare_cached(
                    "SELECT 1 FROM empik_integrations WHERE id = ?1 AND account_id = ?2",
                )?
                .exists(params![id, account])?;
            if !owned {
                return Ok(false);
            }
            for statement in [
                "DELETE FROM delivery_attempts WHERE delivery_id IN \
                 (SELECT id FROM deliveries WHERE empik_id = ?1)",
                "DELETE FROM deliveries WHERE empik_id = ?1",
                "DELETE FROM empik_threads WHERE empik_id = ?1",
                "DELETE FROM empik_sent WHERE empik_id = ?1",
                "DELETE FROM empik_integrations WHERE id = ?1",
            ] {
                tx.prepare_cached(statement)?.execute(params![id])?;
            }
            Ok(true)
        })
        .await
        .context("cannot delete the EmpikPlace integration")
    }

    async fn insert_empik_polled(
        &self,
        account_id: Uuid,
        integration_id: Uuid,
        steps: &[NewEmpikStep],
        poll_state: &str,
    ) -> anyhow::Result<Vec<InteractionOutcome>> {
        let rows: Vec<(String, String, String, i64)> = steps
            .iter()
            .map(|s| {
                (
                    s.delivery_id.to_string(),
                    s.plan.interaction_id(),
                    Work::Empik(s.plan.clone()).to_stored(),
                    s.created_at,
                )
            })
            .collect();
        let (account, id, state) = (
            account_id.to_string(),
            integration_id.to_string(),
            poll_state.to_owned(),
        );
        self.apply(move |tx| {
            let mut outcomes = Vec::with_capacity(rows.len());
            for (delivery_id, interaction_id, plan, created_at) in &rows {
                let inserted = tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO deliveries (id, account_id, kind, empik_id, \
                         interaction_id, status, plan, next_attempt_at, created_at, updated_at) \
                         VALUES (?1, ?2, 'empik', ?3, ?4, 'pending', ?5, ?6, ?6, ?6)",
                    )?
                    .execute(params![
                        delivery_id,
                        account,
                        id,
                        interaction_id,
                        plan,
                        created_at
                    ])?;
                outcomes.push(if inserted > 0 {
                    InteractionOutcome::Stored(uuid(delivery_id)?)
                } else {
                    let existing: String = tx
                        .prepare_cached(
                            "SELECT id FROM deliveries WHERE empik_id = ?1 AND interaction_id = ?2",
                        )?
                        .query_row(params![id, interaction_id], |r| r.get(0))?;
                    InteractionOutcome::Replayed(uuid(&existing)?)
                });
            }
            tx.prepare_cached("UPDATE empik_integrations SET poll_state = ?1 WHERE id = ?2")?
                .execute(params![state, id])?;
            Ok(outcomes)
        })
        .await
        .context("cannot store the polled EmpikPlace messages")
    }

    async fn empik_thread(
        &self,
        integration_id: Uuid,
        thread_id: &str,
    ) -> anyhow::Result<Option<EmpikThread>> {
        let row = sqlx::query(
            "SELECT thread_id, ticket_id, customer_id FROM empik_threads \
             WHERE empik_id = ?1 AND thread_id = ?2",
        )
        .bind(integration_id.to_string())
        .bind(thread_id)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the thread's ticket")?;
        row.as_ref().map(thread_of_row).transpose()
    }

    async fn empik_threads_by_ticket(
        &self,
        integration_id: Uuid,
        ticket_ids: &[String],
    ) -> anyhow::Result<Vec<EmpikThread>> {
        // One query for the page of tickets, as PostgreSQL's `= ANY`.
        let rows = sqlx::query(
            "SELECT thread_id, ticket_id, customer_id FROM empik_threads \
             WHERE empik_id = ?1 AND ticket_id IN (SELECT value FROM json_each(?2))",
        )
        .bind(integration_id.to_string())
        .bind(serde_json::to_string(ticket_ids)?)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the tickets' threads")?;
        rows.iter().map(thread_of_row).collect()
    }

    async fn save_empik_thread(
        &self,
        integration_id: Uuid,
        thread: &EmpikThread,
        at: i64,
    ) -> anyhow::Result<EmpikThread> {
        let (id, thread) = (integration_id.to_string(), thread.clone());
        self.apply(move |tx| {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO empik_threads (empik_id, thread_id, ticket_id, customer_id, \
                 created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, thread.thread_id, thread.ticket_id, thread.customer_id, at])?;
            Ok(tx
                .prepare_cached(
                    "SELECT thread_id, ticket_id, customer_id FROM empik_threads \
                     WHERE empik_id = ?1 AND thread_id = ?2",
                )?
                .query_row(params![id, thread.thread_id], thread_from)?)
        })
        .await
        .context("cannot keep the thread's ticket")
    }

    async fn empik_earlier_pending(
        &self,
        integration_id: Uuid,
        thread_id: &str,
        delivery_id: Uuid,
        created_at: i64,
    ) -> anyhow::Result<bool> {
        let row = sqlx::query(
            "SELECT 1 FROM deliveries WHERE empik_id = ?1 AND interaction_id >= ?2 \
             AND interaction_id < ?3 AND status = 'pending' \
             AND (created_at < ?4 OR (created_at = ?4 AND id < ?5)) LIMIT 1",
        )
        .bind(integration_id.to_string())
        .bind(format!("thread-{thread_id}-msg-"))
        .bind(format!("thread-{thread_id}-msg."))
        .bind(created_at)
        .bind(delivery_id.to_string())
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the thread's earlier messages")?;
        Ok(row.is_some())
    }

    async fn note_empik_sent(
        &self,
        integration_id: Uuid,
        thread_id: &str,
        body_sha256: &str,
        at: i64,
    ) -> anyhow::Result<()> {
        let (id, thread, hash) = (
            integration_id.to_string(),
            thread_id.to_owned(),
            body_sha256.to_owned(),
        );
        self.apply(move |tx| {
            tx.prepare_cached(
                "INSERT INTO empik_sent (empik_id, thread_id, body_sha256, sent_at) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, thread, hash, at])?;
            Ok(())
        })
        .await
        .context("cannot note the sent reply")
    }

    async fn empik_sent(
        &self,
        integration_id: Uuid,
        thread_id: &str,
    ) -> anyhow::Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT body_sha256 FROM empik_sent WHERE empik_id = ?1 AND thread_id = ?2",
        )
        .bind(integration_id.to_string())
        .bind(thread_id)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the sent replies")?;
        rows.iter()
            .map(|r| r.try_get("body_sha256").map_err(Into::into))
            .collect()
    }
}
