//! `spawn_app()`: a real server on port 0 with a fresh database, an account
//! whose SALESmanago is a `wiremock` server, and the worker stepped by hand.
//! The database is a SQLite file, or with `ANKIETER_TEST_DATABASE_URL=
//! postgres://…` a PostgreSQL schema of the test's own: the whole suite
//! runs on either backend.

use ankieter::configuration::Settings;
use ankieter::db::{DeliveryFilter, DeliveryRecord, DeliveryStatus, Store};
use ankieter::delivery::DeliveryWorker;
use ankieter::domain::Language;
use ankieter::manage::{create_account, import_survey, set_salesmanago, SalesmanagoInput};
use ankieter::startup::Application;
use ankieter::web::AppState;
use secrecy::SecretString;
use serde_json::{json, Value};
use std::sync::Arc;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const CLIENT_ID: &str = "client-123";
pub const API_SECRET: &str = "api-secret-XYZ-987";
pub const OWNER: &str = "owner@firma.pl";
pub const SERVER_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
pub const CONTACT_ID: &str = "0f3a1c2e-1111-4a2b-9c3d-0123456789ab";

pub struct TestApp {
    pub address: String,
    pub salesmanago: MockServer,
    pub state: AppState,
    pub worker: DeliveryWorker,
    pub poller: std::sync::Arc<ankieter::contact_center::TicketPoller>,
    pub empik_poller: std::sync::Arc<ankieter::marketplace::EmpikPoller>,
    pub account_id: Uuid,
    pub client: reqwest::Client,
    pub settings: Settings,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
    server_handle: actix_web::dev::ServerHandle,
    _dir: Arc<tempfile::TempDir>,
}

pub fn test_settings(dir: &tempfile::TempDir) -> Settings {
    let mut settings = Settings {
        listen: "127.0.0.1:0".into(),
        database_url: format!("sqlite://{}", dir.path().join("ankieter.db").display()),
        data_dir: dir.path().to_path_buf(),
        secret_key: Some(SecretString::from(SERVER_KEY)),
        ..Settings::default()
    };
    settings.salesmanago.timeout_ms = 500;
    // The per-account throttle has its own test; elsewhere it would only slow tests down.
    settings.salesmanago.max_requests_per_second = 1_000_000;
    // SALESmanago is a local mock here; tests of the policy turn this off.
    settings.salesmanago.allow_any_endpoint = true;
    settings.worker.enabled = false;
    // A fake Thulium that hangs costs a test this long.
    settings.thulium.timeout_ms = 1_000;
    // 128 MB written per test server would only slow the suite down; the
    // write-out has its own test.
    settings.wal_ready_mb = 0;
    settings
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_on(Backend::Suite, adjust).await
}

/// A test of something only SQLite has (its WAL file, its database file).
pub async fn spawn_sqlite_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_on(Backend::Sqlite, adjust).await
}

/// A test of several instances on one PostgreSQL database; `None` (after a
/// loud note) where no PostgreSQL runs, outside CI.
pub async fn spawn_postgres_app(test: &str) -> Option<TestApp> {
    spawn_postgres_app_with(test, |_| {}).await
}

/// As `spawn_postgres_app`, with settings of the test's own (the database
/// URL among them: it is set when `adjust` runs).
pub async fn spawn_postgres_app_with(
    test: &str,
    adjust: impl FnOnce(&mut Settings),
) -> Option<TestApp> {
    let url = crate::postgres_db::fresh_database(test).await?;
    let settings = |s: &mut Settings| {
        // Its tests submit hundreds of responses from one address.
        s.rate_limit.submissions_per_minute = 1_000_000;
        adjust(s);
    };
    Some(spawn_app_on(Backend::Postgres(url), settings).await)
}

enum Backend {
    /// PostgreSQL when `ANKIETER_TEST_DATABASE_URL` names one, else SQLite.
    Suite,
    Sqlite,
    Postgres(String),
}

async fn spawn_app_on(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    // Quiet by default; `TEST_LOG=1 cargo test` shows the server's logs.
    if std::env::var_os("TEST_LOG").is_some() {
        ankieter::telemetry::init();
    }
    let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
    let mut settings = test_settings(&dir);
    match (backend, crate::postgres_db::suite_database_url()) {
        (Backend::Suite, Some(_)) => {
            settings.database_url = crate::postgres_db::fresh_database("the API suite")
                .await
                .expect("the PostgreSQL named by ANKIETER_TEST_DATABASE_URL");
        }
        (Backend::Postgres(url), _) => settings.database_url = url,
        _ => {}
    }
    adjust(&mut settings);
    let salesmanago = MockServer::start().await;
    let app = start(settings.clone(), dir.clone(), salesmanago).await;
    let account = create_account(app.store(), "Firma", Language::Pl)
        .await
        .unwrap();
    set_salesmanago(
        app.store(),
        &app.state.key,
        account.id,
        sm_input(&app.salesmanago.uri()),
        ankieter::domain::EndpointPolicy::Any,
    )
    .await
    .unwrap();
    TestApp {
        account_id: account.id,
        ..app
    }
}

pub fn sm_input(endpoint: &str) -> SalesmanagoInput {
    SalesmanagoInput {
        endpoint: endpoint.to_owned(),
        client_id: CLIENT_ID.into(),
        owner: OWNER.into(),
        api_secret: Some(SecretString::from(API_SECRET)),
        property_prefix: None,
    }
}

async fn start(
    settings: Settings,
    dir: Arc<tempfile::TempDir>,
    salesmanago: MockServer,
) -> TestApp {
    let application = Application::build(settings.clone())
        .await
        .expect("application builds");
    started(application, settings, dir, salesmanago)
}

fn started(
    application: Application,
    settings: Settings,
    dir: Arc<tempfile::TempDir>,
    salesmanago: MockServer,
) -> TestApp {
    let address = format!("http://127.0.0.1:{}", application.port());
    let state = application.state().clone();
    let worker = application.worker();
    let poller = application.poller();
    let empik_poller = application.empik_poller();
    let server_handle = application.server_handle();
    let server = tokio::spawn(application.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    TestApp {
        address,
        salesmanago,
        state,
        worker,
        poller,
        empik_poller,
        account_id: Uuid::nil(),
        client,
        settings,
        server,
        server_handle,
        _dir: dir,
    }
}

impl TestApp {
    pub fn store(&self) -> &dyn Store {
        self.state.store.as_ref()
    }

    /// The SQLite database file (its WAL is this with `-wal`), of an app
    /// from `spawn_sqlite_app_with`.
    pub fn database_path(&self) -> String {
        let url = &self.settings.database_url;
        assert!(url.starts_with("sqlite://"), "a SQLite test on {url}");
        url.trim_start_matches("sqlite://").to_owned()
    }

    /// Another instance on this app's database: its own connections, as a
    /// second ankieter process would have.
    pub async fn another_instance(&self) -> Arc<dyn Store> {
        ankieter::db::connect(&self.settings.database_url)
            .await
            .expect("a second instance connects")
    }

    /// Another whole server on this app's database (PostgreSQL), as a
    /// second ankieter process behind the same load balancer would be.
    /// Its fake SALESmanago is its own and unused: the account's stays.
    pub async fn another_server(&self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = self.settings.clone();
        adjust(&mut settings);
        let app = start(settings, self._dir.clone(), MockServer::start().await).await;
        TestApp {
            account_id: self.account_id,
            ..app
        }
    }

    /// Stops this server and starts another on the same database file, as a
    /// restart (or a deploy) would.
    pub async fn restart(self) -> TestApp {
        self.restart_with(|_| {}).await
    }

    /// As `restart`, with settings changed by `adjust` (another database
    /// file, say), the same fake SALESmanago and the same account.
    pub async fn restart_with(self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = self.settings.clone();
        adjust(&mut settings);
        TestApp::start_again(settings, self.stop().await)
            .await
            .expect("application builds")
    }

    /// Stops the server at once, without closing its database (as a crash
    /// would); what a next one needs is handed back.
    pub async fn stop(self) -> (Uuid, Arc<tempfile::TempDir>, MockServer) {
        self.server.abort();
        // The HTTP server runs in a task of its own: without this it would
        // go on serving, and keep the store and its files open.
        self.server_handle.stop(false).await;
        (self.account_id, self._dir, self.salesmanago)
    }

    /// A server on `settings` in place of a stopped one (see `stop`).
    pub async fn start_again(
        settings: Settings,
        (account_id, dir, salesmanago): (Uuid, Arc<tempfile::TempDir>, MockServer),
    ) -> anyhow::Result<TestApp> {
        let application = Application::build(settings.clone()).await?;
        let app = started(application, settings, dir, salesmanago);
        Ok(TestApp { account_id, ..app })
    }

    /// Another account with its own SALESmanago at `endpoint` and an
    /// `nps_survey` at `slug`; returns the account's id.
    pub async fn add_account(&self, name: &str, endpoint: &str, slug: &str) -> Uuid {
        let account = create_account(self.store(), name, Language::Pl)
            .await
            .unwrap();
        set_salesmanago(
            self.store(),
            &self.state.key,
            account.id,
            sm_input(endpoint),
            ankieter::domain::EndpointPolicy::Any,
        )
        .await
        .unwrap();
        let mut survey = nps_survey();
        survey["slug"] = json!(slug);
        import_survey(
            self.store(),
            &self.state.key,
            account.id,
            &survey.to_string(),
        )
        .await
        .expect("survey imports");
        account.id
    }

    /// SALESmanago answers `endpoint` with `answer`, called `times` times
    /// (`..`: any number).
    pub async fn answer(
        &self,
        endpoint: &str,
        answer: ResponseTemplate,
        times: impl Into<wiremock::Times>,
    ) {
        on(endpoint)
            .respond_with(answer)
            .expect(times)
            .mount(&self.salesmanago)
            .await;
    }

    pub async fn import(&self, document: Value) -> String {
        let (survey, _) = import_survey(
            self.store(),
            &self.state.key,
            self.account_id,
            &document.to_string(),
        )
        .await
        .expect("survey imports");
        survey.slug.to_string()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    pub async fn submit(&self, slug: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.post_form(&format!("/s/{slug}"), fields).await
    }

    /// The most common valid answer to `nps_survey()`: an e-mail and a score.
    pub async fn submit_by_email(&self, slug: &str, email: &str) -> reqwest::Response {
        self.submit(slug, &[("email", email), ("ocena", "5")]).await
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.post_raw(path, serde_urlencoded::to_string(fields).unwrap())
            .await
    }

    /// A form body exactly as given, malformed or not.
    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Runs the worker step at `now` until nothing more is due.
    pub async fn deliver_at(&self, now: i64) -> usize {
        let mut total = 0;
        loop {
            let n = self.worker.deliver_due(now).await.expect("worker step");
            if n == 0 {
                return total;
            }
            total += n;
        }
    }

    pub async fn deliver_all_pending(&self) -> usize {
        self.deliver_at(ankieter::clock::now_ms()).await
    }

    pub async fn deliveries(&self) -> Vec<DeliveryRecord> {
        self.store()
            .deliveries(&DeliveryFilter::default())
            .await
            .unwrap()
    }

    /// Whether there are deliveries and every one has `status`.
    pub async fn all_deliveries_are(&self, status: DeliveryStatus) -> bool {
        let all = self.deliveries().await;
        !all.is_empty() && all.iter().all(|d| d.status == status)
    }

    pub async fn only_delivery(&self) -> DeliveryRecord {
        let mut all = self.deliveries().await;
        assert_eq!(all.len(), 1, "expected exactly one delivery");
        all.remove(0)
    }

    /// Bodies SALESmanago received on `endpoint` (e.g. `/api/contact/upsert`).
    pub async fn received(&self, endpoint: &str) -> Vec<Value> {
        self.salesmanago
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.url.path() == endpoint)
            .map(|r| serde_json::from_slice(&r.body).unwrap())
            .collect()
    }
}

/// The paths a fake (SALESmanago, Thulium) was asked for, in order.
pub async fn asked_paths(fake: &MockServer) -> Vec<String> {
    fake.received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect()
}

pub fn sm_success(contact_id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"success": true, "message": [], "contactId": contact_id}))
}

pub fn sm_failure(message: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"success": false, "message": [message]}))
}

/// The arrange step most tests share: a server with `nps_survey()` imported
/// whose SALESmanago answers `endpoint` with `answer`, called `times` times
/// (`..`: any). Returns the server and the survey's slug.
pub async fn app_answering(
    endpoint: &str,
    answer: ResponseTemplate,
    times: impl Into<wiremock::Times>,
) -> (TestApp, String) {
    let app = spawn_app().await;
    app.answer(endpoint, answer, times).await;
    let slug = app.import(nps_survey()).await;
    (app, slug)
}

pub fn on(endpoint: &str) -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path(endpoint))
}

/// A Polish survey that sends to SALESmanago, with the kinds forwarding cares about.
pub fn nps_survey() -> Value {
    json!({
        "slug": "nps",
        "title": "Ankieta NPS",
        "language": "pl",
        "salesmanago": {"enabled": true, "tag": "  ankieta  nps "},
        "questions": [
            {"id": "email", "type": "email", "text": "Twój e-mail"},
            {"id": "ocena", "type": "scale", "text": "Jak oceniasz naszą obsługę?", "required": true, "min": 0, "max": 10},
            {"id": "kanaly", "type": "multi", "text": "Skąd o nas wiesz?", "options": ["Znajomi", "Reklama", "Internet"]},
            {"id": "uwagi", "type": "textarea", "text": "Uwagi"},
            {"id": "zgoda", "type": "consent", "text": "Zgoda marketingowa", "opt_in": true}
        ]
    })
}

pub fn html(text: &str) -> scraper::Html {
    scraper::Html::parse_document(text)
}

pub fn select<'a>(document: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    document
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}
