//! How many deliveries the worker claims and sends at once.
//!
//! Calls in flight are bounded in all and per account. Claims held (claimed,
//! not yet recorded) may run some rounds of calls ahead, so that claims are
//! taken in groups rather than one by one: as many rounds as the account's
//! attempts have lately taken to fit in a lease beside a whole attempt (its
//! most calls, each up to the timeout) and as its throttle lets through,
//! counting calls. Before its first calls an account is assumed to take the
//! whole timeout. An estimate that turns out short costs no duplicate: a
//! claim whose lease no longer covers its calls is given back unsent (see
//! `step`).

use crate::configuration::{SalesmanagoSettings, WorkerSettings};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use uuid::Uuid;

/// What a call must leave of its lease for recording its result. Settings
/// refuse a lease shorter than a call plus `MIN_LEASE_MARGIN_MS`, which
/// leaves the throttle's wait some time too.
pub(super) const RECORD_MARGIN_MS: u64 = 1_000;
/// The most rounds of calls held ahead.
const MAX_ROUNDS: u64 = 16;
/// Claims come in groups of a quarter of an account's cap.
pub(super) const GROUP_DIVISOR: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Limits {
    /// Calls in flight at once, and per account.
    pub calls: usize,
    pub account_calls: usize,
    /// Claims held at once, all accounts together.
    pub held: usize,
    /// A step claims only once this much room is free (or nothing is held).
    pub low_water: usize,
    lease_ms: u64,
    call_ms: u64,
    /// The attempts the throttle lets through in a lease besides one
    /// attempt, counting each as the most calls an attempt makes.
    paced: usize,
}

impl Limits {
    pub fn new(worker: &WorkerSettings, salesmanago: &SalesmanagoSettings) -> Self {
        let calls = worker.concurrency.max(1);
        let account_calls = worker.account_concurrency.clamp(1, calls);
        let lease_ms = worker.lease_secs * 1000;
        let call_ms = salesmanago.timeout_ms.max(1);
        // The throttle's cells in a lease besides one call, each held claim
        // counted as the most calls an attempt makes (each is a cell). A
        // claim that waited too long for all of its calls is given back.
        let spare_secs = lease_ms.saturating_sub(call_ms + RECORD_MARGIN_MS) / 1000;
        let paced = ((salesmanago.max_requests_per_second as u64).saturating_mul(spare_secs)
            / crate::domain::MOST_CALLS_PER_ATTEMPT)
            .max(1) as usize;
        Self {
            calls,
            account_calls,
            held: calls * MAX_ROUNDS as usize,
            low_water: (calls / GROUP_DIVISOR).max(1),
            lease_ms,
            call_ms,
            paced,
        }
    }

    /// The claims one account may hold, given how long its calls take
    /// lately (`None`: not known yet, so the whole timeout).
    pub fn account_held(&self, typical_call: Option<Duration>) -> usize {
        let typical_ms = typical_call
            .map_or(self.call_ms, |d| d.as_millis() as u64)
            .max(1);
        // A claim queued behind k rounds starts after about k attempts'
        // time, and must still have a whole attempt (its most calls) and its
        // recording left.
        let attempt_ms = crate::domain::MOST_CALLS_PER_ATTEMPT * self.call_ms;
        let queued = self.lease_ms.saturating_sub(attempt_ms + RECORD_MARGIN_MS) / typical_ms;
        let rounds = (queued + 1).clamp(1, MAX_ROUNDS) as usize;
        (self.account_calls * rounds).min(self.paced).max(1)
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

/// How long each account's calls take lately: rising at once with a slow
/// call, falling slowly with fast ones, so that one quick answer does not
/// let a slow account hold many claims.
#[derive(Default)]
pub(super) struct Paces {
    accounts: Mutex<HashMap<Uuid, Duration>>,
}

impl Paces {
    pub fn observe(&self, account: Uuid, took: Duration) {
        let mut accounts = self.accounts.lock().expect("paces lock");
        let typical = accounts.entry(account).or_insert(took);
        *typical = if took >= *typical {
            took
        } else {
            (*typical * 7 + took) / 8
        };
    }

    pub fn all(&self) -> HashMap<Uuid, Duration> {
        self.accounts.lock().expect("paces lock").clone()
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
    fn an_unknown_account_is_assumed_to_take_the_whole_timeout() {
        let defaults = limits(64, 16, 60, 10_000, 1_000_000);
        // 60 s lease, attempts of up to three 10 s calls: 29 s to spare, so
        // 2 rounds may wait ahead of the 3rd.
        assert_eq!(defaults.account_held(None), 16 * 3);
        assert_eq!(defaults.account_held(Some(Duration::from_secs(10))), 16 * 3);
    }

    #[test]
    fn an_account_with_quick_answers_holds_more_rounds() {
        let defaults = limits(64, 16, 60, 10_000, 1_000_000);
        assert_eq!(
            defaults.account_held(Some(Duration::from_millis(5))),
            16 * 16
        );
        assert_eq!(defaults.account_held(Some(Duration::from_secs(7))), 16 * 5);
    }

    #[test]
    fn a_lease_for_one_call_holds_one_round() {
        // The shortest lease the settings accept for 30 s calls: 3 × 30 s + 3 s.
        let tight = limits(8, 4, 93, 30_000, 1_000_000);
        assert_eq!(tight.account_held(Some(Duration::from_secs(30))), 4);
    }

    #[test]
    fn a_slow_throttle_holds_only_what_it_lets_through_within_a_lease() {
        // 1 call a second, 60 s lease, 10 s calls: 49 s to spare, 49 calls,
        // 16 attempts of three calls.
        let paced = limits(64, 16, 60, 10_000, 1);
        assert_eq!(paced.account_held(Some(Duration::from_millis(5))), 16);
    }

    #[test]
    fn paces_rise_at_once_and_fall_slowly() {
        let paces = Paces::default();
        let account = Uuid::new_v4();
        paces.observe(account, Duration::from_millis(10));
        paces.observe(account, Duration::from_secs(8));
        assert_eq!(paces.all()[&account], Duration::from_secs(8));
        paces.observe(account, Duration::from_millis(0));
        assert_eq!(paces.all()[&account], Duration::from_secs(7));
    }
}
