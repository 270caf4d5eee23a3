//! Retention: an account may keep responses for a number of days only. The
//! server deletes older ones (with their deliveries, and the account's
//! other deliveries of that age) once a day, in small transactions so that
//! submissions never wait long behind it.

use super::audit::{self, Actor};
use super::ManageError;
use crate::db::{Erased, Store, ERASE_BATCH};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// A hundred years: more is "for ever", which is no setting at all.
pub const MAX_RETENTION_DAYS: u32 = 36_500;

/// What one account's pass deleted, and how long it took.
#[derive(Debug, Clone)]
pub struct RetentionPass {
    pub account_id: Uuid,
    pub days: u32,
    pub erased: Erased,
    pub took: Duration,
}

/// Sets how many days the account keeps responses (`None`: for ever).
pub async fn set_retention(
    store: &dyn Store,
    account_id: Uuid,
    days: Option<u32>,
    actor: &Actor,
    now: i64,
) -> Result<(), ManageError> {
    if store.account(account_id).await?.is_none() {
        return Err(ManageError::UnknownAccount(account_id.to_string()));
    }
    if let Some(days) = days {
        if !(1..=MAX_RETENTION_DAYS).contains(&days) {
            return Err(ManageError::Field {
                field: "retention_days",
                message: format!("keep responses from 1 to {MAX_RETENTION_DAYS} days, or for ever"),
            });
        }
    }
    store.set_retention_days(account_id, days).await?;
    let detail = days.map_or("for ever".to_owned(), |d| format!("{d} days"));
    audit::record(store, account_id, actor, "retention.set", detail, now).await?;
    Ok(())
}

/// Deletes every account's responses older than its retention, batch by
/// batch, yielding the writer between batches. One account's failure is
/// logged and does not stop the others.
pub async fn apply_retention(store: &dyn Store, now: i64) -> anyhow::Result<Vec<RetentionPass>> {
    let mut passes = Vec::new();
    for (account_id, days) in store.retentions().await? {
        let started = Instant::now();
        let before = now - i64::from(days) * DAY_MS;
        match delete_all_older(store, account_id, before, now).await {
            Ok(erased) => {
                let took = started.elapsed();
                tracing::info!(
                    account.id = %account_id,
                    days,
                    responses = erased.responses,
                    deliveries = erased.deliveries,
                    took_ms = took.as_millis() as u64,
                    "retention: old responses deleted"
                );
                if !erased.is_empty() {
                    let detail = format!(
                        "older than {days} days: {} responses, {} deliveries ({} not yet sent)",
                        erased.responses, erased.deliveries, erased.cancelled
                    );
                    let server = Actor {
                        name: "server".to_owned(),
                        ip: None,
                    };
                    audit::record(store, account_id, &server, "retention.delete", detail, now)
                        .await?;
                }
                passes.push(RetentionPass {
                    account_id,
                    days,
                    erased,
                    took,
                });
            }
            Err(error) => tracing::error!(
                account.id = %account_id,
                error = format!("{error:#}"),
                "retention: cannot delete old responses; the next pass tries again"
            ),
        }
    }
    Ok(passes)
}

async fn delete_all_older(
    store: &dyn Store,
    account_id: Uuid,
    before: i64,
    now: i64,
) -> anyhow::Result<Erased> {
    let mut erased = Erased::default();
    loop {
        let batch = store
            .delete_older(account_id, before, ERASE_BATCH, now)
            .await?;
        if batch.is_empty() {
            return Ok(erased);
        }
        erased.add(batch);
        // Lets the submissions queued meanwhile have the writer.
        tokio::task::yield_now().await;
    }
}

/// The daily job: a first pass a minute after the start, then one a day.
pub async fn run_retention(store: std::sync::Arc<dyn Store>, stop: CancellationToken) {
    let mut wait = Duration::from_secs(60);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(wait) => {}
        }
        if let Err(error) = apply_retention(store.as_ref(), crate::clock::now_ms()).await {
            tracing::error!(error = format!("{error:#}"), "retention: the pass failed");
        }
        wait = Duration::from_secs(24 * 60 * 60);
    }
}
