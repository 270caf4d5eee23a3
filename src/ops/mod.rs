//! Operations: liveness, readiness and Prometheus metrics (`/healthz`,
//! `/readyz`, `/metrics`).

use crate::web::AppState;
use actix_web::{web, HttpResponse};
use std::sync::atomic::Ordering;

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
