//! A fast local stand-in for SALESmanago, for load benchmarks only
//! (`benches/load.sh`). It accepts every upsert/update, contact look-up
//! (every e-mail is a contact) and external event over keep-alive HTTP,
//! counts them, and measures submit → receipt latency from answers of the
//! form `sent:<unix microseconds>`.
//!
//! `fake_salesmanago 127.0.0.1:9900 [DELAY_MS]`; `GET /stats`, `POST /reset`.
//! With `DELAY_MS` every answer waits that long: a slow SALESmanago.

use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::{json, Value};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Default)]
struct Received {
    count: u64,
    latencies_us: Vec<u64>,
}

fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or_default()
}

async fn contact(
    state: web::Data<Mutex<Received>>,
    delay: web::Data<std::time::Duration>,
    body: web::Bytes,
) -> HttpResponse {
    let received_at = now_us();
    if !delay.is_zero() {
        tokio::time::sleep(**delay).await;
    }
    let sent_at = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|body| {
            body.get("properties")?
                .as_object()?
                .values()
                .find_map(|v| v.as_str()?.strip_prefix("sent:")?.parse::<u64>().ok())
        });
    let mut received = state.lock().expect("lock");
    received.count += 1;
    if let Some(sent_at) = sent_at {
        received
            .latencies_us
            .push(received_at.saturating_sub(sent_at));
    }
    HttpResponse::Ok().json(json!({
        "success": true, "message": [],
        "contactId": "00000000-0000-4000-8000-000000000000",
        "contacts": [{"id": "00000000-0000-4000-8000-000000000000"}],
        "eventId": "00000000-0000-4000-8000-000000000001"
    }))
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index] as f64 / 1000.0
}

async fn stats(state: web::Data<Mutex<Received>>) -> HttpResponse {
    let received = state.lock().expect("lock");
    let mut sorted = received.latencies_us.clone();
    sorted.sort_unstable();
    HttpResponse::Ok().json(json!({
        "received": received.count,
        "latency_samples": sorted.len(),
        "latency_p50_ms": percentile(&sorted, 0.50),
        "latency_p99_ms": percentile(&sorted, 0.99),
    }))
}

async fn reset(state: web::Data<Mutex<Received>>) -> HttpResponse {
    *state.lock().expect("lock") = Received::default();
    HttpResponse::NoContent().finish()
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let listen = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:9900".into());
    let delay_ms: u64 = std::env::args()
        .nth(2)
        .map(|ms| ms.parse().expect("DELAY_MS is a number of milliseconds"))
        .unwrap_or(0);
    let delay = web::Data::new(std::time::Duration::from_millis(delay_ms));
    let state = web::Data::new(Mutex::new(Received::default()));
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(delay.clone())
            .app_data(web::PayloadConfig::new(1 << 20))
            .route("/api/contact/{action}", web::post().to(contact))
            .route("/api/v2/contact/{action}", web::post().to(contact))
            .route("/stats", web::get().to(stats))
            .route("/reset", web::post().to(reset))
    })
    .workers(1)
    .bind(listen)?
    .run()
    .await
}
