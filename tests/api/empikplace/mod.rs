//! EmpikPlace → Thulium: a wiremock EmpikPlace (Mirakl's seller API) and a
//! wiremock Thulium stand in, answering with the field names the public
//! references use.

mod replies;
mod tickets;

use crate::helpers::*;
use ankieter::db::EmpikIntegration;
use ankieter::manage::{save_empik, EmpikInput};
use secrecy::SecretString;
use serde_json::{json, Value};
use uuid::Uuid;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// When the integration was switched on in these tests: an hour ago, so
/// that the minutes `at` counts from it are all in the recent past.
pub static STARTED: std::sync::LazyLock<i64> =
    std::sync::LazyLock::new(|| ankieter::clock::now_ms() / 60_000 * 60_000 - 3_600_000);
pub const KEY: &str = "klucz-sklepu-2001";

pub struct Shop {
    pub app: TestApp,
    pub integration: EmpikIntegration,
    pub empik: MockServer,
    pub thulium: MockServer,
}

pub fn at(minutes: i64) -> i64 {
    *STARTED + minutes * 60_000
}

/// The account's integration for shop 2001, switched on at `STARTED`.
pub async fn shop_of(app: TestApp, account_id: Uuid, auto_reply: &str) -> Shop {
    let empik = MockServer::start().await;
    let thulium = MockServer::start().await;
    let integration = integration_for(&app, account_id, &empik, &thulium, auto_reply).await;
    Shop {
        app,
        integration,
        empik,
        thulium,
    }
}

pub async fn integration_for(
    app: &TestApp,
    account_id: Uuid,
    empik: &MockServer,
    thulium: &MockServer,
    auto_reply: &str,
) -> EmpikIntegration {
    let key = SecretString::from(KEY);
    let password = SecretString::from("tajne");
    let integration = save_empik(
        app.store(),
        &app.state.key,
        account_id,
        None,
        &EmpikInput {
            shop_id: "2001",
            api_url: &format!("{}/api", empik.uri()),
            api_key: Some(&key),
            thulium_url: &format!("{}/api", thulium.uri()),
            thulium_user: "api",
            thulium_password: Some(&password),
            queue_id: "7",
            category_id: "3",
            customer_field: "empik_id",
            auto_reply,
            poll_seconds: 60,
            enabled: true,
        },
    )
    .await
    .unwrap();
    let state =
        json!({"started_at": *STARTED, "threads_since": *STARTED, "tickets_since": *STARTED});
    app.store()
        .insert_empik_polled(account_id, integration.id, &[], &state.to_string())
        .await
        .unwrap();
    app.store()
        .empik_integration(None, integration.id)
        .await
        .unwrap()
        .unwrap()
}

pub async fn shop(auto_reply: &str) -> Shop {
    let app = spawn_app().await;
    let account = app.account_id;
    shop_of(app, account, auto_reply).await
}

pub fn message(id: &str, from: &str, body: &str, minute: i64) -> Value {
    json!({"id": id, "body": body, "date_created": ankieter::clock::rfc3339(at(minute)),
           "from": {"type": from, "display_name": if from == "CUSTOMER" { "Anna K." } else { "Sklep" },
                    "id": if from == "CUSTOMER" { "c-9" } else { "2001" }},
           "to": [{"type": "SHOP"}], "attachments": []})
}

pub fn thread(id: &str, messages: Vec<Value>) -> Value {
    json!({"id": id, "topic": {"type": "FREE_TEXT", "value": "Uszkodzony kubek"},
           "entities": [{"id": "ORD-1-A", "type": "MMP_ORDER", "label": "ORD-1-A"}],
           "current_participants": [{"type": "CUSTOMER", "id": "c-9", "display_name": "Anna K."},
                                    {"type": "SHOP", "id": "2001"}],
           "date_created": ankieter::clock::rfc3339(at(1)),
           "date_updated": ankieter::clock::rfc3339(at(1)),
           "messages": messages})
}

impl Shop {
    /// EmpikPlace's inbox lists these threads (replacing what it listed).
    pub async fn inbox(&self, threads: Vec<Value>) {
        self.empik.reset().await;
        Mock::given(method("GET"))
            .and(path("/api/inbox/threads"))
            .and(header("authorization", KEY))
            .and(query_param("shop_id", "2001"))
            .and(query_param("with_messages", "true"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": threads})))
            .mount(&self.empik)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/orders"))
            .and(query_param("order_ids", "ORD-1-A"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"orders": [
                {"order_id": "ORD-1-A", "order_lines": [
                    {"product_title": "Kubek „Poranek”", "offer_sku": "KUB-1", "quantity": 2, "total_price": 59.8}
                ]}
            ]})))
            .mount(&self.empik)
            .await;
        Mock::given(method("POST"))
            .and(path_regex_message())
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"message_id": "m-sent"})))
            .mount(&self.empik)
            .await;
    }

    /// A Thulium that finds no customer (`existing: None`) or this one,
    /// opens ticket 900, takes messages and comments, and lists `tickets`.
    pub async fn helpdesk(&self, existing: Option<&str>, ticket: Value) {
        self.thulium.reset().await;
        let customers = match existing {
            Some(id) => {
                json!([{"id": id, "name": "Anna K.", "custom_fields": {"empik_id": "c-9"}}])
            }
            None => json!([]),
        };
        let answers = [
            (
                "GET",
                "/api/customers",
                ResponseTemplate::new(200).set_body_json(customers),
            ),
            (
                "POST",
                "/api/customers",
                ResponseTemplate::new(201).set_body_json(json!({"customer_id": 77})),
            ),
            (
                "POST",
                "/api/tickets",
                ResponseTemplate::new(201).set_body_json(json!({"ticket_id": 900})),
            ),
            (
                "POST",
                "/api/tickets/900/customer_response",
                ResponseTemplate::new(200).set_body_json(json!({})),
            ),
            (
                "POST",
                "/api/tickets/900/comment",
                ResponseTemplate::new(200).set_body_json(json!({})),
            ),
            (
                "GET",
                "/api/tickets",
                ResponseTemplate::new(200).set_body_json(json!([{"id": 900}])),
            ),
            (
                "GET",
                "/api/tickets/900",
                ResponseTemplate::new(200).set_body_json(ticket),
            ),
        ];
        for (verb, at, answer) in answers {
            Mock::given(method(verb))
                .and(path(at))
                .and(wiremock::matchers::basic_auth("api", "tajne"))
                .respond_with(answer)
                .mount(&self.thulium)
                .await;
        }
    }

    pub async fn poll(&self, minute: i64) -> ankieter::marketplace::PollReport {
        self.app
            .empik_poller
            .poll(&self.fresh().await, at(minute))
            .await
            .expect("the poll succeeds")
    }

    pub async fn fresh(&self) -> EmpikIntegration {
        self.app
            .store()
            .empik_integration(None, self.integration.id)
            .await
            .unwrap()
            .unwrap()
    }

    /// Sends what is due (the steps are queued at poll time; the clock of
    /// the worker is now).
    pub async fn deliver(&self) -> usize {
        // A thread's later messages wait (2 s) for its earlier ones.
        let now = ankieter::clock::now_ms();
        let mut sent = 0;
        for later in 0..4 {
            sent += self.app.deliver_at(now + later * 5_000).await;
        }
        sent
    }

    /// Bodies Thulium received at `at` (JSON).
    pub async fn thulium_got(&self, at: &str) -> Vec<Value> {
        self.thulium
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.url.path() == at && r.method.as_str() == "POST")
            .map(|r| serde_json::from_slice(&r.body).unwrap())
            .collect()
    }

    /// The multipart bodies EmpikPlace received as replies, as text.
    pub async fn replies(&self) -> Vec<String> {
        self.empik
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.method.as_str() == "POST")
            .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            .collect()
    }
}

pub fn path_regex_message() -> wiremock::matchers::PathRegexMatcher {
    wiremock::matchers::path_regex(r"^/api/inbox/threads/[^/]+/message$")
}
