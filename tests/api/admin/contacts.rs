//! The admin's Contacts page: any e-mail's card, escaped, with SALESmanago
//! down or without the contact as states of the page.

use super::*;
use serde_json::json;
use wiremock::ResponseTemplate;

const LIST: &str = "/api/contact/list";

#[tokio::test]
async fn the_card_escapes_what_salesmanago_says_and_shows_the_ledger() {
    let app = spawn_app().await;
    app.answer("/api/contact/upsert", sm_success("c-1"), ..)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "jan@example.com").await;
    app.deliver_all_pending().await;
    let script = "<script>alert(1)</script>";
    app.answer(
        LIST,
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "contacts": [{
            "id": format!("c-1{script}"), "email": "jan@example.com", "name": script, "company": script,
            "contactTags": [{"tag": script}],
            "properties": [{"name": script, "value": script}],
            "contactExtEvents": [{"contactExtEventType": script, "description": script, "date": 1, "detail1": script}]
        }]})),
        1,
    )
    .await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;

    let (status, page) = admin.page("/admin/contacts?email=jan%40example.com").await;

    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(script), "SALESmanago's fields are escaped");
    // ...and shown as the text they are.
    assert!(texts(&page, "#contact-card")[0].matches(script).count() >= 7);
    assert_eq!(texts(&page, "#ledger tbody tr").len(), 1);
    assert!(texts(&page, "#ledger tbody tr")[0].contains("delivered"));
}

#[tokio::test]
async fn not_found_down_and_a_bad_address_are_messages_not_errors() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    app.answer(LIST, ResponseTemplate::new(500), 1).await;
    let (status, down) = admin.page("/admin/contacts?email=nikt%40example.com").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&down, "#unavailable").len(), 1);

    app.salesmanago.reset().await;
    app.answer(
        LIST,
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "contacts": []})),
        1,
    )
    .await;
    let (_, missing) = admin.page("/admin/contacts?email=nikt%40example.com").await;
    assert_eq!(texts(&missing, "#not-found").len(), 1);

    let (status, bad) = admin.page("/admin/contacts?email=nikt").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(texts(&bad, "#email-error").len(), 1);
    let (status, empty) = admin.page("/admin/contacts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(texts(&empty, "#contact-card").is_empty());
}

#[tokio::test]
async fn the_admin_card_links_to_the_embeddable_card_which_opens_without_the_session() {
    let app = spawn_app().await;
    app.answer(
        LIST,
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "contacts": []})),
        ..,
    )
    .await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;

    let (_, page) = admin.page("/admin/contacts?email=jan%40example.com").await;
    let document = html(&page);
    let link = select(&document, "#embed-link a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();

    assert!(link.starts_with("/card?account="), "{link}");
    let opened = app.get(&link).await;
    assert_eq!(
        opened.status(),
        StatusCode::OK,
        "a signed link needs no session"
    );
    assert!(opened
        .text()
        .await
        .unwrap()
        .contains("Nie ma w SALESmanago"));
}
