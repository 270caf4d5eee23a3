//! How many deliveries the worker claims and sends at once.
//!
//! Calls in flight are bounded in all and per account. Claims held (claimed,
//! not yet recorded) may run a few rounds of calls ahead, so that claims are
//! taken in groups rather than one by one, but only as far as every held
//! claim is sure to be sent within its lease: a queued claim waits at most
//! for the rounds ahead of it (each bounded by the call timeout) and for the
//! account's throttle.

use crate::configuration::{SalesmanagoSettings, WorkerSettings};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;
use uuid::Uuid;

/// What a call must leave of its lease for recording its result. Settings
/// refuse a lease shorter than a call plus `MIN_LEASE_MARGIN_MS`, which
/// leaves the throttle's wait some time too.
pub(super) const RECORD_MARGIN_MS: u64 = 1_000;
/// The most rounds of calls held ahead.
const MAX_ROUNDS: u64 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Limits {
    /// Calls in flight at once, and per account.
    pub calls: usize,
    pub account_calls: usize,
    /// Claims held at once, and per account.
    pub held: usize,
    pub account_held: usize,
    /// A step claims only once this much room is free (or nothing is
    /// held), and an account's claims only once it has this much room.
    pub low_water: usize,
    pub account_low_water: usize,
}

impl Limits {
    pub fn new(worker: &WorkerSettings, salesmanago: &SalesmanagoSettings) -> Self {
        let calls = worker.concurrency.max(1);
        let account_calls = worker.account_concurrency.clamp(1, calls);
        let lease_ms = worker.lease_secs * 1000;
        let call_ms = salesmanago.timeout_ms.max(1);
        // Rounds that fit in a lease: the last one must still start with a
        // whole call and its recording left.
        let rounds =
            (lease_ms.saturating_sub(RECORD_MARGIN_MS) / call_ms).clamp(1, MAX_ROUNDS) as usize;
        // The throttle's pace over what a lease leaves besides one call.
        let spare_secs = lease_ms.saturating_sub(call_ms + RECORD_MARGIN_MS) / 1000;
        let paced = (salesmanago.max_requests_per_second as u64)
            .saturating_mul(spare_secs)
            .max(1) as usize;
        let account_held = (account_calls * rounds).min(paced).max(1);
        Self {
            calls,
            account_calls,
            held: (calls * rounds).max(account_held),
            account_held,
            low_water: (calls / 4).max(1),
            account_low_water: (account_held / 4).max(1),
        }
    }
}

/// The calls in flight: a permit in all and one of the account's.
#[derive(Default)]
pub(super) struct Lanes {
    accounts: Mutex<HashMap<Uuid, Arc<Semaphore>>>,
}

impl Lanes {
    /// The account's lane, made at its first call.
    pub fn of(&self, account: Uuid, calls: usize) -> Arc<Semaphore> {
        self.accounts
            .lock()
            .expect("lanes lock")
            .entry(account)
            .or_insert_with(|| Arc::new(Semaphore::new(calls)))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(
        concurrency: usize,
        account: usize,
        lease_secs: u64,
        timeout_ms: u64,
        rps: u32,
    ) -> Limits {
        let worker = WorkerSettings {
            enabled: true,
            concurrency,
            account_concurrency: account,
            poll_interval_ms: 1000,
            lease_secs,
        };
        let salesmanago = SalesmanagoSettings {
            timeout_ms,
            max_requests_per_second: rps,
            allow_any_endpoint: false,
        };
        Limits::new(&worker, &salesmanago)
    }

    #[test]
    fn the_defaults_hold_four_rounds_ahead() {
        let defaults = limits(64, 16, 60, 10_000, 1_000_000);
        assert_eq!((defaults.calls, defaults.account_calls), (64, 16));
        assert_eq!((defaults.held, defaults.account_held), (256, 64));
    }

    #[test]
    fn a_lease_for_one_call_holds_one_round() {
        let tight = limits(8, 4, 60, 30_000, 1_000_000);
        assert_eq!(tight.account_held, 4);
    }

    #[test]
    fn a_slow_throttle_holds_only_what_it_lets_through_within_a_lease() {
        // 1 call a second, 60 s lease, 10 s calls: 49 s to spare.
        let paced = limits(64, 16, 60, 10_000, 1);
        assert_eq!(paced.account_held, 49);
    }
}
