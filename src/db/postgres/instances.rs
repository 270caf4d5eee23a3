//! What the instances on one PostgreSQL database agree on through it: the
//! wake of their delivery workers (`LISTEN/NOTIFY`) and each account's
//! SALESmanago rate limit (one pacing row per account).

use super::PostgresStore;
use crate::db::Wake;
use anyhow::Context;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// The channel every instance listens on; a message's payload is the
/// sending instance's id, so that an instance ignores its own.
const CHANNEL: &str = "ankieter_deliveries_due";
/// The least time between two messages from one instance: a burst of
/// responses wakes the others once, not once per response.
const MESSAGE_SPACING: Duration = Duration::from_millis(10);
/// How long to wait before listening again after the connection failed.
const RELISTEN_AFTER: Duration = Duration::from_secs(1);

#[async_trait::async_trait]
impl crate::db::Instances for PostgresStore {
    fn spread_wakes(&self, wake: Wake, stop: CancellationToken) {
        let me = Uuid::new_v4().to_string();
        tokio::spawn(tell_others(
            self.pool.clone(),
            wake.clone(),
            me.clone(),
            stop.clone(),
        ));
        tokio::spawn(listen(self.pool.clone(), wake, me, stop));
    }

    async fn reserve_calls(
        &self,
        account_id: Uuid,
        calls: u32,
        per_second: u32,
    ) -> anyhow::Result<Option<Duration>> {
        // GCRA: the row holds when the account's next call may go out at
        // the earliest; a reservation moves it on by the calls' share of a
        // second and gets the moment they may start. The database's clock
        // serves every instance, so their clocks need not agree.
        let cost_us = i64::from(calls.max(1)) * 1_000_000 / i64::from(per_second.max(1));
        let wait_us: i64 = sqlx::query_scalar(
            "WITH clock AS (\
                 SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us), \
             reserved AS (\
                 INSERT INTO call_pacing (account_id, next_call_at_us) \
                 SELECT $1, now_us + $2 FROM clock \
                 ON CONFLICT (account_id) DO UPDATE SET next_call_at_us = \
                     GREATEST(call_pacing.next_call_at_us + $2, excluded.next_call_at_us) \
                 RETURNING next_call_at_us) \
             SELECT reserved.next_call_at_us - $2 - clock.now_us FROM reserved, clock",
        )
        .bind(account_id)
        .bind(cost_us)
        .fetch_one(&self.pacing)
        .await
        .context("cannot reserve calls to SALESmanago")?;
        Ok(Some(Duration::from_micros(wait_us.max(0) as u64)))
    }
}

/// Tells the other instances whenever this one stored something due.
async fn tell_others(pool: PgPool, wake: Wake, me: String, stop: CancellationToken) {
    loop {
        tokio::select! {
            _ = wake.others_to_wake() => {}
            _ = stop.cancelled() => return,
        }
        let told = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(&me)
            .execute(&pool)
            .await;
        if let Err(error) = told {
            // They find it at their next poll.
            tracing::debug!(error = %error, "cannot wake the other instances");
        }
        tokio::time::sleep(MESSAGE_SPACING).await;
    }
}

/// Wakes this instance's worker whenever another instance stored something
/// due. While the connection is down messages are lost: after listening
/// again the worker looks once, and polls meanwhile.
async fn listen(pool: PgPool, wake: Wake, me: String, stop: CancellationToken) {
    while !stop.is_cancelled() {
        let listening = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(listener)
        };
        let mut listener = tokio::select! {
            listening = listening => match listening {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::debug!(error = %error, "cannot listen for the other instances");
                    tokio::select! {
                        _ = tokio::time::sleep(RELISTEN_AFTER) => continue,
                        _ = stop.cancelled() => return,
                    }
                }
            },
            _ = stop.cancelled() => return,
        };
        wake.this_worker();
        loop {
            tokio::select! {
                message = listener.try_recv() => match message {
                    Ok(Some(message)) if message.payload() != me => wake.this_worker(),
                    Ok(Some(_)) => {}
                    // The connection was lost; the next receive reconnects.
                    Ok(None) => wake.this_worker(),
                    Err(error) => {
                        tracing::debug!(error = %error, "stopped listening for the other instances");
                        break;
                    }
                },
                _ = stop.cancelled() => return,
            }
        }
    }
}
