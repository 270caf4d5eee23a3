use super::*;
use ankieter::domain::Language;
use ankieter::manage::{create_account, create_token};

#[tokio::test]
async fn a_token_is_shown_once_works_and_is_revoked_from_the_admin() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let response = admin
        .post("/admin/tokens", &[("name", "Landing page")])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    let token = texts(&page, "#new-token")[0].clone();
    assert!(token.starts_with("ank_"));
    let (_, again) = admin.page("/admin/tokens").await;
    assert!(!again.contains(&token), "shown only once");
    assert_eq!(texts(&again, "tbody th"), ["Landing page"]);

    let call = || {
        reqwest::Client::new()
            .get(format!("{}/api/v1/surveys", app.address))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(call().await.unwrap().status(), StatusCode::OK);
    let id = app.store().tokens(app.account_id).await.unwrap()[0].id;
    let (_, page) = admin
        .post_and_follow(&format!("/admin/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(
        flash_of(&page),
        "The token was revoked: calls with it now fail."
    );
    assert_eq!(call().await.unwrap().status(), StatusCode::FORBIDDEN);

    let empty = admin.post("/admin/tokens", &[("name", " ")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(texts(&empty.text().await.unwrap(), "#name-error")[0].contains("1 to 100"));
}

#[tokio::test]
async fn another_accounts_token_cannot_be_seen_or_revoked() {
    let app = spawn_app().await;
    let other = create_account(app.store(), "Inna", Language::Pl)
        .await
        .unwrap();
    let (theirs, _) = create_token(app.store(), other.id, "Ich token")
        .await
        .unwrap();
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = admin.page("/admin/tokens").await;
    assert!(!page.contains("Ich token"));
    let response = admin
        .post(&format!("/admin/tokens/{}/revoke", theirs.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(app.store().tokens(other.id).await.unwrap()[0]
        .revoked_at
        .is_none());
}

#[tokio::test]
async fn a_card_key_made_in_the_admin_comes_with_the_cards_address_and_opens_it() {
    let app = spawn_app().await;
    app.answer(
        "/api/contact/list",
        wiremock::ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"success": true, "contacts": []})),
        ..,
    )
    .await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;

    let response = admin
        .post("/admin/tokens", &[("name", "Thulium"), ("kind", "card")])
        .await;

    let page = response.text().await.unwrap();
    let key = texts(&page, "#new-token")[0].clone();
    assert!(key.starts_with("ankc_"), "{key}");
    let template = texts(&page, "#card-url")[0].clone();
    assert!(
        template.ends_with(&format!("/card?key={key}&email={{email}}")),
        "{template}"
    );
    let (_, list) = admin.page("/admin/tokens").await;
    assert!(texts(&list, "tbody td")[0].contains("Card key"));
    let card = app
        .get(&format!("/card?key={key}&email=jan%40example.com"))
        .await;
    assert_eq!(card.status(), StatusCode::OK);
}
