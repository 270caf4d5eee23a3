//! Each new response posted, signed, to the account's own webhook, through
//! the same outbox as SALESmanago's deliveries, but never paused or paced
//! with them.

use crate::admin::{flash_of, sign_in, texts};
use crate::helpers::*;
use ankieter::db::{DeliveryKind, DeliveryStatus};
use ankieter::domain::webhook::signature;
use ankieter::domain::EndpointPolicy;
use ankieter::manage::{check_webhook_url, set_webhook, WebhookUrlError};
use secrecy::ExposeSecret;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn webhook_answering(template: ResponseTemplate) -> MockServer {
    let hook = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(template)
        .mount(&hook)
        .await;
    hook
}

async fn set_hook(app: &TestApp, hook: &MockServer) -> String {
    let secret = set_webhook(
        app.store(),
        &app.state.key,
        app.account_id,
        &format!("{}/hook", hook.uri()),
        EndpointPolicy::Any,
    )
    .await
    .unwrap();
    secret.expose_secret().to_owned()
}

async fn webhook_deliveries(app: &TestApp) -> Vec<ankieter::db::DeliveryRecord> {
    app.store()
        .deliveries(&ankieter::db::DeliveryFilter {
            kind: Some(DeliveryKind::Webhook),
            ..Default::default()
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn each_new_response_is_posted_signed_and_without_the_email() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), ..).await;
    let hook = webhook_answering(ResponseTemplate::new(200)).await;
    let secret = set_hook(&app, &hook).await;
    app.submit(&slug, &[("email", "jan.tajny@example.pl"), ("ocena", "9")])
        .await;
    app.deliver_all_pending().await;

    let posts = hook.received_requests().await.unwrap();
    assert_eq!(posts.len(), 1);
    let post = &posts[0];
    let timestamp = post.headers["x-ankieter-timestamp"].to_str().unwrap();
    assert_eq!(
        post.headers["x-ankieter-signature"].to_str().unwrap(),
        signature(&secret, timestamp.parse().unwrap(), &post.body),
        "the receiver can check the body with its secret"
    );
    let body: serde_json::Value = serde_json::from_slice(&post.body).unwrap();
    assert_eq!(body["event"], "response.created");
    assert_eq!(body["response"]["survey"]["slug"], slug.as_str());
    let answers = &body["response"]["answers"];
    assert_eq!(answers[0]["question"], "ocena");
    assert_eq!(answers[0]["values"][0], "9");
    assert!(
        !String::from_utf8_lossy(&post.body).contains("tajny"),
        "no e-mail in the post: {body}"
    );
    let webhooks = webhook_deliveries(&app).await;
    assert_eq!(webhooks.len(), 1);
    assert_eq!(webhooks[0].status, DeliveryStatus::Delivered);
    assert_eq!(
        webhooks[0].response_id(),
        Some(uuid::Uuid::parse_str(body["response"]["id"].as_str().unwrap()).unwrap())
    );
    assert_eq!(
        app.deliveries().await.len(),
        2,
        "SALESmanago's and the webhook's"
    );
}

#[tokio::test]
async fn a_failing_webhook_is_retried_and_a_paused_salesmanago_does_not_hold_it() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(sm_failure("Not authenticated, invalid owner"))
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    let hook = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&hook)
        .await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&hook)
        .await;
    set_hook(&app, &hook).await;

    app.submit_by_email(&slug, "a@example.pl").await;
    app.deliver_all_pending().await;
    let account = app.store().account(app.account_id).await.unwrap().unwrap();
    assert!(
        account.paused_reason.is_some(),
        "SALESmanago paused the account"
    );
    let webhook = &webhook_deliveries(&app).await[0];
    assert_eq!(webhook.status, DeliveryStatus::Pending, "to be retried");
    assert!(webhook.last_error.as_deref().unwrap().contains("503"));

    // Responses keep arriving while SALESmanago is paused: theirs wait, the
    // webhook's go (and the first one's retry with them).
    app.submit_by_email(&slug, "b@example.pl").await;
    app.deliver_at(ankieter::clock::now_ms() + 60 * 60 * 1000)
        .await;
    let webhooks = webhook_deliveries(&app).await;
    assert_eq!(webhooks.len(), 2);
    assert!(webhooks
        .iter()
        .all(|d| d.status == DeliveryStatus::Delivered));
    let salesmanago: Vec<_> = app
        .deliveries()
        .await
        .into_iter()
        .filter(|d| d.response_plan().is_some())
        .collect();
    assert!(salesmanago
        .iter()
        .all(|d| d.status == DeliveryStatus::Paused));
    assert_eq!(hook.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn no_webhook_no_post_and_a_removed_one_fails_what_it_left_queued() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), ..).await;
    app.submit_by_email(&slug, "a@example.pl").await;
    assert!(webhook_deliveries(&app).await.is_empty());

    let hook = webhook_answering(ResponseTemplate::new(200)).await;
    set_hook(&app, &hook).await;
    app.submit_by_email(&slug, "b@example.pl").await;
    ankieter::manage::remove_webhook(app.store(), app.account_id)
        .await
        .unwrap();
    app.deliver_all_pending().await;
    let webhook = &webhook_deliveries(&app).await[0];
    assert_eq!(webhook.status, DeliveryStatus::Failed);
    assert!(webhook.last_error.as_deref().unwrap().contains("removed"));
    assert!(hook.received_requests().await.unwrap().is_empty());
}

#[test]
fn a_webhook_address_must_be_public_and_https() {
    for (raw, refused) in [
        ("http://hooks.example.com/x", WebhookUrlError::NotHttps),
        ("https://127.0.0.1/x", WebhookUrlError::NotPublic),
        ("https://10.1.2.3/x", WebhookUrlError::NotPublic),
        ("https://[::1]/x", WebhookUrlError::NotPublic),
        ("https://169.254.169.254/latest", WebhookUrlError::NotPublic),
        ("hooks.example.com/x", WebhookUrlError::NotAnAddress),
        ("ftp://hooks.example.com/x", WebhookUrlError::NotHttps),
    ] {
        assert_eq!(
            check_webhook_url(raw, EndpointPolicy::SalesmanagoOnly),
            Err(refused),
            "{raw}"
        );
    }
    assert!(check_webhook_url(
        "https://hooks.slack.com/services/T/B/X",
        EndpointPolicy::SalesmanagoOnly
    )
    .is_ok());
}

#[tokio::test]
async fn the_admin_shows_the_secret_once_and_the_address_only_by_its_host() {
    let app = spawn_app_with(|s| s.salesmanago.allow_any_endpoint = false).await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    admin
        .post("/admin/language", &[("language", "pl"), ("next", "/admin")])
        .await;
    let refused = admin
        .post(
            "/admin/webhook",
            &[
                ("webhook_url", "https://192.168.0.5/hook"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(refused.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert_eq!(
        texts(&page, "#webhook_url-error"),
        ["Adres prowadzi do sieci tego serwera."]
    );

    let saved = admin
        .post(
            "/admin/webhook",
            &[
                (
                    "webhook_url",
                    "https://hooks.slack.com/services/T0/B0/tajny-token",
                ),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status(), reqwest::StatusCode::OK);
    let page = saved.text().await.unwrap();
    let secret = texts(&page, "#webhook-secret");
    assert!(secret[0].starts_with("whsec_"), "{secret:?}");
    assert!(texts(&page, "#webhook-current")[0].contains("https://hooks.slack.com/…"));
    let (_, again) = admin.page("/admin/webhook").await;
    assert!(texts(&again, "#webhook-secret").is_empty(), "shown once");
    assert!(
        !again.contains("tajny-token"),
        "the address's path is its secret"
    );
    let stored = app.store().account(app.account_id).await.unwrap().unwrap();
    assert!(!stored
        .webhook
        .unwrap()
        .secret_encrypted
        .contains(&secret[0]));

    let (_, removed) = admin
        .post_and_follow("/admin/webhook", &[("action", "remove")])
        .await;
    assert_eq!(flash_of(&removed), "Webhook został usunięty.");
    assert!(app
        .store()
        .account(app.account_id)
        .await
        .unwrap()
        .unwrap()
        .webhook
        .is_none());
}

#[tokio::test]
async fn one_accounts_hanging_webhook_posts_nothing_for_another_and_holds_it_up_in_nothing() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), ..).await;
    // Account A's webhook hangs past the call timeout.
    let hook =
        webhook_answering(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(5)))
            .await;
    set_hook(&app, &hook).await;
    let other_salesmanago = MockServer::start().await;
    on("/api/contact/upsert")
        .respond_with(sm_success("c-2"))
        .mount(&other_salesmanago)
        .await;
    let other = app
        .add_account("Inna", &other_salesmanago.uri(), "inna")
        .await;
    for n in 0..3 {
        app.submit_by_email(&slug, &format!("a{n}@example.pl"))
            .await;
        app.submit_by_email("inna", &format!("b{n}@example.pl"))
            .await;
    }
    app.deliver_all_pending().await;
    let webhooks = webhook_deliveries(&app).await;
    assert_eq!(webhooks.len(), 3, "only account A's responses are posted");
    assert!(webhooks.iter().all(|d| d.account_id == app.account_id));
    // Cut off by the call timeout, to be retried.
    assert!(webhooks.iter().all(|d| d.status == DeliveryStatus::Pending
        && d.last_error.as_deref() == Some("the webhook did not answer in time")));
    let others: Vec<_> = app
        .deliveries()
        .await
        .into_iter()
        .filter(|d| d.account_id == other)
        .collect();
    assert_eq!(others.len(), 3);
    assert!(others.iter().all(|d| d.status == DeliveryStatus::Delivered));
}

#[tokio::test]
async fn a_survey_whose_responses_were_posted_deletes_with_its_posts() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), ..).await;
    let hook = webhook_answering(ResponseTemplate::new(200)).await;
    set_hook(&app, &hook).await;
    for n in 0..3 {
        app.submit_by_email(&slug, &format!("a{n}@example.pl"))
            .await;
    }
    app.deliver_all_pending().await;
    app.submit_by_email(&slug, "pozny@example.pl").await;
    let survey = app.store().survey_by_slug(&slug).await.unwrap().unwrap();
    let footprint = app
        .store()
        .survey_footprint(app.account_id, survey.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (footprint.responses, footprint.deliveries, footprint.pending),
        (4, 8, 2)
    );
    let deleted = app
        .store()
        .delete_survey(app.account_id, survey.id)
        .await
        .unwrap()
        .expect("the survey was there");
    assert_eq!(deleted, footprint, "what the page announced is what went");
    assert!(app.deliveries().await.is_empty());
}

#[tokio::test]
async fn a_test_post_is_signed_and_its_answer_shown_after_a_redirect() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let hook = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(204))
        .up_to_n_times(1)
        .mount(&hook)
        .await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(410))
        .mount(&hook)
        .await;
    let secret = set_hook(&app, &hook).await;

    let (location, page) = admin
        .post_and_follow("/admin/webhook", &[("action", "test")])
        .await;
    assert_eq!(location, "/admin/webhook", "a reload does not post again");
    assert!(flash_of(&page).contains("204"), "{}", flash_of(&page));
    let ping = &hook.received_requests().await.unwrap()[0];
    let timestamp = ping.headers["x-ankieter-timestamp"].to_str().unwrap();
    assert_eq!(
        ping.headers["x-ankieter-signature"].to_str().unwrap(),
        signature(&secret, timestamp.parse().unwrap(), &ping.body)
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&ping.body).unwrap()["event"],
        "ping"
    );
    let (_, page) = admin
        .post_and_follow("/admin/webhook", &[("action", "test")])
        .await;
    assert!(flash_of(&page).contains("410"), "{}", flash_of(&page));
    assert!(
        webhook_deliveries(&app).await.is_empty(),
        "a test is not a delivery"
    );
}
