//! The claims one worker holds (claimed, not yet recorded), per account:
//! what a claim may still take, and what a crash could make SALESmanago
//! receive twice.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

#[derive(Default)]
pub(super) struct Held {
    by_account: Mutex<HashMap<Uuid, usize>>,
}

impl Held {
    /// The claims held now: in all, and per account.
    pub fn snapshot(&self) -> (usize, HashMap<Uuid, usize>) {
        let by_account = self.by_account.lock().expect("held claims lock").clone();
        (by_account.values().sum(), by_account)
    }

    pub fn total(&self) -> usize {
        self.snapshot().0
    }

    /// Counts one more claim of `account` until the ticket is dropped.
    pub fn take(self: &Arc<Self>, account: Uuid) -> Ticket {
        *self
            .by_account
            .lock()
            .expect("held claims lock")
            .entry(account)
            .or_default() += 1;
        Ticket {
            held: self.clone(),
            account,
        }
    }
}

/// One held claim. Dropped once its attempt is recorded (or lost to a
/// panic, when the claim's lease brings it back), which frees its room.
pub(super) struct Ticket {
    held: Arc<Held>,
    account: Uuid,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut by_account = self.held.by_account.lock().expect("held claims lock");
        if let Some(count) = by_account.get_mut(&self.account) {
            *count -= 1;
            if *count == 0 {
                by_account.remove(&self.account);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_count_per_account_until_dropped() {
        let held = Arc::new(Held::default());
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let first = held.take(a);
        let second = held.take(a);
        let third = held.take(b);
        let (total, by_account) = held.snapshot();
        assert_eq!((total, by_account[&a], by_account[&b]), (3, 2, 1));
        drop(first);
        drop(third);
        let (total, by_account) = held.snapshot();
        assert_eq!((total, by_account.get(&b)), (1, None));
        drop(second);
        assert_eq!(held.total(), 0);
    }
}
