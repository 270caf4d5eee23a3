use super::*;

#[tokio::test]
async fn deliveries_show_their_history_and_a_failed_one_can_be_retried() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(sm_failure("Invalid email address"))
        .up_to_n_times(1)
        .mount(&app.salesmanago)
        .await;
    app.answer("/api/contact/upsert", sm_success("kontakt-9"), ..)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "jan@example.com").await;
    app.deliver_all_pending().await;
    let api = api_for(&app, app.account_id).await;
    let failed = api.get("/api/v1/deliveries?status=failed").await;
    let id = failed.body["data"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        failed.body["data"][0]["last_error"],
        "SALESmanago: Invalid email address"
    );

    let retry = api
        .post(&format!("/api/v1/deliveries/{id}/retry"), &Value::Null)
        .await;
    assert_eq!(
        (retry.status, retry.body["retried"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    app.deliver_all_pending().await;
    let detail = api.get(&format!("/api/v1/deliveries/{id}")).await;
    assert_eq!(detail.body["status"], "delivered");
    assert_eq!(detail.body["contact_id"], "kontakt-9");
    let history = detail.body["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["outcome"], "failed");
    assert_eq!(history[1]["outcome"], "delivered");
    assert_eq!(detail.body["properties"][0]["key"], "ankieta.Twoj-e-mail");
    let again = api
        .post(&format!("/api/v1/deliveries/{id}/retry"), &Value::Null)
        .await;
    assert_eq!(
        again.body["retried"], false,
        "nothing to retry once delivered"
    );
}
