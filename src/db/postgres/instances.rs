//! What the instances on one PostgreSQL database agree on through it: the
//! wake of their delivery workers (`LISTEN/NOTIFY`) and each account's
//! SALESmanago rate limit (one pacing row per account, see `pacing`).

use super::PostgresStore;
use crate::db::Wake;
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
        self.pacer
            .reserve(account_id, calls, per_second)
            .await
            .map(Some)
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
