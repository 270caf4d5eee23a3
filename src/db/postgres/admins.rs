use super::PostgresStore;
use crate::db::{AdminExists, AdminStore, AdminUser};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::Row;
use uuid::Uuid;

const ADMIN_COLUMNS: &str = "id, account_id, email, password_hash, created_at, session_generation";

fn admin_from_row(row: &PgRow) -> anyhow::Result<AdminUser> {
    Ok(AdminUser {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        created_at: row.try_get("created_at")?,
        session_generation: row.try_get("session_generation")?,
    })
}

#[async_trait]
impl AdminStore for PostgresStore {
    async fn create_admin(&self, admin: &AdminUser) -> anyhow::Result<()> {
        let inserted = sqlx::query(
            "INSERT INTO admin_users (id, account_id, email, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING",
        )
        .bind(admin.id)
        .bind(admin.account_id)
        .bind(&admin.email)
        .bind(&admin.password_hash)
        .bind(admin.created_at)
        .execute(&self.pool)
        .await
        .context("cannot save the admin")?;
        if inserted.rows_affected() == 0 {
            return Err(AdminExists.into());
        }
        Ok(())
    }

    async fn end_admin_sessions(&self, id: Uuid) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE admin_users SET session_generation = session_generation + 1 WHERE id = $1",
        )
        .bind(id)
        .execute(&self.pool)
        .await
        .context("cannot end the admin's sessions")?;
        Ok(())
    }

    async fn set_admin_password(&self, id: Uuid, password_hash: &str) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE admin_users SET password_hash = $1, session_generation = session_generation + 1 \
             WHERE id = $2",
        )
        .bind(password_hash)
        .bind(id)
        .execute(&self.pool)
        .await
        .context("cannot change the admin's password")?;
        Ok(())
    }

    async fn admin_by_email(&self, email: &str) -> anyhow::Result<Option<AdminUser>> {
        let row = sqlx::query(&format!(
            "SELECT {ADMIN_COLUMNS} FROM admin_users WHERE email = $1"
        ))
        .bind(email)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the admin")?;
        row.as_ref().map(admin_from_row).transpose()
    }

    async fn admin(&self, id: Uuid) -> anyhow::Result<Option<AdminUser>> {
        let row = sqlx::query(&format!(
            "SELECT {ADMIN_COLUMNS} FROM admin_users WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the admin")?;
        row.as_ref().map(admin_from_row).transpose()
    }
}
