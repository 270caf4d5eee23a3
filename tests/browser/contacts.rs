//! The contact card where agents read it: the admin's Contacts page and the
//! embeddable card in a helpdesk's 360 px sidebar (an iframe on another
//! site), both without sideways scrolling, screenshotted for the README.

use crate::support::*;
use ankieter::manage::{create_card_key, set_salesmanago, SalesmanagoInput};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

fn marta() -> Value {
    json!({"success": true, "message": [], "contacts": [{
        "id": "8f1c2a4e-5b6d-4e7f-9a0b-1c2d3e4f5a6b", "email": "marta.wisniewska@example.pl",
        "name": "Marta Wiśniewska", "company": "Kwiaciarnia Róża", "phone": "+48 600 100 200",
        "score": 85, "createdOn": 1_688_000_000_000_i64, "modifiedOn": 1_764_700_000_000_i64,
        "lastVisit": 1_764_650_000_000_i64, "optedOut": false,
        "contactTags": [{"tag": "STAŁY_KLIENT"}, {"tag": "ANKIETA_NPS"}, {"tag": "NEWSLETTER"}],
        "properties": [
            {"name": "ankieta.nps", "value": "9"},
            {"name": "ankieta.co_poprawic", "value": "Szybsza dostawa w weekendy, poza tym wszystko świetnie."},
            {"name": "miasto", "value": "Wrocław"}
        ],
        "contactExtEvents": [
            {"contactExtEventType": "PHONE_CALL", "description": "THULIUM_INCOMING_CALL_COMPLETED",
             "date": 1_764_690_000_000_i64, "detail1": "12", "detail2": "Infolinia sklepu", "detail6": "312"},
            {"contactExtEventType": "PURCHASE", "description": "Zamówienie 2025/11/0412",
             "date": 1_764_000_000_000_i64, "detail1": "249,90 zł", "detail2": "Bukiet wiosenny"},
            {"contactExtEventType": "OTHER", "description": "THULIUM_TICKET_RATING_RECEIVED",
             "date": 1_763_000_000_000_i64, "detail1": "3", "detail2": "Reklamacje", "detail3": "5"}
        ]
    }]})
}

/// Whether the page scrolls sideways at its width.
async fn overflows(visit: &Visit) -> bool {
    visit
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

#[tokio::test]
async fn an_agent_reads_the_card_in_the_admin_and_in_a_360_px_sidebar() {
    if !browsers_installed() {
        return;
    }
    let mut setup = setup("contacts").await;
    Mock::given(method("POST"))
        .and(path("/api/contact/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(marta()))
        .mount(&setup.salesmanago)
        .await;
    set_salesmanago(
        setup.store.as_ref(),
        &server_key(),
        setup.account_id,
        SalesmanagoInput {
            endpoint: setup.salesmanago.uri(),
            client_id: "kwiaciarnia".into(),
            owner: "marketing@kwiaciarnia.pl".into(),
            api_secret: Some(SecretString::from("sekret-api-1234")),
            property_prefix: None,
        },
        ankieter::domain::EndpointPolicy::Any,
    )
    .await
    .unwrap();
    let (_, key) = create_card_key(setup.store.as_ref(), setup.account_id, "Thulium")
        .await
        .unwrap();
    let visit = &mut setup.visit;

    visit.goto("/admin").await;
    visit.fill("#email", EMAIL).await;
    visit.fill("#password", PASSWORD).await;
    visit.click_and_load("form button[type=submit]").await;
    visit
        .goto("/admin/contacts?email=marta.wisniewska%40example.pl")
        .await;
    assert!(visit
        .text("#contact-card")
        .await
        .contains("Marta Wiśniewska"));
    visit.shot("admin-contact-card").await;
    visit.client.set_window_size(360, 900).await.unwrap();
    assert!(
        !overflows(visit).await,
        "the admin card fits a 360 px phone"
    );
    visit.shot_at("admin-contact-card-360", 360).await;

    let card = format!(
        "/card?key={}&email=marta.wisniewska%40example.pl",
        key.expose_secret()
    );
    visit.client.set_window_size(360, 900).await.unwrap();
    visit.goto(&card).await;
    // Headings are drawn in capitals: compare in lower case.
    let shown = visit.text("#card").await.to_lowercase();
    for text in [
        "marta wiśniewska",
        "zdarzenia",
        "thulium_incoming_call_completed",
        "wysłane przez ankieter",
    ] {
        assert!(shown.contains(text), "{text:?} on the card:\n{shown}");
    }
    assert!(!overflows(visit).await, "the card fits 360 px");
    visit.shot_at("embeddable-card-360", 360).await;

    // In a helpdesk's sidebar: an iframe on another site.
    let helpdesk = serve_host_page(format!(
        "<!doctype html><html><body style='margin:0;display:flex'>\
         <main style='flex:1;padding:16px;font-family:sans-serif'><h1>Zgłoszenie #4711</h1></main>\
         <iframe src='{}{card}' style='width:360px;height:900px;border:0;border-left:1px solid #ccc'></iframe>\
         </body></html>",
        visit.base
    ))
    .await;
    visit
        .client
        .goto(&format!("{}/sklep", helpdesk.uri()))
        .await
        .unwrap();
    visit.client.enter_frame(0).await.unwrap();
    let framed = visit.text("#card").await;
    assert!(
        framed.contains("Marta Wiśniewska"),
        "the card loads in another site's frame"
    );
    assert!(
        !overflows(visit).await,
        "no sideways scrolling inside the 360 px frame"
    );
    visit.client.enter_parent_frame().await.unwrap();
    visit.shot_window("helpdesk-sidebar").await;
}
