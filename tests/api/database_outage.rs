//! PostgreSQL restarted, or unreachable, for 30 s under a steady load of
//! submissions: every request is answered quickly (303 before and after,
//! a 503 page with Retry-After while it is gone, never a 500 or a hang),
//! `/readyz` says the database is unavailable, and the server recovers by
//! itself: no restart, every acknowledged response stored and delivered.
//! The database is taken away by a proxy in front of it (`tcp_proxy`).

use crate::helpers::*;
use crate::tcp_proxy::{Link, TcpProxy};
use ankieter::db::DeliveryStatus;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const OUTAGE: Duration = Duration::from_secs(30);
const CLIENTS: usize = 4;
/// Longest answer allowed while the database is gone: a request must not
/// wait for the database to come back (the pool gives up after 3 s).
const NO_HANG: Duration = Duration::from_secs(10);

#[tokio::test]
async fn postgres_restarting_for_30_s_turns_into_503_pages_and_recovers() {
    outage(Link::Restarting, "database restarting").await;
}

#[tokio::test]
async fn postgres_unreachable_for_30_s_turns_into_503_pages_and_recovers() {
    outage(Link::Unreachable, "database unreachable").await;
}

#[derive(Default)]
struct Tally {
    acknowledged: Vec<String>,
    /// (status, how long it took) of every answer while the database was gone.
    during: Vec<(u16, Duration)>,
    other: Vec<u16>,
}

async fn outage(link: Link, test: &str) {
    let upstream = tokio::net::lookup_host(upstream_of(&postgres_url()))
        .await
        .unwrap()
        .next()
        .unwrap();
    let proxy = TcpProxy::start(upstream).await;
    let Some(app) = spawn_postgres_app_with(test, |s| {
        s.worker.enabled = true;
        s.worker.poll_interval_ms = 500;
        s.database_url = through(&s.database_url, proxy.address);
    })
    .await
    else {
        return;
    };
    app.answer("/api/contact/upsert", sm_success("c-1"), ..)
        .await;
    let slug = app.import(nps_survey()).await;
    let (_, token) = ankieter::manage::create_token(app.store(), app.account_id, "outage")
        .await
        .unwrap();

    let down = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let url = format!("{}/s/{slug}", app.address);
            let (down, stop, next, tally) =
                (down.clone(), stop.clone(), next.clone(), tally.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(Duration::from_secs(60))
                    .build()
                    .unwrap();
                while !stop.load(Ordering::SeqCst) {
                    let email = format!("o{}@example.pl", next.fetch_add(1, Ordering::SeqCst));
                    let gone = down.load(Ordering::SeqCst);
                    let started = Instant::now();
                    let response = http
                        .post(&url)
                        // A Polish browser: the page that says the database
                        // is away cannot know the survey's language.
                        .header("accept-language", "pl-PL,pl;q=0.9")
                        .form(&[("email", email.as_str()), ("ocena", "5")])
                        .send()
                        .await
                        .expect("the server answers while the database is gone");
                    let (status, took) = (response.status().as_u16(), started.elapsed());
                    if status == 503 {
                        assert!(
                            response.headers().contains_key("retry-after"),
                            "a 503 page without Retry-After"
                        );
                        let page = response.text().await.unwrap();
                        assert!(page.contains("Spróbuj ponownie"), "{page}");
                    }
                    {
                        let mut tally = tally.lock().unwrap();
                        if status == 303 {
                            tally.acknowledged.push(email);
                        }
                        if gone && down.load(Ordering::SeqCst) {
                            tally.during.push((status, took));
                        } else {
                            tally.other.push(status);
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_secs(2)).await;
    proxy.set(link);
    down.store(true, Ordering::SeqCst);
    let gone_at = Instant::now();
    // Readiness says why, and says it without hanging.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let asked = Instant::now();
    let said = readiness(&app).await;
    let readiness_took = asked.elapsed();
    // The JSON API says the same to programs.
    let api = app
        .client
        .get(format!("{}/api/v1/surveys", app.address))
        .bearer_auth(secrecy::ExposeSecret::expose_secret(&token))
        .send()
        .await
        .unwrap();
    let api_answer = (
        api.status().as_u16(),
        api.headers().contains_key("retry-after"),
        api.json::<serde_json::Value>().await.unwrap()["error"]["code"].clone(),
    );
    tokio::time::sleep(OUTAGE.saturating_sub(gone_at.elapsed())).await;
    down.store(false, Ordering::SeqCst);
    proxy.set(Link::Up);

    // Back by itself: ready again, and submissions are stored again.
    let back = Instant::now();
    let recovered = loop {
        if readiness(&app).await.0 == 200 {
            break back.elapsed();
        }
        assert!(
            back.elapsed() < Duration::from_secs(30),
            "not ready 30 s after the database came back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.await.unwrap();
    }

    // Everything acknowledged is stored and reaches SALESmanago.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !app.all_deliveries_are(DeliveryStatus::Delivered).await {
        assert!(
            Instant::now() < deadline,
            "the deliveries did not all go out after the database came back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let tally = std::mem::take(&mut *tally.lock().unwrap());
    let acknowledged: HashSet<&String> = tally.acknowledged.iter().collect();
    let store = app.store();
    let survey = store.survey_by_slug(&slug).await.unwrap().unwrap();
    let stored: HashSet<String> = store
        .responses(survey.id)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| r.answers.get("email").map(|a| a.values[0].clone()))
        .collect();
    let delivered: HashSet<String> = app
        .received("/api/contact/upsert")
        .await
        .iter()
        .filter_map(|body| body["contact"]["email"].as_str().map(str::to_owned))
        .collect();
    let unavailable = tally.during.iter().filter(|(s, _)| *s == 503).count();
    let slowest = tally.during.iter().map(|(_, took)| *took).max();
    println!(
        "{test}: {} answers while the database was gone for {} s ({unavailable} of them 503, slowest {slowest:?}); \
         /readyz said {said:?} in {readiness_took:?}; ready again {recovered:?} after it came back; \
         {} acknowledged, {} stored, {} delivered",
        tally.during.len(),
        OUTAGE.as_secs(),
        acknowledged.len(),
        stored.len(),
        delivered.len(),
    );
    let others: Vec<u16> = tally
        .during
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| *s != 503 && *s != 303)
        .take(10)
        .collect();
    assert!(
        others.is_empty(),
        "answers other than 503 while the database was gone, e.g. {others:?}"
    );
    assert!(unavailable > 10, "the outage was not noticed");
    assert!(
        slowest.unwrap() < NO_HANG,
        "a request waited {slowest:?} for the database"
    );
    assert!(
        tally.other.iter().all(|s| *s == 303 || *s == 503),
        "answers other than 303 or 503 around the outage: {:?}",
        tally.other
    );
    assert_eq!(
        api_answer,
        (503, true, serde_json::json!("unavailable")),
        "the API during the outage"
    );
    assert_eq!(said.0, 503);
    assert!(said.1.contains("database"), "{}", said.1);
    assert!(readiness_took < NO_HANG, "/readyz took {readiness_took:?}");
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|e| !stored.contains(**e))
        .collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    let undelivered: Vec<_> = stored.difference(&delivered).collect();
    assert!(
        undelivered.is_empty(),
        "stored but never delivered: {undelivered:?}"
    );
    // After the outage the server took responses again.
    assert!(tally.other.iter().rev().take(5).all(|s| *s == 303));
}

/// `/readyz`'s status and reason.
async fn readiness(app: &TestApp) -> (u16, String) {
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    (ready.status().as_u16(), ready.text().await.unwrap())
}

fn postgres_url() -> String {
    crate::postgres_db::suite_database_url()
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// `host:port` of a database URL.
fn upstream_of(url: &str) -> String {
    let url = reqwest::Url::parse(url).unwrap();
    format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432))
}

/// The same database URL, through the proxy at `proxy`.
fn through(url: &str, proxy: std::net::SocketAddr) -> String {
    let mut url = reqwest::Url::parse(url).unwrap();
    url.set_host(Some("127.0.0.1")).unwrap();
    url.set_port(Some(proxy.port())).unwrap();
    url.to_string()
}
