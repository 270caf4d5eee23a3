//! `Authorization: Bearer <token>`: every call is scoped to the token's account.

use super::error::ApiError;
use crate::db::{Account, TokenScope};
use crate::manage::audit::Actor;
use crate::manage::token_sha256;
use crate::web::AppState;
use actix_web::dev::Payload;
use actix_web::http::{header, StatusCode};
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

/// The account whose token signed the request.
pub struct ApiAccount {
    pub account: Account,
    /// The token and the client's address, for the audit log.
    pub actor: Actor,
}

impl ApiAccount {
    /// Writes the audit log's entry of an action this token just did.
    pub async fn audit(
        &self,
        state: &AppState,
        action: &str,
        detail: impl Into<String>,
    ) -> anyhow::Result<()> {
        crate::manage::audit::record(
            state.store.as_ref(),
            self.account.id,
            &self.actor,
            action,
            detail,
            crate::clock::now_ms(),
        )
        .await
    }
}

impl FromRequest for ApiAccount {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let ip = state
            .as_ref()
            .and_then(|state| state.limits.client_ip(request))
            .map(|ip| ip.to_string());
        let bearer = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned());
        Box::pin(async move {
            let state = state.expect("AppState is registered on the app");
            let Some(token) = bearer.filter(|t| !t.is_empty()) else {
                return Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "send an API token as `Authorization: Bearer <token>` (ankieter token create)",
                ));
            };
            let found = state
                .store
                .use_token(&token_sha256(&token), crate::clock::now_ms())
                .await?;
            let Some(found) = found else {
                return Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "the API token is not valid",
                ));
            };
            if found.revoked_at.is_some() {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "token_revoked",
                    "this API token was revoked; create a new one",
                ));
            }
            if found.scope != TokenScope::Api {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "card_key",
                    "this is a card key: it opens only the contact card (/card), not the API",
                ));
            }
            if let Err(wait) = state.limits.check_api(found.account_id) {
                return Err(ApiError::rate_limited(wait));
            }
            let account = state
                .store
                .account(found.account_id)
                .await?
                .ok_or_else(|| {
                    anyhow::anyhow!("the token's account {} is gone", found.account_id)
                })?;
            Ok(Self {
                account,
                actor: Actor::token(&found.name, ip),
            })
        })
    }
}
