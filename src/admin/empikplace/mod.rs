//! EmpikPlace integrations in the admin: the list, one integration's form
//! (shop, API key write-only, Thulium's API user shared with the contact
//! center's, ticket queue and category picked from Thulium's lists, customer
//! field, automatic reply, interval, on/off), *Test connection*, *Resume*
//! after a refused key, delete.

mod views;

use super::auth::see_other;
use super::session::{app_state, flash, stash, take, CheckedForm, SignedIn};
use super::views::Layout;
use super::{parse_id, AdminError, AdminResult};
use crate::db::EmpikIntegration;
use crate::delivery::empik_access;
use crate::domain::FormFields;
use crate::empik::EmpikClient;
use crate::manage::{resume_empik, save_empik, EmpikInput, ManageError};
use crate::thulium::ThuliumClient;
use crate::web::page::render;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use secrecy::SecretString;
use std::time::Duration;
pub use views::ledger_title;
use views::{EmpikListPage, EmpikPage, EmpikRow};

const TEST_RESULT_KEY: &str = "empik_test";

/// The account's integration named in a path, or 404.
async fn owned(
    state: &AppState,
    signed_in: &SignedIn,
    raw_id: &str,
) -> Result<EmpikIntegration, AdminError> {
    let id = parse_id(raw_id).ok_or(AdminError::NotFound)?;
    state
        .store
        .empik_integration(Some(signed_in.account_id()), id)
        .await?
        .ok_or(AdminError::NotFound)
}

pub async fn list(request: HttpRequest, signed_in: SignedIn) -> AdminResult {
    let state = app_state(&request);
    let integrations = state
        .store
        .empik_integrations(signed_in.account_id())
        .await?;
    let page = EmpikListPage {
        rows: integrations
            .iter()
            .map(|i| EmpikRow {
                id: i.id.to_string(),
                shop_id: i.shop_id.clone(),
                queue_id: i.queue_id.clone(),
                enabled: i.enabled,
                paused: i.paused_reason.is_some(),
            })
            .collect(),
        layout: signed_in.layout,
    };
    Ok(render(StatusCode::OK, &page))
}

/// A new integration's form, with the contact center's Thulium address and
/// user filled in when it has them.
pub async fn new(request: HttpRequest, signed_in: SignedIn) -> AdminResult {
    let state = app_state(&request);
    let shared = state
        .store
        .contact_centers(signed_in.account_id())
        .await?
        .into_iter()
        .find_map(|c| c.thulium);
    let mut page = EmpikPage::blank(signed_in.layout);
    if let Some(thulium) = shared {
        page.thulium_url = thulium.url;
        page.thulium_user = thulium.user;
        page.thulium_shared = true;
    }
    Ok(render(StatusCode::OK, &page))
}

pub async fn show(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
) -> AdminResult {
    let state = app_state(&request);
    let integration = owned(&state, &signed_in, &id).await?;
    let mut page = EmpikPage::of(&integration, signed_in.layout);
    page.result = take(&session, TEST_RESULT_KEY);
    lists(&state, &integration, &mut page).await;
    Ok(render(StatusCode::OK, &page))
}

/// Thulium's ticket queues and categories for the form's suggestions; a
/// Thulium that does not answer leaves the fields to type into.
async fn lists(state: &AppState, integration: &EmpikIntegration, page: &mut EmpikPage) {
    let Ok((_, access)) = empik_access(integration, &state.key) else {
        return;
    };
    let client = ThuliumClient::new(
        Duration::from_millis(state.settings.thulium.timeout_ms),
        state.settings.endpoint_policy(),
    );
    let (queues, categories) = tokio::join!(
        client.ticket_queues(&access),
        client.ticket_categories(&access)
    );
    page.queues = queues.unwrap_or_default();
    page.categories = categories.unwrap_or_default();
}

fn input_of<'a>(
    form: &'a FormFields,
    key: &'a Option<SecretString>,
    password: &'a Option<SecretString>,
) -> EmpikInput<'a> {
    let text = |name: &str| form.first(name).unwrap_or_default();
    EmpikInput {
        shop_id: text("shop_id"),
        api_url: text("api_url"),
        api_key: key.as_ref(),
        thulium_url: text("thulium_url"),
        thulium_user: text("thulium_user"),
        thulium_password: password.as_ref(),
        queue_id: text("queue_id"),
        category_id: text("category_id"),
        customer_field: text("customer_field"),
        auto_reply: text("auto_reply"),
        poll_seconds: text("poll_seconds").trim().parse().unwrap_or(-1),
        enabled: text("enabled") == "yes",
    }
}

fn secret(form: &FormFields, name: &str) -> Option<SecretString> {
    form.first(name)
        .filter(|v| !v.is_empty())
        .map(|v| SecretString::from(v.to_owned()))
}

/// Creates (`/admin/empikplace`) or saves (`/admin/empikplace/{id}`).
pub async fn create(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    form: CheckedForm,
) -> AdminResult {
    save_form(request, session, signed_in, None, form).await
}

pub async fn save(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let integration = owned(&state, &signed_in, &id).await?;
    match form.0.first("action").unwrap_or_default() {
        "test" => {
            let result = test_connection(&state, &integration, &signed_in.layout).await;
            stash(&session, TEST_RESULT_KEY, &result);
            return Ok(see_other(&format!("/admin/empikplace/{}", integration.id)));
        }
        "resume" => {
            resume_empik(state.store.as_ref(), signed_in.account_id(), integration.id).await?;
            signed_in
                .audit(&request, "empikplace.resume", &integration.shop_id)
                .await?;
            flash(&session, signed_in.layout.t("flash-empik-resumed"));
            return Ok(see_other(&format!("/admin/empikplace/{}", integration.id)));
        }
        _ => {}
    }
    save_form(request, session, signed_in, Some(integration), form).await
}

async fn save_form(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    existing: Option<EmpikIntegration>,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let form = form.0;
    let (key, password) = (secret(&form, "api_key"), secret(&form, "thulium_password"));
    let input = input_of(&form, &key, &password);
    let saved = save_empik(
        state.store.as_ref(),
        &state.key,
        signed_in.account_id(),
        existing.clone(),
        &input,
    )
    .await;
    match saved {
        Ok(integration) => {
            let action = if existing.is_some() {
                "empikplace.save"
            } else {
                "empikplace.create"
            };
            signed_in
                .audit(&request, action, &integration.shop_id)
                .await?;
            flash(&session, signed_in.layout.t("flash-empik-saved"));
            Ok(see_other(&format!("/admin/empikplace/{}", integration.id)))
        }
        Err(ManageError::Field { field, message }) => {
            let mut page = match &existing {
                Some(integration) => EmpikPage::of(integration, signed_in.layout),
                None => EmpikPage::blank(signed_in.layout),
            };
            page.refill(&input);
            page.errors.add(field, message);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(error) => Err(error.into()),
    }
}

/// Reads one page of the inbox and Thulium's queues: changes nothing.
async fn test_connection(
    state: &AppState,
    integration: &EmpikIntegration,
    layout: &Layout,
) -> (bool, String) {
    let (empik, thulium) = match empik_access(integration, &state.key) {
        Ok(access) => access,
        Err(reason) => return (false, reason),
    };
    let timeout = Duration::from_millis(state.settings.thulium.timeout_ms);
    let policy = state.settings.endpoint_policy();
    let inbox = EmpikClient::new(timeout, policy)
        .threads(&empik, &crate::clock::rfc3339(crate::clock::now_ms()), None)
        .await;
    if let Err(error) = inbox {
        return (false, error.to_string());
    }
    match ThuliumClient::new(timeout, policy)
        .tickets(
            &thulium,
            &crate::thulium::format_time(crate::clock::now_ms()),
            0,
        )
        .await
    {
        Ok(_) => (true, layout.t("empik-test-ok")),
        Err(error) => (false, error.to_string()),
    }
}

pub async fn delete(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
    _form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let integration = owned(&state, &signed_in, &id).await?;
    state
        .store
        .delete_empik(signed_in.account_id(), integration.id)
        .await?;
    signed_in
        .audit(&request, "empikplace.delete", &integration.shop_id)
        .await?;
    flash(&session, signed_in.layout.t("flash-empik-deleted"));
    Ok(see_other("/admin/empikplace"))
}
