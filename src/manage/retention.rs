//! Retention: an account may keep responses for a number of days only, and
//! what a delivered response sent (its values) for fewer. Once a day the
//! server deletes older responses (with their deliveries, and the account's
//! other deliveries of that age) and removes older values, in small
//! transactions so that submissions never wait long behind it.

use super::audit::{self, Actor};
use super::ManageError;
use crate::db::{Erased, Retention, Store, ERASE_BATCH};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
pub use crate::domain::person::MAX_RETENTION_DAYS;

/// What one account's pass did, and how long it took.
#[derive(Debug, Clone)]
pub struct RetentionPass {
    pub account_id: Uuid,
    /// A survey's own retention (`None`: the account's).
    pub survey_id: Option<Uuid>,
    pub retention: Retention,
    pub erased: Erased,
    /// Delivered responses whose values were removed from what was sent.
    pub values_removed: u64,
    pub took: Duration,
}

/// Sets how long the account keeps responses and what delivered ones sent
/// (`None`: for ever, as long as the response).
pub async fn set_retention(
    store: &dyn Store,
    account_id: Uuid,
    retention: Retention,
    actor: &Actor,
    now: i64,
) -> Result<(), ManageError> {
    if store.account(account_id).await?.is_none() {
        return Err(ManageError::UnknownAccount(account_id.to_string()));
    }
    for (field, days) in [
        ("retention_days", retention.responses_days),
        ("delivery_body_days", retention.delivery_body_days),
    ] {
        if days.is_some_and(|days| !(1..=MAX_RETENTION_DAYS).contains(&days)) {
            return Err(ManageError::Field {
                field,
                message: format!("keep from 1 to {MAX_RETENTION_DAYS} days, or for ever"),
            });
        }
    }
    store.set_retention(account_id, retention).await?;
    let days = |d: Option<u32>| d.map_or("for ever".to_owned(), |d| format!("{d} days"));
    let detail = format!(
        "responses {}, what delivered ones sent {}",
        days(retention.responses_days),
        days(retention.delivery_body_days)
    );
    audit::record(store, account_id, actor, "retention.set", detail, now).await?;
    Ok(())
}

/// Deletes every account's responses older than its retention and removes
/// the values from what older delivered ones sent, batch by batch, yielding
/// the writer between batches. One account's failure is logged and does not
/// stop the others.
pub async fn apply_retention(store: &dyn Store, now: i64) -> anyhow::Result<Vec<RetentionPass>> {
    let mut passes = Vec::new();
    for (account_id, retention) in store.retentions().await? {
        let started = Instant::now();
        match apply_one(store, account_id, retention, now).await {
            Ok((erased, values_removed)) => {
                let took = started.elapsed();
                tracing::info!(
                    account.id = %account_id,
                    responses = erased.responses,
                    deliveries = erased.deliveries,
                    values_removed,
                    took_ms = took.as_millis() as u64,
                    "retention: old data deleted"
                );
                passes.push(RetentionPass {
                    account_id,
                    survey_id: None,
                    retention,
                    erased,
                    values_removed,
                    took,
                });
            }
            Err(error) => tracing::error!(
                account.id = %account_id,
                error = format!("{error:#}"),
                "retention: cannot delete old data; the next pass tries again"
            ),
        }
    }
    for (account_id, survey_id, days) in store.survey_retentions().await? {
        let started = Instant::now();
        match survey_pass(store, account_id, survey_id, days, now).await {
            Ok(erased) => {
                let took = started.elapsed();
                tracing::info!(
                    account.id = %account_id,
                    survey.id = %survey_id,
                    responses = erased.responses,
                    deliveries = erased.deliveries,
                    took_ms = took.as_millis() as u64,
                    "retention: a survey's old responses deleted"
                );
                passes.push(RetentionPass {
                    account_id,
                    survey_id: Some(survey_id),
                    retention: Retention {
                        responses_days: Some(days),
                        delivery_body_days: None,
                    },
                    erased,
                    values_removed: 0,
                    took,
                });
            }
            Err(error) => tracing::error!(
                survey.id = %survey_id,
                error = format!("{error:#}"),
                "retention: cannot delete a survey's old responses; the next pass tries again"
            ),
        }
    }
    Ok(passes)
}

/// A survey's own retention: its responses older than `days`.
async fn survey_pass(
    store: &dyn Store,
    account_id: Uuid,
    survey_id: Uuid,
    days: u32,
    now: i64,
) -> anyhow::Result<Erased> {
    let before = now - i64::from(days) * DAY_MS;
    let erased = in_batches(
        || store.delete_older_in_survey(survey_id, before, ERASE_BATCH, now),
        Erased::is_empty,
        Erased::add,
    )
    .await?;
    if !erased.is_empty() {
        let server = Actor::server();
        let detail = format!(
            "survey {survey_id}, older than {days} days: {} responses, {} deliveries ({} not yet sent)",
            erased.responses, erased.deliveries, erased.cancelled
        );
        audit::record(store, account_id, &server, "retention.delete", detail, now).await?;
    }
    Ok(erased)
}

async fn apply_one(
    store: &dyn Store,
    account_id: Uuid,
    retention: Retention,
    now: i64,
) -> anyhow::Result<(Erased, u64)> {
    let server = Actor::server();
    let mut erased = Erased::default();
    if let Some(days) = retention.responses_days {
        let before = now - i64::from(days) * DAY_MS;
        erased = in_batches(
            || store.delete_older(account_id, before, ERASE_BATCH, now),
            Erased::is_empty,
            Erased::add,
        )
        .await?;
        if !erased.is_empty() {
            let detail = format!(
                "older than {days} days: {} responses, {} deliveries ({} not yet sent)",
                erased.responses, erased.deliveries, erased.cancelled
            );
            audit::record(store, account_id, &server, "retention.delete", detail, now).await?;
        }
    }
    let mut values_removed = 0;
    if let Some(days) = retention.delivery_body_days {
        let before = now - i64::from(days) * DAY_MS;
        values_removed = in_batches(
            || store.remove_delivered_values(account_id, before, ERASE_BATCH, now),
            |done| *done == 0,
            |total, done| *total += done,
        )
        .await?;
        if values_removed > 0 {
            let detail = format!(
                "delivered over {days} days ago: values of {values_removed} deliveries removed"
            );
            audit::record(store, account_id, &server, "retention.values", detail, now).await?;
        }
    }
    Ok((erased, values_removed))
}

/// Runs `batch` until one does nothing, adding up what each did, and
/// yields between batches so that the submissions queued meanwhile have
/// the writer.
async fn in_batches<T: Default, F: std::future::Future<Output = anyhow::Result<T>>>(
    mut batch: impl FnMut() -> F,
    did_nothing: fn(&T) -> bool,
    add: fn(&mut T, T),
) -> anyhow::Result<T> {
    let mut total = T::default();
    loop {
        let done = batch().await?;
        if did_nothing(&done) {
            return Ok(total);
        }
        add(&mut total, done);
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
