use super::PostgresStore;
use crate::db::{
    EmpikIntegration, EmpikStore, EmpikThread, InteractionOutcome, NewEmpikStep, ShopTaken,
    StoredThulium,
};
use crate::domain::Work;
use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::Row;
use uuid::Uuid;

const COLUMNS: &str = "id, account_id, shop_id, api_url, api_key_encrypted, thulium_url, \
     thulium_user, thulium_password_encrypted, queue_id, category_id, customer_field, auto_reply, \
     poll_seconds, enabled, paused_reason, poll_state, created_at, updated_at";

fn from_row(row: &PgRow) -> anyhow::Result<EmpikIntegration> {
    Ok(EmpikIntegration {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
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

fn thread_from(row: &PgRow) -> anyhow::Result<EmpikThread> {
    Ok(EmpikThread {
        thread_id: row.try_get("thread_id")?,
        ticket_id: row.try_get("ticket_id")?,
        customer_id: row.try_get("customer_id")?,
    })
}

#[async_trait]
impl EmpikStore for PostgresStore {
    async fn save_empik(&self, i: &EmpikIntegration) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        let taken: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM empik_integrations WHERE account_id = $1 AND shop_id = $2 AND id <> $3",
        )
        .bind(i.account_id)
        .bind(&i.shop_id)
        .bind(i.id)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(ShopTaken.into());
        }
        let saved = sqlx::query(
            "INSERT INTO empik_integrations (id, account_id, shop_id, api_url, api_key_encrypted, \
             thulium_url, thulium_user, thulium_password_encrypted, queue_id, category_id, \
             customer_field, auto_reply, poll_seconds, enabled, paused_reason, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
             ON CONFLICT (id) DO UPDATE SET shop_id = excluded.shop_id, api_url = excluded.api_url, \
             api_key_encrypted = excluded.api_key_encrypted, thulium_url = excluded.thulium_url, \
             thulium_user = excluded.thulium_user, \
             thulium_password_encrypted = excluded.thulium_password_encrypted, \
             queue_id = excluded.queue_id, category_id = excluded.category_id, \
             customer_field = excluded.customer_field, auto_reply = excluded.auto_reply, \
             poll_seconds = excluded.poll_seconds, enabled = excluded.enabled, \
             paused_reason = excluded.paused_reason, updated_at = excluded.updated_at \
             WHERE empik_integrations.account_id = excluded.account_id",
        )
        .bind(i.id)
        .bind(i.account_id)
        .bind(&i.shop_id)
        .bind(&i.api_url)
        .bind(&i.api_key_encrypted)
        .bind(&i.thulium.url)
        .bind(&i.thulium.user)
        .bind(&i.thulium.password_encrypted)
        .bind(&i.queue_id)
        .bind(&i.category_id)
        .bind(&i.customer_field)
        .bind(&i.auto_reply)
        .bind(i.poll_seconds)
        .bind(i64::from(i.enabled))
        .bind(&i.paused_reason)
        .bind(i.created_at)
        .bind(i.updated_at)
        .execute(&mut *tx)
        .await;
        match saved {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(ShopTaken.into())
            }
            other => {
                other?;
            }
        }
        tx.commit()
            .await
            .context("cannot save the EmpikPlace integration")
    }

    async fn empik_integrations(&self, account_id: Uuid) -> anyhow::Result<Vec<EmpikIntegration>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM empik_integrations WHERE account_id = $1 ORDER BY shop_id"
        ))
        .bind(account_id)
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
            "SELECT {COLUMNS} FROM empik_integrations WHERE id = $1 \
             AND ($2::uuid IS NULL OR account_id = $2)"
        ))
        .bind(id)
        .bind(account_id)
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
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE empik_integrations SET paused_reason = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(reason)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if reason.is_none() {
            sqlx::query(
                "UPDATE deliveries SET next_attempt_at = $1 \
                 WHERE empik_id = $2 AND status = 'pending' AND next_attempt_at > $1",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit()
            .await
            .context("cannot pause or resume the EmpikPlace integration")
    }

    async fn delete_empik(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let owned: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM empik_integrations WHERE id = $1 AND account_id = $2 FOR UPDATE",
        )
        .bind(id)
        .bind(account_id)
        .fetch_optional(&mut *tx)
        .await?;
        if owned.is_none() {
            return Ok(false);
        }
        for statement in [
            "DELETE FROM delivery_attempts WHERE delivery_id IN \
             (SELECT id FROM deliveries WHERE empik_id = $1)",
            "DELETE FROM deliveries WHERE empik_id = $1",
            "DELETE FROM empik_threads WHERE empik_id = $1",
            "DELETE FROM empik_sent WHERE empik_id = $1",
            "DELETE FROM empik_integrations WHERE id = $1",
        ] {
            sqlx::query(statement).bind(id).execute(&mut *tx).await?;
        }
        tx.commit()
            .await
            .context("cannot delete the EmpikPlace integration")?;
        Ok(true)
    }

    async fn insert_empik_polled(
        &self,
        account_id: Uuid,
        integration_id: Uuid,
        steps: &[NewEmpikStep],
        poll_state: &str,
    ) -> anyhow::Result<Vec<InteractionOutcome>> {
        let mut tx = self.pool.begin().await?;
        let mut outcomes = Vec::with_capacity(steps.len());
        for step in steps {
            let interaction_id = step.plan.interaction_id();
            let inserted: Option<Uuid> = sqlx::query_scalar(
                "INSERT INTO deliveries (id, account_id, kind, empik_id, interaction_id, status, \
                 plan, next_attempt_at, created_at, updated_at) \
                 VALUES ($1, $2, 'empik', $3, $4, 'pending', $5, $6, $6, $6) \
                 ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(step.delivery_id)
            .bind(account_id)
            .bind(integration_id)
            .bind(&interaction_id)
            .bind(Work::Empik(step.plan.clone()).to_stored())
            .bind(step.created_at)
            .fetch_optional(&mut *tx)
            .await?;
            outcomes.push(match inserted {
                Some(id) => InteractionOutcome::Stored(id),
                None => InteractionOutcome::Replayed(
                    sqlx::query_scalar(
                        "SELECT id FROM deliveries WHERE empik_id = $1 AND interaction_id = $2",
                    )
                    .bind(integration_id)
                    .bind(&interaction_id)
                    .fetch_one(&mut *tx)
                    .await?,
                ),
            });
        }
        sqlx::query("UPDATE empik_integrations SET poll_state = $1 WHERE id = $2")
            .bind(poll_state)
            .bind(integration_id)
            .execute(&mut *tx)
            .await?;
        tx.commit()
            .await
            .context("cannot store the polled EmpikPlace messages")?;
        Ok(outcomes)
    }

    async fn empik_thread(
        &self,
        integration_id: Uuid,
        thread_id: &str,
    ) -> anyhow::Result<Option<EmpikThread>> {
        let row = sqlx::query(
            "SELECT thread_id, ticket_id, customer_id FROM empik_threads \
             WHERE empik_id = $1 AND thread_id = $2",
        )
        .bind(integration_id)
        .bind(thread_id)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the thread's ticket")?;
        row.as_ref().map(thread_from).transpose()
    }

    async fn empik_threads_by_ticket(
        &self,
        integration_id: Uuid,
        ticket_ids: &[String],
    ) -> anyhow::Result<Vec<EmpikThread>> {
        let rows = sqlx::query(
            "SELECT thread_id, ticket_id, customer_id FROM empik_threads \
             WHERE empik_id = $1 AND ticket_id = ANY($2)",
        )
        .bind(integration_id)
        .bind(ticket_ids)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the tickets' threads")?;
        rows.iter().map(thread_from).collect()
    }

    async fn save_empik_thread(
        &self,
        integration_id: Uuid,
        thread: &EmpikThread,
        at: i64,
    ) -> anyhow::Result<EmpikThread> {
        sqlx::query(
            "INSERT INTO empik_threads (empik_id, thread_id, ticket_id, customer_id, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(integration_id)
        .bind(&thread.thread_id)
        .bind(&thread.ticket_id)
        .bind(&thread.customer_id)
        .bind(at)
        .execute(&self.pool)
        .await
        .context("cannot keep the thread's ticket")?;
        self.empik_thread(integration_id, &thread.thread_id)
            .await?
            .context("a kept thread is gone")
    }

    async fn empik_earlier_pending(
        &self,
        integration_id: Uuid,
        thread_id: &str,
        delivery_id: Uuid,
        created_at: i64,
    ) -> anyhow::Result<bool> {
        let row: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM deliveries WHERE empik_id = $1 AND interaction_id >= $2 \
             AND interaction_id < $3 AND status = 'pending' \
             AND (created_at < $4 OR (created_at = $4 AND id < $5)) LIMIT 1",
        )
        .bind(integration_id)
        .bind(format!("thread-{thread_id}-msg-"))
        .bind(format!("thread-{thread_id}-msg."))
        .bind(created_at)
        .bind(delivery_id)
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
        sqlx::query(
            "INSERT INTO empik_sent (empik_id, thread_id, body_sha256, sent_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(integration_id)
        .bind(thread_id)
        .bind(body_sha256)
        .bind(at)
        .execute(&self.pool)
        .await
        .context("cannot note the sent reply")?;
        Ok(())
    }

    async fn empik_sent(
        &self,
        integration_id: Uuid,
        thread_id: &str,
    ) -> anyhow::Result<Vec<String>> {
        sqlx::query_scalar(
            "SELECT body_sha256 FROM empik_sent WHERE empik_id = $1 AND thread_id = $2",
        )
        .bind(integration_id)
        .bind(thread_id)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the sent replies")
    }
}
