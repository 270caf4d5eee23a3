//! API tokens for the JSON API: list, create (shown once), revoke.

use super::auth::see_other;
use super::session::{app_state, flash, CheckedForm, SignedIn};
use super::views::{FieldErrors, TokenRow, TokensPage};
use super::AdminError;
use super::{parse_id, AdminResult};
use crate::db::TokenScope;
use crate::manage::{create_card_key, create_token, ManageError};
use crate::web::page::render;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use secrecy::ExposeSecret;

async fn page(
    state: &AppState,
    signed_in: SignedIn,
    created: Option<(TokenScope, String)>,
    errors: FieldErrors,
) -> anyhow::Result<TokensPage> {
    let card_url = match &created {
        Some((TokenScope::Card, key)) => Some(format!(
            "{}/card?key={key}&email={{email}}",
            state.settings.public_url_base().unwrap_or_default()
        )),
        _ => None,
    };
    let tokens = state.store.tokens(signed_in.account_id()).await?;
    Ok(TokensPage {
        tokens: tokens
            .into_iter()
            .rev()
            .map(|t| TokenRow {
                id: t.id.to_string(),
                name: t.name,
                kind: match t.scope {
                    TokenScope::Api => signed_in.layout.t("token-kind-api"),
                    TokenScope::Card => signed_in.layout.t("token-kind-card"),
                },
                created: signed_in.layout.time(t.created_at),
                last_used: t
                    .last_used_at
                    .map(|at| signed_in.layout.time(at))
                    .unwrap_or_default(),
                revoked: t.revoked_at.map(|at| signed_in.layout.time(at)),
            })
            .collect(),
        created: created.map(|(_, token)| token),
        card_url,
        errors,
        layout: signed_in.layout,
    })
}

pub async fn list(request: HttpRequest, signed_in: SignedIn) -> AdminResult {
    let state = app_state(&request);
    let page = page(&state, signed_in, None, FieldErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// Shows the new token in this response only: it is never stored or flashed.
pub async fn create(request: HttpRequest, signed_in: SignedIn, form: CheckedForm) -> AdminResult {
    let state = app_state(&request);
    let name = form.0.first("name").unwrap_or_default().to_owned();
    let card = form.0.first("kind") == Some("card");
    let created = if card {
        create_card_key(state.store.as_ref(), signed_in.account_id(), &name).await
    } else {
        create_token(state.store.as_ref(), signed_in.account_id(), &name).await
    };
    match created {
        Ok((record, token)) => {
            tracing::info!(token.id = %record.id, token.scope = record.scope.as_str(), admin.id = %signed_in.admin.id, "token created in the admin");
            signed_in
                .audit(
                    &request,
                    "token.create",
                    format!("{} ({}, {})", record.name, record.scope.as_str(), record.id),
                )
                .await?;
            let page = page(
                &state,
                signed_in,
                Some((record.scope, token.expose_secret().to_owned())),
                FieldErrors::default(),
            )
            .await?;
            Ok(render(StatusCode::OK, &page))
        }
        Err(ManageError::Invalid(message)) => {
            let mut errors = FieldErrors::default();
            errors.add("name", message);
            let page = page(&state, signed_in, None, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn revoke(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
    _form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let Some(id) = parse_id(&id) else {
        return Err(AdminError::NotFound);
    };
    let revoked = state
        .store
        .revoke_token(Some(signed_in.account_id()), id, crate::clock::now_ms())
        .await?;
    if !revoked {
        return Err(AdminError::NotFound);
    }
    signed_in
        .audit(&request, "token.revoke", id.to_string())
        .await?;
    flash(&session, signed_in.layout.t("flash-token-revoked"));
    Ok(see_other("/admin/tokens"))
}
