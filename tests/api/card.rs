//! The embeddable contact card (`/card`): opened by a card key or a signed,
//! expiring link, in the account's language (or the one asked for), framable
//! by any site, inert whatever SALESmanago holds, and never by the wrong key.

use crate::helpers::*;
use crate::json_api::api_for;
use ankieter::contacts::CardLink;
use ankieter::domain::RespondentEmail;
use ankieter::manage::{create_card_key, create_token};
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use serde_json::json;
use uuid::Uuid;
use wiremock::ResponseTemplate;

const LIST: &str = "/api/contact/list";
const SCRIPT: &str = "<script>alert('x')</script>";
const ATTRIBUTE: &str = "\"><img src=x onerror=alert(1)>";

async fn card_key(app: &TestApp, account_id: Uuid) -> String {
    let (_, key) = create_card_key(app.store(), account_id, "helpdesk")
        .await
        .unwrap();
    key.expose_secret().to_owned()
}

fn card_path(key: &str, email: &str) -> String {
    format!(
        "/card?{}",
        serde_urlencoded::to_string([("key", key), ("email", email)]).unwrap()
    )
}

async fn page(app: &TestApp, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let response = app.get(path).await;
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.unwrap())
}

fn text_of(page: &str) -> String {
    html(page).root_element().text().collect()
}

fn anna_in_salesmanago() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"success": true, "contacts": [{
        "id": "c-7", "email": "anna@example.com", "name": "Anna Nowak", "company": "Kawiarnia Sp. z o.o.",
        "score": 40, "optedOut": false, "contactTags": [{"tag": "STAŁY_KLIENT"}],
        "properties": [{"name": "ankieta.ocena", "value": "10"}],
        "contactExtEvents": [{"contactExtEventType": "PURCHASE", "description": "Zamówienie 1234", "date": 1_700_000_000_000_i64, "detail1": "129,00 zł"}]
    }]}))
}

#[tokio::test]
async fn a_card_key_opens_the_card_in_the_accounts_language_in_any_sites_frame() {
    let app = spawn_app().await;
    app.answer(LIST, anna_in_salesmanago(), 1).await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "anna@example.com").await;
    let key = card_key(&app, app.account_id).await;

    let (status, headers, body) = page(&app, &card_path(&key, "Anna@Example.com")).await;
    let (_, _, czech) = page(
        &app,
        &format!("{}&lang=cs", card_path(&key, "anna@example.com")),
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    let text = text_of(&body);
    for shown in [
        "Karta kontaktu",
        "Anna Nowak",
        "Kawiarnia Sp. z o.o.",
        "STAŁY_KLIENT",
        "ankieta.ocena",
        "Zamówienie 1234",
        "129,00 zł",
        "odpowiedź na ankietę",
        "oczekuje",
    ] {
        assert!(
            text.contains(shown),
            "{shown:?} is on the Polish card:\n{text}"
        );
    }
    assert!(
        text_of(&czech).contains("Vlastnosti"),
        "?lang=cs speaks Czech"
    );
    assert!(text_of(&czech).contains("odpověď na dotazník"));
    let document = html(&body);
    assert!(
        select(&document, "nav, form, a[href^='/admin']").is_empty(),
        "no admin chrome"
    );
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(headers.get("x-frame-options").is_none());
    assert_eq!(headers["cache-control"], "private, no-store");
    assert_eq!(
        app.received(LIST).await.len(),
        1,
        "the second opening used the kept answer"
    );
}

#[tokio::test]
async fn only_a_live_card_key_of_the_account_or_its_signed_link_opens_the_card() {
    let app = spawn_app().await;
    app.answer(LIST, anna_in_salesmanago(), ..).await;
    let key = card_key(&app, app.account_id).await;
    let (_, api_token) = create_token(app.store(), app.account_id, "server")
        .await
        .unwrap();
    let (revoked, revoked_key) = create_card_key(app.store(), app.account_id, "old")
        .await
        .unwrap();
    app.store().revoke_token(None, revoked.id, 1).await.unwrap();

    let refusals = [
        (
            "/card?email=anna@example.com".to_owned(),
            StatusCode::UNAUTHORIZED,
            "Otwórz tę kartę kluczem",
        ),
        (
            card_path("ankc_wrong", "anna@example.com"),
            StatusCode::UNAUTHORIZED,
            "nieprawidłowy",
        ),
        (
            card_path(revoked_key.expose_secret(), "anna@example.com"),
            StatusCode::UNAUTHORIZED,
            "unieważniony",
        ),
        (
            card_path(api_token.expose_secret(), "anna@example.com"),
            StatusCode::FORBIDDEN,
            "Token API nie otwiera karty",
        ),
        (
            card_path(&key, "not-an-email"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Podaj pełny adres",
        ),
    ];
    for (path, status, says) in refusals {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .header("Accept-Language", "pl-PL,pl;q=0.9,en;q=0.5")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{path}");
        let text = text_of(&response.text().await.unwrap());
        assert!(text.contains(says), "{path}: {text}");
        assert!(!text.contains("Anna Nowak"), "{path} showed the card");
    }

    // A card key does not open the API.
    let as_bearer = app
        .client
        .get(format!("{}/api/v1/contacts/anna@example.com", app.address))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(as_bearer.status(), StatusCode::FORBIDDEN);
    let error: serde_json::Value = as_bearer.json().await.unwrap();
    assert_eq!(error["error"]["code"], "card_key");
}

#[tokio::test]
async fn a_signed_link_works_until_it_expires_and_only_as_signed() {
    let app = spawn_app().await;
    app.answer(LIST, anna_in_salesmanago(), ..).await;
    let api = api_for(&app, app.account_id).await;
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna")
        .await;

    let made = api
        .post(
            "/api/v1/contacts/anna@example.com/card-link?minutes=5",
            &json!(null),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED);
    let url = made.body["url"].as_str().unwrap();
    let now = ankieter::clock::now_ms() / 1000;
    assert!((now + 295..=now + 301).contains(&made.body["expires_at"].as_i64().unwrap()));
    let opened = app.client.get(url).send().await.unwrap();
    assert_eq!(opened.status(), StatusCode::OK);
    assert!(text_of(&opened.text().await.unwrap()).contains("Anna Nowak"));

    let link = |account_id, email: &str, expires| CardLink {
        account_id,
        email: RespondentEmail::parse(email).unwrap(),
        expires,
    };
    let signed = link(app.account_id, "anna@example.com", now + 60);
    let sig = signed.signature(&app.state.key);
    let with = |link: &CardLink, sig: &str| {
        format!(
            "/card?{}",
            serde_urlencoded::to_string([
                ("account", link.account_id.to_string()),
                ("email", link.email.as_str().to_owned()),
                ("expires", link.expires.to_string()),
                ("sig", sig.to_owned()),
                ("lang", "en".to_owned()),
            ])
            .unwrap()
        )
    };
    let expired = link(app.account_id, "anna@example.com", now - 1);
    let cases = [
        (with(&signed, &sig), StatusCode::OK, "Anna Nowak"),
        (
            with(&expired, &expired.signature(&app.state.key)),
            StatusCode::FORBIDDEN,
            "expired",
        ),
        (
            with(&link(app.account_id, "jan@example.com", now + 60), &sig),
            StatusCode::FORBIDDEN,
            "not valid",
        ),
        (
            with(&link(app.account_id, "anna@example.com", now + 9_999), &sig),
            StatusCode::FORBIDDEN,
            "not valid",
        ),
        (
            with(&link(other, "anna@example.com", now + 60), &sig),
            StatusCode::FORBIDDEN,
            "not valid",
        ),
    ];
    for (path, status, says) in cases {
        let (got, _, body) = page(&app, &path).await;
        assert_eq!(got, status, "{path}");
        assert!(text_of(&body).contains(says), "{path}: {}", text_of(&body));
    }

    let too_long = api
        .post(
            "/api/v1/contacts/anna@example.com/card-link?minutes=1441",
            &json!(null),
        )
        .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_long.field(), "minutes");
}

#[tokio::test]
async fn another_accounts_key_shows_that_accounts_card_only() {
    let app = spawn_app().await;
    app.answer(
        LIST,
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "contacts": []})),
        ..,
    )
    .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "anna@example.com").await;
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna")
        .await;
    let theirs = card_key(&app, other).await;

    let (status, _, body) = page(&app, &card_path(&theirs, "anna@example.com")).await;

    assert_eq!(status, StatusCode::OK);
    let text = text_of(&body);
    assert!(text.contains("Nie ma w SALESmanago"), "{text}");
    assert!(
        text.contains("Jeszcze nic."),
        "the first account's response is not on it: {text}"
    );
}

#[tokio::test]
async fn salesmanago_down_is_a_message_on_the_card_in_its_language() {
    let app = spawn_app().await;
    app.answer(LIST, ResponseTemplate::new(503), ..).await;
    let key = card_key(&app, app.account_id).await;

    let (status, _, polish) = page(&app, &card_path(&key, "anna@example.com")).await;
    let (_, _, english) = page(
        &app,
        &format!("{}&lang=en", card_path(&key, "anna@example.com")),
    )
    .await;

    assert_eq!(status, StatusCode::OK, "never a 500");
    assert!(text_of(&polish).contains("SALESmanago teraz nie odpowiada"));
    assert!(text_of(&english).contains("SALESmanago did not answer just now"));
}

#[tokio::test]
async fn whatever_salesmanago_holds_is_inert_on_the_embeddable_card() {
    let app = spawn_app().await;
    app.answer(
        LIST,
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "contacts": [{
            "id": ATTRIBUTE, "email": SCRIPT, "name": SCRIPT, "company": ATTRIBUTE, "phone": SCRIPT,
            "contactTags": [{"tag": SCRIPT}, ATTRIBUTE],
            "properties": [{"name": SCRIPT, "value": ATTRIBUTE}, {"name": "ankieta.x", "value": SCRIPT}],
            "contactExtEvents": [{"contactExtEventType": SCRIPT, "description": ATTRIBUTE, "date": 1,
                                  "detail1": SCRIPT, "detail2": ATTRIBUTE}]
        }]})),
        ..,
    )
    .await;
    let key = card_key(&app, app.account_id).await;

    let (_, _, card) = page(&app, &card_path(&key, "anna@example.com")).await;

    crate::xss::assert_inert(&card, "embeddable card");
    assert!(text_of(&card).contains(SCRIPT), "shown as text");
}

#[tokio::test]
async fn a_slow_salesmanago_holds_up_only_its_own_accounts_card() {
    let app = spawn_app().await;
    // The first account's SALESmanago answers after the client's timeout.
    app.answer(
        LIST,
        anna_in_salesmanago().set_delay(std::time::Duration::from_secs(3)),
        ..,
    )
    .await;
    let quick = wiremock::MockServer::start().await;
    crate::helpers::on(LIST)
        .respond_with(anna_in_salesmanago())
        .mount(&quick)
        .await;
    let other = app.add_account("Inna", &quick.uri(), "inna").await;
    let (slow_key, quick_key) = (
        card_key(&app, app.account_id).await,
        card_key(&app, other).await,
    );

    let started = std::time::Instant::now();
    let slow = async {
        let card = page(
            &app,
            &format!("{}&lang=en", card_path(&slow_key, "anna@example.com")),
        )
        .await;
        (card, started.elapsed())
    };
    let fast = async {
        let card = page(&app, &card_path(&quick_key, "anna@example.com")).await;
        (card, started.elapsed())
    };
    let (((slow_status, _, slow_body), slow_took), ((_, _, fast_body), fast_took)) =
        tokio::join!(slow, fast);

    assert_eq!(
        slow_status,
        StatusCode::OK,
        "a timeout is a message, not an error"
    );
    assert!(text_of(&slow_body).contains("SALESmanago did not answer just now"));
    assert!(text_of(&fast_body).contains("Anna Nowak"));
    assert!(
        fast_took < slow_took,
        "the other account's card came first: {fast_took:?} against {slow_took:?}"
    );
}
