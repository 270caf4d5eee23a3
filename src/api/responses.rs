//! Responses: read them, and take them in from other tools exactly like a
//! form submission (same checks, storage and forwarding).

use super::auth::ApiAccount;
use super::body::read_json;
use super::error::{ApiError, ApiResult};
use super::models::{
    next_cursor, page_params, status_param, AnswerValue, DeliveryRef, InboundAccepted,
    InboundResponse, ResponseJson, ResponsePage,
};
use super::surveys::owned;
use crate::db::{ResponseDeliveryStatus, ResponseFilter, ResponseRow};
use crate::domain::survey::NotTaking;
use crate::domain::{FormFields, MAX_FIELDS};
use crate::submission::{LinkContact, Submission, SubmitError, Trust};
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};
use uuid::Uuid;

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct ResponseQuery {
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1–500, default 50.
    limit: Option<i64>,
    /// Only responses at or after this time (RFC 3339).
    from: Option<String>,
    /// Only responses before this time (RFC 3339).
    to: Option<String>,
    /// Delivery status: `pending`, `delivered`, `failed`, `paused`, `skipped` or `not_sent`.
    status: Option<String>,
}

fn time_param(field: &str, raw: Option<&str>) -> ApiResult<Option<i64>> {
    raw.map(|raw| {
        time::OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339)
            .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
            .map_err(|_| {
                ApiError::invalid(field, "use an RFC 3339 time, e.g. 2026-11-22T00:00:00Z")
            })
    })
    .transpose()
}

impl ResponseQuery {
    fn filter(&self) -> ApiResult<ResponseFilter> {
        let (limit, before) = page_params(self.limit, self.cursor.as_deref())?;
        let status = match self.status.as_deref() {
            Some("not_sent") => Some(ResponseDeliveryStatus::NotSent),
            raw => status_param(raw)?.map(ResponseDeliveryStatus::Delivery),
        };
        Ok(ResponseFilter {
            from: time_param("from", self.from.as_deref())?,
            to: time_param("to", self.to.as_deref())?,
            status,
            before,
            limit,
        })
    }
}

/// A survey's responses, newest first.
#[utoipa::path(get, path = "/api/v1/surveys/{slug}/responses", tag = "responses",
    params(("slug" = String, Path), ResponseQuery),
    responses((status = 200, body = ResponsePage), (status = 404, body = super::error::ErrorBody),
              (status = 422, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    api: ApiAccount,
    slug: web::Path<String>,
    query: web::Query<ResponseQuery>,
) -> ApiResult<HttpResponse> {
    let stored = owned(&state, &api, &slug).await?;
    let filter = query.filter()?;
    let rows = state
        .store
        .response_page(api.account.id, stored.id, &filter)
        .await?;
    let next_cursor = next_cursor(
        rows.len(),
        filter.limit,
        rows.last().map(|r| (r.response.created_at, r.response.id)),
    );
    Ok(HttpResponse::Ok().json(ResponsePage {
        data: rows.into_iter().map(ResponseJson::from).collect(),
        next_cursor,
    }))
}

/// One response.
#[utoipa::path(get, path = "/api/v1/responses/{id}", tag = "responses",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ResponseJson), (status = 404, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn get(
    state: web::Data<AppState>,
    api: ApiAccount,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let row = match Uuid::parse_str(&id) {
        Ok(id) => state.store.response(api.account.id, id).await?,
        Err(_) => None,
    };
    let row = row.ok_or_else(|| ApiError::not_found("response"))?;
    Ok(HttpResponse::Ok().json(ResponseJson::from(row)))
}

/// The `Idempotency-Key` header, stored as the response's submission token.
fn idempotency_token(request: &HttpRequest) -> ApiResult<Option<String>> {
    let Some(value) = request.headers().get("Idempotency-Key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| (1..=255).contains(&k.len()));
    let key = key.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 255 visible characters",
        )
        .field("Idempotency-Key")
    })?;
    Ok(Some(format!(
        "api:{}",
        hex::encode(Sha256::digest(key.as_bytes()))
    )))
}

/// Submit a response: checked, stored and forwarded to SALESmanago like a form.
#[utoipa::path(post, path = "/api/v1/surveys/{slug}/responses", tag = "responses",
    params(("slug" = String, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key create one response")),
    request_body = InboundResponse,
    responses((status = 201, body = InboundAccepted), (status = 200, description = "A replay of the same Idempotency-Key", body = InboundAccepted),
              (status = 400, body = super::error::ErrorBody), (status = 404, body = super::error::ErrorBody),
              (status = 409, body = super::error::ErrorBody), (status = 413, body = super::error::ErrorBody),
              (status = 422, body = super::error::ErrorBody), (status = 429, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn inbound(
    request: HttpRequest,
    state: web::Data<AppState>,
    api: ApiAccount,
    slug: web::Path<String>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let token = idempotency_token(&request)?;
    let loaded = state
        .submissions
        .load(&slug)
        .await?
        .filter(|loaded| loaded.stored.account_id == api.account.id)
        .ok_or_else(|| ApiError::not_found("survey"))?;
    let (stored, survey) = (&loaded.stored, &loaded.survey);
    let body: InboundResponse = read_json(payload).await?;
    let submission = submission(survey, body, token.clone())?;
    let (link, hidden) = (submission.link.clone(), submission.hidden.clone());
    let accepted = match state.submissions.submit(&loaded, submission).await {
        Ok(accepted) => accepted,
        Err(SubmitError::Invalid { errors, .. }) => {
            let (id, message) = survey
                .questions
                .iter()
                .find_map(|q| errors.get(&q.id).map(|m| (q.id.clone(), *m)))
                .unwrap_or_default();
            return Err(ApiError::invalid(format!("answers.{id}"), message));
        }
        Err(SubmitError::AlreadyFilled) => {
            return Err(ApiError::conflict("the survey was already filled"))
        }
        Err(SubmitError::NotTaking(NotTaking::Closed)) => {
            return Err(ApiError::conflict(
                "the survey is closed: it takes no answers",
            ))
        }
        Err(SubmitError::NotTaking(NotTaking::NotYet)) => {
            return Err(ApiError::conflict("the survey is not open yet"))
        }
        Err(SubmitError::NotTaking(NotTaking::Full)) => {
            return Err(ApiError::conflict(
                "the survey holds as many responses as its limit allows: it takes no more",
            ))
        }
        Err(SubmitError::Unavailable(error)) => return Err(error.into()),
    };
    if !accepted.duplicate {
        let row = state
            .store
            .response(api.account.id, accepted.response_id)
            .await?;
        return Ok(HttpResponse::Created().json(accepted_json(accepted.response_id, row, false)));
    }
    // The same Idempotency-Key again: a replay if the body is the same.
    let token = token.expect("only a token makes a duplicate");
    let existing = state
        .store
        .response_by_token(stored.id, &token)
        .await?
        .ok_or_else(|| anyhow::anyhow!("a duplicate without its original"))?;
    let same = existing.response.answers == accepted.answers
        && existing.response.hidden == hidden
        && existing.response.smclientid.clone().unwrap_or_default() == link.smclientid.trim();
    if !same {
        return Err(ApiError::conflict(
            "this Idempotency-Key was used for a different response; use a new key",
        )
        .field("Idempotency-Key"));
    }
    Ok(HttpResponse::Ok().json(accepted_json(existing.response.id, Some(existing), true)))
}

fn accepted_json(id: Uuid, row: Option<ResponseRow>, replayed: bool) -> InboundAccepted {
    InboundAccepted {
        id,
        replayed,
        delivery: row.and_then(|r| {
            r.delivery_id
                .zip(r.delivery_status)
                .map(|(id, status)| DeliveryRef {
                    id,
                    status: status.as_str().to_owned(),
                })
        }),
    }
}

/// The JSON as a submission, after refusing what a form would silently
/// ignore: unknown questions and undeclared hidden fields. The token's
/// holder is the account itself: its `smclientid` needs no link signature.
fn submission(
    survey: &crate::domain::Survey,
    body: InboundResponse,
    token: Option<String>,
) -> ApiResult<Submission> {
    let mut pairs = Vec::new();
    for (id, value) in body.answers {
        if survey.question(&id).is_none() {
            return Err(ApiError::invalid(
                format!("answers.{id}"),
                "the survey has no question with this id",
            ));
        }
        match value {
            AnswerValue::One(v) => pairs.push((id, v)),
            AnswerValue::Many(values) => pairs.extend(values.into_iter().map(|v| (id.clone(), v))),
        }
    }
    let mut hidden = Vec::new();
    for (name, value) in body.hidden {
        if !survey.hidden_fields.iter().any(|f| f.name == name) {
            return Err(ApiError::invalid(
                format!("hidden.{name}"),
                "the survey declares no hidden field with this name",
            ));
        }
        hidden.push((name, value));
    }
    // The form's limit: checking answers costs per value, and a valid
    // response never has this many.
    if pairs.len() + hidden.len() > MAX_FIELDS {
        return Err(ApiError::invalid(
            "answers",
            format!("too many values: a response has at most {MAX_FIELDS} in all"),
        ));
    }
    Ok(Submission {
        answers: FormFields::from_pairs(pairs),
        link: LinkContact {
            smclientid: body.smclientid.unwrap_or_default(),
            sig: String::new(),
        },
        trust: Trust::Account,
        hidden,
        browser: None,
        token,
    })
}
