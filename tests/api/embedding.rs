//! Embedding: the script, the chrome-less `?embed=1` pages that report to
//! the host page, and cookies that work inside another site's iframe.

use crate::admin::sign_in;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn embed_js_is_served_with_caching_headers() {
    let app = spawn_app().await;
    let response = app.get("/embed.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(response.headers()["cache-control"], "public, max-age=3600");
    let script = response.text().await.unwrap();
    assert!(script.contains("ankieter:submitted"));
    assert!(script.contains("addEventListener(\"message\""));
}

#[tokio::test]
async fn an_embedded_survey_has_no_chrome_and_reports_to_the_host_page() {
    let app = spawn_app().await;
    let mut survey = nps_survey();
    survey["hidden_fields"] = json!(["utm_source"]);
    let slug = app.import(survey).await;

    let plain = app.get(&format!("/s/{slug}")).await.text().await.unwrap();
    let page = html(&plain);
    assert!(select(&page, "body.embed").is_empty());
    assert!(
        select(&page, "script").is_empty(),
        "the plain page runs no script"
    );

    let response = app.get(&format!("/s/{slug}?embed=1&utm_source=lp")).await;
    assert!(response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors *"));
    let embedded = response.text().await.unwrap();
    let page = html(&embedded);
    assert_eq!(select(&page, "body.embed").len(), 1);
    let scripts = select(&page, "script[src^='/static/frame.js']");
    assert_eq!(scripts[0].value().attr("data-survey"), Some(slug.as_str()));
    assert_eq!(select(&page, "form input[name=embed][value='1']").len(), 1);

    let submitted = app
        .submit(
            &slug,
            &[("email", "jan@example.com"), ("ocena", "7"), ("embed", "1")],
        )
        .await;
    assert_eq!(
        submitted.headers()["location"],
        format!("/s/{slug}/thanks?embed=1")
    );
    let thanks = app
        .get(&format!("/s/{slug}/thanks?embed=1"))
        .await
        .text()
        .await
        .unwrap();
    let page = html(&thanks);
    let script = select(&page, "script[src^='/static/frame.js']");
    assert_eq!(script[0].value().attr("data-submitted"), Some("1"));
    let frame_js = app.get("/static/frame.js").await.text().await.unwrap();
    assert!(frame_js.contains("window.parent.postMessage"));
}

#[tokio::test]
async fn survey_cookies_work_in_a_cross_site_iframe_over_https() {
    let app = spawn_app_with(|s| s.public_url = Some("https://ankiety.example.pl".into())).await;
    let mut survey = nps_survey();
    survey["access"] = json!({"mode": "once_per_browser"});
    let slug = app.import(survey).await;
    let response = app.get(&format!("/s/{slug}?embed=1")).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("SameSite=None") && cookie.contains("Secure"),
        "{cookie}"
    );
}

#[tokio::test]
async fn the_snippet_is_shown_in_the_admin_with_the_hidden_fields() {
    let app = spawn_app_with(|s| s.public_url = Some("https://ankiety.example.pl".into())).await;
    let mut survey = nps_survey();
    survey["hidden_fields"] = json!(["utm_source", "campaign"]);
    app.import(survey).await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let id = app.store().surveys(app.account_id).await.unwrap()[0].id;
    let (_, page) = admin.page(&format!("/admin/surveys/{id}")).await;
    let snippet = crate::admin::texts(&page, "#embed-snippet");
    assert_eq!(
        snippet,
        ["<script src=\"https://ankiety.example.pl/embed.js\" data-survey=\"nps\" data-hidden=\"utm_source,campaign\" async></script>"]
    );
    assert!(crate::admin::texts(&page, "#popup-snippet")[0].contains("data-mode=\"popup\""));
}
