//! `ankieter demo`: the sandbox, the printed links and credentials.

use crate::common::*;
use serde_json::{json, Value};
use std::process::Stdio;

#[tokio::test]
async fn the_demo_forwards_responses_to_the_built_in_sandbox() {
    let cli = Cli::new();
    let (_demo, printed) = start_demo(&cli);
    let link = |label: &str| {
        let line = printed
            .iter()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label} in {printed:?}"));
        line.split_whitespace().last().unwrap().to_owned()
    };
    let (survey, from_email, sandbox) = (link("Survey:"), link("As from"), link("Sandbox"));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let access = SandboxAccess {
        endpoint: link("Endpoint:"),
        client_id: link("Client ID:"),
        api_secret: link("API secret:"),
        owner: link("Owner:"),
    };
    assert_eq!(
        access.endpoint, sandbox,
        "the API endpoint is the sandbox's address"
    );
    access.works_like_salesmanago(&http).await;

    let page = http.get(&survey).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let submitted = http
        .post(&survey)
        .form(&[
            ("email", "anna@example.pl"),
            ("nps", "9"),
            ("ocena", "Dobrze"),
            ("zgoda", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 303);
    let seed_id = from_email.rsplit('=').next().unwrap().to_owned();
    let by_link = http
        .post(survey.as_str())
        .form(&[
            ("smclientid", seed_id.as_str()),
            ("email", "jan.kowalski@example.pl"),
            ("nps", "3"),
            ("ocena", "Źle"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(by_link.status(), 303);

    let mut contacts = Vec::new();
    for _ in 0..100 {
        let html = http
            .get(&sandbox)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let document = scraper::Html::parse_document(&html);
        let selector = scraper::Selector::parse("article.contact").unwrap();
        contacts = document
            .select(&selector)
            .map(|c| c.text().collect::<String>())
            .collect();
        // The demo survey also sends each response as a SURVEY event.
        if contacts
            .iter()
            .filter(|c| c.contains("ANKIETA_ZADOWOLENIA") && c.contains("SURVEY"))
            .count()
            == 2
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let anna = contacts
        .iter()
        .find(|c| c.contains("anna@example.pl"))
        .expect("anna reached the sandbox");
    assert!(
        anna.contains("ankieta.Jak-oceniasz-nasza-obsluge?")
            && anna.contains("Dobrze")
            && anna.contains("opted in")
            && anna.contains("Jak nam poszło? Ankieta zadowolenia"),
        "{anna}"
    );
    let jan = contacts.iter().find(|c| c.contains(&seed_id)).unwrap();
    assert!(
        jan.contains("ANKIETA_ZADOWOLENIA") && jan.contains("Źle"),
        "the smclientid link updated the seeded contact: {jan}"
    );

    // The printed admin login works and shows the demo survey.
    let admin_line = printed
        .iter()
        .find(|l| l.trim_start().starts_with("Admin:"))
        .unwrap();
    let password = admin_line
        .split_whitespace()
        .last()
        .unwrap()
        .trim_end_matches(')');
    let admin_url = admin_line.split_whitespace().nth(1).unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let login = browser
        .get(format!("{admin_url}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let document = scraper::Html::parse_document(&login);
    let csrf = document
        .select(&scraper::Selector::parse("input[name=_csrf]").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    let signed_in = browser
        .post(format!("{admin_url}/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("email", "admin@demo.example"),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303, "the demo admin signs in");
    let dashboard = browser.get(admin_url).send().await.unwrap();
    assert_eq!(dashboard.status(), 200);
    assert!(dashboard.text().await.unwrap().contains("Jak nam poszło?"));
}

/// The demo prints a `curl` that reports an interaction; run as printed
/// (by `sh`, as a user pastes it), it puts an event on the sandbox contact.
#[tokio::test]
async fn the_printed_curl_puts_an_event_on_the_sandbox_contact() {
    let cli = Cli::new();
    let (_demo, printed) = start_demo(&cli);
    let start = printed
        .iter()
        .position(|l| l.trim_start().starts_with("curl "))
        .unwrap_or_else(|| panic!("no curl in {printed:?}"));
    let curl = format!("{}\n{} -s", printed[start], printed[start + 1]);
    let output = std::process::Command::new("sh")
        .args(["-c", &curl])
        .output()
        .unwrap();
    let answer: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stdout)));
    assert_eq!(answer["status"], "queued", "{answer}");
    let sandbox = printed
        .iter()
        .find(|l| l.trim_start().starts_with("Sandbox contacts:"))
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_owned();
    let mut page = String::new();
    for _ in 0..100 {
        page = reqwest::get(&sandbox).await.unwrap().text().await.unwrap();
        if page.contains("THULIUM_TICKET_CLOSED") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        page.contains("THULIUM_TICKET_CLOSED") && page.contains("detail2: Reklamacje"),
        "{page}"
    );

    // The printed card link shows that contact, event included, as a
    // helpdesk's sidebar would (in the demo account's Polish).
    let card_url = printed
        .iter()
        .map(|l| l.trim())
        .find(|l| l.contains("/card?key=ankc_"))
        .unwrap_or_else(|| panic!("no card link in {printed:?}"));
    let card = reqwest::get(card_url).await.unwrap();
    assert_eq!(card.status(), 200);
    let card = card.text().await.unwrap();
    assert!(
        card.contains("THULIUM_TICKET_CLOSED") && card.contains("Karta kontaktu"),
        "{card}"
    );
}

/// Starts `demo` on any port; returns it and what it printed up to
/// "Press Ctrl+C".
fn start_demo(cli: &Cli) -> (Running, Vec<String>) {
    use std::io::BufRead;
    let mut command = cli.command(&["demo"]);
    command
        .env_remove("ANKIETER_PUBLIC_URL")
        .env("ANKIETER_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut demo = Running(command.spawn().unwrap());
    let mut lines = std::io::BufReader::new(demo.0.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    while let Some(Ok(line)) = lines.next() {
        let done = line.starts_with("Press Ctrl+C");
        printed.push(line);
        if done {
            break;
        }
    }
    // Keep reading: a closed pipe would fail the demo's next print.
    std::thread::spawn(move || lines.for_each(drop));
    (demo, printed)
}

/// The sandbox's credentials as `demo` prints them.
struct SandboxAccess {
    endpoint: String,
    client_id: String,
    api_secret: String,
    owner: String,
}

impl SandboxAccess {
    /// A call as a SALESmanago client library makes it, from the printed values only.
    async fn call(&self, http: &reqwest::Client, method: &str, fields: Value) -> (u16, Value) {
        use sha1::{Digest, Sha1};
        let api_key = "library-call-1";
        let sha = hex::encode(Sha1::digest(format!(
            "{api_key}{}{}",
            self.client_id, self.api_secret
        )));
        let mut body = json!({
            "clientId": self.client_id,
            "apiKey": api_key,
            "requestTime": ankieter::clock::now_ms(),
            "sha": sha,
            "owner": self.owner,
        });
        for (name, value) in fields.as_object().unwrap() {
            body[name] = value.clone();
        }
        let response = http
            .post(format!("{}/api/{method}", self.endpoint))
            .header("content-type", "application/json;charset=UTF-8")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    async fn works_like_salesmanago(&self, http: &reqwest::Client) {
        // The seeded contact, addressed with another case: the same contact.
        let (status, answer) = self
            .call(
                http,
                "contact/upsert",
                json!({"contact": {"email": "Jan.Kowalski@Example.PL"}, "tags": ["CURL"]}),
            )
            .await;
        assert_eq!(
            (status, &answer["success"]),
            (200, &json!(true)),
            "{answer}"
        );
        assert_eq!(answer["contactId"], "5a1e5a1e-0000-4000-8000-000000000001");
        let (_, refused) = self
            .call(
                http,
                "contact/upsert",
                json!({"contact": {"email": "a@example.pl"}, "properties": {"wiek": 42}}),
            )
            .await;
        assert_eq!(refused["success"], false, "{refused}");
        let (status, unknown) = self.call(http, "v2/contact/noSuchMethod", json!({})).await;
        assert_eq!(
            (status, &unknown["success"]),
            (404, &json!(false)),
            "{unknown}"
        );
    }
}

/// The demo's EmpikPlace sandbox, as a shop owner tries it: a customer
/// writes, a ticket opens in the helpdesk sandbox with the order, the
/// automatic reply is in the thread; an agent replies and the customer sees
/// it; an internal note stays in the ticket.
#[tokio::test]
async fn a_customer_writes_in_the_empikplace_sandbox_and_the_agents_reply_comes_back() {
    let cli = Cli::new();
    let (_demo, printed) = start_demo(&cli);
    let inbox = printed
        .iter()
        .map(|l| l.trim())
        .find(|l| l.ends_with("/sandbox/empikplace"))
        .unwrap_or_else(|| panic!("no EmpikPlace sandbox in {printed:?}"))
        .to_owned();
    let base = inbox.trim_end_matches("/sandbox/empikplace");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let wrote = http
        .post(format!("{inbox}/customer-writes"))
        .form(&[
            ("thread", ""),
            ("name", "Anna Kowalska"),
            ("body", "Kubek przyszedł pęknięty"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrote.status(), 303);
    let page = wait_for(&format!("{base}/sandbox/thulium"), "ticket-").await;
    assert!(
        page.contains("Kubek przyszedł pęknięty") && page.contains("KUB-001"),
        "{page}"
    );
    assert!(page.contains("klient CRM: Anna Kowalska"), "{page}");
    let ticket = page
        .split("id=\"ticket-")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    wait_for(&inbox, "Odpowiemy w ciągu 24 godzin").await;

    for (kind, body) in [
        ("comment", "Notatka: klient VIP"),
        ("reply", "Wyślemy nowy kubek dziś."),
    ] {
        let sent = http
            .post(format!("{base}/sandbox/thulium/agent-writes"))
            .form(&[("ticket", ticket.as_str()), ("kind", kind), ("body", body)])
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 303);
    }
    let page = wait_for(&inbox, "Wyślemy nowy kubek dziś.").await;
    let thread = page.split("<h1>Thulium").next().unwrap();
    assert!(
        !thread.contains("klient VIP"),
        "an internal note never reaches the customer"
    );
}

/// The page at `url` once it contains `text` (the sandboxes are polled at
/// once after a write; the deliveries follow within moments).
async fn wait_for(url: &str, text: &str) -> String {
    let mut page = String::new();
    for _ in 0..200 {
        page = reqwest::get(url).await.unwrap().text().await.unwrap();
        if page.contains(text) {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{text:?} never appeared at {url}: {page}");
}
