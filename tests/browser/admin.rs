//! An admin builds a survey in the editor and sees its response delivered,
//! in Polish: the account's language and so the admin's.

use crate::support::*;
use fantoccini::Locator;
use serde_json::json;
use std::time::Duration;

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
    assert_eq!(
        visit.text(".flash").await,
        "Zapisano ustawienia SALESmanago."
    );
    visit
        .click_and_load("form[action='/admin/salesmanago/test'] button")
        .await;
    assert!(visit.text("#test-result").await.starts_with("Połączono"));
    visit.shot("salesmanago-test-connection").await;

    // A new survey in the editor: one added question, SALESmanago on.
    visit.goto("/admin/surveys").await;
    visit.click_and_load("a[href='/admin/surveys/new']").await;
    visit.fill("#title", "Jak smakowała kawa?").await;
    visit.fill("#slug", "kawa").await;
    visit.click("#sm_enabled").await;
    visit.fill("#sm_tag", "ANKIETA_KAWA").await;
    visit.click_and_swap("button[value=add]").await;
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
    visit.click_and_swap("button[value=preview]").await;
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
        "Zapisano ankietę „Jak smakowała kawa?”."
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
    assert_eq!(visit.text(".facts .status").await, "wysłana");
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
