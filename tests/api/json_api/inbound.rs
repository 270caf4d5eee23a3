use super::*;
use serde_json::json;

/// The SALESmanago body without the per-call fields (apiKey, sha, requestTime).
fn stable(mut body: Value) -> Value {
    for field in ["apiKey", "sha", "requestTime"] {
        body.as_object_mut().unwrap().remove(field);
    }
    body
}

#[tokio::test]
async fn an_inbound_response_sends_the_same_body_as_the_equivalent_form() {
    let app = spawn_app().await;
    app.answer("/api/contact/upsert", sm_success("c"), 2).await;
    let mut survey = nps_survey();
    survey["hidden_fields"] = json!(["utm_source"]);
    let slug = app.import(survey).await;
    app.submit(
        &slug,
        &[
            ("email", "jan@example.com"),
            ("ocena", "9"),
            ("kanaly", "Znajomi"),
            ("kanaly", "Internet"),
            ("uwagi", "Świetna obsługa"),
            ("zgoda", "1"),
            ("utm_source", "newsletter"),
        ],
    )
    .await;
    let api = api_for(&app, app.account_id).await;
    let answer = api
        .post(
            &format!("/api/v1/surveys/{slug}/responses"),
            &json!({
                "answers": {"email": "jan@example.com", "ocena": "9", "kanaly": ["Znajomi", "Internet"],
                            "uwagi": "Świetna obsługa", "zgoda": "1"},
                "hidden": {"utm_source": "newsletter"}
            }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(answer.body["replayed"], false);
    assert_eq!(answer.body["delivery"]["status"], "pending");
    app.deliver_all_pending().await;
    let bodies = app.received("/api/contact/upsert").await;
    assert_eq!(bodies.len(), 2);
    assert_eq!(stable(bodies[0].clone()), stable(bodies[1].clone()));
    assert_eq!(bodies[1]["properties"]["ankieta.utm_source"], "newsletter");

    let stored = api
        .get(&format!(
            "/api/v1/responses/{}",
            answer.body["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        stored.body["answers"]["kanaly"]["values"],
        json!(["Znajomi", "Internet"])
    );
    assert_eq!(stored.body["delivery"]["status"], "delivered");
}

#[tokio::test]
async fn an_smclientid_updates_that_contact() {
    let (app, slug) = app_answering("/api/contact/update", sm_success(CONTACT_ID), 1).await;
    let api = api_for(&app, app.account_id).await;
    let answer = api
        .post(
            &format!("/api/v1/surveys/{slug}/responses"),
            &json!({"answers": {"ocena": "3"}, "smclientid": CONTACT_ID}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    app.deliver_all_pending().await;
    assert_eq!(
        app.received("/api/contact/update").await[0]["contactId"],
        CONTACT_ID
    );
}

#[tokio::test]
async fn invalid_answers_are_refused_with_the_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let api = api_for(&app, app.account_id).await;
    let path = format!("/api/v1/surveys/{slug}/responses");
    let cases = [
        (
            json!({"answers": {"email": "jan@example.com"}}),
            "answers.ocena",
        ),
        (json!({"answers": {"ocena": "11"}}), "answers.ocena"),
        (
            json!({"answers": {"ocena": "5", "email": "not-an-email"}}),
            "answers.email",
        ),
        (
            json!({"answers": {"ocena": "5", "kolor": "zielony"}}),
            "answers.kolor",
        ),
        (
            json!({"answers": {"ocena": "5"}, "hidden": {"utm_source": "x"}}),
            "hidden.utm_source",
        ),
        (json!({"answers": {"ocena": 5}}), "body"),
        // serde names an unknown field; the field is named in the error.
        (json!({"answers": {"ocena": "5"}, "extra": 1}), "extra"),
        // The form's limit on values, whatever the body's size.
        (
            json!({"answers": {"ocena": "5", "kanaly": vec!["Znajomi"; 2_001]}}),
            "answers",
        ),
    ];
    for (body, field) in cases {
        let answer = api.post(&path, &body).await;
        assert_eq!(
            (answer.status, answer.code(), answer.field()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid", field),
            "{body}: {}",
            answer.body
        );
    }
    let survey = app.store().survey_by_slug(&slug).await.unwrap().unwrap();
    assert!(app.store().responses(survey.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_idempotency_key_makes_retries_create_one_response() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let api = api_for(&app, app.account_id).await;
    let path = format!("/api/v1/surveys/{slug}/responses");
    let body = json!({"answers": {"email": "jan@example.com", "ocena": "8"}});
    let send = |body: Value| {
        let request = api
            .request(Method::POST, &path, Some(&body))
            .header("Idempotency-Key", "zamowienie-1234");
        api.send(request)
    };
    let first = send(body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let replay = send(body.clone()).await;
    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(replay.body["replayed"], true);
    assert_eq!(replay.body["id"], first.body["id"]);
    let different = send(json!({"answers": {"email": "jan@example.com", "ocena": "2"}})).await;
    assert_eq!(
        (different.status, different.field()),
        (StatusCode::CONFLICT, "Idempotency-Key")
    );
    let survey = app.store().survey_by_slug(&slug).await.unwrap().unwrap();
    assert_eq!(app.store().responses(survey.id).await.unwrap().len(), 1);
    assert_eq!(app.deliveries().await.len(), 1);
}

#[tokio::test]
async fn api_calls_are_rate_limited_per_account() {
    let app = spawn_app_with(|s| s.rate_limit.api_requests_per_minute = 2).await;
    let slug = app.import(nps_survey()).await;
    let api = api_for(&app, app.account_id).await;
    let path = format!("/api/v1/surveys/{slug}/responses");
    let body = json!({"answers": {"ocena": "8"}});
    let mut seen = Vec::new();
    for _ in 0..3 {
        let answer = api.post(&path, &body).await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(answer.code(), "rate_limited");
            assert!(answer.headers.contains_key("retry-after"));
        }
        seen.push(answer.status.as_u16());
    }
    assert_eq!(seen, [201, 201, 429]);
}
