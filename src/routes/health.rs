//! Operations: liveness, readiness and Prometheus metrics.

use crate::db::Store;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use std::sync::atomic::Ordering;
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

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// The database answers, takes a write, and the delivery worker goes round
/// its loop.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if let Err(error) = state.store.ping().await {
        tracing::error!(
            error = format!("{error:#}"),
            "readiness: the database does not answer"
        );
        return unavailable("database unavailable".into());
    }
    if let Err(reason) = state.write_probe.check(state.store.as_ref()).await {
        return unavailable(format!("the database refuses writes: {reason}"));
    }
    let worker = &state.settings.worker;
    if worker.enabled {
        // A loop takes at most one poll, or one batch bounded by the SALESmanago timeout.
        let allowed =
            3 * worker.poll_interval_ms + 2 * state.settings.salesmanago.timeout_ms + 5_000;
        let silent = crate::clock::now_ms() - state.worker_heartbeat.load(Ordering::Relaxed);
        if silent > allowed as i64 {
            tracing::error!(
                silent_ms = silent,
                "readiness: the delivery worker is stalled"
            );
            return unavailable("delivery worker stalled".into());
        }
    }
    HttpResponse::Ok().content_type("text/plain").body("ready")
}

fn unavailable(reason: String) -> HttpResponse {
    HttpResponse::ServiceUnavailable()
        .content_type("text/plain")
        .body(reason)
}

/// Prometheus text format. Queue figures come from the database.
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    match state.store.queue_stats().await {
        Ok(queue) => {
            state.metrics.queue_depth.set(queue.pending);
            let age = queue.oldest_pending_created_at.map_or(0, |created| {
                (crate::clock::now_ms() - created).max(0) / 1000
            });
            state.metrics.oldest_pending_age.set(age);
        }
        Err(error) => tracing::error!(error = ?error, "metrics: cannot read the queue"),
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render())
}
