//! Every write path at once: survey saves through the API, retries, token
//! creation and revocation, settings, while respondents submit. Each write
//! goes through the one writer, so none meets "database is locked".

use crate::helpers::*;
use crate::json_api::api_for;
use ankieter::manage::create_token;
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writes_of_every_kind_all_succeed() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let api = api_for(&app, app.account_id).await;

    let saves = (0..8).map(|n| {
        let mut changed = nps_survey();
        changed["title"] = json!(format!("Ankieta {n}"));
        let api = &api;
        async move {
            api.call(Method::PUT, "/api/v1/surveys/nps", Some(&changed))
                .await
                .status
                .as_u16()
        }
    });
    let submits = (0..40).map(|n| {
        let (app, slug) = (&app, &slug);
        async move {
            app.submit_by_email(slug, &format!("r{n}@example.pl"))
                .await
                .status()
                .as_u16()
        }
    });
    let others = (0..8).map(|n| {
        let app = &app;
        async move {
            let now = ankieter::clock::now_ms();
            let (token, _) = create_token(app.store(), app.account_id, &format!("t{n}"))
                .await
                .expect("a token is created");
            app.store()
                .revoke_token(Some(app.account_id), token.id, now)
                .await
                .expect("a token is revoked");
            app.store()
                .retry_failed(Some(app.account_id), now)
                .await
                .expect("failed deliveries are retried");
            app.store()
                .resume_account(app.account_id, now)
                .await
                .expect("the account is resumed");
            app.store()
                .set_meta(&format!("k{n}"), "v")
                .await
                .expect("a setting is saved");
        }
    });

    let (saved, submitted, ()) = tokio::join!(join_all(saves), join_all(submits), async {
        join_all(others).await;
    });

    assert!(saved.iter().all(|s| *s == 200), "survey saves: {saved:?}");
    assert!(
        submitted.iter().all(|s| *s == 303),
        "submits: {submitted:?}"
    );
    assert_eq!(app.deliveries().await.len(), 40);
}
