use rand::Rng;
use std::time::Duration;

/// Longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);
/// A delivery that keeps failing temporarily is given up after this long.
pub const GIVE_UP_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Wait before attempt `attempts + 1`: exponential from 1 s, capped at 15 min,
/// with jitter (half to full) so a recovering SALESmanago is not hit in waves.
/// SALESmanago's `Retry-After` wins when it is given.
pub fn backoff(attempts: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(wait) = retry_after {
        return wait;
    }
    let exponent = attempts.saturating_sub(1).min(20);
    let full = Duration::from_secs(1u64 << exponent).min(MAX_BACKOFF);
    let millis = full.as_millis() as u64;
    Duration::from_millis(rand::thread_rng().gen_range(millis / 2..=millis))
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
    fn retry_after_is_honoured() {
        assert_eq!(
            backoff(1, Some(Duration::from_secs(120))),
            Duration::from_secs(120)
        );
    }
}
