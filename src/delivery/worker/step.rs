//! One step: claim what the free room allows and start each call.

use super::access::Access;
use super::held::Ticket;
use super::limits::{GROUP_DIVISOR, RECORD_MARGIN_MS};
use super::record::Finished;
use super::{DeliveryWorker, Round};
use crate::db::{ClaimLimits, ClaimedDelivery, DeliveryOutcome};
use crate::delivery::attempt::attempt;
use crate::delivery::webhook;
use crate::domain::Work;
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::Ordering;
use tokio::sync::mpsc;

impl DeliveryWorker {
    /// Claims up to the free room, shared out across the accounts with due
    /// deliveries, and starts each call; its result goes to `finished`.
    pub(super) async fn step(
        &self,
        now: i64,
        finished: &mpsc::Sender<Finished>,
    ) -> anyhow::Result<Round> {
        let (held_total, held) = self.held.snapshot();
        let room = self.limits.held.saturating_sub(held_total);
        // Claims come in groups: one per few freed slots, not one per slot.
        if room == 0 || (room < self.limits.low_water && held_total > 0) {
            return Ok(Round {
                claimed: 0,
                more_due: true,
            });
        }
        let limits = ClaimLimits {
            total: room,
            per_account: self.limits.account_held(None),
            caps: self
                .paces
                .all()
                .into_iter()
                .map(|(account, typical)| (account, self.limits.account_held(Some(typical))))
                .collect(),
            group_divisor: GROUP_DIVISOR,
            held,
            turn: self.turn.fetch_add(1, Ordering::Relaxed),
        };
        let lease_until = now + (self.settings.lease_secs * 1000) as i64;
        let claimed = self.store.claim_due(now, lease_until, &limits).await?;
        let round = Round {
            claimed: claimed.deliveries.len(),
            more_due: claimed.more_due,
        };
        if claimed.deliveries.is_empty() {
            return Ok(round);
        }
        let access = self.account_access(&claimed.deliveries).await;
        for delivery in claimed.deliveries {
            let ticket = self.held.take(delivery.account_id);
            match access
                .get(&delivery.account_id)
                .map(|access| access.for_delivery(&delivery))
            {
                Some(Ok(access)) => {
                    let call = Call {
                        delivery,
                        access,
                        ticket,
                        now,
                        lease_until,
                    };
                    tokio::spawn(self.clone().make(call, finished.clone()));
                }
                Some(Err(outcome)) => {
                    Finished::new(delivery, outcome, now, ticket)
                        .report(finished)
                        .await;
                }
                // The account could not be read (logged): the claim expires
                // and the delivery is tried again.
                None => drop(ticket),
            }
        }
        Ok(round)
    }

    /// Waits for the account's throttle, then makes the call if its lease
    /// still covers all of it, and reports the result. A panic loses only
    /// this result: the claim expires after its lease and is tried again.
    async fn make(self, call: Call, finished: mpsc::Sender<Finished>) {
        let Call {
            delivery,
            access,
            ticket,
            now,
            lease_until,
        } = call;
        let attempt = async {
            // The account's lane first: a claim queued behind its own
            // account's calls must not take a slot another account could use.
            let lane = self
                .lanes
                .of(delivery.account_id, self.limits.account_calls);
            let _lane = lane.acquire_owned().await.expect("lanes are never closed");
            let _call = self
                .calls
                .clone()
                .acquire_owned()
                .await
                .expect("never closed");
            // SALESmanago's rate limit is not the webhook's.
            if matches!(access, Access::Salesmanago(_)) {
                self.pace(delivery.account_id, delivery.work.most_calls())
                    .await;
            }
            let start = now.max(crate::clock::now_ms());
            // Every call the attempt may make, each up to the timeout.
            let calls = delivery.work.most_calls() as i64;
            let needed = calls * self.call_timeout.as_millis() as i64 + RECORD_MARGIN_MS as i64;
            if lease_until - start < needed {
                tracing::warn!(delivery.id = %delivery.id, "the claim's lease is too short for the attempt's calls: given back unsent");
                return (DeliveryOutcome::Released, start);
            }
            let started = std::time::Instant::now();
            let outcome = self.send(&access, &delivery, start).await;
            self.paces.observe(delivery.account_id, started.elapsed());
            (outcome, now.max(crate::clock::now_ms()))
        };
        match AssertUnwindSafe(attempt).catch_unwind().await {
            Ok((outcome, at)) => {
                Finished::new(delivery, outcome, at, ticket)
                    .report(&finished)
                    .await
            }
            Err(_) => tracing::error!(delivery.id = %delivery.id, "a delivery attempt panicked"),
        }
    }

    /// Waits for the account's rate limit. It counts calls, not attempts:
    /// one for every call the attempt may make (an event's check, a SURVEY
    /// event). Where the store shares the limit between instances it does
    /// (PostgreSQL); this instance's own throttle paces otherwise, and while
    /// the database cannot.
    async fn pace(&self, account_id: uuid::Uuid, calls: u64) {
        let calls = calls.max(1) as u32;
        match self
            .store
            .reserve_calls(account_id, calls, self.per_second)
            .await
        {
            Ok(Some(wait)) => tokio::time::sleep(wait).await,
            shared => {
                if let Err(error) = shared {
                    tracing::debug!(error = format!("{error:#}"), "pacing this instance alone");
                }
                for _ in 0..calls {
                    self.throttle.until_key_ready(&account_id).await;
                }
            }
        }
    }

    #[tracing::instrument(name = "deliver", skip_all, fields(delivery.id = %delivery.id, account.id = %delivery.account_id, delivery.attempt = delivery.attempts))]
    async fn send(&self, access: &Access, delivery: &ClaimedDelivery, now: i64) -> DeliveryOutcome {
        match (access, &delivery.work) {
            (Access::Webhook(target), Work::Webhook(plan)) => {
                webhook::post(
                    &self.webhooks,
                    self.store.as_ref(),
                    target,
                    delivery,
                    plan,
                    now,
                )
                .await
            }
            (Access::Empik, Work::Empik(plan)) => self.empik.send(delivery, plan, now).await,
            (Access::Salesmanago(credentials), _) => {
                attempt(&self.client, credentials, delivery, now).await
            }
            (Access::Webhook(_) | Access::Empik, _) => DeliveryOutcome::Failed {
                request_kind: None,
                error: "a SALESmanago delivery was routed to the webhook".into(),
                written_contact: None,
            },
        }
    }
}

/// A claimed delivery on its way to SALESmanago or the account's webhook.
struct Call {
    delivery: ClaimedDelivery,
    access: Access,
    ticket: Ticket,
    /// The step's clock, and when the claim runs out.
    now: i64,
    lease_until: i64,
}
