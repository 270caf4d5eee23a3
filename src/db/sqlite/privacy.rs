use super::deliveries::{record_from_row, DELIVERY_COLUMNS};
use super::{uuid, SqliteStore};
use crate::db::privacy::{
    without_values, AuditEntry, Erased, Erasure, PrivacyStore, Retention, ERASE_BATCH,
};
use crate::db::DeliveryRecord;
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::{params, Transaction};
use sqlx::Row;
use uuid::Uuid;

#[async_trait]
impl PrivacyStore for SqliteStore {
    async fn deliveries_for_contact_id(
        &self,
        account_id: Uuid,
        contact_id: &str,
    ) -> anyhow::Result<Vec<DeliveryRecord>> {
        // No index by contact id: a person's request is rare, and the scan
        // covers only the account's deliveries (by its index).
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries \
             WHERE account_id = ?1 AND kind != 'webhook' AND (contact_id = ?2 \
                OR json_extract(plan, '$.target.contact_id') = ?2) \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(account_id.to_string())
        .bind(contact_id)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the contact's deliveries")?;
        rows.iter().map(record_from_row).collect()
    }

    async fn chats_for_email(&self, account_id: Uuid, email: &str) -> anyhow::Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT conversation, email FROM thulium_chats WHERE email IS NOT NULL \
             AND contact_center_id IN (SELECT id FROM contact_centers WHERE account_id = ?1)",
        )
        .bind(account_id.to_string())
        .fetch_all(&self.pool)
        .await
        .context("cannot read the chats")?;
        // Compared here: SQLite's lower() knows only ASCII letters.
        Ok(rows
            .iter()
            .filter(|row| row.get::<String, _>(1).to_lowercase() == email)
            .map(|row| row.get(0))
            .collect())
    }

    async fn erase(&self, erasure: &Erasure, now: i64) -> anyhow::Result<Erased> {
        let account = erasure.account_id.to_string();
        let mut erased = self
            .erase_in_batches(
                &account,
                &erasure.delivery_ids,
                "SELECT id FROM deliveries WHERE account_id = ?1 \
                 AND id IN (SELECT value FROM json_each(?2))",
                delete_deliveries,
                now,
            )
            .await
            .context("cannot erase the deliveries")?;
        erased.add(
            self.erase_in_batches(
                &account,
                &erasure.response_ids,
                "SELECT id FROM responses WHERE account_id = ?1 \
                 AND id IN (SELECT value FROM json_each(?2))",
                delete_responses,
                now,
            )
            .await
            .context("cannot erase the responses")?,
        );
        if let Some(email) = erasure.chat_email.clone() {
            erased.chats = self
                .apply(move |tx| delete_chats(tx, &account, &email))
                .await
                .context("cannot erase the chats")?;
        }
        Ok(erased)
    }

    async fn retention(&self, account_id: Uuid) -> anyhow::Result<Retention> {
        let row =
            sqlx::query("SELECT retention_days, delivery_body_days FROM accounts WHERE id = ?1")
                .bind(account_id.to_string())
                .fetch_optional(&self.pool)
                .await
                .context("cannot read the retention")?;
        row.map_or(Ok(Retention::default()), |row| retention_of(&row))
    }

    async fn set_retention(&self, account_id: Uuid, retention: Retention) -> anyhow::Result<()> {
        let account = account_id.to_string();
        self.apply(move |tx| {
            tx.prepare_cached(
                "UPDATE accounts SET retention_days = ?1, delivery_body_days = ?2 WHERE id = ?3",
            )?
            .execute(params![
                retention.responses_days,
                retention.delivery_body_days,
                account
            ])?;
            Ok(())
        })
        .await
        .context("cannot set the retention")
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
            .map(|row| Ok((uuid(row.get("id"))?, retention_of(row)?)))
            .collect()
    }

    async fn remove_delivered_values(
        &self,
        account_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<u64> {
        let (account, limit) = (account_id.to_string(), i64::try_from(limit)?);
        self.apply(move |tx| {
            // A delivered row's next_attempt_at is its delivery time: the
            // account's index by status and due time finds them.
            let rows: Vec<(String, String)> = tx
                .prepare_cached(
                    "SELECT id, plan FROM deliveries WHERE account_id = ?1 AND status = 'delivered' \
                     AND next_attempt_at < ?2 AND kind = 'response' AND body_removed_at IS NULL LIMIT ?3",
                )?
                .query_map(params![account, before, limit], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?;
            for (id, plan) in &rows {
                let plan = without_values(plan)?;
                tx.prepare_cached("UPDATE deliveries SET plan = ?1, body_removed_at = ?2 WHERE id = ?3")?
                    .execute(params![plan, now, id])?;
            }
            Ok(rows.len() as u64)
        })
        .await
        .context("cannot remove delivered values")
    }

    async fn delete_older(
        &self,
        account_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<Erased> {
        let (account, limit) = (account_id.to_string(), i64::try_from(limit)?);
        self.apply(move |tx| {
            let responses = select_ids(
                tx,
                "SELECT id FROM responses WHERE account_id = ?1 AND created_at < ?2 \
                 ORDER BY created_at LIMIT ?3",
                params![account, before, limit],
            )?;
            let mut erased = delete_responses(tx, &responses, now)?;
            // Only once the old responses are gone: until then the index
            // walk would step over their deliveries on every batch.
            if (erased.responses as i64) < limit {
                let others = select_ids(
                    tx,
                    "SELECT id FROM deliveries WHERE account_id = ?1 AND created_at < ?2 \
                     AND kind != 'response' ORDER BY created_at LIMIT ?3",
                    params![account, before, limit],
                )?;
                erased.add(delete_deliveries(tx, &others, now)?);
            }
            Ok(erased)
        })
        .await
        .context("cannot delete old responses")
    }

    async fn survey_retentions(&self) -> anyhow::Result<Vec<(Uuid, Uuid, u32)>> {
        let rows = sqlx::query(
            "SELECT account_id, id, json_extract(document, '$.retention_days') AS days FROM surveys \
             WHERE json_extract(document, '$.retention_days') IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .context("cannot read the surveys' retentions")?;
        rows.iter()
            .map(|row| {
                Ok((
                    uuid(row.get("account_id"))?,
                    uuid(row.get("id"))?,
                    u32::try_from(row.get::<i64, _>("days"))?,
                ))
            })
            .collect()
    }

    async fn delete_older_in_survey(
        &self,
        survey_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<Erased> {
        let (survey, limit) = (survey_id.to_string(), i64::try_from(limit)?);
        self.apply(move |tx| {
            let responses = select_ids(
                tx,
                "SELECT id FROM responses WHERE survey_id = ?1 AND created_at < ?2 \
                 ORDER BY created_at LIMIT ?3",
                params![survey, before, limit],
            )?;
            delete_responses(tx, &responses, now)
        })
        .await
        .context("cannot delete the survey's old responses")
    }

    async fn record_audit(&self, entry: &AuditEntry) -> anyhow::Result<()> {
        let e = entry.clone();
        self.apply(move |tx| {
            tx.prepare_cached(
                "INSERT INTO audit_log (id, account_id, at, actor, action, detail, ip) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                e.id.to_string(),
                e.account_id.to_string(),
                e.at,
                e.actor,
                e.action,
                e.detail,
                e.ip
            ])?;
            Ok(())
        })
        .await
        .context("cannot write the audit log")
    }

    async fn audit_log(
        &self,
        account_id: Uuid,
        before: Option<(i64, Uuid)>,
        limit: i64,
    ) -> anyhow::Result<Vec<AuditEntry>> {
        let (before_at, before_id) =
            before.map_or((i64::MAX, String::new()), |(at, id)| (at, id.to_string()));
        let rows = sqlx::query(
            "SELECT id, at, actor, action, detail, ip FROM audit_log WHERE account_id = ?1 \
             AND (at < ?2 OR (at = ?2 AND id < ?3)) ORDER BY at DESC, id DESC LIMIT ?4",
        )
        .bind(account_id.to_string())
        .bind(before_at)
        .bind(before_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the audit log")?;
        rows.iter()
            .map(|row| {
                Ok(AuditEntry {
                    id: uuid(row.get("id"))?,
                    account_id,
                    at: row.get("at"),
                    actor: row.get("actor"),
                    action: row.get("action"),
                    detail: row.get("detail"),
                    ip: row.get("ip"),
                })
            })
            .collect()
    }
}

impl SqliteStore {
    /// Deletes the rows `ids` names, [`ERASE_BATCH`] per transaction: those
    /// of them `chosen_sql` finds in the account (`?1`, the ids as `?2`),
    /// by `delete`.
    async fn erase_in_batches(
        &self,
        account: &str,
        ids: &[Uuid],
        chosen_sql: &'static str,
        delete: fn(&Transaction<'_>, &[String], i64) -> anyhow::Result<Erased>,
        now: i64,
    ) -> anyhow::Result<Erased> {
        let mut erased = Erased::default();
        for chunk in ids.chunks(ERASE_BATCH) {
            let (account, ids) = (account.to_owned(), id_list(chunk));
            erased.add(
                self.apply(move |tx| {
                    let chosen = select_ids(tx, chosen_sql, params![account, ids])?;
                    delete(tx, &chosen, now)
                })
                .await?,
            );
        }
        Ok(erased)
    }
}

/// Deletes the account's waiting chats with this e-mail (lowercased),
/// compared here: SQLite's lower() knows only ASCII letters.
fn delete_chats(tx: &Transaction<'_>, account: &str, email: &str) -> anyhow::Result<u64> {
    let chats: Vec<(String, String, String)> = tx
        .prepare_cached(
            "SELECT contact_center_id, conversation, email FROM thulium_chats WHERE email IS NOT NULL \
             AND contact_center_id IN (SELECT id FROM contact_centers WHERE account_id = ?1)",
        )?
        .query_map(params![account], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut deleted = 0;
    for (contact_center, conversation, _) in chats.iter().filter(|c| c.2.to_lowercase() == email) {
        deleted += tx
            .prepare_cached(
                "DELETE FROM thulium_chats WHERE contact_center_id = ?1 AND conversation = ?2",
            )?
            .execute(params![contact_center, conversation])? as u64;
    }
    Ok(deleted)
}

fn retention_of(row: &sqlx::sqlite::SqliteRow) -> anyhow::Result<Retention> {
    let days = |name: &str| -> anyhow::Result<Option<u32>> {
        Ok(row
            .get::<Option<i64>, _>(name)
            .map(u32::try_from)
            .transpose()?)
    };
    Ok(Retention {
        responses_days: days("retention_days")?,
        delivery_body_days: days("delivery_body_days")?,
    })
}

/// Ids as a JSON array, for `json_each` (SQLite has no array parameter).
fn id_list(ids: &[Uuid]) -> String {
    serde_json::to_string(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>())
        .expect("strings serialise")
}

fn select_ids(
    tx: &Transaction<'_>,
    sql: &str,
    params: impl rusqlite::Params,
) -> anyhow::Result<Vec<String>> {
    Ok(tx
        .prepare_cached(sql)?
        .query_map(params, |row| row.get(0))?
        .collect::<Result<_, _>>()?)
}

/// Deletes the responses (of one account, already checked) with their
/// deliveries and webhook posts, deliveries first.
fn delete_responses(
    tx: &Transaction<'_>,
    responses: &[String],
    now: i64,
) -> anyhow::Result<Erased> {
    if responses.is_empty() {
        return Ok(Erased::default());
    }
    let ids = serde_json::to_string(responses)?;
    // A webhook post names its response in its plan only; it was queued
    // in the response's transaction with the response's time, so the
    // survey's index by time finds it.
    let deliveries = select_ids(
        tx,
        "SELECT id FROM deliveries WHERE response_id IN (SELECT value FROM json_each(?1)) \
         UNION ALL SELECT d.id FROM responses r JOIN deliveries d \
            ON d.survey_id = r.survey_id AND d.created_at = r.created_at AND d.kind = 'webhook' \
            AND json_extract(d.plan, '$.response_id') = r.id \
         WHERE r.id IN (SELECT value FROM json_each(?1))",
        params![ids],
    )?;
    let mut erased = delete_deliveries(tx, &deliveries, now)?;
    erased.responses = tx
        .prepare_cached("DELETE FROM responses WHERE id IN (SELECT value FROM json_each(?1))")?
        .execute(params![ids])? as u64;
    Ok(erased)
}

/// Deletes the deliveries (already checked to be the account's) with their
/// attempts; counts those still to be sent, and those being sent now.
fn delete_deliveries(tx: &Transaction<'_>, ids: &[String], now: i64) -> anyhow::Result<Erased> {
    if ids.is_empty() {
        return Ok(Erased::default());
    }
    let ids = serde_json::to_string(ids)?;
    let (cancelled, in_flight): (i64, i64) = tx
        .prepare_cached(
            "SELECT count(*) FILTER (WHERE status IN ('pending', 'paused')), \
                    count(*) FILTER (WHERE status = 'pending' AND claimed_until > ?2) \
             FROM deliveries WHERE id IN (SELECT value FROM json_each(?1))",
        )?
        .query_row(params![ids, now], |row| Ok((row.get(0)?, row.get(1)?)))?;
    tx.prepare_cached(
        "DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT value FROM json_each(?1))",
    )?
    .execute(params![ids])?;
    let deliveries = tx
        .prepare_cached("DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each(?1))")?
        .execute(params![ids])?;
    Ok(Erased {
        deliveries: deliveries as u64,
        cancelled: cancelled as u64,
        in_flight: in_flight as u64,
        ..Erased::default()
    })
}
