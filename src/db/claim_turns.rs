//! How one claim shares its room among the accounts with due deliveries,
//! the same on every backend: fewest claims held first, one more claim per
//! account per round, until the room is shared out or every account is at
//! its cap.

use super::ClaimLimits;
use uuid::Uuid;

/// What each account may claim now, in order, and whether a due account
/// was left out because it waits for room for a whole group.
pub(crate) fn share_turns(mut due: Vec<Uuid>, limits: &ClaimLimits) -> (Vec<(Uuid, usize)>, bool) {
    if due.is_empty() {
        return (Vec::new(), false);
    }
    // Every backend reads the due accounts in id order; the turn rotates
    // which of them goes first among equals.
    due.sort_unstable();
    let count = due.len();
    due.rotate_left((limits.turn % count as u64) as usize);
    let held = |account: &Uuid| limits.held.get(account).copied().unwrap_or(0);
    let cap = |account: &Uuid| {
        limits
            .caps
            .get(account)
            .copied()
            .unwrap_or(limits.per_account)
    };
    // Stable: among accounts holding as many claims, the rotation decides.
    due.sort_by_key(held);
    // An account with claims in hand waits until it has room for a group.
    due.retain(|account| {
        let group = match limits.group_divisor {
            0 => 1,
            divisor => (cap(account) / divisor).max(1),
        };
        held(account) == 0 || held(account) + group <= cap(account)
    });
    let waiting = due.len() < count;
    let mut quotas = vec![0; due.len()];
    let mut left = limits.total;
    let mut given = true;
    while left > 0 && given {
        given = false;
        for (quota, account) in quotas.iter_mut().zip(&due) {
            if left > 0 && held(account) + *quota < cap(account) {
                *quota += 1;
                left -= 1;
                given = true;
            }
        }
    }
    (due.into_iter().zip(quotas).collect(), waiting)
}
