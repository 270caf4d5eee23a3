//! One end of a copy: a database opened without the server's machinery
//! (no writer thread, no worker), read and written table by table.

use super::value::{Kind, Value};
use anyhow::Context;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{PgPool, Postgres, QueryBuilder, Row, Sqlite, SqlitePool};
use std::str::FromStr;

pub enum Side {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A table's columns as both sides read them.
pub struct Columns {
    pub names: Vec<String>,
    pub kinds: Vec<Kind>,
}

/// Rows of `meta` that belong to one installation and are never copied.
pub const LOCAL_META: &str = "key <> 'write_probe' AND key NOT LIKE 'copy:%'";

impl Side {
    /// Brings the database to this binary's schema (as the server does at
    /// start), then opens it plainly.
    pub async fn open(database_url: &str) -> anyhow::Result<Self> {
        let store = crate::db::connect(database_url).await?;
        store.close().await?;
        Ok(match crate::db::Backend::of(database_url)? {
            crate::db::Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(database_url)?
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(std::time::Duration::from_secs(10));
                Self::Sqlite(
                    crate::db::pool_options()
                        .max_connections(1)
                        .connect_with(options)
                        .await?,
                )
            }
            crate::db::Backend::Postgres => Self::Postgres(
                crate::db::pool_options()
                    .max_connections(2)
                    .connect_with(PgConnectOptions::from_str(database_url)?)
                    .await?,
            ),
        })
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }

    /// The `n`th bind parameter as this backend writes it.
    fn mark(&self, n: usize) -> String {
        match self {
            Self::Sqlite(_) => format!("?{n}"),
            Self::Postgres(_) => format!("${n}"),
        }
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }

    /// The tables this database holds, without the migrations' own.
    pub async fn tables(&self) -> anyhow::Result<Vec<String>> {
        let names: Vec<String> = match self {
            Self::Sqlite(pool) => {
                sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
                )
                .fetch_all(pool)
                .await?
            }
            Self::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 AND table_name <> '_sqlx_migrations'",
                )
                .fetch_all(pool)
                .await?
            }
        };
        Ok(names)
    }

    /// A table's columns in their declared order, with their kinds on this side.
    pub async fn columns(&self, table: &str) -> anyhow::Result<Vec<(String, Kind)>> {
        match self {
            Self::Sqlite(pool) => {
                let rows = sqlx::query("SELECT name, type FROM pragma_table_info(?) ORDER BY cid")
                    .bind(table)
                    .fetch_all(pool)
                    .await?;
                Ok(rows
                    .iter()
                    .map(|row| (row.get("name"), Kind::of_sqlite(row.get("type"))))
                    .collect())
            }
            Self::Postgres(pool) => {
                let rows = sqlx::query(
                    "SELECT column_name::text AS name, data_type::text AS type \
                     FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 \
                     ORDER BY ordinal_position",
                )
                .bind(table)
                .fetch_all(pool)
                .await?;
                rows.iter()
                    .map(|row| Ok((row.get("name"), Kind::of_postgres(row.get("type"))?)))
                    .collect()
            }
        }
    }

    pub async fn count(&self, table: &str) -> anyhow::Result<u64> {
        let sql = format!(
            "SELECT count(*) FROM {table}{}",
            only_copied(table, "WHERE")
        );
        let count: i64 = match self {
            Self::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await?,
            Self::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await?,
        };
        Ok(count as u64)
    }

    /// Up to `limit` rows after `after` in key order (all rows of a table
    /// without a key).
    pub async fn read(
        &self,
        table: &str,
        columns: &Columns,
        key: &[&str],
        after: Option<&[Value]>,
        limit: usize,
    ) -> anyhow::Result<Vec<Vec<Value>>> {
        let mut sql = format!(
            "SELECT {} FROM {table} WHERE TRUE",
            columns.names.join(", ")
        );
        sql.push_str(&only_copied(table, "AND"));
        let key_kinds: Vec<Kind> = key.iter().map(|k| columns.kind(k)).collect();
        if after.is_some() {
            let marks: Vec<String> = (1..=key.len()).map(|n| self.mark(n)).collect();
            sql.push_str(&format!(
                " AND ({}) > ({})",
                key.join(", "),
                marks.join(", ")
            ));
        }
        if !key.is_empty() {
            sql.push_str(&format!(" ORDER BY {} LIMIT {limit}", key.join(", ")));
        }
        let context = || format!("cannot read {table}");
        match self {
            Self::Sqlite(pool) => {
                let mut query = sqlx::query(&sql);
                for (value, kind) in after.unwrap_or_default().iter().zip(&key_kinds) {
                    query = bind_sqlite(query, value, *kind);
                }
                let rows = query.fetch_all(pool).await.with_context(context)?;
                rows.iter()
                    .map(|row| sqlite_row(row, table, columns))
                    .collect()
            }
            Self::Postgres(pool) => {
                let mut query = sqlx::query(&sql);
                for (value, kind) in after.unwrap_or_default().iter().zip(&key_kinds) {
                    query = bind_postgres(query, value, *kind);
                }
                let rows = query.fetch_all(pool).await.with_context(context)?;
                rows.iter().map(|row| postgres_row(row, columns)).collect()
            }
        }
    }

    /// Inserts `rows` and records `markers` in `meta`, in one transaction:
    /// an interrupted copy resumes exactly after the last batch written.
    /// `replace` first empties the table (for a table without a key).
    pub async fn write(
        &self,
        table: &str,
        columns: &Columns,
        rows: &[Vec<Value>],
        markers: &[(String, String)],
        replace: bool,
    ) -> anyhow::Result<()> {
        let head = format!("INSERT INTO {table} ({}) ", columns.names.join(", "));
        let set_meta = format!(
            "INSERT INTO meta (key, value) VALUES ({}, {}) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            self.mark(1),
            self.mark(2)
        );
        let context = || format!("cannot write {table}");
        // The same transaction on either backend; only how a value binds differs.
        macro_rules! write_in {
            ($pool:expr, $db:ty, $push:ident) => {{
                let mut tx = $pool.begin().await?;
                if replace {
                    sqlx::query(&format!("DELETE FROM {table}"))
                        .execute(&mut *tx)
                        .await?;
                }
                if !rows.is_empty() {
                    let mut insert = QueryBuilder::<$db>::new(head);
                    insert.push_values(rows, |mut each, row| {
                        for (value, kind) in row.iter().zip(&columns.kinds) {
                            $push(&mut each, value, *kind);
                        }
                    });
                    insert
                        .build()
                        .execute(&mut *tx)
                        .await
                        .with_context(context)?;
                }
                for (key, value) in markers {
                    sqlx::query(&set_meta)
                        .bind(key)
                        .bind(value)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await.with_context(context)
            }};
        }
        match self {
            Self::Sqlite(pool) => write_in!(pool, Sqlite, push_sqlite),
            Self::Postgres(pool) => write_in!(pool, Postgres, push_postgres),
        }
    }

    /// Runs statements in one transaction (emptying a target, dropping markers).
    pub async fn execute_all(&self, statements: &[String]) -> anyhow::Result<()> {
        macro_rules! execute_in {
            ($pool:expr) => {{
                let mut tx = $pool.begin().await?;
                for statement in statements {
                    sqlx::query(statement).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }};
        }
        match self {
            Self::Sqlite(pool) => execute_in!(pool),
            Self::Postgres(pool) => execute_in!(pool),
        }
        Ok(())
    }

    pub async fn meta(&self, key: &str) -> anyhow::Result<Option<String>> {
        let sql = format!("SELECT value FROM meta WHERE key = {}", self.mark(1));
        let sql = sql.as_str();
        Ok(match self {
            Self::Sqlite(pool) => {
                sqlx::query_scalar(sql)
                    .bind(key)
                    .fetch_optional(pool)
                    .await?
            }
            Self::Postgres(pool) => {
                sqlx::query_scalar(sql)
                    .bind(key)
                    .fetch_optional(pool)
                    .await?
            }
        })
    }
}

impl Columns {
    pub fn kind(&self, name: &str) -> Kind {
        let at = self.names.iter().position(|n| n == name);
        at.map_or(Kind::Text, |at| self.kinds[at])
    }

    pub fn position(&self, name: &str) -> usize {
        self.names.iter().position(|n| n == name).unwrap_or(0)
    }
}

/// `meta` keeps rows that describe one installation (the write probe, the
/// copy's own progress): they are neither copied nor compared.
fn only_copied(table: &str, joiner: &str) -> String {
    if table == "meta" {
        format!(" {joiner} {LOCAL_META}")
    } else {
        String::new()
    }
}

type Separated<'b, 'q, DB> = sqlx::query_builder::Separated<'b, 'q, DB, &'static str>;

fn push_sqlite(each: &mut Separated<'_, '_, Sqlite>, value: &Value, _kind: Kind) {
    match value {
        Value::Null => each.push_bind(None::<String>),
        Value::Int(n) => each.push_bind(*n),
        Value::Text(text) => each.push_bind(text.clone()),
        Value::Uuid(id) => each.push_bind(id.to_string()),
    };
}

fn push_postgres(each: &mut Separated<'_, '_, Postgres>, value: &Value, kind: Kind) {
    match (value, kind) {
        (Value::Null, Kind::Int) => each.push_bind(None::<i64>),
        (Value::Null, Kind::Text) => each.push_bind(None::<String>),
        (Value::Null, Kind::Uuid) => each.push_bind(None::<uuid::Uuid>),
        (Value::Int(n), _) => each.push_bind(*n),
        (Value::Text(text), _) => each.push_bind(text.clone()),
        (Value::Uuid(id), _) => each.push_bind(*id),
    };
}

type SqliteQuery<'q> = sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>;
type PostgresQuery<'q> = sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>;

fn bind_sqlite<'q>(query: SqliteQuery<'q>, value: &Value, _kind: Kind) -> SqliteQuery<'q> {
    match value {
        Value::Null => query.bind(None::<String>),
        Value::Int(n) => query.bind(*n),
        Value::Text(text) => query.bind(text.clone()),
        Value::Uuid(id) => query.bind(id.to_string()),
    }
}

fn bind_postgres<'q>(query: PostgresQuery<'q>, value: &Value, kind: Kind) -> PostgresQuery<'q> {
    match (value, kind) {
        (Value::Null, Kind::Int) => query.bind(None::<i64>),
        (Value::Null, Kind::Text) => query.bind(None::<String>),
        (Value::Null, Kind::Uuid) => query.bind(None::<uuid::Uuid>),
        (Value::Int(n), _) => query.bind(*n),
        (Value::Text(text), _) => query.bind(text.clone()),
        (Value::Uuid(id), _) => query.bind(*id),
    }
}

fn sqlite_row(
    row: &sqlx::sqlite::SqliteRow,
    table: &str,
    columns: &Columns,
) -> anyhow::Result<Vec<Value>> {
    let mut values = Vec::with_capacity(columns.names.len());
    for (at, kind) in columns.kinds.iter().enumerate() {
        let name = &columns.names[at];
        let column = || format!("{table}.{name}");
        values.push(match kind {
            Kind::Int => row
                .try_get::<Option<i64>, _>(at)
                .with_context(column)?
                .map_or(Value::Null, Value::Int),
            Kind::Text => row
                .try_get::<Option<String>, _>(at)
                .with_context(column)?
                .map_or(Value::Null, Value::Text),
            Kind::Uuid => Value::uuid_from_text(row.try_get(at).with_context(column)?, &column())?,
        });
    }
    Ok(values)
}

fn postgres_row(row: &sqlx::postgres::PgRow, columns: &Columns) -> anyhow::Result<Vec<Value>> {
    let mut values = Vec::with_capacity(columns.names.len());
    for (at, kind) in columns.kinds.iter().enumerate() {
        values.push(match kind {
            Kind::Int => row
                .try_get::<Option<i64>, _>(at)?
                .map_or(Value::Null, Value::Int),
            Kind::Text => row
                .try_get::<Option<String>, _>(at)?
                .map_or(Value::Null, Value::Text),
            Kind::Uuid => row
                .try_get::<Option<uuid::Uuid>, _>(at)?
                .map_or(Value::Null, Value::Uuid),
        });
    }
    Ok(values)
}
