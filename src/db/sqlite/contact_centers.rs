use super::{uuid, SqliteStore};
use crate::db::{
    ContactCenter, ContactCenterStore, IntegrationNameTaken, InteractionOutcome, NewInteraction,
    StoredThulium,
};
use crate::domain::{IntegrationName, Work};
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::{params, OptionalExtension, Transaction};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use uuid::Uuid;

const COLUMNS: &str = "id, account_id, name, rules, webhook_user, webhook_password_sha256, \
     thulium_url, thulium_user, thulium_password_encrypted, poll_state, created_at, updated_at";

fn from_row(row: &SqliteRow) -> anyhow::Result<ContactCenter> {
    let url: Option<String> = row.try_get("thulium_url")?;
    let user: Option<String> = row.try_get("thulium_user")?;
    let password: Option<String> = row.try_get("thulium_password_encrypted")?;
    let name: String = row.try_get("name")?;
    Ok(ContactCenter {
        id: uuid(row.try_get("id")?)?,
        account_id: uuid(row.try_get("account_id")?)?,
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

/// The columns a save writes, owned for the writer thread.
struct Saved {
    id: String,
    account_id: String,
    name: String,
    rules: String,
    webhook_user: String,
    webhook_password_sha256: String,
    thulium: Option<StoredThulium>,
    created_at: i64,
    updated_at: i64,
}

impl Saved {
    fn new(integration: &ContactCenter) -> anyhow::Result<Self> {
        Ok(Self {
            id: integration.id.to_string(),
            account_id: integration.account_id.to_string(),
            name: integration.name.as_str().to_owned(),
            rules: serde_json::to_string(&integration.rules)?,
            webhook_user: integration.webhook_user.clone(),
            webhook_password_sha256: integration.webhook_password_sha256.clone(),
            thulium: integration.thulium.clone(),
            created_at: integration.created_at,
            updated_at: integration.updated_at,
        })
    }

    fn name_taken(&self, tx: &Transaction<'_>) -> rusqlite::Result<bool> {
        tx.prepare_cached(
            "SELECT 1 FROM contact_centers WHERE account_id = ?1 AND name = ?2 AND id != ?3",
        )?
        .exists(params![self.account_id, self.name, self.id])
    }
}

#[async_trait]
impl ContactCenterStore for SqliteStore {
    async fn create_contact_center(&self, integration: &ContactCenter) -> anyhow::Result<()> {
        let saved = Saved::new(integration)?;
        self.apply(move |tx| {
            if saved.name_taken(tx)? {
                return Err(IntegrationNameTaken.into());
            }
            let thulium = saved.thulium.as_ref();
            tx.prepare_cached(
                "INSERT INTO contact_centers (id, account_id, name, rules, webhook_user, \
                 webhook_password_sha256, thulium_url, thulium_user, thulium_password_encrypted, \
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                saved.id,
                saved.account_id,
                saved.name,
                saved.rules,
                saved.webhook_user,
                saved.webhook_password_sha256,
                thulium.map(|t| &t.url),
                thulium.map(|t| &t.user),
                thulium.map(|t| &t.password_encrypted),
                saved.created_at,
                saved.updated_at
            ])?;
            Ok(())
        })
        .await
    }

    async fn contact_centers(&self, account_id: Uuid) -> anyhow::Result<Vec<ContactCenter>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contact_centers WHERE account_id = ? ORDER BY name"
        ))
        .bind(account_id.to_string())
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
            "SELECT {COLUMNS} FROM contact_centers WHERE id = ?1 AND (?2 IS NULL OR account_id = ?2)"
        ))
        .bind(id.to_string())
        .bind(account_id.map(|id| id.to_string()))
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
            "SELECT {COLUMNS} FROM contact_centers WHERE account_id = ?1 AND name = ?2"
        ))
        .bind(account_id.to_string())
        .bind(name.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the integration")?;
        row.as_ref().map(from_row).transpose()
    }

    async fn update_contact_center(&self, integration: &ContactCenter) -> anyhow::Result<bool> {
        let saved = Saved::new(integration)?;
        self.apply(move |tx| {
            if saved.name_taken(tx)? {
                return Err(IntegrationNameTaken.into());
            }
            let thulium = saved.thulium.as_ref();
            Ok(tx
                .prepare_cached(
                    "UPDATE contact_centers SET name = ?1, rules = ?2, webhook_user = ?3, \
                     webhook_password_sha256 = ?4, thulium_url = ?5, thulium_user = ?6, \
                     thulium_password_encrypted = ?7, updated_at = ?8 \
                     WHERE id = ?9 AND account_id = ?10",
                )?
                .execute(params![
                    saved.name,
                    saved.rules,
                    saved.webhook_user,
                    saved.webhook_password_sha256,
                    thulium.map(|t| &t.url),
                    thulium.map(|t| &t.user),
                    thulium.map(|t| &t.password_encrypted),
                    saved.updated_at,
                    saved.id,
                    saved.account_id
                ])?
                > 0)
        })
        .await
    }

    async fn delete_contact_center(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<bool> {
        let (id, account) = (id.to_string(), account_id.to_string());
        self.apply(move |tx| {
            let owned = tx
                .prepare_cached("SELECT 1 FROM contact_centers WHERE id = ?1 AND account_id = ?2")?
                .exists(params![id, account])?;
            if !owned {
                return Ok(false);
            }
            for statement in [
                "DELETE FROM delivery_attempts WHERE delivery_id IN \
                 (SELECT id FROM deliveries WHERE contact_center_id = ?1)",
                "DELETE FROM deliveries WHERE contact_center_id = ?1",
                "DELETE FROM thulium_chats WHERE contact_center_id = ?1",
                "DELETE FROM contact_centers WHERE id = ?1",
            ] {
                tx.prepare_cached(statement)?.execute(params![id])?;
            }
            Ok(true)
        })
        .await
        .context("cannot delete the integration")
    }

    async fn insert_interaction(
        &self,
        interaction: &NewInteraction,
    ) -> anyhow::Result<InteractionOutcome> {
        let row = InteractionRow::new(interaction);
        self.apply(move |tx| {
            let paused = paused_reason(tx, &row.account_id)?;
            insert(tx, &row, paused.as_deref())
        })
        .await
        .context("cannot store the interaction")
    }

    async fn insert_polled(
        &self,
        contact_center_id: Uuid,
        interactions: &[NewInteraction],
        poll_state: &str,
    ) -> anyhow::Result<Vec<InteractionOutcome>> {
        let rows: Vec<InteractionRow> = interactions.iter().map(InteractionRow::new).collect();
        let (id, state) = (contact_center_id.to_string(), poll_state.to_owned());
        self.apply(move |tx| {
            // One integration's interactions: one account, read once.
            let paused = match rows.first() {
                Some(row) => paused_reason(tx, &row.account_id)?,
                None => None,
            };
            let outcomes = rows
                .iter()
                .map(|row| insert(tx, row, paused.as_deref()))
                .collect::<anyhow::Result<Vec<_>>>()?;
            tx.prepare_cached("UPDATE contact_centers SET poll_state = ?1 WHERE id = ?2")?
                .execute(params![state, id])?;
            Ok(outcomes)
        })
        .await
        .context("cannot store the polled interactions")
    }
}

/// An interaction's delivery as the writer inserts it.
struct InteractionRow {
    delivery_id: String,
    account_id: String,
    contact_center_id: String,
    interaction_id: String,
    plan: String,
    contact_email: String,
    created_at: i64,
}

impl InteractionRow {
    fn new(interaction: &NewInteraction) -> Self {
        let work = Work::Event(interaction.plan.clone());
        Self {
            delivery_id: interaction.delivery_id.to_string(),
            account_id: interaction.account_id.to_string(),
            contact_center_id: interaction.contact_center_id.to_string(),
            interaction_id: interaction.interaction_id.clone(),
            plan: work.to_stored(),
            contact_email: work.contact_email().unwrap_or_default(),
            created_at: interaction.created_at,
        }
    }
}

/// Why the account's deliveries are paused, if they are.
fn paused_reason(tx: &Transaction<'_>, account_id: &str) -> anyhow::Result<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT sm_paused_reason FROM accounts WHERE id = ?1")?
        .query_row(params![account_id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Queued paused when the account is paused (`paused`: why), like a
/// response's delivery.
fn insert(
    tx: &Transaction<'_>,
    row: &InteractionRow,
    paused: Option<&str>,
) -> anyhow::Result<InteractionOutcome> {
    let status = if paused.is_some() {
        "paused"
    } else {
        "pending"
    };
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO deliveries (id, account_id, kind, contact_center_id, interaction_id, \
             status, plan, next_attempt_at, last_error, created_at, updated_at, contact_email) \
             VALUES (?1, ?2, 'event', ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?7, ?9)",
        )?
        .execute(params![
            row.delivery_id,
            row.account_id,
            row.contact_center_id,
            row.interaction_id,
            status,
            row.plan,
            row.created_at,
            paused,
            row.contact_email
        ])?;
    if inserted > 0 {
        return Ok(InteractionOutcome::Stored(uuid(&row.delivery_id)?));
    }
    let existing: String = tx
        .prepare_cached(
            "SELECT id FROM deliveries WHERE contact_center_id = ?1 AND interaction_id = ?2",
        )?
        .query_row(params![row.contact_center_id, row.interaction_id], |r| {
            r.get(0)
        })
        .optional()?
        .context("an interaction was not stored and no earlier one explains why")?;
    Ok(InteractionOutcome::Replayed(uuid(&existing)?))
}
