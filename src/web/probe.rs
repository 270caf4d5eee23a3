//! Readiness's check that the database takes writes, its answer kept for a
//! moment.

use crate::db::Store;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long one write probe's answer stands: a monitor asking every few
/// milliseconds costs at most one write a second.
const PROBE_FRESH_FOR: Duration = Duration::from_secs(1);

/// Readiness's write check (see `Lifecycle::probe_write`), its last answer
/// kept for a moment.
#[derive(Default)]
pub struct WriteProbe {
    last: tokio::sync::Mutex<Option<(Instant, Result<(), String>)>>,
    /// The failure already logged, so that a lasting one is logged once.
    logged: Mutex<Option<String>>,
}

impl WriteProbe {
    pub async fn check(&self, store: &dyn Store) -> Result<(), String> {
        let mut last = self.last.lock().await;
        if let Some((at, answer)) = last.as_ref() {
            if at.elapsed() < PROBE_FRESH_FOR {
                return answer.clone();
            }
        }
        let answer = store
            .probe_write(crate::clock::now_ms())
            .await
            .map_err(|error| format!("{error:#}"));
        let mut logged = self.logged.lock().expect("probe log lock");
        match &answer {
            Err(reason) if logged.as_deref() != Some(reason) => {
                tracing::error!(reason = %reason, "readiness: the database refuses writes");
                *logged = Some(reason.clone());
            }
            Ok(()) if logged.take().is_some() => {
                tracing::info!("readiness: the database takes writes again");
            }
            _ => {}
        }
        *last = Some((Instant::now(), answer.clone()));
        answer
    }
}
