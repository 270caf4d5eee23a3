//! The account's response webhook: set (a new signing secret, shown once),
//! replaced, removed. Deliveries to it are in the ledger with the others.

use super::auth::see_other;
use super::session::{app_state, flash, CheckedForm, SignedIn};
use super::views::{FieldErrors, Layout};
use super::AdminResult;
use crate::delivery::{send_test_post, webhook_target, WebhookClient};
use crate::manage::{check_webhook_url, remove_webhook, set_webhook, shown_webhook_url};
use crate::web::page::render;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use secrecy::ExposeSecret;
use std::time::Duration;

#[derive(Template)]
#[template(path = "admin/webhook.html")]
pub struct WebhookPage {
    pub layout: Layout,
    /// Scheme and host of the address set now, if any.
    pub current: Option<String>,
    /// The new signing secret, in this response only.
    pub secret: Option<String>,
    /// What was typed, kept after a mistake.
    pub typed: String,
    pub errors: FieldErrors,
}

fn page(
    signed_in: SignedIn,
    secret: Option<String>,
    typed: String,
    errors: FieldErrors,
) -> HttpResponse {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(
        status,
        &WebhookPage {
            current: signed_in
                .account
                .webhook
                .as_ref()
                .map(|w| shown_webhook_url(&w.url)),
            secret,
            typed,
            errors,
            layout: signed_in.layout,
        },
    )
}

/// Posts a signed ping and says what came back, on the page it redirects
/// to (a reload does not post again).
async fn test(state: &AppState, session: &Session, signed_in: &SignedIn) -> AdminResult {
    let layout = &signed_in.layout;
    let outcome = match webhook_target(&signed_in.account, &state.key) {
        Ok(target) => {
            let timeout = Duration::from_millis(state.settings.salesmanago.timeout_ms);
            let client = WebhookClient::new(timeout, state.settings.endpoint_policy());
            match send_test_post(&client, &target).await {
                Ok(status) if status.is_success() => {
                    layout.ta("flash-webhook-test-ok", "status", status)
                }
                Ok(status) => layout.ta("flash-webhook-test-refused", "status", status),
                Err(reason) => layout.ta("flash-webhook-test-unreachable", "reason", reason),
            }
        }
        Err(reason) => layout.ta("flash-webhook-test-unreachable", "reason", reason),
    };
    flash(session, outcome);
    Ok(see_other("/admin/webhook"))
}

pub async fn show(signed_in: SignedIn) -> AdminResult {
    Ok(page(signed_in, None, String::new(), FieldErrors::default()))
}

pub async fn save(
    request: HttpRequest,
    session: Session,
    mut signed_in: SignedIn,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let store = state.store.as_ref();
    let account_id = signed_in.account_id();
    if form.0.first("action") == Some("test") {
        return test(&state, &session, &signed_in).await;
    }
    if form.0.first("action") == Some("remove") {
        remove_webhook(store, account_id).await?;
        tracing::info!(account.id = %account_id, admin.id = %signed_in.admin.id, "webhook removed");
        signed_in.audit(&request, "webhook.remove", "").await?;
        flash(&session, signed_in.layout.t("flash-webhook-removed"));
        return Ok(see_other("/admin/webhook"));
    }
    let typed = form
        .0
        .first("webhook_url")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let policy = state.settings.endpoint_policy();
    if let Err(problem) = check_webhook_url(&typed, policy) {
        let mut errors = FieldErrors::default();
        errors.add(
            "webhook_url",
            signed_in
                .layout
                .t(&format!("webhook-url-{}", problem.code())),
        );
        return Ok(page(signed_in, None, typed, errors));
    }
    let secret = set_webhook(store, &state.key, account_id, &typed, policy).await?;
    tracing::info!(account.id = %account_id, admin.id = %signed_in.admin.id, "webhook set");
    signed_in
        .audit(&request, "webhook.set", shown_webhook_url(&typed))
        .await?;
    // Shown as it is now, with the secret in this answer only (never
    // flashed: a flash lives in the session cookie).
    signed_in.account = store
        .account(account_id)
        .await?
        .unwrap_or(signed_in.account);
    Ok(page(
        signed_in,
        Some(secret.expose_secret().to_owned()),
        String::new(),
        FieldErrors::default(),
    ))
}
