use super::PostgresStore;
use crate::db::{AdminExists, AdminStore, AdminUser, SignInFailures};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::Row;
use uuid::Uuid;

const ADMIN_COLUMNS: &str =
    "id, account_id, email, password_hash, created_at, session_generation, language";

fn admin_from_row(row: &PgRow) -> anyhow::Result<AdminUser> {
    Ok(AdminUser {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        created_at: row.try_get("created_at")?,
        session_generation: row.try_get("session_generation")?,
        language: row
            .try_get::<Option<String>, _>("language")?
            .and_then(|code| crate::domain::Language::parse(&code)),
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

    async fn set_admin_language(
        &self,
        id: Uuid,
        language: Option<crate::domain::Language>,
    ) -> anyhow::Result<()> {
        sqlx::query("UPDATE admin_users SET language = $1 WHERE id = $2")
            .bind(language.map(|l| l.code()))
            .bind(id)
            .execute(&self.pool)
            .await
            .context("cannot save the admin's language")?;
        Ok(())
    }

    async fn sign_in_failed(
        &self,
        email_key: &str,
        address_key: Option<&str>,
        at: i64,
        forget_before: i64,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < $1")
            .bind(forget_before)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sign_in_failures (email_key, address_key, failed_at) VALUES ($1, $2, $3)",
        )
        .bind(email_key)
        .bind(address_key)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await.context("cannot note a failed sign-in")
    }

    async fn sign_in_failures(
        &self,
        email_key: &str,
        address_key: Option<&str>,
        since: i64,
    ) -> anyhow::Result<SignInFailures> {
        let email_failed_at: Vec<i64> = sqlx::query_scalar(
            "SELECT failed_at FROM sign_in_failures WHERE email_key = $1 AND failed_at >= $2 \
             ORDER BY failed_at",
        )
        .bind(email_key)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let address_failed = match address_key {
            Some(address) => {
                sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM sign_in_failures \
                 WHERE address_key = $1 AND failed_at >= $2)",
                )
                .bind(address)
                .bind(since)
                .fetch_one(&self.pool)
                .await?
            }
            None => false,
        };
        Ok(SignInFailures {
            email_failed_at,
            address_failed,
        })
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
