//! The admin's personal-data page (find, download, erase; retention) and
//! the audit log every change writes to.

use super::stored;
use crate::admin::{flash_of, sign_in, texts};
use crate::helpers::*;
use crate::json_api::api_for;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn an_admin_finds_downloads_and_erases_a_person_and_the_log_keeps_counts_not_the_person() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), ..).await;
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna-nps")
        .await;
    app.submit_by_email(&slug, "zofia@example.pl").await;
    app.submit_by_email(&slug, "inny@example.pl").await;
    app.submit_by_email("inna-nps", "zofia@example.pl").await;
    app.deliver_all_pending().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;

    let found = admin
        .post(
            "/admin/privacy/find",
            &[("email", "Zofia@Example.pl"), ("contact_id", "")],
        )
        .await;
    assert_eq!(found.status(), StatusCode::OK);
    let page = found.text().await.unwrap();
    assert_eq!(texts(&page, "#person-found tbody th"), [slug.as_str()]);
    assert!(texts(&page, "#person-summary")[0].starts_with("Responses: 1 "));

    let download = admin
        .post(
            "/admin/privacy/export",
            &[("email", "zofia@example.pl"), ("contact_id", "")],
        )
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert!(download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let document: serde_json::Value = download.json().await.unwrap();
    assert_eq!(document["responses"].as_array().unwrap().len(), 1);

    // Not without the tick.
    let unconfirmed = admin
        .post(
            "/admin/privacy/erase",
            &[("email", "zofia@example.pl"), ("contact_id", "")],
        )
        .await;
    assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored(&app, app.account_id, &slug).await.len(), 2);
    let (_, after) = admin
        .post_and_follow(
            "/admin/privacy/erase",
            &[
                ("email", "zofia@example.pl"),
                ("contact_id", ""),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert!(
        flash_of(&after).starts_with("Erased: 1 responses, 1 deliveries, 0 waiting chats."),
        "{}",
        flash_of(&after)
    );
    assert_eq!(stored(&app, app.account_id, &slug).await.len(), 1);
    assert_eq!(stored(&app, other, "inna-nps").await.len(), 1);

    let (_, log) = admin.page("/admin/audit").await;
    let actions = texts(&log, "#audit code");
    assert_eq!(actions, ["person.erase", "person.export"]);
    assert!(texts(&log, "#audit td")[1].contains("admin:anna@firma.pl"));
    assert!(log.contains("127.0.0.1"));
    let csv = admin.get("/admin/audit.csv").await.text().await.unwrap();
    assert!(
        csv.starts_with("\u{feff}time,actor,action,detail,ip\r\n"),
        "{csv}"
    );
    assert!(csv.contains("person.erase") && csv.contains("by e-mail: 1 responses"));
    for shown in [log.as_str(), csv.as_str()] {
        assert!(
            !shown.to_lowercase().contains("zofia"),
            "no person in the log"
        );
    }
    // The other account's admin sees none of it.
    let theirs = sign_in(&app, other, "ola@inna.pl").await;
    let (_, their_log) = theirs.page("/admin/audit").await;
    assert!(texts(&their_log, "#audit code").is_empty());
}

#[tokio::test]
async fn a_mistake_in_the_person_or_the_retention_is_shown_at_its_field() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    for (fields, error) in [
        (vec![("email", ""), ("contact_id", "")], "#email-error"),
        (
            vec![("email", "nie-mail"), ("contact_id", "")],
            "#email-error",
        ),
        (
            vec![("email", ""), ("contact_id", "42")],
            "#contact_id-error",
        ),
    ] {
        let answer = admin.post("/admin/privacy/find", &fields).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            texts(&answer.text().await.unwrap(), error).len(),
            1,
            "{fields:?}"
        );
    }
    for typed in ["0", "abc", "36501", "-3"] {
        let answer = admin
            .post("/admin/privacy/retention", &[("retention_days", typed)])
            .await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
    }
    let (_, page) = admin
        .post_and_follow("/admin/privacy/retention", &[("retention_days", "30")])
        .await;
    assert_eq!(flash_of(&page), "Saved: the server applies it once a day.");
    assert_eq!(
        texts(&page, "#retention-current"),
        ["Responses older than 30 days are deleted every day, with their deliveries."]
    );
    let answer = admin
        .post(
            "/admin/privacy/retention",
            &[("retention_days", "30"), ("delivery_body_days", "x")],
        )
        .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&answer.text().await.unwrap(), "#delivery_body_days-error").len(),
        1
    );
    let (_, page) = admin
        .post_and_follow(
            "/admin/privacy/retention",
            &[("retention_days", ""), ("delivery_body_days", "7")],
        )
        .await;
    assert!(texts(&page, "#retention-current")[0].starts_with("Responses are kept for ever."));
    assert_eq!(
        app.store()
            .retention(app.account_id)
            .await
            .unwrap()
            .delivery_body_days,
        Some(7)
    );
    // Without the form's token nothing changes.
    let forged = admin
        .client
        .post(format!("{}/admin/privacy/retention", app.address))
        .form(&[("retention_days", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.store()
            .retention(app.account_id)
            .await
            .unwrap()
            .responses_days,
        None
    );
}

#[tokio::test]
async fn changes_from_the_admin_and_the_api_are_logged_with_who_did_them() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    admin.post("/admin/tokens", &[("name", "Strona")]).await;
    admin
        .post_and_follow(
            "/admin/settings",
            &[("time_zone", "Europe/Warsaw"), ("language", "en")],
        )
        .await;
    let api = api_for(&app, app.account_id).await;
    let mut survey = nps_survey();
    survey["slug"] = serde_json::json!("z-api");
    let created = api.post("/api/v1/surveys", &survey).await;
    assert_eq!(created.status, 201);
    api.call(Method::DELETE, "/api/v1/surveys/z-api", None)
        .await;

    let log = app
        .store()
        .audit_log(app.account_id, None, 50)
        .await
        .unwrap();
    let seen: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("survey.delete", "token:tests"),
            ("survey.create", "token:tests"),
            ("settings.save", "admin:anna@firma.pl"),
            ("token.create", "admin:anna@firma.pl"),
        ]
    );
    assert_eq!(log[0].detail, "/s/z-api: 0 responses, 0 deliveries");
    assert!(log.iter().all(|e| e.ip.as_deref() == Some("127.0.0.1")));
}
