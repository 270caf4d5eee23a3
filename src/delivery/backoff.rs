use rand::Rng;
use std::time::Duration;

/// Longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);
/// A delivery that keeps failing temporarily is given up after this long.
pub const GIVE_UP_AFTER: Duration = Duration::from_secs(24 * 60 * 60);
/// The shortest wait a `Retry-After` may ask for: `0` would bring failing
/// calls straight back.
pub const MIN_RETRY_AFTER: Duration = Duration::from_secs(1);

/// Wait before attempt `attempts + 1`: exponential from 1 s, capped at 15 min,
/// with jitter (half to full) so a recovering SALESmanago is not hit in waves.
/// SALESmanago's `Retry-After` wins when it is given, within 1 s – 15 min
/// (see [`clamp_retry_after`]).
pub fn backoff(attempts: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(wait) = retry_after {
        return clamp_retry_after(wait);
    }
    let exponent = attempts.saturating_sub(1).min(20);
    let full = Duration::from_secs(1u64 << exponent).min(MAX_BACKOFF);
    let millis = full.as_millis() as u64;
    Duration::from_millis(rand::thread_rng().gen_range(millis / 2..=millis))
}

/// A `Retry-After` within 1 s – 15 min: past a day it would fail a delivery
/// at once, and a server asking for more than the longest backoff gets that.
pub fn clamp_retry_after(asked: Duration) -> Duration {
    asked.clamp(MIN_RETRY_AFTER, MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        for attempts in 1..40 {
            let wait = backoff(attempts, None);
            let full = Duration::from_secs(1u64 << (attempts - 1).min(20)).min(MAX_BACKOFF);
            assert!(
                wait <= full && wait >= full / 2,
                "attempt {attempts}: {wait:?}"
            );
        }
        assert!(backoff(30, None) >= MAX_BACKOFF / 2);
    }

    #[test]
    fn retry_after_is_honoured_within_its_bounds() {
        let cases = [
            (120, 120),
            (0, 1),
            (1, 1),
            (900, 900),
            (901, 900),
            (86_400 * 3, 900),
        ];
        for (asked, waited) in cases {
            assert_eq!(
                backoff(1, Some(Duration::from_secs(asked))),
                Duration::from_secs(waited),
                "Retry-After {asked}"
            );
        }
    }
}
