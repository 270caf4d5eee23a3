use super::PostgresStore;
use crate::db::{ApiToken, TokenScope, TokenStore};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::Row;
use uuid::Uuid;

const TOKEN_COLUMNS: &str =
    "id, account_id, name, scope, token_sha256, created_at, revoked_at, last_used_at";

fn token_from_row(row: &PgRow) -> anyhow::Result<ApiToken> {
    let stored: String = row.try_get("scope")?;
    Ok(ApiToken {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        name: row.try_get("name")?,
        scope: TokenScope::parse(&stored)
            .ok_or_else(|| anyhow::anyhow!("unknown token scope '{stored}'"))?,
        token_sha256: row.try_get("token_sha256")?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}

#[async_trait]
impl TokenStore for PostgresStore {
    async fn create_token(&self, token: &ApiToken) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO api_tokens (id, account_id, name, scope, token_sha256, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token.id)
        .bind(token.account_id)
        .bind(&token.name)
        .bind(token.scope.as_str())
        .bind(&token.token_sha256)
        .bind(token.created_at)
        .execute(&self.pool)
        .await
        .context("cannot save the API token")?;
        Ok(())
    }

    async fn use_token(&self, token_sha256: &str, now: i64) -> anyhow::Result<Option<ApiToken>> {
        let row = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_sha256 = $1"
        ))
        .bind(token_sha256)
        .fetch_optional(&self.pool)
        .await
        .context("cannot check the API token")?;
        let Some(token) = row.as_ref().map(token_from_row).transpose()? else {
            return Ok(None);
        };
        // The use is recorded at most once a minute: reads do not write on every call.
        let stale = token.last_used_at.is_none_or(|at| at < now - 60_000);
        if token.revoked_at.is_none() && stale {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(token.id)
                .execute(&self.pool)
                .await
                .context("cannot record the API token's use")?;
        }
        Ok(Some(token))
    }

    async fn tokens(&self, account_id: Uuid) -> anyhow::Result<Vec<ApiToken>> {
        let rows = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE account_id = $1 ORDER BY created_at, id"
        ))
        .bind(account_id)
        .fetch_all(&self.pool)
        .await
        .context("cannot list API tokens")?;
        rows.iter().map(token_from_row).collect()
    }

    async fn revoke_token(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
        now: i64,
    ) -> anyhow::Result<bool> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $3 \
             WHERE id = $1 AND ($2::uuid IS NULL OR account_id = $2) AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(account_id)
        .bind(now)
        .execute(&self.pool)
        .await
        .context("cannot revoke the API token")?;
        Ok(done.rows_affected() > 0)
    }
}
