//! The web admin through HTTP, pages parsed as HTML. `AdminSession` is one
//! signed-in browser: its own cookie jar and the page's CSRF token.

mod auth;
mod contact_center;
mod contacts;
mod delete;
mod deliveries;
mod duplicate;
mod editor;
mod empikplace;
mod isolation;
mod keys;
mod language;
mod page_preview;
mod responses;
mod results;
mod settings;
mod starters;
mod tokens;

use crate::helpers::*;
use ankieter::manage::create_admin;
use reqwest::StatusCode;
use secrecy::SecretString;
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse battery";

pub struct AdminSession {
    pub address: String,
    pub client: reqwest::Client,
    pub csrf: String,
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// The value of the first `_csrf` field on the page.
pub fn csrf_of(page: &str) -> String {
    let document = html(page);
    select(&document, "input[name=_csrf]")
        .first()
        .and_then(|input| input.value().attr("value"))
        .expect("the page has a CSRF field")
        .to_owned()
}

pub async fn add_admin(app: &TestApp, account_id: Uuid, email: &str) {
    create_admin(
        app.store(),
        account_id,
        email,
        &SecretString::from(PASSWORD.to_owned()),
    )
    .await
    .unwrap();
}

/// A fresh browser on the login page: its client and the form's CSRF token.
pub async fn login_form(app: &TestApp) -> (reqwest::Client, String) {
    let client = browser();
    let login = client
        .get(format!("{}/admin/login", app.address))
        .send()
        .await
        .unwrap();
    let csrf = csrf_of(&login.text().await.unwrap());
    (client, csrf)
}

/// Posts the login form with these fields (`_csrf` included by the caller).
pub async fn try_login(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(format!("{}/admin/login", app.address))
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// Creates an admin of `account_id` and signs in as them. The accounts are
/// Polish, so the admin starts in Polish; these tests read the pages in
/// English, switched to with the header's language switch (the Polish and
/// Czech admin has tests of its own in `language.rs`).
pub async fn sign_in(app: &TestApp, account_id: Uuid, email: &str) -> AdminSession {
    let session = sign_in_as_is(app, account_id, email).await;
    let switched = session
        .post("/admin/language", &[("language", "en"), ("next", "/admin")])
        .await;
    assert_eq!(switched.status(), StatusCode::SEE_OTHER, "English chosen");
    session
}

/// Signs in a new admin of `account_id` without choosing a language.
pub async fn sign_in_as_is(app: &TestApp, account_id: Uuid, email: &str) -> AdminSession {
    add_admin(app, account_id, email).await;
    let (client, csrf) = login_form(app).await;
    let response = try_login(
        app,
        &client,
        &[
            ("_csrf", csrf.as_str()),
            ("email", email),
            ("password", PASSWORD),
            ("next", "/admin"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "sign-in succeeds");
    let mut session = AdminSession {
        address: app.address.clone(),
        client,
        csrf: String::new(),
    };
    let (_, dashboard) = session.page("/admin").await;
    session.csrf = csrf_of(&dashboard);
    session
}

impl AdminSession {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    /// Status and body of a page.
    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        (response.status(), response.text().await.unwrap())
    }

    /// Posts a form with the session's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(format!("{}{path}", self.address))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    /// Saves the editor on `page` with every field as it shows them, and
    /// follows the redirect.
    pub async fn save_editor_as_shown(&self, path: &str, page: &str) -> (String, String) {
        let mut fields = editor_fields_of(page);
        fields.push(("action".into(), "save".into()));
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        self.post_and_follow(path, &borrowed).await
    }

    /// Posts, follows the 303, and returns the page it leads to.
    pub async fn post_and_follow(&self, path: &str, fields: &[(&str, &str)]) -> (String, String) {
        let response = self.post(path, fields).await;
        if response.status() != StatusCode::SEE_OTHER {
            let status = response.status();
            let page = response.text().await.unwrap_or_default();
            panic!(
                "{path} answered {status}, not a redirect; errors: {:?}",
                texts(&page, ".field-error, .error")
            );
        }
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let (status, page) = self.page(&location).await;
        assert_eq!(status, StatusCode::OK);
        (location, page)
    }
}

/// The text of the flash message on a page.
pub fn flash_of(page: &str) -> String {
    let document = html(page);
    select(&document, ".flash")
        .first()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default()
}

/// Texts of the elements matching `css`.
pub fn texts(page: &str, css: &str) -> Vec<String> {
    let document = html(page);
    select(&document, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// The survey id of the account's only survey.
pub async fn survey_id(app: &TestApp, account_id: Uuid) -> Uuid {
    app.store().surveys(account_id).await.unwrap()[0].id
}

/// SALESmanago's upsert answers `message` (a failure) `times` times, then succeeds.
pub async fn upsert_fails_then_succeeds(app: &TestApp, message: &str, times: u64) {
    on("/api/contact/upsert")
        .respond_with(sm_failure(message))
        .up_to_n_times(times)
        .mount(&app.salesmanago)
        .await;
    app.answer("/api/contact/upsert", sm_success("kontakt-1"), ..)
        .await;
}

pub async fn has_no_surveys(app: &TestApp) -> bool {
    app.store()
        .surveys(app.account_id)
        .await
        .unwrap()
        .is_empty()
}

/// Every field of the editor's form as the page shows it (ticked boxes,
/// selected options), without the CSRF token and the button.
pub fn editor_fields_of(page: &str) -> Vec<(String, String)> {
    let document = html(page);
    select(
        &document,
        "form.editor input, form.editor textarea, form.editor select",
    )
    .iter()
    .filter_map(|e| {
        let name = e.value().attr("name")?.to_owned();
        if e.value().attr("type") == Some("checkbox") {
            return e.value().attr("checked").map(|_| (name, "on".to_owned()));
        }
        let value = match e.value().name() {
            "textarea" => e.text().collect(),
            "select" => e
                .select(&scraper::Selector::parse("option[selected]").unwrap())
                .next()
                .and_then(|o| o.value().attr("value").map(str::to_owned))
                .unwrap_or_default(),
            _ => e.value().attr("value").unwrap_or_default().to_owned(),
        };
        Some((name, value))
    })
    .filter(|(name, _)| name != "_csrf" && name != "action")
    .collect()
}

/// The attribute `name` of the elements matching `css`.
pub fn texts_attr(page: &str, css: &str, name: &str) -> Vec<String> {
    let document = html(page);
    select(&document, css)
        .iter()
        .filter_map(|e| e.value().attr(name).map(str::to_owned))
        .collect()
}
