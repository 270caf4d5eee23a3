//! The account's SALESmanago access: settings (the secret write-only),
//! "Test connection", and resuming paused deliveries.

use super::auth::see_other;
use super::session::{app_state, flash, stash, take, CheckedForm, SignedIn};
use super::views::{FieldErrors, SalesmanagoPage};
use super::AdminResult;
use crate::delivery::credentials;
use crate::manage::{set_salesmanago, ManageError, SalesmanagoInput};
use crate::salesmanago::{SalesmanagoClient, SalesmanagoError};
use crate::web::page::render;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::HttpRequest;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

fn page(state: &AppState, signed_in: SignedIn) -> SalesmanagoPage {
    let account = &signed_in.account;
    let saved = account.salesmanago.as_ref();
    let secret_hint = saved.and_then(|sm| {
        let secret = state
            .key
            .decrypt(
                &sm.secret_encrypted,
                &crate::crypto::account_secret_context(account.id),
            )
            .ok()?;
        let chars: Vec<char> = secret.expose_secret().chars().collect();
        Some(chars[chars.len().saturating_sub(2)..].iter().collect())
    });
    SalesmanagoPage {
        endpoint: saved.map(|s| s.endpoint.clone()).unwrap_or_default(),
        client_id: saved.map(|s| s.client_id.clone()).unwrap_or_default(),
        owner: saved.map(|s| s.owner.clone()).unwrap_or_default(),
        prefix: account.property_prefix.as_str().to_owned(),
        secret_hint,
        errors: FieldErrors::default(),
        test_result: None,
        layout: signed_in.layout,
    }
}

/// Where "Test connection" leaves its result for the page it redirects to.
const TEST_RESULT_KEY: &str = "salesmanago_test";

pub async fn settings_page(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
) -> AdminResult {
    let state = app_state(&request);
    let mut page = page(&state, signed_in);
    page.test_result = take(&session, TEST_RESULT_KEY);
    Ok(render(StatusCode::OK, &page))
}

pub async fn save_settings(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let form = form.0;
    let text = |name: &str| form.first(name).unwrap_or_default().to_owned();
    let secret = text("api_secret");
    let input = SalesmanagoInput {
        endpoint: text("endpoint"),
        client_id: text("client_id"),
        owner: text("owner"),
        api_secret: (!secret.trim().is_empty()).then(|| SecretString::from(secret)),
        property_prefix: Some(text("prefix")),
    };
    match set_salesmanago(
        state.store.as_ref(),
        &state.key,
        signed_in.account_id(),
        input,
        state.settings.endpoint_policy(),
    )
    .await
    {
        Ok(resumed) => {
            tracing::info!(account.id = %signed_in.account_id(), admin.id = %signed_in.admin.id, "SALESmanago access saved in the admin");
            signed_in
                .audit(
                    &request,
                    "salesmanago.save",
                    "endpoint, client id, owner, API secret",
                )
                .await?;
            let layout = &signed_in.layout;
            let mut text = layout.t("flash-sm-saved");
            if resumed > 0 {
                text = format!("{text} {}", layout.tn("flash-resumed", resumed as i64));
            }
            flash(&session, text);
            state.wake.deliveries_due();
            Ok(see_other("/admin/salesmanago"))
        }
        Err(ManageError::Field { field, message }) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            let mut page = page(&state, signed_in);
            page.endpoint = text("endpoint");
            page.client_id = text("client_id");
            page.owner = text("owner");
            page.prefix = text("prefix");
            page.errors = errors;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(error) => Err(error.into()),
    }
}

/// Calls SALESmanago's `hasContact` for the owner with the saved settings,
/// then shows the result on the settings page (a redirect: reloading the
/// page does not test again).
pub async fn test_connection(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    _form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let layout = &signed_in.layout;
    let result = match credentials(&signed_in.account, &state.key) {
        Err(reason) => (false, reason),
        Ok(credentials) => {
            let client = SalesmanagoClient::new(
                Duration::from_millis(state.settings.salesmanago.timeout_ms),
                state.settings.endpoint_policy(),
            );
            match client.has_contact(&credentials, &credentials.owner).await {
                Ok(_) => (
                    true,
                    layout.ta("sm-test-ok", "endpoint", credentials.endpoint.as_str()),
                ),
                Err(SalesmanagoError::Authentication(message)) => {
                    (false, layout.ta("sm-test-refused", "message", message))
                }
                // One text for every network failure: telling a closed port
                // from a timeout or an HTTP status would map the network.
                Err(SalesmanagoError::Retryable { .. }) => (false, layout.t("sm-test-unreachable")),
                Err(
                    SalesmanagoError::Rejected(message)
                    | SalesmanagoError::ContactNotFound(message),
                ) => (false, layout.ta("contact-answered", "message", message)),
                Err(SalesmanagoError::Misconfigured(message)) => (
                    false,
                    layout.ta("sm-test-not-salesmanago", "message", message),
                ),
            }
        }
    };
    stash(&session, TEST_RESULT_KEY, &result);
    Ok(see_other("/admin/salesmanago"))
}

pub async fn resume(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    _form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let resumed = state
        .store
        .resume_account(signed_in.account_id(), crate::clock::now_ms())
        .await?;
    state.wake.deliveries_due();
    signed_in
        .audit(
            &request,
            "salesmanago.resume",
            format!("{resumed} deliveries resumed"),
        )
        .await?;
    flash(
        &session,
        signed_in.layout.tn("flash-resumed", resumed as i64),
    );
    Ok(see_other("/admin/deliveries"))
}
