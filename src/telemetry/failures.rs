//! A failure that repeats (a full disk under the delivery worker's loop or
//! the WAL checkpoints): waited out with a growing pause, logged once when
//! it starts, summed up once a minute while it lasts, and noted when it
//! ends. A full disk used to make the worker retry at once and log an error
//! with its backtrace hundreds of times a second.

use std::time::{Duration, Instant};

const FIRST_PAUSE: Duration = Duration::from_millis(100);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);
const SUMMARY_EVERY: Duration = Duration::from_secs(60);

pub struct Failures {
    /// What keeps failing, for the log lines (`the delivery worker`).
    what: &'static str,
    count: u64,
    since: Option<Instant>,
    last_summary: Option<Instant>,
}

impl Failures {
    pub fn new(what: &'static str) -> Self {
        Self {
            what,
            count: 0,
            since: None,
            last_summary: None,
        }
    }

    /// Notes a failure and returns how long to pause before trying again.
    pub fn failed(&mut self, error: &anyhow::Error) -> Duration {
        self.count += 1;
        let now = Instant::now();
        match self.since {
            None => {
                self.since = Some(now);
                self.last_summary = Some(now);
                tracing::error!(
                    error = format!("{error:#}"),
                    "{} cannot use the database; retrying with pauses",
                    self.what
                );
            }
            Some(since)
                if self
                    .last_summary
                    .is_some_and(|at| now - at >= SUMMARY_EVERY) =>
            {
                self.last_summary = Some(now);
                tracing::error!(
                    failures = self.count,
                    failing_for_s = (now - since).as_secs(),
                    error = format!("{error:#}"),
                    "{} still cannot use the database",
                    self.what
                );
            }
            Some(_) => {}
        }
        let doublings = (self.count - 1).min(16) as u32;
        FIRST_PAUSE
            .saturating_mul(1 << doublings)
            .min(LONGEST_PAUSE)
    }

    /// Notes a success; logs the end of a run of failures.
    pub fn succeeded(&mut self) {
        if let Some(since) = self.since.take() {
            tracing::info!(
                failures = self.count,
                failing_for_s = since.elapsed().as_secs(),
                "{} can use the database again",
                self.what
            );
        }
        self.count = 0;
        self.last_summary = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_to_a_cap_and_start_over_after_a_success() {
        let mut failures = Failures::new("test");
        let error = anyhow::anyhow!("disk full");
        let pauses: Vec<Duration> = (0..12).map(|_| failures.failed(&error)).collect();
        assert_eq!(pauses[0], FIRST_PAUSE);
        assert_eq!(pauses[1], FIRST_PAUSE * 2);
        assert!(pauses.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(*pauses.last().unwrap(), LONGEST_PAUSE);
        failures.succeeded();
        assert_eq!(failures.failed(&error), FIRST_PAUSE);
    }
}
