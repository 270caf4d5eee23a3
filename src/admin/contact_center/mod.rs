//! Contact-center integrations in the admin: list and create, settings,
//! webhook credentials (shown once), Thulium's API user (write-only password,
//! *Test connection*), *Send test event*, delete.

mod form;
mod views;

use super::auth::see_other;
use super::session::{app_state, flash, stash, take, CheckedForm, SignedIn};
use super::views::{FieldErrors, Layout};
use super::{parse_id, AdminError, AdminResult};
use crate::contact_center::thulium_access;
use crate::db::ContactCenter;
use crate::domain::{ContactCenterRules, InteractionType, RespondentEmail, EXT_EVENT_TYPES};
use crate::manage::{
    create_contact_center, delete_contact_center, renew_webhook_credentials, save_contact_center,
    set_thulium, ManageError,
};
use crate::thulium::{format_time, ThuliumClient, ThuliumError};
use crate::web::page::render;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use form::rules_from;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;
use views::{ContactCenterPage, ContactCentersPage, EventTypeRow, IntegrationRow};

async fn list_page(
    state: &AppState,
    signed_in: SignedIn,
    name: String,
    errors: FieldErrors,
) -> anyhow::Result<ContactCentersPage> {
    let integrations = state.store.contact_centers(signed_in.account_id()).await?;
    Ok(ContactCentersPage {
        integrations: integrations
            .iter()
            .map(|i| IntegrationRow {
                id: i.id.to_string(),
                name: i.name.as_str().to_owned(),
                prefix: i.rules.prefix.as_str().to_owned(),
                forwarded: signed_in.layout.tr.tas(
                    "cc-forwarded-summary",
                    &[
                        ("tickets", i.rules.tickets.describe()),
                        ("chats", i.rules.chats.describe()),
                        ("calls", i.rules.calls.describe()),
                    ],
                ),
                polls: i.thulium.is_some(),
            })
            .collect(),
        name,
        errors,
        layout: signed_in.layout,
    })
}

fn page(signed_in: SignedIn, integration: &ContactCenter) -> ContactCenterPage {
    let rules = &integration.rules;
    ContactCenterPage {
        id: integration.id.to_string(),
        name: integration.name.as_str().to_owned(),
        prefix: rules.prefix.as_str().to_owned(),
        location: integration.name.location(),
        add_missing: rules.add_missing_contacts,
        new_contact_tag: rules.new_contact_tag.clone().unwrap_or_default(),
        tickets: rules.tickets.describe(),
        chats: rules.chats.describe(),
        calls: rules.calls.describe(),
        event_types: InteractionType::ALL
            .iter()
            .map(|kind| EventTypeRow {
                kind: kind.as_str(),
                event: rules.prefix.event_name(*kind),
                chosen: rules.event_type(*kind).to_owned(),
            })
            .collect(),
        all_event_types: EXT_EVENT_TYPES,
        webhook_url: format!("{}/hooks/thulium/{}", signed_in.layout.base, integration.id),
        webhook_user: integration.webhook_user.clone(),
        new_password: None,
        thulium_url: integration
            .thulium
            .as_ref()
            .map(|t| t.url.clone())
            .unwrap_or_default(),
        thulium_user: integration
            .thulium
            .as_ref()
            .map(|t| t.user.clone())
            .unwrap_or_default(),
        thulium_saved: integration.thulium.is_some(),
        interaction_types: InteractionType::ALL.iter().map(|k| k.as_str()).collect(),
        errors: FieldErrors::default(),
        result: None,
        layout: signed_in.layout,
    }
}

/// The account's integration named in a path, or 404.
async fn owned(
    state: &AppState,
    signed_in: &SignedIn,
    raw_id: &str,
) -> Result<ContactCenter, AdminError> {
    let id = parse_id(raw_id).ok_or(AdminError::NotFound)?;
    state
        .store
        .contact_center(Some(signed_in.account_id()), id)
        .await?
        .ok_or(AdminError::NotFound)
}

pub async fn list(request: HttpRequest, signed_in: SignedIn) -> AdminResult {
    let state = app_state(&request);
    let page = list_page(&state, signed_in, String::new(), FieldErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// Creates the integration and shows its page with the webhook password,
/// in this response only.
pub async fn create(request: HttpRequest, signed_in: SignedIn, form: CheckedForm) -> AdminResult {
    let state = app_state(&request);
    let name = form.0.first("name").unwrap_or_default().to_owned();
    let created = create_contact_center(
        state.store.as_ref(),
        signed_in.account_id(),
        &name,
        ContactCenterRules::default(),
    )
    .await;
    match created {
        Ok((integration, credentials)) => {
            tracing::info!(contact_center.id = %integration.id, admin.id = %signed_in.admin.id, "contact-center integration created in the admin");
            signed_in
                .audit(&request, "contact_center.create", integration.name.as_str())
                .await?;
            let mut page = page(signed_in, &integration);
            page.new_password = Some(credentials.password.expose_secret().to_owned());
            page.result = Some((true, page.layout.t("cc-created")));
            Ok(render(StatusCode::OK, &page))
        }
        Err(ManageError::Field { field, message }) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            let page = list_page(&state, signed_in, name, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(error) => Err(error.into()),
    }
}

/// Where *Test connection* leaves its result for the page it redirects to.
const TEST_RESULT_KEY: &str = "thulium_test";

pub async fn show(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
) -> AdminResult {
    let state = app_state(&request);
    let integration = owned(&state, &signed_in, &id).await?;
    let mut page = page(signed_in, &integration);
    page.result = take(&session, TEST_RESULT_KEY);
    Ok(render(StatusCode::OK, &page))
}

pub async fn save(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let mut integration = owned(&state, &signed_in, &id).await?;
    // Kept under its old name until now: forgotten once the change is saved.
    state.interactions.forget_integration(&integration);
    let name = form.0.first("name").unwrap_or_default().to_owned();
    let outcome = match rules_from(&form.0, &integration.rules) {
        Ok(rules) => save_contact_center(state.store.as_ref(), &mut integration, &name, rules)
            .await
            .map_err(|error| match error {
                ManageError::Field { field, message } => {
                    let mut errors = FieldErrors::default();
                    errors.add(field, message);
                    Ok(errors)
                }
                other => Err(other),
            }),
        Err(errors) => Err(Ok(errors)),
    };
    match outcome {
        Ok(()) => {
            state.interactions.forget_integration(&integration);
            signed_in
                .audit(&request, "contact_center.save", integration.name.as_str())
                .await?;
            flash(&session, signed_in.layout.t("flash-cc-saved"));
            Ok(see_other(&format!(
                "/admin/contact-center/{}",
                integration.id
            )))
        }
        Err(Ok(errors)) => {
            let mut page = page(signed_in, &integration);
            page.errors = errors;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(Err(error)) => Err(error.into()),
    }
}

pub async fn new_webhook_password(
    request: HttpRequest,
    signed_in: SignedIn,
    id: web::Path<String>,
    _form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let mut integration = owned(&state, &signed_in, &id).await?;
    let credentials = renew_webhook_credentials(state.store.as_ref(), &mut integration).await?;
    signed_in
        .audit(
            &request,
            "contact_center.webhook_password",
            integration.name.as_str(),
        )
        .await?;
    let mut page = page(signed_in, &integration);
    page.new_password = Some(credentials.password.expose_secret().to_owned());
    page.result = Some((true, page.layout.t("cc-new-credentials")));
    Ok(render(StatusCode::OK, &page))
}

pub async fn thulium(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let mut integration = owned(&state, &signed_in, &id).await?;
    let form = form.0;
    let text = |name: &str| form.first(name).unwrap_or_default().to_owned();
    match text("action").as_str() {
        "test" => {
            // Shown after a redirect: reloading the page does not test again.
            let result = test_connection(&state, &integration, &signed_in.layout).await;
            stash(&session, TEST_RESULT_KEY, &result);
            return Ok(see_other(&format!(
                "/admin/contact-center/{}",
                integration.id
            )));
        }
        "remove" => {
            set_thulium(state.store.as_ref(), &state.key, &mut integration, None).await?;
            signed_in
                .audit(
                    &request,
                    "contact_center.thulium_remove",
                    integration.name.as_str(),
                )
                .await?;
            flash(&session, signed_in.layout.t("flash-thulium-removed"));
            return Ok(see_other(&format!(
                "/admin/contact-center/{}",
                integration.id
            )));
        }
        _ => {}
    }
    let password = text("thulium_password");
    let password = (!password.is_empty()).then(|| SecretString::from(password));
    let (url, user) = (text("thulium_url"), text("thulium_user"));
    let access = Some((url.as_str(), user.as_str(), password.as_ref()));
    match set_thulium(state.store.as_ref(), &state.key, &mut integration, access).await {
        Ok(()) => {
            signed_in
                .audit(
                    &request,
                    "contact_center.thulium_save",
                    integration.name.as_str(),
                )
                .await?;
            flash(&session, signed_in.layout.t("flash-thulium-saved"));
            Ok(see_other(&format!(
                "/admin/contact-center/{}",
                integration.id
            )))
        }
        Err(ManageError::Field { field, message }) => {
            let mut page = page(signed_in, &integration);
            page.thulium_url = url;
            page.thulium_user = user;
            page.errors.add(field, message);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(error) => Err(error.into()),
    }
}

/// Reads one page of tickets modified from now on: changes nothing.
async fn test_connection(
    state: &AppState,
    integration: &ContactCenter,
    layout: &Layout,
) -> (bool, String) {
    let access = match thulium_access(integration, &state.key) {
        Ok(Some(access)) => access,
        Ok(None) => return (false, layout.t("thulium-test-no-user")),
        Err(reason) => return (false, reason),
    };
    let client = ThuliumClient::new(
        Duration::from_millis(state.settings.thulium.timeout_ms),
        state.settings.endpoint_policy(),
    );
    match client
        .tickets(&access, &format_time(crate::clock::now_ms()), 0)
        .await
    {
        Ok(_) => (true, layout.ta("thulium-test-ok", "url", &access.url)),
        Err(error @ (ThuliumError::Authentication(_) | ThuliumError::NotAllowed(_))) => {
            (false, error.to_string())
        }
        // One text for every other failure: telling a closed port from a
        // timeout or a status would map the network.
        Err(_) => (false, layout.t("thulium-test-unreachable")),
    }
}

pub async fn test_event(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let integration = owned(&state, &signed_in, &id).await?;
    let email = form.0.first("test_email").and_then(RespondentEmail::parse);
    let kind = form
        .0
        .first("test_type")
        .and_then(InteractionType::parse)
        .unwrap_or(InteractionType::TicketClosed);
    let Some(email) = email else {
        let mut page = page(signed_in, &integration);
        let message = page.layout.t("cc-test-email-missing");
        page.errors.add("test_email", message);
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let delivery = state
        .interactions
        .send_test(&integration, kind, email)
        .await?;
    flash(&session, signed_in.layout.t("flash-test-event"));
    Ok(see_other(&format!("/admin/deliveries/{delivery}")))
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
    delete_contact_center(state.store.as_ref(), integration.account_id, integration.id).await?;
    state.interactions.forget_integration(&integration);
    signed_in
        .audit(&request, "contact_center.delete", integration.name.as_str())
        .await?;
    flash(
        &session,
        signed_in
            .layout
            .ta("flash-cc-deleted", "name", integration.name.as_str()),
    );
    Ok(see_other("/admin/contact-center"))
}
