use super::{uuid, SqliteStore};
use crate::db::{
    NewSurvey, SaveSurveyOutcome, StoredSurvey, SurveyFootprint, SurveyStore, SurveySummary,
    DELETE_BATCH,
};
use crate::domain::SurveyDocument;
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::{params, OptionalExtension};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use uuid::Uuid;

#[async_trait]
impl SurveyStore for SqliteStore {
    async fn save_survey(
        &self,
        account_id: Uuid,
        document: &SurveyDocument,
        new: &NewSurvey,
        now: i64,
    ) -> anyhow::Result<SaveSurveyOutcome> {
        let json = serde_json::to_string(document)?;
        let (slug, account, new) = (document.slug.clone(), account_id.to_string(), new.clone());
        // Read and written in the writer's transaction: two saves of one
        // slug at once cannot both see it free.
        self.apply(move |tx| {
            let existing: Option<(String, String)> = tx
                .prepare_cached("SELECT id, account_id FROM surveys WHERE slug = ?1")?
                .query_row(params![slug], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            Ok(match existing {
                Some((_, owner)) if owner != account => SaveSurveyOutcome::SlugTaken,
                Some((id, _)) => {
                    tx.prepare_cached("UPDATE surveys SET document = ?1, updated_at = ?2 WHERE id = ?3")?
                        .execute(params![json, now, id])?;
                    SaveSurveyOutcome::Replaced(uuid(&id)?)
                }
                None => {
                    tx.prepare_cached(
                        "INSERT INTO surveys (id, account_id, slug, document, link_key_encrypted, created_at, updated_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    )?
                    .execute(params![
                        new.id.to_string(),
                        account,
                        slug,
                        json,
                        new.link_key_encrypted,
                        now
                    ])?;
                    SaveSurveyOutcome::Created(new.id)
                }
            })
        })
        .await
        .context("cannot save the survey")
    }

    async fn survey_by_slug(&self, slug: &str) -> anyhow::Result<Option<StoredSurvey>> {
        let row = sqlx::query(&format!(
            "SELECT {SURVEY_COLUMNS} FROM surveys WHERE slug = ?"
        ))
        .bind(slug)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the survey")?;
        row.as_ref().map(survey_from_row).transpose()
    }

    async fn delete_survey(
        &self,
        account_id: Uuid,
        id: Uuid,
    ) -> anyhow::Result<Option<SurveyFootprint>> {
        if self.survey(account_id, id).await?.is_none() {
            return Ok(None);
        }
        let mut deleted = SurveyFootprint::default();
        // Batches in their own transactions, each a short turn of the writer
        // between respondents' submits.
        loop {
            let id = id.to_string();
            let batch = self
                .apply(move |tx| delete_responses(tx, &id, Some(DELETE_BATCH)))
                .await
                .context("cannot delete the survey's responses")?;
            deleted += batch;
            if batch.responses < DELETE_BATCH {
                break;
            }
        }
        // The survey, with whatever arrived since the last batch.
        let (id, account) = (id.to_string(), account_id.to_string());
        let last = self
            .apply(move |tx| {
                let owned = tx
                    .prepare_cached("SELECT 1 FROM surveys WHERE id = ?1 AND account_id = ?2")?
                    .exists(params![id, account])?;
                if !owned {
                    return Ok(None);
                }
                let rest = delete_responses(tx, &id, None)?;
                tx.prepare_cached("DELETE FROM surveys WHERE id = ?1")?
                    .execute(params![id])?;
                Ok(Some(rest))
            })
            .await
            .context("cannot delete the survey")?;
        Ok(last.map(|rest| {
            deleted += rest;
            deleted
        }))
    }

    async fn survey_footprint(
        &self,
        account_id: Uuid,
        id: Uuid,
    ) -> anyhow::Result<Option<SurveyFootprint>> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM responses WHERE survey_id = s.id), \
                    (SELECT COUNT(*) FROM deliveries WHERE survey_id = s.id), \
                    (SELECT COUNT(*) FROM deliveries WHERE survey_id = s.id \
                        AND (status = 'pending' OR status = 'paused')) \
             FROM surveys s WHERE s.id = ? AND s.account_id = ?",
        )
        .bind(id.to_string())
        .bind(account_id.to_string())
        .fetch_optional(&self.pool)
        .await
        .context("cannot count the survey's responses")?;
        Ok(row.map(|row| SurveyFootprint {
            responses: row.get(0),
            deliveries: row.get(1),
            pending: row.get(2),
        }))
    }

    async fn survey(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<Option<StoredSurvey>> {
        let row = sqlx::query(&format!(
            "SELECT {SURVEY_COLUMNS} FROM surveys WHERE id = ? AND account_id = ?"
        ))
        .bind(id.to_string())
        .bind(account_id.to_string())
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the survey")?;
        row.as_ref().map(survey_from_row).transpose()
    }

    async fn surveys(&self, account_id: Uuid) -> anyhow::Result<Vec<SurveySummary>> {
        let rows = sqlx::query(
            "SELECT s.id, s.document, (SELECT COUNT(*) FROM responses r WHERE r.survey_id = s.id) AS responses \
             FROM surveys s WHERE s.account_id = ? ORDER BY s.slug",
        )
        .bind(account_id.to_string())
        .fetch_all(&self.pool)
        .await
        .context("cannot list surveys")?;
        rows.iter()
            .map(|row| {
                let document: SurveyDocument = serde_json::from_str(row.try_get("document")?)?;
                Ok(SurveySummary {
                    id: uuid(row.try_get("id")?)?,
                    slug: document.slug,
                    title: document.title,
                    salesmanago_enabled: document.salesmanago.enabled,
                    hidden_fields: document.hidden_fields,
                    responses: row.try_get("responses")?,
                })
            })
            .collect()
    }
}

const SURVEY_COLUMNS: &str = "id, account_id, document, link_key_encrypted, created_at, updated_at";

fn survey_from_row(row: &SqliteRow) -> anyhow::Result<StoredSurvey> {
    let document: String = row.try_get("document")?;
    Ok(StoredSurvey {
        id: uuid(row.try_get("id")?)?,
        account_id: uuid(row.try_get("account_id")?)?,
        document: serde_json::from_str(&document).context("corrupt survey document")?,
        link_key_encrypted: row.try_get("link_key_encrypted")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Deletes up to `limit` (all with `None`) of the survey's responses with
/// their deliveries and attempts, the oldest first; and as many of its
/// webhook posts (which name their response only in their plan).
fn delete_responses(
    tx: &rusqlite::Transaction<'_>,
    survey_id: &str,
    limit: Option<i64>,
) -> anyhow::Result<SurveyFootprint> {
    let limit = limit.unwrap_or(-1);
    let chosen = "SELECT id FROM responses WHERE survey_id = ?1 ORDER BY created_at, id LIMIT ?2";
    let deliveries_chosen = format!(
        "SELECT id FROM deliveries WHERE response_id IN ({chosen}) UNION ALL \
         SELECT id FROM (SELECT id FROM deliveries WHERE survey_id = ?1 AND kind = 'webhook' \
                         ORDER BY created_at, id LIMIT ?2)"
    );
    let pending: i64 = tx
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM deliveries WHERE id IN ({deliveries_chosen}) \
             AND (status = 'pending' OR status = 'paused')"
        ))?
        .query_row(params![survey_id, limit], |row| row.get(0))?;
    tx.prepare_cached(&format!(
        "DELETE FROM delivery_attempts WHERE delivery_id IN ({deliveries_chosen})"
    ))?
    .execute(params![survey_id, limit])?;
    let deliveries = tx
        .prepare_cached(&format!(
            "DELETE FROM deliveries WHERE id IN ({deliveries_chosen})"
        ))?
        .execute(params![survey_id, limit])?;
    let responses = tx
        .prepare_cached(&format!("DELETE FROM responses WHERE id IN ({chosen})"))?
        .execute(params![survey_id, limit])?;
    Ok(SurveyFootprint {
        responses: responses as i64,
        deliveries: deliveries as i64,
        pending,
    })
}
