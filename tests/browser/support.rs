//! The browser tests' tools: chromedriver and a Chromium session, a
//! `Visit` that drives pages and saves screenshots, and a `Setup` with a
//! running ankieter, an account, its admin and a SALESmanago mock.

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

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const EMAIL: &str = "anna@firma.pl";
pub const PASSWORD: &str = "correct horse battery";

/// Kills chromedriver and the Chromium it started (its own process group)
/// when the test ends, however it ends.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn browsers_installed() -> bool {
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

/// Whether the browser runs the pages' JavaScript.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scripts {
    On,
    Off,
}

/// Starts chromedriver and opens a Chromium session on it, trying again
/// with a fresh port when either fails: the port is picked by binding and
/// releasing it, so another process can take it before chromedriver does
/// (a CI run once lost a test to exactly that).
pub async fn start_browser(scripts: Scripts) -> (Driver, Client) {
    let mut last_error = String::new();
    for _ in 0..4 {
        match start_driver().await {
            Ok((driver, webdriver)) => match browser(&webdriver, scripts).await {
                Ok(client) => return (driver, client),
                Err(error) => last_error = format!("a Chromium session: {error:?}"),
            },
            Err(error) => last_error = error,
        }
    }
    panic!("no browser after four tries; last: {last_error}");
}

async fn start_driver() -> Result<(Driver, String), String> {
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
    let mut driver = Driver(child);
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if let Ok(Some(status)) = driver.0.try_wait() {
            return Err(format!("chromedriver on port {port} exited: {status}"));
        }
        // Something answering on the port is not enough: it must be our
        // chromedriver, alive, saying it is ready.
        if let Ok(answer) = reqwest::get(format!("{url}/status")).await {
            let ready = answer
                .json::<serde_json::Value>()
                .await
                .ok()
                .and_then(|body| body["value"]["ready"].as_bool());
            if ready == Some(true) && matches!(driver.0.try_wait(), Ok(None)) {
                return Ok((driver, url));
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("chromedriver did not become ready on port {port}"))
}

async fn browser(
    webdriver: &str,
    scripts: Scripts,
) -> Result<Client, fantoccini::error::NewSessionError> {
    let mut args = vec![
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1200,1000",
        // Phones draw scrollbars over the page; a desktop scrollbar
        // would take 15 px of a 320 px phone's width.
        "--hide-scrollbars",
    ];
    if scripts == Scripts::Off {
        args.push("--blink-settings=scriptEnabled=false");
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": CHROMIUM, "args": args }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(webdriver)
        .await
}

pub struct Visit {
    pub client: Client,
    pub base: String,
    pub shots: PathBuf,
    pub count: usize,
}

impl Visit {
    /// Saves a full-page screenshot as `NN-name.png`.
    pub async fn shot(&mut self, name: &str) {
        self.shot_at(name, 1200).await;
    }

    /// The same at a given window width (390: a phone).
    pub async fn shot_at(&mut self, name: &str, width: u32) {
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

    /// Saves what the window shows now, scrolled as it is.
    pub async fn shot_window(&mut self, name: &str) {
        self.count += 1;
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(
            self.shots.join(format!("{:02}-{name}.png", self.count)),
            png,
        )
        .unwrap();
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("page opens");
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.expect(css);
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Clicks the element after scrolling it to the middle of the window,
    /// clear of anything sticky (WebDriver would click it where it is).
    pub async fn click(&self, css: &str) {
        let element = self.client.find(Locator::Css(css)).await.expect(css);
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![serde_json::to_value(&element).unwrap()],
            )
            .await
            .expect(css);
        element.click().await.expect(css);
    }

    /// Clicks something that loads a new page and waits until it has
    /// loaded: the old page's root element goes stale (this holds with
    /// and without the page's JavaScript).
    pub async fn click_and_load(&self, css: &str) {
        let old_root = self.client.find(Locator::Css("html")).await.unwrap();
        self.click(css).await;
        for _ in 0..100 {
            let gone = matches!(
                old_root.tag_name().await,
                Err(fantoccini::error::CmdError::Standard(ref e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference
            );
            let complete = self
                .client
                .execute("return document.readyState === 'complete'", vec![])
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if gone && complete {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking {css} did not load a page");
    }

    /// Clicks a button that htmx sends, and waits until the answer has
    /// replaced `#editor-body` and settled, checking that the page itself
    /// was not reloaded.
    pub async fn click_and_swap(&self, css: &str) {
        self.client
            .execute(
                "window.__previous_page = true; document.getElementById('editor-body').__old = true",
                vec![],
            )
            .await
            .unwrap();
        self.click(css).await;
        for _ in 0..100 {
            let state = self
                .client
                .execute(
                    "const body = document.getElementById('editor-body');
                     if (window.__previous_page === undefined) return 'reloaded';
                     if (!body || body.__old || document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')) return 'waiting';
                     return 'swapped';",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            match state.as_str() {
                "swapped" => return,
                "reloaded" => panic!("clicking {css} reloaded the page"),
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        panic!("clicking {css} swapped nothing in");
    }

    /// Runs `script` (which returns something) in the page.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.expect(script)
    }

    /// Signs in as the setup's admin.
    pub async fn sign_in(&self) {
        self.goto("/admin/login").await;
        self.fill("#email", EMAIL).await;
        self.fill("#password", PASSWORD).await;
        self.click_and_load("form button[type=submit]").await;
    }

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .expect(css)
            .text()
            .await
            .unwrap()
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }
}

/// Everything a browser test needs: a SALESmanago mock, a running ankieter
/// with an account (and its admin), and a Chromium session.
pub struct Setup {
    pub salesmanago: MockServer,
    pub store: std::sync::Arc<dyn ankieter::db::Store>,
    pub account_id: uuid::Uuid,
    pub visit: Visit,
    pub _driver: Driver,
    pub _dir: tempfile::TempDir,
}

pub async fn setup(test: &str) -> Setup {
    setup_with(test, Scripts::On).await
}

pub async fn setup_with(test: &str, scripts: Scripts) -> Setup {
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
    // SALESmanago is a local mock.
    settings.salesmanago.allow_any_endpoint = true;
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

    let (driver, client) = start_browser(scripts).await;
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(test);
    std::fs::create_dir_all(&shots).unwrap();
    Setup {
        salesmanago,
        store,
        account_id: account.id,
        visit: Visit {
            client,
            base,
            shots,
            count: 0,
        },
        _driver: driver,
        _dir: dir,
    }
}

/// Serves `html` at `/sklep` on its own origin: another site's page.
pub async fn serve_host_page(html: String) -> MockServer {
    let host = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/sklep"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(html, "text/html; charset=utf-8"))
        .mount(&host)
        .await;
    host
}

impl Setup {
    /// Imports `survey` into the account, as the admin's import would.
    pub async fn import(&self, survey: &serde_json::Value) {
        ankieter::manage::import_survey(
            self.store.as_ref(),
            &server_key(),
            self.account_id,
            &survey.to_string(),
        )
        .await
        .expect("the survey imports");
    }
}

/// The server key `setup` starts ankieter with.
pub fn server_key() -> ankieter::crypto::ServerKey {
    ankieter::crypto::ServerKey::from_hex(&"11".repeat(32)).unwrap()
}
