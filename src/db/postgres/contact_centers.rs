use super::PostgresStore;
use crate::db::{
    ContactCenter, ContactCenterStore, IntegrationNameTaken, InteractionOutcome, NewInteraction,
    StoredThulium,
};
use crate::domain::{IntegrationName, Work};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

const COLUMNS: &str = "id, account_id, name, rules, webhook_user, webhook_password_sha256, \
     thulium_url, thulium_user, thulium_password_encrypted, poll_state, created_at, updated_at";

fn from_row(row: &PgRow) -> anyhow::Result<ContactCenter> {
    let url: Option<String> = row.try_get("thulium_url")?;
    let user: Option<String> = row.try_get("thulium_user")?;
    let password: Option<String> = row.try_get("thulium_password_encrypted")?;
    let name: String = row.try_get("name")?;
    Ok(ContactCenter {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        name: IntegrationName::parse(&name)
            .map_err(anyhow::Error::msg)
            .context("corrupt integration name")?,
        rules: serde_json::from_str(row.try_get("rules")?).context("corrupt integration rules")?,
        webhook_user: row.try_get("webhook_user")?,
        webhook_password_sha256: row.try_get("webhook_password_sha256")?,
        thulium: match (url, user, password) {
            (Some(url), Some(user), Some(password_encrypted)) => Some(StoredThulium {
                url,
                user,
                password_encrypted,
            }),
            _ => None,
        },
        poll_state: row.try_get("poll_state")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// The unique (account, name) index refused the name.
fn name_taken(error: sqlx::Error) -> anyhow::Error {
    match &error {
        sqlx::Error::Database(db)
            if db.constraint() == Some("contact_centers_account_id_name_key") =>
        {
            IntegrationNameTaken.into()
        }
        _ => anyhow::Error::new(error).context("cannot save the integration"),
    }
}

#[async_trait]
impl ContactCenterStore for PostgresStore {
    async fn create_contact_center(&self, integration: &ContactCenter) -> anyhow::Result<()> {
        let thulium = integration.thulium.as_ref();
        sqlx::query(
            "INSERT INTO contact_centers (id, account_id, name, rules, webhook_user, \
             webhook_password_sha256, thulium_url, thulium_user, thulium_password_encrypted, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(integration.id)
        .bind(integration.account_id)
        .bind(integration.name.as_str())
        .bind(serde_json::to_string(&integration.rules)?)
        .bind(&integration.webhook_user)
        .bind(&integration.webhook_password_sha256)
        .bind(thulium.map(|t| &t.url))
        .bind(thulium.map(|t| &t.user))
        .bind(thulium.map(|t| &t.password_encrypted))
        .bind(integration.created_at)
        .bind(integration.updated_at)
        .execute(&self.pool)
        .await
        .map_err(name_taken)?;
        Ok(())
    }

    async fn contact_centers(&self, account_id: Uuid) -> anyhow::Result<Vec<ContactCenter>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contact_centers WHERE account_id = $1 ORDER BY name"
        ))
        .bind(account_id)
        .fetch_all(&self.pool)
        .await
        .context("cannot list the contact-center integrations")?;
        rows.iter().map(from_row).collect()
    }

    async fn polled_contact_centers(&self) -> anyhow::Result<Vec<ContactCenter>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contact_centers WHERE thulium_url IS NOT NULL ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await
        .context("cannot list the polled integrations")?;
        rows.iter().map(from_row).collect()
    }

    async fn contact_center(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<ContactCenter>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contact_centers WHERE id = $1 AND ($2::uuid IS NULL OR account_id = $2)"
        ))
        .bind(id)
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the integration")?;
        row.as_ref().map(from_row).transpose()
    }

    async fn contact_center_by_name(
        &self,
        account_id: Uuid,
        name: &str,
    ) -> anyhow::Result<Option<ContactCenter>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contact_centers WHERE account_id = $1 AND name = $2"
        ))
        .bind(account_id)
        .bind(name.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the integration")?;
        row.as_ref().map(from_row).transpose()
    }

    async fn update_contact_center(&self, integration: &ContactCenter) -> anyhow::Result<bool> {
        let thulium = integration.thulium.as_ref();
        let done = sqlx::query(
            "UPDATE contact_centers SET name = $1, rules = $2, webhook_user = $3, \
             webhook_password_sha256 = $4, thulium_url = $5, thulium_user = $6, \
             thulium_password_encrypted = $7, updated_at = $8 \
             WHERE id = $9 AND account_id = $10",
        )
        .bind(integration.name.as_str())
        .bind(serde_json::to_string(&integration.rules)?)
        .bind(&integration.webhook_user)
        .bind(&integration.webhook_password_sha256)
        .bind(thulium.map(|t| &t.url))
        .bind(thulium.map(|t| &t.user))
        .bind(thulium.map(|t| &t.password_encrypted))
        .bind(integration.updated_at)
        .bind(integration.id)
        .bind(integration.account_id)
        .execute(&self.pool)
        .await
        .map_err(name_taken)?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_contact_center(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let owned: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM contact_centers WHERE id = $1 AND account_id = $2 FOR UPDATE",
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
             (SELECT id FROM deliveries WHERE contact_center_id = $1)",
            "DELETE FROM deliveries WHERE contact_center_id = $1",
            "DELETE FROM thulium_chats WHERE contact_center_id = $1",
            "DELETE FROM contact_centers WHERE id = $1",
        ] {
            sqlx::query(statement).bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await.context("cannot delete the integration")?;
        Ok(true)
    }

    async fn insert_interaction(
        &self,
        interaction: &NewInteraction,
    ) -> anyhow::Result<InteractionOutcome> {
        let mut conn = self.pool.acquire().await?;
        insert(&mut conn, interaction)
            .await
            .context("cannot store the interaction")
    }

    async fn insert_polled(
        &self,
        contact_center_id: Uuid,
        interactions: &[NewInteraction],
        poll_state: &str,
    ) -> anyhow::Result<Vec<InteractionOutcome>> {
        let mut tx = self.pool.begin().await?;
        let mut outcomes = Vec::with_capacity(interactions.len());
        for interaction in interactions {
            outcomes.push(insert(&mut tx, interaction).await?);
        }
        sqlx::query("UPDATE contact_centers SET poll_state = $1 WHERE id = $2")
            .bind(poll_state)
            .bind(contact_center_id)
            .execute(&mut *tx)
            .await?;
        tx.commit()
            .await
            .context("cannot store the polled interactions")?;
        Ok(outcomes)
    }
}

/// Stores the interaction's delivery (paused when its account is), or finds
/// the one stored for the same interaction before.
async fn insert(
    conn: &mut PgConnection,
    interaction: &NewInteraction,
) -> anyhow::Result<InteractionOutcome> {
    let work = Work::Event(interaction.plan.clone());
    let inserted: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO deliveries (id, account_id, kind, contact_center_id, interaction_id, \
         status, plan, next_attempt_at, last_error, created_at, updated_at, contact_email) \
         SELECT $1, a.id, 'event', $3, $4, \
                CASE WHEN a.sm_paused_reason IS NULL THEN 'pending' ELSE 'paused' END, \
                $5, $6, a.sm_paused_reason, $6, $6, $7 \
         FROM accounts a WHERE a.id = $2 \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(interaction.delivery_id)
    .bind(interaction.account_id)
    .bind(interaction.contact_center_id)
    .bind(&interaction.interaction_id)
    .bind(work.to_stored())
    .bind(interaction.created_at)
    .bind(work.contact_email().unwrap_or_default())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = inserted {
        return Ok(InteractionOutcome::Stored(id));
    }
    let existing: Uuid = sqlx::query_scalar(
        "SELECT id FROM deliveries WHERE contact_center_id = $1 AND interaction_id = $2",
    )
    .bind(interaction.contact_center_id)
    .bind(&interaction.interaction_id)
    .fetch_optional(&mut *conn)
    .await?
    .context("an interaction was not stored and no earlier one explains why")?;
    Ok(InteractionOutcome::Replayed(existing))
}
