use super::deliveries::{record_from_row, DELIVERY_COLUMNS};
use super::PostgresStore;
use crate::db::privacy::{
    without_values, AuditEntry, Erased, Erasure, PrivacyStore, Retention, ERASE_BATCH,
};
use crate::db::DeliveryRecord;
use anyhow::Context;
use async_trait::async_trait;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

#[async_trait]
impl PrivacyStore for PostgresStore {
    async fn deliveries_for_contact_id(
        &self,
        account_id: Uuid,
        contact_id: &str,
    ) -> anyhow::Result<Vec<DeliveryRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries \
             WHERE account_id = $1 AND kind <> 'webhook' AND (contact_id = $2 \
                OR plan::jsonb -> 'target' ->> 'contact_id' = $2) \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(account_id)
        .bind(contact_id)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the contact's deliveries")?;
        rows.iter().map(record_from_row).collect()
    }

    async fn chats_for_email(&self, account_id: Uuid, email: &str) -> anyhow::Result<Vec<String>> {
        sqlx::query_scalar(
            "SELECT conversation FROM thulium_chats WHERE lower(email) = $2 \
             AND contact_center_id IN (SELECT id FROM contact_centers WHERE account_id = $1)",
        )
        .bind(account_id)
        .bind(email)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the chats")
    }

    async fn erase(&self, erasure: &Erasure, now: i64) -> anyhow::Result<Erased> {
        let account = erasure.account_id;
        let mut erased = Erased::default();
        for chunk in erasure.delivery_ids.chunks(ERASE_BATCH) {
            let mut tx = self.pool.begin().await?;
            let chosen: Vec<Uuid> = sqlx::query_scalar(
                "SELECT id FROM deliveries WHERE account_id = $1 AND id = ANY($2)",
            )
            .bind(account)
            .bind(chunk)
            .fetch_all(&mut *tx)
            .await?;
            erased.add(delete_deliveries(&mut tx, &chosen, now).await?);
            tx.commit().await.context("cannot erase the deliveries")?;
        }
        for chunk in erasure.response_ids.chunks(ERASE_BATCH) {
            let mut tx = self.pool.begin().await?;
            let chosen: Vec<Uuid> = sqlx::query_scalar(
                "SELECT id FROM responses WHERE account_id = $1 AND id = ANY($2)",
            )
            .bind(account)
            .bind(chunk)
            .fetch_all(&mut *tx)
            .await?;
            erased.add(delete_responses(&mut tx, &chosen, now).await?);
            tx.commit().await.context("cannot erase the responses")?;
        }
        if let Some(email) = &erasure.chat_email {
            erased.chats = sqlx::query(
                "DELETE FROM thulium_chats WHERE lower(email) = $2 \
                 AND contact_center_id IN (SELECT id FROM contact_centers WHERE account_id = $1)",
            )
            .bind(account)
            .bind(email)
            .execute(&self.pool)
            .await
            .context("cannot erase the chats")?
            .rows_affected();
        }
        Ok(erased)
    }

    async fn retention(&self, account_id: Uuid) -> anyhow::Result<Retention> {
        let row =
            sqlx::query("SELECT retention_days, delivery_body_days FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_optional(&self.pool)
                .await
                .context("cannot read the retention")?;
        row.map_or(Ok(Retention::default()), |row| retention_of(&row))
    }

    async fn set_retention(&self, account_id: Uuid, retention: Retention) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE accounts SET retention_days = $1, delivery_body_days = $2 WHERE id = $3",
        )
        .bind(retention.responses_days.map(i64::from))
        .bind(retention.delivery_body_days.map(i64::from))
        .bind(account_id)
        .execute(&self.pool)
        .await
        .context("cannot set the retention")?;
        Ok(())
    }

    async fn retentions(&self) -> anyhow::Result<Vec<(Uuid, Retention)>> {
        let rows = sqlx::query(
            "SELECT id, retention_days, delivery_body_days FROM accounts \
             WHERE retention_days IS NOT NULL OR delivery_body_days IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .context("cannot read the retentions")?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, retention_of(row)?)))
            .collect()
    }

    async fn remove_delivered_values(
        &self,
        account_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<u64> {
        let mut tx = self.pool.begin().await?;
        let rows: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT id, plan FROM deliveries WHERE account_id = $1 AND status = 'delivered' \
             AND next_attempt_at < $2 AND kind = 'response' AND body_removed_at IS NULL \
             LIMIT $3 FOR UPDATE SKIP LOCKED",
        )
        .bind(account_id)
        .bind(before)
        .bind(i64::try_from(limit)?)
        .fetch_all(&mut *tx)
        .await?;
        for (id, plan) in &rows {
            sqlx::query("UPDATE deliveries SET plan = $1, body_removed_at = $2 WHERE id = $3")
                .bind(without_values(plan)?)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit()
            .await
            .context("cannot remove delivered values")?;
        Ok(rows.len() as u64)
    }

    async fn delete_older(
        &self,
        account_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<Erased> {
        let limit = i64::try_from(limit)?;
        let mut tx = self.pool.begin().await?;
        let responses: Vec<Uuid> = sqlx::query_scalar(
            "SELECT id FROM responses WHERE account_id = $1 AND created_at < $2 \
             ORDER BY created_at LIMIT $3",
        )
        .bind(account_id)
        .bind(before)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut erased = delete_responses(&mut tx, &responses, now).await?;
        // Only once the old responses are gone (see the SQLite backend).
        if (erased.responses as i64) < limit {
            let others: Vec<Uuid> = sqlx::query_scalar(
                "SELECT id FROM deliveries WHERE account_id = $1 AND created_at < $2 \
                 AND kind <> 'response' ORDER BY created_at LIMIT $3",
            )
            .bind(account_id)
            .bind(before)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
            erased.add(delete_deliveries(&mut tx, &others, now).await?);
        }
        tx.commit().await.context("cannot delete old responses")?;
        Ok(erased)
    }

    async fn survey_retentions(&self) -> anyhow::Result<Vec<(Uuid, Uuid, u32)>> {
        let rows: Vec<(Uuid, Uuid, i64)> = sqlx::query_as(
            "SELECT account_id, id, (document::jsonb ->> 'retention_days')::bigint FROM surveys \
             WHERE document::jsonb ->> 'retention_days' IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .context("cannot read the surveys' retentions")?;
        rows.into_iter()
            .map(|(account, survey, days)| Ok((account, survey, u32::try_from(days)?)))
            .collect()
    }

    async fn delete_older_in_survey(
        &self,
        survey_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<Erased> {
        let mut tx = self.pool.begin().await?;
        let responses: Vec<Uuid> = sqlx::query_scalar(
            "SELECT id FROM responses WHERE survey_id = $1 AND created_at < $2 \
             ORDER BY created_at LIMIT $3",
        )
        .bind(survey_id)
        .bind(before)
        .bind(i64::try_from(limit)?)
        .fetch_all(&mut *tx)
        .await?;
        let erased = delete_responses(&mut tx, &responses, now).await?;
        tx.commit()
            .await
            .context("cannot delete the survey's old responses")?;
        Ok(erased)
    }

    async fn record_audit(&self, e: &AuditEntry) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (id, account_id, at, actor, action, detail, ip) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(e.id)
        .bind(e.account_id)
        .bind(e.at)
        .bind(&e.actor)
        .bind(&e.action)
        .bind(&e.detail)
        .bind(&e.ip)
        .execute(&self.pool)
        .await
        .context("cannot write the audit log")?;
        Ok(())
    }

    async fn audit_log(
        &self,
        account_id: Uuid,
        before: Option<(i64, Uuid)>,
        limit: i64,
    ) -> anyhow::Result<Vec<AuditEntry>> {
        let (before_at, before_id) = before.unzip();
        let rows = sqlx::query(
            "SELECT id, at, actor, action, detail, ip FROM audit_log WHERE account_id = $1 \
             AND ($2::bigint IS NULL OR (at, id) < ($2, $3)) ORDER BY at DESC, id DESC LIMIT $4",
        )
        .bind(account_id)
        .bind(before_at)
        .bind(before_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the audit log")?;
        rows.iter()
            .map(|row| {
                Ok(AuditEntry {
                    id: row.try_get("id")?,
                    account_id,
                    at: row.try_get("at")?,
                    actor: row.try_get("actor")?,
                    action: row.try_get("action")?,
                    detail: row.try_get("detail")?,
                    ip: row.try_get("ip")?,
                })
            })
            .collect()
    }
}

fn retention_of(row: &sqlx::postgres::PgRow) -> anyhow::Result<Retention> {
    let days = |name: &str| -> anyhow::Result<Option<u32>> {
        Ok(row
            .try_get::<Option<i64>, _>(name)?
            .map(u32::try_from)
            .transpose()?)
    };
    Ok(Retention {
        responses_days: days("retention_days")?,
        delivery_body_days: days("delivery_body_days")?,
    })
}

/// Deletes the responses (of one account, already checked) with their
/// deliveries and webhook posts, deliveries first.
async fn delete_responses(
    tx: &mut PgConnection,
    responses: &[Uuid],
    now: i64,
) -> anyhow::Result<Erased> {
    if responses.is_empty() {
        return Ok(Erased::default());
    }
    // A webhook post names its response in its plan only; it was queued
    // in the response's transaction with the response's time, so the
    // survey's index by time finds it.
    let deliveries: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM deliveries WHERE response_id = ANY($1) \
         UNION ALL SELECT d.id FROM responses r JOIN deliveries d \
            ON d.survey_id = r.survey_id AND d.created_at = r.created_at AND d.kind = 'webhook' \
            AND d.plan::jsonb ->> 'response_id' = r.id::text \
         WHERE r.id = ANY($1)",
    )
    .bind(responses)
    .fetch_all(&mut *tx)
    .await?;
    let mut erased = delete_deliveries(tx, &deliveries, now).await?;
    erased.responses = sqlx::query("DELETE FROM responses WHERE id = ANY($1)")
        .bind(responses)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    Ok(erased)
}

/// Deletes the deliveries (already checked to be the account's) with their
/// attempts; counts those still to be sent, and those being sent now.
async fn delete_deliveries(
    tx: &mut PgConnection,
    ids: &[Uuid],
    now: i64,
) -> anyhow::Result<Erased> {
    if ids.is_empty() {
        return Ok(Erased::default());
    }
    // Locked first: a worker recording an attempt meanwhile waits, then
    // finds the delivery gone, instead of adding an attempt under it. In id
    // order, so that two instances' retention passes cannot deadlock.
    sqlx::query("SELECT 1 FROM deliveries WHERE id = ANY($1) ORDER BY id FOR UPDATE")
        .bind(ids)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM delivery_attempts WHERE delivery_id = ANY($1)")
        .bind(ids)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query(
        "WITH gone AS (DELETE FROM deliveries WHERE id = ANY($1) RETURNING status, claimed_until) \
         SELECT count(*), count(*) FILTER (WHERE status IN ('pending', 'paused')), \
                count(*) FILTER (WHERE status = 'pending' AND claimed_until > $2) FROM gone",
    )
    .bind(ids)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    Ok(Erased {
        deliveries: row.try_get::<i64, _>(0)? as u64,
        cancelled: row.try_get::<i64, _>(1)? as u64,
        in_flight: row.try_get::<i64, _>(2)? as u64,
        ..Erased::default()
    })
}
