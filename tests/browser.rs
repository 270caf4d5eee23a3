//! End to end in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`, which `.ci/run` installs): an admin signs in, sets the
//! SALESmanago access (a local mock), builds a survey in the editor, a
//! respondent answers it, and the admin sees the delivery delivered.
//! Every page visited is saved as a PNG under `target/screenshots/`.
//!
//! Without chromedriver the test says so loudly and passes locally; with
//! `CI` set it fails instead, so CI can never skip it silently.

use ankieter::configuration::Settings;
use ankieter::domain::Language;
use ankieter::manage::{create_account, create_admin};
use ankieter::startup::Application;
use fantoccini::{Client, ClientBuilder, Locator};
use secrecy::SecretString;
use serde_json::json;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
const EMAIL: &str = "anna@firma.pl";
const PASSWORD: &str = "correct horse battery";

/// Kills chromedriver and the Chromium it started (its own process group)
/// when the test ends, however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn browsers_installed() -> bool {
    let found =
        std::path::Path::new(CHROMEDRIVER).exists() && std::path::Path::new(CHROMIUM).exists();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: install chromium and chromium-driver (see .ci/run)"
        );
        eprintln!(
            "\n*** SKIPPED the headless-Chromium admin test: {CHROMEDRIVER} or {CHROMIUM} is missing.\n\
             *** Install them with `apt-get install chromium chromium-driver` to run it.\n"
        );
    }
    found
}

async fn start_driver() -> (Driver, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return (driver, format!("http://127.0.0.1:{port}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start listening on port {port}");
}

async fn browser(webdriver: &str) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--no-first-run",
                     "--disable-dev-shm-usage", "--window-size=1200,1000"]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(webdriver)
        .await
        .expect("a Chromium session")
}

struct Visit {
    client: Client,
    base: String,
    shots: PathBuf,
    count: usize,
}

impl Visit {
    /// Saves a full-page screenshot as `NN-name.png`.
    async fn shot(&mut self, name: &str) {
        self.shot_at(name, 1200).await;
    }

    /// The same at a given window width (390: a phone).
    async fn shot_at(&mut self, name: &str, width: u32) {
        let _ = self.client.set_window_size(width, 1000).await;
        self.count += 1;
        // Grow the window to the page so the screenshot shows all of it.
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight", vec![])
            .await
            .ok()
            .and_then(|h| h.as_u64())
            .unwrap_or(1000)
            .clamp(600, 4000) as u32;
        let _ = self.client.set_window_size(width, height + 140).await;
        let png = self.client.screenshot().await.expect("screenshot");
        let _ = self.client.set_window_size(1200, 1000).await;
        std::fs::write(
            self.shots.join(format!("{:02}-{name}.png", self.count)),
            png,
        )
        .unwrap();
    }

    async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("page opens");
    }

    async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.expect(css);
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .expect(css)
            .click()
            .await
            .expect(css);
    }

    /// Clicks something that loads a new page and waits until it has loaded.
    async fn click_and_load(&self, css: &str) {
        self.client
            .execute("window.__previous_page = true", vec![])
            .await
            .unwrap();
        self.click(css).await;
        for _ in 0..100 {
            let loaded = self
                .client
                .execute(
                    "return window.__previous_page === undefined && document.readyState === 'complete'",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if loaded {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking {css} did not load a page");
    }

    async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .expect(css)
            .text()
            .await
            .unwrap()
    }

    async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }
}

/// Everything a browser test needs: a SALESmanago mock, a running ankieter
/// with an account (and its admin), and a Chromium session.
struct Setup {
    salesmanago: MockServer,
    store: std::sync::Arc<dyn ankieter::db::Store>,
    account_id: uuid::Uuid,
    visit: Visit,
    _driver: Driver,
    _dir: tempfile::TempDir,
}

async fn setup(test: &str) -> Setup {
    let salesmanago = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/contact/hasContact"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "message": [], "result": true})),
        )
        .mount(&salesmanago)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/contact/upsert"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "message": [], "contactId": "kontakt-e2e"})),
        )
        .mount(&salesmanago)
        .await;

    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings {
        listen: "127.0.0.1:0".into(),
        database_url: format!("sqlite://{}", dir.path().join("ankieter.db").display()),
        data_dir: dir.path().to_path_buf(),
        secret_key: Some(SecretString::from("11".repeat(32))),
        ..Settings::default()
    };
    settings.worker.poll_interval_ms = 200;
    let application = Application::build(settings).await.unwrap();
    let base = format!("http://127.0.0.1:{}", application.port());
    let store = application.state().store.clone();
    let account = create_account(store.as_ref(), "Kawiarnia", Language::Pl)
        .await
        .unwrap();
    create_admin(
        store.as_ref(),
        account.id,
        EMAIL,
        &SecretString::from(PASSWORD.to_owned()),
    )
    .await
    .unwrap();
    tokio::spawn(application.run_until_stopped());

    let (driver, webdriver) = start_driver().await;
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(test);
    std::fs::create_dir_all(&shots).unwrap();
    Setup {
        salesmanago,
        store,
        account_id: account.id,
        visit: Visit {
            client: browser(&webdriver).await,
            base,
            shots,
            count: 0,
        },
        _driver: driver,
        _dir: dir,
    }
}

#[tokio::test]
async fn an_admin_builds_a_survey_and_sees_its_response_delivered() {
    if !browsers_installed() {
        return;
    }
    let mut setup = setup("admin").await;
    let (salesmanago, visit) = (&setup.salesmanago, &mut setup.visit);

    // Sign in.
    visit.goto("/admin").await;
    assert_eq!(visit.path().await, "/admin/login");
    visit.shot("login").await;
    visit.fill("#email", EMAIL).await;
    visit.fill("#password", PASSWORD).await;
    visit.click_and_load("form button[type=submit]").await;
    assert_eq!(visit.path().await, "/admin");
    visit.shot("dashboard-empty").await;

    // SALESmanago access, pointed at the mock, then "Test connection".
    visit
        .click_and_load("nav a[href='/admin/salesmanago']")
        .await;
    visit.fill("#endpoint", &salesmanago.uri()).await;
    visit.fill("#client_id", "kawiarnia-client").await;
    visit.fill("#owner", "marketing@kawiarnia.pl").await;
    visit.fill("#api_secret", "sekret-api-1234").await;
    visit.shot("salesmanago-settings").await;
    visit
        .click_and_load("main form[action='/admin/salesmanago'] button[type=submit]")
        .await;
    assert_eq!(visit.text(".flash").await, "SALESmanago settings saved.");
    visit
        .click_and_load("form[action='/admin/salesmanago/test'] button")
        .await;
    assert!(visit.text("#test-result").await.starts_with("Connected"));
    visit.shot("salesmanago-test-connection").await;

    // A new survey in the editor: one added question, SALESmanago on.
    visit.goto("/admin/surveys").await;
    visit.click_and_load("a[href='/admin/surveys/new']").await;
    visit.fill("#title", "Jak smakowała kawa?").await;
    visit.fill("#slug", "kawa").await;
    visit.click("#sm_enabled").await;
    visit.fill("#sm_tag", "ANKIETA_KAWA").await;
    visit.click_and_load("button[value=add]").await;
    visit
        .fill("input[name='q.1.text']", "Jak oceniasz kawę?")
        .await;
    visit
        .client
        .find(Locator::Css("select[name='q.1.type']"))
        .await
        .unwrap()
        .select_by_value("scale")
        .await
        .unwrap();
    visit.fill("input[name='q.1.min']", "1").await;
    visit.fill("input[name='q.1.max']", "5").await;
    visit.click_and_load("button[value=preview]").await;
    let payload = visit.text("#payload").await;
    assert!(
        payload.contains("\"ankieta.Jak-oceniasz-kawe?\": \"5\""),
        "{payload}"
    );
    assert!(!payload.contains("sekret-api-1234"));
    visit.shot("survey-editor-preview").await;
    visit.click_and_load("p.sticky button[value=save]").await;
    assert_eq!(
        visit.text(".flash").await,
        "Survey “Jak smakowała kawa?” saved."
    );
    assert!(visit.path().await.starts_with("/admin/surveys/"));
    visit.shot("survey-saved").await;

    // A respondent answers.
    visit.goto("/s/kawa").await;
    visit.fill("input[name=email]", "klient@example.com").await;
    visit.click("input[name=q2][value='5']").await;
    visit.shot("respondent-survey").await;
    visit.click_and_load("form button[type=submit]").await;
    assert_eq!(visit.path().await, "/s/kawa/thanks");
    visit.shot("respondent-thanks").await;

    // The admin sees it delivered (the worker runs in the server).
    let mut delivered = false;
    for _ in 0..50 {
        visit.goto("/admin/deliveries?status=delivered").await;
        if !visit
            .client
            .find_all(Locator::Css("tbody tr"))
            .await
            .unwrap()
            .is_empty()
        {
            delivered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(delivered, "the delivery reached the SALESmanago mock");
    visit.shot("deliveries").await;
    visit.click_and_load("tbody tr a").await;
    assert_eq!(visit.text(".facts .status").await, "delivered");
    visit.shot("delivery-detail").await;
    visit.goto("/admin").await;
    visit.shot("dashboard").await;
    visit.shot_at("dashboard-phone", 390).await;
    let sent = salesmanago.received_requests().await.unwrap();
    let upsert = sent
        .iter()
        .find(|r| r.url.path() == "/api/contact/upsert")
        .expect("an upsert was sent");
    let body: serde_json::Value = serde_json::from_slice(&upsert.body).unwrap();
    assert_eq!(body["contact"]["email"], "klient@example.com");
    assert_eq!(body["properties"]["ankieta.Jak-oceniasz-kawe?"], "5");
    assert_eq!(body["tags"], json!(["ANKIETA_KAWA"]));
    visit.client.clone().close().await.unwrap();
}

/// A page of "another site" (its own origin) embedding the survey, which
/// records the `ankieter:submitted` event it receives.
fn host_page(ankieter: &str, slug: &str, extra: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>Sklep</title></head>
<body style="font-family:sans-serif;margin:24px;background:#fafaf5">
<h1>Sklep z kawą — powiedz nam, co myślisz</h1>
<ol id="events"></ol>
<script>
document.addEventListener("ankieter:submitted", function (e) {{
  var li = document.createElement("li");
  li.textContent = "submitted " + e.detail.survey;
  document.getElementById("events").appendChild(li);
}});
</script>
<script src="{ankieter}/embed.js" data-survey="{slug}" data-hidden="utm_source"{extra} async></script>
<p>Stopka strony.</p>
</body></html>"#
    )
}

async fn serve_host_page(html: String) -> MockServer {
    let host = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/sklep"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(html, "text/html; charset=utf-8"))
        .mount(&host)
        .await;
    host
}

#[tokio::test]
async fn a_survey_embedded_on_another_site_resizes_submits_and_tells_the_page() {
    if !browsers_installed() {
        return;
    }
    let mut setup = setup("embed").await;
    let survey = json!({
        "slug": "kawa", "title": "Jak smakowała kawa?", "language": "pl",
        "salesmanago": {"enabled": true, "tag": "ANKIETA_KAWA"},
        "hidden_fields": ["utm_source"],
        "questions": [
            {"id": "email", "type": "email", "text": "Twój e-mail", "required": true},
            {"id": "ocena", "type": "scale", "text": "Jak oceniasz kawę?", "min": 1, "max": 5, "required": true},
            {"id": "uwagi", "type": "textarea", "text": "Co poprawić?"}
        ]
    });
    let key = ankieter::crypto::ServerKey::from_hex(&"11".repeat(32)).unwrap();
    ankieter::manage::set_salesmanago(
        setup.store.as_ref(),
        &key,
        setup.account_id,
        ankieter::manage::SalesmanagoInput {
            endpoint: setup.salesmanago.uri(),
            client_id: "kawiarnia-client".into(),
            owner: "marketing@kawiarnia.pl".into(),
            api_secret: Some(SecretString::from("sekret-api-1234")),
            property_prefix: None,
        },
    )
    .await
    .unwrap();
    ankieter::manage::import_survey(
        setup.store.as_ref(),
        &key,
        setup.account_id,
        &survey.to_string(),
    )
    .await
    .unwrap();
    let ankieter_base = setup.visit.base.clone();
    let host = serve_host_page(host_page(&ankieter_base, "kawa", "")).await;
    let visit = &mut setup.visit;
    visit
        .client
        .goto(&format!("{}/sklep?utm_source=newsletter", host.uri()))
        .await
        .unwrap();

    // The iframe grows from its initial 480 px to the survey's height.
    let iframe_height = || async {
        visit
            .client
            .execute(
                "var f = document.querySelector('iframe[data-ankieter-survey]'); return f ? f.getBoundingClientRect().height : 0",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap_or(0.0)
    };
    // The frame reports its height on load and again as the page settles
    // (a report before the stylesheet applies is smaller): wait for the
    // settled one, up to 10 s.
    let mut height = 0.0;
    for _ in 0..100 {
        height = iframe_height().await;
        if height > 500.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        height > 500.0,
        "the iframe took the survey's height, not 480 px: {height}"
    );
    let src = visit
        .client
        .find(Locator::Css("iframe[data-ankieter-survey]"))
        .await
        .unwrap()
        .attr("src")
        .await
        .unwrap()
        .unwrap();
    assert!(
        src.starts_with(&format!("{ankieter_base}/s/kawa?embed=1")),
        "{src}"
    );
    assert!(src.contains("utm_source=newsletter"), "{src}");
    visit.shot("host-page").await;

    // Answer inside the frame.
    visit.client.enter_frame(0).await.unwrap();
    visit.fill("input[name=email]", "klient@example.com").await;
    visit.click("input[name=ocena][value='4']").await;
    visit.click_and_load("form button[type=submit]").await;
    // (The WebDriver URL is the top page's; the frame's own is in `location`.)
    let frame_path = visit
        .client
        .execute("return location.pathname", vec![])
        .await
        .unwrap();
    assert_eq!(frame_path, "/s/kawa/thanks");
    visit.client.enter_parent_frame().await.unwrap();

    // The host page heard about it.
    let mut events = String::new();
    for _ in 0..50 {
        events = visit.text("#events").await;
        if !events.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(events, "submitted kawa");
    visit.shot("host-page-submitted").await;

    // And SALESmanago got the hidden field from the host page's URL.
    let mut upsert = None;
    for _ in 0..50 {
        let sent = setup.salesmanago.received_requests().await.unwrap();
        upsert = sent
            .into_iter()
            .find(|r| r.url.path() == "/api/contact/upsert");
        if upsert.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let body: serde_json::Value = serde_json::from_slice(&upsert.expect("an upsert").body).unwrap();
    assert_eq!(body["properties"]["ankieta.utm_source"], "newsletter");
    assert_eq!(body["properties"]["ankieta.Jak-oceniasz-kawe?"], "4");

    // Popup mode: a button opens the survey over the page; Escape closes it.
    let popup = serve_host_page(host_page(
        &ankieter_base,
        "kawa",
        r#" data-mode="popup" data-button="Oceń kawę""#,
    ))
    .await;
    let visit = &mut setup.visit;
    visit
        .client
        .goto(&format!("{}/sklep", popup.uri()))
        .await
        .unwrap();
    let button = visit
        .client
        .wait()
        .for_element(Locator::Css("button.ankieter-open"))
        .await
        .unwrap();
    assert_eq!(button.text().await.unwrap(), "Oceń kawę");
    button.click().await.unwrap();
    visit
        .client
        .wait()
        .for_element(Locator::Css(".ankieter-popup iframe[data-ankieter-survey]"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    visit.shot("popup").await;
    visit
        .client
        .execute(
            "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))",
            vec![],
        )
        .await
        .unwrap();
    assert!(visit
        .client
        .find_all(Locator::Css(".ankieter-popup"))
        .await
        .unwrap()
        .is_empty());
    visit.client.clone().close().await.unwrap();
}
