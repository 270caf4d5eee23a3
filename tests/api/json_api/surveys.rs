use super::*;
use serde_json::json;

#[tokio::test]
async fn surveys_are_created_read_replaced_and_deleted_in_the_import_format() {
    let app = spawn_app().await;
    let api = api_for(&app, app.account_id).await;
    let created = api.post("/api/v1/surveys", &nps_survey()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.headers["location"], "/api/v1/surveys/nps");
    assert_eq!(created.body["document"]["title"], "Ankieta NPS");
    assert_eq!(created.body["url"], "/s/nps");

    let again = api.post("/api/v1/surveys", &nps_survey()).await;
    assert_eq!(
        (again.status, again.code(), again.field()),
        (StatusCode::CONFLICT, "conflict", "slug")
    );

    let list = api.get("/api/v1/surveys").await;
    assert_eq!(list.body["data"][0]["slug"], "nps");
    assert_eq!(list.body["data"][0]["responses"], 0);

    let mut changed = nps_survey();
    changed["title"] = json!("Ankieta NPS 2026");
    let replaced = api
        .call(Method::PUT, "/api/v1/surveys/nps", Some(&changed))
        .await;
    assert_eq!(replaced.status, StatusCode::OK);
    assert_eq!(
        api.get("/api/v1/surveys/nps").await.body["document"]["title"],
        "Ankieta NPS 2026"
    );
    assert!(app
        .get("/s/nps")
        .await
        .text()
        .await
        .unwrap()
        .contains("Ankieta NPS 2026"));

    changed["slug"] = json!("inny");
    let moved = api
        .call(Method::PUT, "/api/v1/surveys/nps", Some(&changed))
        .await;
    assert_eq!(
        (moved.status, moved.field()),
        (StatusCode::UNPROCESSABLE_ENTITY, "slug")
    );

    app.submit_by_email("nps", "jan@example.com").await;
    let deleted = api.call(Method::DELETE, "/api/v1/surveys/nps", None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.get("/api/v1/surveys/nps").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/s/nps").await.status(), StatusCode::NOT_FOUND);
    assert!(
        app.deliveries().await.is_empty(),
        "its responses and deliveries went with it"
    );
}

#[tokio::test]
async fn bad_documents_get_the_import_messages_with_their_field() {
    let app = spawn_app().await;
    let api = api_for(&app, app.account_id).await;
    let mut survey = nps_survey();
    survey["questions"][0]["type"] = json!("stars");
    let answer = api.post("/api/v1/surveys", &survey).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid")
    );
    assert_eq!(answer.field(), "questions[0].type");
    assert!(answer.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("unknown type \"stars\""));

    survey = nps_survey();
    survey["colour"] = json!("red");
    let unknown = api.post("/api/v1/surveys", &survey).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("unknown field `colour`"));

    let broken = api
        .send(
            api.request(Method::POST, "/api/v1/surveys", None)
                .header("content-type", "application/json")
                .body("{\"slug\": "),
        )
        .await;
    assert_eq!(
        (broken.status, broken.code()),
        (StatusCode::BAD_REQUEST, "invalid_json")
    );

    let huge = api
        .send(
            api.request(Method::POST, "/api/v1/surveys", None)
                .header("content-type", "application/json")
                .body(format!("{{\"slug\": \"{}\"}}", "x".repeat(2 * 1024 * 1024))),
        )
        .await;
    assert_eq!(
        (huge.status, huge.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
    );
    assert!(app
        .store()
        .surveys(app.account_id)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn salesmanago_settings_never_return_the_secret() {
    let app = spawn_app().await;
    let api = api_for(&app, app.account_id).await;
    let read = api.get("/api/v1/salesmanago").await;
    assert_eq!(read.body["client_id"], CLIENT_ID);
    assert_eq!(read.body["secret_set"], true);
    assert!(!read.body.to_string().contains(API_SECRET));

    let bad = api
        .call(
            Method::PUT,
            "/api/v1/salesmanago",
            Some(&json!({"endpoint": "app3.salesmanago.pl", "client_id": "x", "owner": "nope"})),
        )
        .await;
    assert_eq!(
        (bad.status, bad.field()),
        (StatusCode::UNPROCESSABLE_ENTITY, "owner")
    );

    // Another server without the secret: it would get the secret's signatures.
    let elsewhere = api
        .call(
            Method::PUT,
            "/api/v1/salesmanago",
            Some(&json!({"endpoint": "app3.salesmanago.pl", "client_id": CLIENT_ID, "owner": "a@firma.pl"})),
        )
        .await;
    assert_eq!(
        (elsewhere.status, elsewhere.field()),
        (StatusCode::UNPROCESSABLE_ENTITY, "api_secret")
    );
    let saved = api
        .call(
            Method::PUT,
            "/api/v1/salesmanago",
            Some(&json!({"endpoint": app.salesmanago.uri(), "client_id": CLIENT_ID, "owner": "a@firma.pl", "property_prefix": "dotaznik."})),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.body["settings"]["owner"], "a@firma.pl");
    assert_eq!(saved.body["settings"]["property_prefix"], "dotaznik.");
    assert_eq!(saved.body["resumed"], 0);
    let account = app.store().account(app.account_id).await.unwrap().unwrap();
    // The secret was kept (not sent): it still decrypts to the old one.
    let secret = app
        .state
        .key
        .decrypt(
            &account.salesmanago.unwrap().secret_encrypted,
            &ankieter::crypto::account_secret_context(app.account_id),
        )
        .unwrap();
    assert_eq!(secret.expose_secret(), API_SECRET);
}
