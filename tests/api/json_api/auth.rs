use super::*;
use ankieter::domain::Language;
use ankieter::manage::create_account;

#[tokio::test]
async fn calls_need_a_live_token_of_the_account() {
    let app = spawn_app().await;
    let api = api_for(&app, app.account_id).await;
    let anonymous = reqwest::Client::new()
        .get(format!("{}/api/v1/surveys", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let body: Value = anonymous.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Bearer"));

    let wrong = Api {
        token: "ank_0000".into(),
        ..api_for(&app, app.account_id).await
    };
    let answer = wrong.get("/api/v1/surveys").await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );

    assert_eq!(api.get("/api/v1/surveys").await.status, StatusCode::OK);
    let token = app.store().tokens(app.account_id).await.unwrap()[0].clone();
    assert!(app
        .store()
        .revoke_token(Some(app.account_id), token.id, 1)
        .await
        .unwrap());
    let revoked = api.get("/api/v1/surveys").await;
    assert_eq!(
        (revoked.status, revoked.code()),
        (StatusCode::FORBIDDEN, "token_revoked")
    );
    // Only a hash is stored.
    assert_ne!(token.token_sha256, api.token);
    assert_eq!(token.token_sha256.len(), 64);
}

#[tokio::test]
async fn another_accounts_ids_answer_404_on_every_route() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_failure("Invalid email"), ..).await;
    app.submit_by_email(&slug, "jan@example.com").await;
    app.deliver_all_pending().await;
    let delivery = app.only_delivery().await;
    let other = create_account(app.store(), "Inna", Language::Pl)
        .await
        .unwrap();
    let intruder = api_for(&app, other.id).await;
    let paths = [
        (Method::GET, format!("/api/v1/surveys/{slug}")),
        (Method::PUT, format!("/api/v1/surveys/{slug}")),
        (Method::DELETE, format!("/api/v1/surveys/{slug}")),
        (Method::GET, format!("/api/v1/surveys/{slug}/responses")),
        (Method::POST, format!("/api/v1/surveys/{slug}/responses")),
        (
            Method::GET,
            format!("/api/v1/responses/{}", delivery.response_id().unwrap()),
        ),
        (Method::GET, format!("/api/v1/deliveries/{}", delivery.id)),
        (
            Method::POST,
            format!("/api/v1/deliveries/{}/retry", delivery.id),
        ),
    ];
    for (method, path) in paths {
        let answer = intruder
            .call(
                method.clone(),
                &path,
                Some(&serde_json::json!({"answers": {}})),
            )
            .await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{method} {path}"
        );
    }
    let lists = intruder.get("/api/v1/surveys").await;
    assert_eq!(lists.body["data"], serde_json::json!([]));
    let deliveries = intruder.get("/api/v1/deliveries").await;
    assert_eq!(deliveries.body["data"], serde_json::json!([]));
    assert!(app.store().survey_by_slug(&slug).await.unwrap().is_some());
    assert_eq!(app.only_delivery().await.status.as_str(), "failed");
}
