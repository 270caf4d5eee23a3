use super::{uuid, SqliteStore};
use crate::db::{AdminExists, AdminStore, AdminUser, SignInFailures};
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::params;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use uuid::Uuid;

const ADMIN_COLUMNS: &str =
    "id, account_id, email, password_hash, created_at, session_generation, language";

fn admin_from_row(row: &SqliteRow) -> anyhow::Result<AdminUser> {
    Ok(AdminUser {
        id: uuid(row.try_get("id")?)?,
        account_id: uuid(row.try_get("account_id")?)?,
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

    async fn set_admin_language(
        &self,
        id: Uuid,
        language: Option<crate::domain::Language>,
    ) -> anyhow::Result<()> {
        let (id, code) = (id.to_string(), language.map(|l| l.code()));
        self.apply(move |tx| {
            tx.prepare_cached("UPDATE admin_users SET language = ?1 WHERE id = ?2")?
                .execute(params![code, id])?;
            Ok(())
        })
        .await
        .context("cannot save the admin's language")
    }

    async fn sign_in_failed(
        &self,
        email_key: &str,
        address_key: Option<&str>,
        at: i64,
        forget_before: i64,
    ) -> anyhow::Result<()> {
        let (email_key, address_key) = (email_key.to_owned(), address_key.map(str::to_owned));
        self.apply(move |tx| {
            tx.prepare_cached("DELETE FROM sign_in_failures WHERE failed_at < ?1")?
                .execute(params![forget_before])?;
            tx.prepare_cached(
                "INSERT INTO sign_in_failures (email_key, address_key, failed_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![email_key, address_key, at])?;
            Ok(())
        })
        .await
        .context("cannot note a failed sign-in")
    }

    async fn sign_in_failures(
        &self,
        email_key: &str,
        address_key: Option<&str>,
        since: i64,
    ) -> anyhow::Result<SignInFailures> {
        let email_failed_at: Vec<i64> = sqlx::query_scalar(
            "SELECT failed_at FROM sign_in_failures WHERE email_key = ? AND failed_at >= ? \
             ORDER BY failed_at",
        )
        .bind(email_key)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let address_failed = match address_key {
            Some(address) => {
                sqlx::query_scalar::<_, i64>(
                    "SELECT EXISTS (SELECT 1 FROM sign_in_failures \
                 WHERE address_key = ? AND failed_at >= ?)",
                )
                .bind(address)
                .bind(since)
                .fetch_one(&self.pool)
                .await?
                    != 0
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
