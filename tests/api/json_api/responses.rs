use super::*;
use serde_json::json;

#[tokio::test]
async fn responses_page_with_a_cursor_and_filter_by_delivery_status() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c"), ..).await;
    for n in 0..5 {
        app.submit_by_email(&slug, &format!("osoba{n}@example.com"))
            .await;
    }
    app.deliver_all_pending().await;
    app.submit_by_email(&slug, "ostatni@example.com").await;
    let api = api_for(&app, app.account_id).await;
    let path = format!("/api/v1/surveys/{slug}/responses");

    let first = api.get(&format!("{path}?limit=4")).await;
    assert_eq!(first.status, StatusCode::OK);
    let emails = |page: &Answer| -> Vec<String> {
        page.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["answers"]["email"]["values"][0]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(emails(&first)[0], "ostatni@example.com");
    assert_eq!(emails(&first).len(), 4);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let second = api.get(&format!("{path}?limit=4&cursor={cursor}")).await;
    assert_eq!(
        emails(&second),
        ["osoba1@example.com", "osoba0@example.com"]
    );
    assert_eq!(second.body["next_cursor"], Value::Null);

    let pending = api.get(&format!("{path}?status=pending")).await;
    assert_eq!(emails(&pending), ["ostatni@example.com"]);
    let later = api.get(&format!("{path}?from=2999-01-01T00:00:00Z")).await;
    assert_eq!(later.body["data"], json!([]));
    for (query, field) in [
        ("status=lost", "status"),
        ("limit=0", "limit"),
        ("from=yesterday", "from"),
        ("cursor=x", "cursor"),
    ] {
        let bad = api.get(&format!("{path}?{query}")).await;
        assert_eq!(
            (bad.status, bad.field()),
            (StatusCode::UNPROCESSABLE_ENTITY, field),
            "{query}"
        );
    }
    let missing = api.get("/api/v1/responses/not-an-id").await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::NOT_FOUND, "not_found")
    );
}
