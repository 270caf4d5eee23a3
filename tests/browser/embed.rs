//! A survey embedded on another site: resize, submit, the host page's event, popup.

use crate::support::*;
use fantoccini::Locator;
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration;

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
        ankieter::domain::EndpointPolicy::Any,
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
        r#" data-mode="popup" data-button="Oceń kawę" data-close="Zamknij""#,
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
    let closer = visit
        .client
        .find(Locator::Css(".ankieter-popup button"))
        .await
        .unwrap();
    assert_eq!(
        closer.attr("aria-label").await.unwrap().as_deref(),
        Some("Zamknij"),
        "the close button speaks the survey's language"
    );
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
