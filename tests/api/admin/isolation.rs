//! Every admin route that takes an id answers 404 for another account's id,
//! and every list shows only the signed-in account's data.

use super::*;
use ankieter::domain::Language;
use ankieter::manage::{create_account, import_survey, set_salesmanago};
use serde_json::json;

const SECRET_TITLE: &str = "Tajna ankieta konkurencji";

#[tokio::test]
async fn another_accounts_surveys_responses_and_deliveries_answer_404() {
    let app = spawn_app().await;
    app.answer("/api/contact/upsert", sm_failure("Bad e-mail format"), ..)
        .await;
    // Account B: a survey, a response and a failed delivery.
    let other = create_account(app.store(), "Konkurencja", Language::Pl)
        .await
        .unwrap();
    set_salesmanago(
        app.store(),
        &app.state.key,
        other.id,
        sm_input(&app.salesmanago.uri()),
        ankieter::domain::EndpointPolicy::Any,
    )
    .await
    .unwrap();
    let mut document = nps_survey();
    document["slug"] = json!("konkurencja");
    document["title"] = json!(SECRET_TITLE);
    import_survey(app.store(), &app.state.key, other.id, &document.to_string())
        .await
        .unwrap();
    app.submit_by_email("konkurencja", "tajny@klient.pl").await;
    app.deliver_all_pending().await;
    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status.as_str(), "failed");
    let (survey, response) = (
        delivery.survey_id().unwrap(),
        delivery.response_id().unwrap(),
    );

    // Account A's admin, with a survey of A's own.
    app.import(nps_survey()).await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let gets = [
        format!("/admin/surveys/{survey}"),
        format!("/admin/surveys/{survey}/export"),
        format!("/admin/surveys/{survey}/responses"),
        format!("/admin/surveys/{survey}/responses.csv"),
        format!("/admin/surveys/{survey}/responses.csv?separator=semicolon"),
        format!("/admin/surveys/{survey}/responses.xlsx"),
        format!("/admin/surveys/new?from={survey}"),
        format!("/admin/responses/{response}"),
        format!("/admin/deliveries/{}", delivery.id),
        "/admin/surveys/not-a-uuid".to_owned(),
    ];
    for path in &gets {
        let (status, page) = admin.page(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.contains(SECRET_TITLE), "{path} leaks the title");
        assert!(!page.contains("tajny@klient.pl"), "{path} leaks the answer");
    }
    let posts = [
        format!("/admin/surveys/{survey}"),
        format!("/admin/deliveries/{}/retry", delivery.id),
    ];
    for path in &posts {
        let response = admin
            .post(
                path,
                &[("action", "save"), ("title", "Przejęta"), ("q_count", "0")],
            )
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Nothing of B changed.
    let stored = app
        .store()
        .survey_by_slug("konkurencja")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.document.title, SECRET_TITLE);
    assert_eq!(app.only_delivery().await.status.as_str(), "failed");

    // Lists and bulk actions see only A.
    for path in [
        "/admin",
        "/admin/surveys",
        "/admin/deliveries",
        "/admin/deliveries?status=failed",
    ] {
        let (status, page) = admin.page(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!page.contains(SECRET_TITLE), "{path} lists B's survey");
        assert!(
            !page.contains(&delivery.id.to_string()),
            "{path} lists B's delivery"
        );
    }
    admin.post("/admin/deliveries/retry-failed", &[]).await;
    admin.post("/admin/salesmanago/resume", &[]).await;
    assert_eq!(app.only_delivery().await.status.as_str(), "failed");
}
