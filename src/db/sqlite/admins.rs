use super::{uuid, SqliteStore};
use crate::db::{AdminExists, AdminStore, AdminUser};
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::params;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use uuid::Uuid;

const ADMIN_COLUMNS: &str = "id, account_id, email, password_hash, created_at, session_generation";

fn admin_from_row(row: &SqliteRow) -> anyhow::Result<AdminUser> {
    Ok(AdminUser {
        id: uuid(row.try_get("id")?)?,
        account_id: uuid(row.try_get("account_id")?)?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        created_at: row.try_get("created_at")?,
        session_generation: row.try_get("session_generation")?,
    })
}

#[async_trait]
impl AdminStore for SqliteStore {
    async fn create_admin(&self, admin: &AdminUser) -> anyhow::Result<()> {
        let admin = admin.clone();
        let inserted = self
            .apply(move |tx| {
                let inserted = tx
                    .prepare_cached(
                        "INSERT INTO admin_users (id, account_id, email, password_hash, created_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (email) DO NOTHING",
                    )?
                    .execute(params![
                        admin.id.to_string(),
                        admin.account_id.to_string(),
                        admin.email,
                        admin.password_hash,
                        admin.created_at
                    ])
                    .context("cannot save the admin")?;
                Ok(inserted)
            })
            .await?;
        if inserted == 0 {
            return Err(AdminExists.into());
        }
        Ok(())
    }

    async fn end_admin_sessions(&self, id: Uuid) -> anyhow::Result<()> {
        let id = id.to_string();
        self.apply(move |tx| {
            tx.prepare_cached(
                "UPDATE admin_users SET session_generation = session_generation + 1 WHERE id = ?1",
            )?
            .execute(params![id])?;
            Ok(())
        })
        .await
        .context("cannot end the admin's sessions")
    }

    async fn set_admin_password(&self, id: Uuid, password_hash: &str) -> anyhow::Result<()> {
        let (id, hash) = (id.to_string(), password_hash.to_owned());
        self.apply(move |tx| {
            tx.prepare_cached(
                "UPDATE admin_users SET password_hash = ?1, session_generation = session_generation + 1 \
                 WHERE id = ?2",
            )?
            .execute(params![hash, id])?;
            Ok(())
        })
        .await
        .context("cannot change the admin's password")
    }

    async fn admin_by_email(&self, email: &str) -> anyhow::Result<Option<AdminUser>> {
        let row = sqlx::query(&format!(
            "SELECT {ADMIN_COLUMNS} FROM admin_users WHERE email = ?"
        ))
        .bind(email)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the admin")?;
        row.as_ref().map(admin_from_row).transpose()
    }

    async fn admin(&self, id: Uuid) -> anyhow::Result<Option<AdminUser>> {
        let row = sqlx::query(&format!(
            "SELECT {ADMIN_COLUMNS} FROM admin_users WHERE id = ?"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the admin")?;
        row.as_ref().map(admin_from_row).transpose()
    }
}
