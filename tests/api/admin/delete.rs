//! Deleting a survey from the admin: the page says what goes with it and
//! asks for the link; the deletion takes its responses, deliveries and
//! attempts, in batches, and leaves other surveys and accounts alone.

use super::*;
use ankieter::db::DELETE_BATCH;
use ankieter::manage::create_account;
use futures_util::StreamExt;

#[tokio::test]
async fn the_page_counts_what_goes_and_the_link_must_be_typed() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    app.answer("/api/contact/upsert", sm_success("kontakt-1"), ..)
        .await;
    for n in 0..3 {
        let response = app
            .submit_by_email(&slug, &format!("jan{n}@example.com"))
            .await;
        assert!(response.status().is_success() || response.status().is_redirection());
    }
    assert_eq!(app.deliver_all_pending().await, 3);
    app.submit_by_email(&slug, "ewa@example.com").await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let id = survey_id(&app, app.account_id).await;

    let (_, editor) = admin.page(&format!("/admin/surveys/{id}")).await;
    assert_eq!(
        texts_attr(&editor, "#delete", "href"),
        [format!("/admin/surveys/{id}/delete")]
    );
    let (status, page) = admin.page(&format!("/admin/surveys/{id}/delete")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&page, "#delete-responses"), ["4 responses"]);
    assert_eq!(texts(&page, "#delete-deliveries"), ["4 deliveries"]);
    assert!(texts(&page, "#delete-pending")[0].contains(": 1."));

    // A wrong or missing link deletes nothing.
    for typed in ["", "NPS ", "nps-2"] {
        let response = admin
            .post(
                &format!("/admin/surveys/{id}/delete"),
                &[("confirm_slug", typed)],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{typed:?}"
        );
        let page = response.text().await.unwrap();
        assert!(!texts(&page, "#confirm-error").is_empty());
    }
    assert_eq!(app.store().responses(id).await.unwrap().len(), 4);

    let (location, page) = admin
        .post_and_follow(
            &format!("/admin/surveys/{id}/delete"),
            &[("confirm_slug", "nps")],
        )
        .await;
    assert_eq!(location, "/admin/surveys");
    assert_eq!(
        flash_of(&page),
        "Survey “Ankieta NPS” deleted with 4 responses, 4 deliveries."
    );
    assert!(has_no_surveys(&app).await);
    assert!(app.deliveries().await.is_empty());
    assert!(app.store().responses(id).await.unwrap().is_empty());
    assert_eq!(app.get("/s/nps").await.status(), StatusCode::NOT_FOUND);
    // Gone means gone: its pages answer 404.
    let (status, _) = admin.page(&format!("/admin/surveys/{id}/delete")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_survey_without_responses_goes_with_one_click_in_polish() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    let admin = sign_in_as_is(&app, app.account_id, "anna@firma.pl").await;
    let id = survey_id(&app, app.account_id).await;
    let (_, page) = admin.page(&format!("/admin/surveys/{id}/delete")).await;
    assert!(texts(&page, "#confirm_slug").is_empty(), "nothing to type");
    assert_eq!(texts(&page, "#delete-responses"), ["0 odpowiedzi"]);
    assert_eq!(texts(&page, "#delete-deliveries"), ["0 wysyłek"]);
    let (_, page) = admin
        .post_and_follow(&format!("/admin/surveys/{id}/delete"), &[])
        .await;
    assert_eq!(
        flash_of(&page),
        "Usunięto ankietę „Ankieta NPS”, a z nią: 0 odpowiedzi, 0 wysyłek."
    );
    assert!(has_no_surveys(&app).await);
}

#[tokio::test]
async fn another_accounts_survey_cannot_be_deleted_or_counted() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    let theirs = survey_id(&app, app.account_id).await;
    let other = create_account(app.store(), "Inna firma", ankieter::domain::Language::Pl)
        .await
        .unwrap();
    let intruder = sign_in(&app, other.id, "obcy@inna.pl").await;
    let (status, page) = intruder
        .page(&format!("/admin/surveys/{theirs}/delete"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Ankieta NPS"));
    let response = intruder
        .post(
            &format!("/admin/surveys/{theirs}/delete"),
            &[("confirm_slug", "nps")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.store().surveys(app.account_id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_large_survey_goes_in_batches_while_respondents_keep_answering() {
    let app = spawn_app_with(|s| s.rate_limit.submissions_per_minute = 1_000_000).await;
    let slug = app.import(nps_survey()).await;
    let mut other = nps_survey();
    other["slug"] = "inna".into();
    let other_slug = app.import(other).await;
    let total = DELETE_BATCH as usize + 150;
    futures_util::stream::iter(0..total)
        .for_each_concurrent(32, |n| {
            let app = &app;
            let slug = slug.clone();
            async move {
                let response = app
                    .submit_by_email(&slug, &format!("k{n}@example.com"))
                    .await;
                assert!(response.status().is_redirection(), "{}", response.status());
            }
        })
        .await;
    app.submit_by_email(&other_slug, "zostaje@example.com")
        .await;
    let store = app.store();
    let id = store.survey_by_slug(&slug).await.unwrap().unwrap().id;
    let footprint = store
        .survey_footprint(app.account_id, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(footprint.responses, total as i64);
    assert_eq!(footprint.pending, total as i64);

    // Respondents keep answering the survey being deleted and the other one.
    let stop = tokio_util::sync::CancellationToken::new();
    let answering = {
        let (address, stop, slug, other_slug) = (
            app.address.clone(),
            stop.clone(),
            slug.clone(),
            other_slug.clone(),
        );
        tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let mut kept = 0;
            for n in 0.. {
                if stop.is_cancelled() {
                    break;
                }
                for (target, counted) in [(&slug, false), (&other_slug, true)] {
                    let status = client
                        .post(format!("{address}/s/{target}"))
                        .form(&[
                            ("email", format!("w{n}@example.com").as_str()),
                            ("ocena", "7"),
                        ])
                        .send()
                        .await
                        .unwrap()
                        .status();
                    if counted {
                        assert!(status.is_redirection(), "the other survey: {status}");
                        kept += 1;
                    }
                }
            }
            kept
        })
    };
    let deleted = store
        .delete_survey(app.account_id, id)
        .await
        .unwrap()
        .expect("the survey was there");
    stop.cancel();
    let kept = answering.await.unwrap();
    assert!(deleted.responses >= total as i64, "{deleted:?}");
    assert_eq!(deleted.responses, deleted.deliveries, "one delivery each");
    assert!(store.survey_by_slug(&slug).await.unwrap().is_none());
    assert!(
        store.responses(id).await.unwrap().is_empty(),
        "nothing orphaned"
    );
    let remaining = store.survey_by_slug(&other_slug).await.unwrap().unwrap();
    assert_eq!(
        store.responses(remaining.id).await.unwrap().len(),
        kept + 1,
        "the other survey lost nothing"
    );
    assert!(app
        .deliveries()
        .await
        .iter()
        .all(|d| d.survey_id() == Some(remaining.id)));
}
