use super::PostgresStore;
use crate::db::{
    NewSurvey, SaveSurveyOutcome, StoredSurvey, SurveyFootprint, SurveyStore, SurveySummary,
    DELETE_BATCH,
};
use crate::domain::SurveyDocument;
use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::Row;
use uuid::Uuid;

#[async_trait]
impl SurveyStore for PostgresStore {
    async fn save_survey(
        &self,
        account_id: Uuid,
        document: &SurveyDocument,
        new: &NewSurvey,
        now: i64,
    ) -> anyhow::Result<SaveSurveyOutcome> {
        let json = serde_json::to_string(document)?;
        // One statement: a new slug is inserted, the account's own slug is
        // replaced, and two saves of one slug at once meet at its unique
        // index (the second updates or finds it taken), never both insert.
        let row: Option<(Uuid, Uuid, bool)> = sqlx::query_as(
            "INSERT INTO surveys (id, account_id, slug, document, link_key_encrypted, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) \
             ON CONFLICT (slug) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at \
             WHERE surveys.account_id = excluded.account_id \
             RETURNING id, account_id, (xmax = 0) AS inserted",
        )
        .bind(new.id)
        .bind(account_id)
        .bind(&document.slug)
        .bind(&json)
        .bind(&new.link_key_encrypted)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .context("cannot save the survey")?;
        Ok(match row {
            // The conflict's WHERE refused: another account's slug.
            None => SaveSurveyOutcome::SlugTaken,
            Some((id, _, true)) => SaveSurveyOutcome::Created(id),
            Some((id, _, false)) => SaveSurveyOutcome::Replaced(id),
        })
    }

    async fn survey_by_slug(&self, slug: &str) -> anyhow::Result<Option<StoredSurvey>> {
        let row = sqlx::query(&format!(
            "SELECT {SURVEY_COLUMNS} FROM surveys WHERE slug = $1"
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
        loop {
            let batch = delete_responses(&self.pool, id, Some(DELETE_BATCH))
                .await
                .context("cannot delete the survey's responses")?;
            deleted += batch;
            if batch.responses < DELETE_BATCH {
                break;
            }
        }
        let mut tx = self.pool.begin().await?;
        // Locks the survey: a response arriving meanwhile waits, then finds
        // the survey gone (its foreign key fails) instead of being orphaned.
        let owned: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM surveys WHERE id = $1 AND account_id = $2 FOR UPDATE",
        )
        .bind(id)
        .bind(account_id)
        .fetch_optional(&mut *tx)
        .await?;
        if owned.is_none() {
            return Ok(None);
        }
        deleted += delete_responses(&mut *tx, id, None).await?;
        sqlx::query("DELETE FROM surveys WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await.context("cannot delete the survey")?;
        Ok(Some(deleted))
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
                        AND status IN ('pending', 'paused')) \
             FROM surveys s WHERE s.id = $1 AND s.account_id = $2",
        )
        .bind(id)
        .bind(account_id)
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
            "SELECT {SURVEY_COLUMNS} FROM surveys WHERE id = $1 AND account_id = $2"
        ))
        .bind(id)
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the survey")?;
        row.as_ref().map(survey_from_row).transpose()
    }

    async fn surveys(&self, account_id: Uuid) -> anyhow::Result<Vec<SurveySummary>> {
        let rows = sqlx::query(
            "SELECT s.id, s.document, (SELECT COUNT(*) FROM responses r WHERE r.survey_id = s.id) AS responses \
             FROM surveys s WHERE s.account_id = $1 ORDER BY s.slug",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await
        .context("cannot list surveys")?;
        rows.iter()
            .map(|row| {
                let document: SurveyDocument = serde_json::from_str(row.try_get("document")?)?;
                Ok(SurveySummary {
                    id: row.try_get("id")?,
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

fn survey_from_row(row: &PgRow) -> anyhow::Result<StoredSurvey> {
    let document: String = row.try_get("document")?;
    Ok(StoredSurvey {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        document: serde_json::from_str(&document).context("corrupt survey document")?,
        link_key_encrypted: row.try_get("link_key_encrypted")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Deletes up to `limit` (all with `None`) of the survey's responses with
/// their deliveries and attempts, the oldest first, and as many of its
/// webhook posts (which name their response only in their plan), in one
/// statement (its foreign keys are checked at its end).
async fn delete_responses<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    survey_id: Uuid,
    limit: Option<i64>,
) -> anyhow::Result<SurveyFootprint> {
    let row = sqlx::query(
        "WITH chosen AS (SELECT id FROM responses WHERE survey_id = $1 \
                         ORDER BY created_at, id LIMIT $2), \
              deliveries_chosen AS (SELECT id FROM deliveries WHERE response_id IN (SELECT id FROM chosen) \
                         UNION ALL (SELECT id FROM deliveries WHERE survey_id = $1 AND kind = 'webhook' \
                                    ORDER BY created_at, id LIMIT $2)), \
              gone AS (DELETE FROM delivery_attempts WHERE delivery_id IN \
                         (SELECT id FROM deliveries_chosen)), \
              deliveries_gone AS (DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries_chosen) \
                         RETURNING status), \
              responses_gone AS (DELETE FROM responses WHERE id IN (SELECT id FROM chosen) \
                         RETURNING 1) \
         SELECT (SELECT COUNT(*) FROM responses_gone), (SELECT COUNT(*) FROM deliveries_gone), \
                (SELECT COUNT(*) FROM deliveries_gone WHERE status IN ('pending', 'paused'))",
    )
    .bind(survey_id)
    .bind(limit)
    .fetch_one(executor)
    .await?;
    Ok(SurveyFootprint {
        responses: row.get(0),
        deliveries: row.get(1),
        pending: row.get(2),
    })
}
