//! The lock on an admin e-mail after failed sign-ins. Failures are kept in
//! the database, so the lock holds for every instance behind a load
//! balancer: switching instances does not give a guesser more tries. The
//! e-mail and the address are stored as keyed hashes under the server key.
//!
//! Only failures count (the right password never locks anyone out), and an
//! e-mail is locked only for addresses that failed lately themselves: an
//! admin signing in from a clean address gets in while someone keeps
//! guessing elsewhere.

use crate::crypto::ServerKey;
use crate::db::{SignInFailures, Store};
use std::net::IpAddr;
use std::time::Duration;

/// Failures that lock an e-mail: this many within [`LOCK_WINDOW`].
const LOCK_AFTER: usize = 5;
const LOCK_WINDOW: Duration = Duration::from_secs(15 * 60);

pub struct SignInLock<'a> {
    pub store: &'a dyn Store,
    pub key: &'a ServerKey,
}

impl SignInLock<'_> {
    /// `Err(wait)` while `email` (lowercased) is locked for `address`. When
    /// the failures cannot be read, the attempt goes on: checking the
    /// password needs the same database and fails with a clear answer.
    pub async fn check(
        &self,
        email: &str,
        address: Option<IpAddr>,
        now: i64,
    ) -> Result<(), Duration> {
        let since = now - LOCK_WINDOW.as_millis() as i64;
        let address = address.map(|ip| self.address_key(ip));
        match self
            .store
            .sign_in_failures(&self.email_key(email), address.as_deref(), since)
            .await
        {
            Ok(failures) => lock_wait(&failures, now),
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "cannot read failed sign-ins");
                Ok(())
            }
        }
    }

    /// A sign-in for `email` from `address` failed.
    pub async fn failed(&self, email: &str, address: Option<IpAddr>, now: i64) {
        let forget_before = now - LOCK_WINDOW.as_millis() as i64;
        let address = address.map(|ip| self.address_key(ip));
        if let Err(error) = self
            .store
            .sign_in_failed(
                &self.email_key(email),
                address.as_deref(),
                now,
                forget_before,
            )
            .await
        {
            tracing::warn!(error = format!("{error:#}"), "cannot note a failed sign-in");
        }
    }

    fn email_key(&self, email: &str) -> String {
        self.key.sign(&format!("sign-in e-mail\n{email}"))
    }

    fn address_key(&self, address: IpAddr) -> String {
        self.key.sign(&format!("sign-in address\n{address}"))
    }
}

/// How long until the e-mail is unlocked for this address, if it is locked:
/// until the oldest of its last [`LOCK_AFTER`] failures leaves the window.
fn lock_wait(failures: &SignInFailures, now: i64) -> Result<(), Duration> {
    let times = &failures.email_failed_at;
    if times.len() < LOCK_AFTER || !failures.address_failed {
        return Ok(());
    }
    let oldest = times[times.len() - LOCK_AFTER];
    let left = LOCK_WINDOW.as_millis() as i64 - (now - oldest);
    Err(Duration::from_millis(left.max(1_000) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures(count: usize, address_failed: bool) -> SignInFailures {
        SignInFailures {
            email_failed_at: (0..count as i64).map(|i| 1_000 + i).collect(),
            address_failed,
        }
    }

    #[test]
    fn five_failures_lock_the_e_mail_for_the_addresses_that_failed() {
        assert!(lock_wait(&failures(LOCK_AFTER - 1, true), 2_000).is_ok());
        let wait = lock_wait(&failures(LOCK_AFTER, true), 2_000).unwrap_err();
        assert!(wait > Duration::from_secs(14 * 60), "{wait:?}");
        assert!(
            lock_wait(&failures(LOCK_AFTER, false), 2_000).is_ok(),
            "a clean address still gets in"
        );
    }

    #[test]
    fn the_lock_ends_when_the_oldest_counted_failure_leaves_the_window() {
        let late = 1_000 + LOCK_WINDOW.as_millis() as i64 - 500;
        assert_eq!(
            lock_wait(&failures(LOCK_AFTER, true), late),
            Err(Duration::from_secs(1)),
            "never less than a second"
        );
    }
}
