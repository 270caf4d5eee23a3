//! The HTTP client for an account's SALESmanago. It decides on `success`, not
//! on the status code, and sorts every failure into what the caller does next.

use super::request::{
    auth_fields, basic_body, ext_event_body, survey_event_body, update_body, upsert_body,
    Credentials, EventContact,
};
use crate::domain::EndpointPolicy;
use crate::domain::{ContactChanges, ContactId, EventPlan, RespondentEmail, SurveyEvent};
use crate::outbound::{check_literal, http_client, retry_after, NotPublic};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

const EXT_EVENT_PATH: &str = "/api/v2/contact/addContactExtEvent";

/// The `Content-Type` of every call.
pub const JSON_UTF8: &str = "application/json;charset=UTF-8";

#[derive(Clone)]
pub struct SalesmanagoClient {
    http: reqwest::Client,
    /// Whether calls may go to any address, or to public ones only.
    policy: EndpointPolicy,
}

/// What SALESmanago said when it accepted a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub contact_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SalesmanagoError {
    /// Timeouts, connection errors, 5xx, 429: try again later.
    #[error("temporary failure: {reason}")]
    Retryable {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// The account's credentials are wrong: no message will get through.
    #[error("authentication failed: {0}")]
    Authentication(String),
    /// `update` addressed a contact id SALESmanago does not know, or an
    /// event was refused because its contact does not exist.
    #[error("contact not found: {0}")]
    ContactNotFound(String),
    /// SALESmanago refused this request (validation): retrying will not help.
    #[error("rejected: {0}")]
    Rejected(String),
    /// The endpoint is set wrong: it answered with a redirect (SALESmanago's
    /// API does not redirect, and following it would send the signed body
    /// and the respondent's answers to another address), or it leads to an
    /// address the server may not call.
    #[error("misconfigured: {0}")]
    Misconfigured(String),
}

/// The most of an answer that is read: SALESmanago's answers are a few
/// hundred bytes, and a larger one is not an answer (it would be read whole
/// on every retry otherwise).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

impl SalesmanagoClient {
    /// A client whose calls end within `timeout`. With
    /// [`EndpointPolicy::SalesmanagoOnly`] it connects only to public
    /// addresses (see `outbound`).
    pub fn new(timeout: Duration, policy: EndpointPolicy) -> Self {
        let public_only = policy == EndpointPolicy::SalesmanagoOnly;
        let http = http_client(timeout, public_only);
        Self { http, policy }
    }

    pub async fn upsert(
        &self,
        credentials: &Credentials,
        email: &RespondentEmail,
        changes: &ContactChanges,
    ) -> Result<Accepted, SalesmanagoError> {
        let body = upsert_body(fresh_auth(credentials), email.as_str(), changes);
        self.post(credentials, "/api/contact/upsert", &body)
            .await
            .map(accepted)
    }

    pub async fn update(
        &self,
        credentials: &Credentials,
        contact_id: &ContactId,
        changes: &ContactChanges,
    ) -> Result<Accepted, SalesmanagoError> {
        let body = update_body(fresh_auth(credentials), &contact_id.as_string(), changes);
        self.post(credentials, "/api/contact/update", &body)
            .await
            .map(accepted)
    }

    /// Adds the plan's external event to the contact with its e-mail.
    pub async fn add_ext_event(
        &self,
        credentials: &Credentials,
        plan: &EventPlan,
    ) -> Result<(), SalesmanagoError> {
        let body = ext_event_body(fresh_auth(credentials), plan);
        self.post(credentials, EXT_EVENT_PATH, &body)
            .await
            .map(|_| ())
    }

    /// A survey response's `SURVEY` event, on the contact its properties
    /// were just written to.
    pub async fn add_survey_event(
        &self,
        credentials: &Credentials,
        contact: EventContact<'_>,
        event: &SurveyEvent,
    ) -> Result<(), SalesmanagoError> {
        let body = survey_event_body(fresh_auth(credentials), contact, event);
        self.post(credentials, EXT_EVENT_PATH, &body)
            .await
            .map(|_| ())
    }

    /// Whether SALESmanago has a contact with this e-mail, by
    /// `contact/basic`: an empty `contacts` list means none (`hasContact`'s
    /// answer is read differently by different clients, so it is not used).
    pub async fn contact_exists(
        &self,
        credentials: &Credentials,
        email: &RespondentEmail,
    ) -> Result<bool, SalesmanagoError> {
        let body = basic_body(fresh_auth(credentials), email.as_str());
        let answer = self.post(credentials, "/api/contact/basic", &body).await?;
        match answer.get("contacts") {
            Some(Value::Array(contacts)) => Ok(!contacts.is_empty()),
            Some(Value::Null) | None => Ok(false),
            Some(_) => Err(SalesmanagoError::Retryable {
                reason: "contact/basic answered without a list of contacts".into(),
                retry_after: None,
            }),
        }
    }

    /// What SALESmanago knows about the contact with this e-mail
    /// (`contact/list`); `None` when it has no such contact. Properties
    /// starting with one of `survey_prefixes` come first.
    pub async fn contact_card(
        &self,
        credentials: &Credentials,
        email: &RespondentEmail,
        survey_prefixes: &[&str],
    ) -> Result<Option<super::CardContact>, SalesmanagoError> {
        let body = basic_body(fresh_auth(credentials), email.as_str());
        let answer = self.post(credentials, "/api/contact/list", &body).await?;
        Ok(super::parse_contact_list(&answer, survey_prefixes))
    }

    /// Asks whether `email` is a contact: a call that changes nothing, for
    /// checking the account's access. `Some(found)` when SALESmanago says.
    pub async fn has_contact(
        &self,
        credentials: &Credentials,
        email: &str,
    ) -> Result<Option<bool>, SalesmanagoError> {
        let mut body = fresh_auth(credentials);
        body.insert("email".into(), Value::String(email.to_owned()));
        let answer = self
            .post(credentials, "/api/contact/hasContact", &Value::Object(body))
            .await?;
        Ok(answer.get("result").and_then(Value::as_bool))
    }

    async fn post(
        &self,
        credentials: &Credentials,
        path: &str,
        body: &Value,
    ) -> Result<Value, SalesmanagoError> {
        let url = reqwest::Url::parse(&credentials.endpoint.url(path)).map_err(|e| {
            SalesmanagoError::Misconfigured(format!("the endpoint is not a URL: {e}"))
        })?;
        if self.policy == EndpointPolicy::SalesmanagoOnly {
            check_literal(&url).map_err(|e| SalesmanagoError::Misconfigured(e.to_string()))?;
        }
        let response = self
            .http
            .post(url)
            // SALESmanago's documentation and its public clients name the
            // charset: a server that assumed ISO-8859-1 would garble Polish.
            .header(CONTENT_TYPE, JSON_UTF8)
            .body(body.to_string())
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        if status.is_redirection() {
            let to = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|location| location.to_str().ok())
                .unwrap_or("no Location");
            return Err(SalesmanagoError::Misconfigured(format!(
                "the endpoint answered HTTP {} (to {to}) instead of SALESmanago's API: check the endpoint",
                status.as_u16()
            )));
        }
        let retry_after = retry_after(response.headers());
        let text = match read_bounded(response).await? {
            Some(text) => text,
            None => {
                return Err(SalesmanagoError::Retryable {
                    reason: format!(
                        "HTTP {} with an answer over {} KB: not a SALESmanago answer",
                        status.as_u16(),
                        MAX_ANSWER_BYTES / 1024
                    ),
                    retry_after,
                })
            }
        };
        let addresses_contact = path.ends_with("/update") || path == EXT_EVENT_PATH;
        classify(status, retry_after, &text, addresses_contact)
    }
}

/// The answer's text, or `None` when it is longer than [`MAX_ANSWER_BYTES`]
/// (reading stops there).
async fn read_bounded(mut response: reqwest::Response) -> Result<Option<String>, SalesmanagoError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(String::from_utf8_lossy(&body).into_owned()))
}

fn fresh_auth(credentials: &Credentials) -> serde_json::Map<String, Value> {
    let api_key = uuid::Uuid::new_v4().simple().to_string();
    auth_fields(credentials, &api_key, crate::clock::now_ms())
}

fn accepted(answer: Value) -> Accepted {
    Accepted {
        contact_id: answer
            .get("contactId")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

fn transport_error(error: reqwest::Error) -> SalesmanagoError {
    // A name that resolves only to this server's own networks.
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(cause) = source {
        if let Some(not_public) = cause.downcast_ref::<NotPublic>() {
            return SalesmanagoError::Misconfigured(not_public.to_string());
        }
        source = cause.source();
    }
    let reason = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        // reqwest's Display includes the URL: the endpoint, never a secret.
        format!("transport error: {error}")
    };
    SalesmanagoError::Retryable {
        reason,
        retry_after: None,
    }
}

/// `Retry-After` as seconds or as an HTTP date.
/// Sorts a SALESmanago answer into success or one of the error kinds.
pub fn classify(
    status: StatusCode,
    retry_after: Option<Duration>,
    text: &str,
    addresses_contact: bool,
) -> Result<Value, SalesmanagoError> {
    if status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
        || status == StatusCode::REQUEST_TIMEOUT
    {
        return Err(SalesmanagoError::Retryable {
            reason: format!("HTTP {}", status.as_u16()),
            retry_after,
        });
    }
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let success = parsed
        .as_ref()
        .and_then(|v| v.get("success"))
        .and_then(Value::as_bool);
    let message = parsed.as_ref().map(message_of).unwrap_or_default();
    match success {
        Some(true) => Ok(parsed.unwrap_or_default()),
        _ if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
            || is_auth_message(&message) =>
        {
            Err(SalesmanagoError::Authentication(or_status(message, status)))
        }
        Some(false) if addresses_contact && is_missing_contact_message(&message) => {
            Err(SalesmanagoError::ContactNotFound(message))
        }
        Some(false) => Err(SalesmanagoError::Rejected(or_status(message, status))),
        // A 2xx without a JSON verdict is a proxy or an outage page, not an answer.
        None if status.is_success() => Err(SalesmanagoError::Retryable {
            reason: format!("HTTP {} without a SALESmanago answer", status.as_u16()),
            retry_after,
        }),
        None => Err(SalesmanagoError::Rejected(format!(
            "HTTP {}",
            status.as_u16()
        ))),
    }
}

fn or_status(message: String, status: StatusCode) -> String {
    if message.is_empty() {
        format!("HTTP {}", status.as_u16())
    } else {
        message
    }
}

/// SALESmanago sends `message` as a list of strings (sometimes one string).
fn message_of(answer: &Value) -> String {
    match answer.get("message") {
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::String(text)) => text.clone(),
        _ => String::new(),
    }
}

fn is_auth_message(message: &str) -> bool {
    let lower = message.to_lowercase();
    [
        "not authenticated",
        "authentication",
        "unauthorized",
        "invalid owner",
        "invalid sha",
        "invalid client",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

fn is_missing_contact_message(message: &str) -> bool {
    let lower = message.to_lowercase();
    [
        "not exist",
        "not found",
        "no contact",
        "nie istnieje",
        "neexistuje",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(status: u16, body: &str, update: bool) -> Result<Value, SalesmanagoError> {
        classify(StatusCode::from_u16(status).unwrap(), None, body, update)
    }

    #[test]
    fn success_is_decided_by_the_body_not_the_status() {
        assert!(verdict(200, r#"{"success":true,"contactId":"x"}"#, false).is_ok());
        assert!(
            matches!(verdict(200, r#"{"success":false,"message":["Bad email"]}"#, false), Err(SalesmanagoError::Rejected(m)) if m == "Bad email")
        );
    }

    #[test]
    fn failures_are_sorted_by_what_to_do_next() {
        assert!(matches!(
            verdict(
                200,
                r#"{"success":false,"message":["Not authenticated, invalid owner"]}"#,
                false
            ),
            Err(SalesmanagoError::Authentication(_))
        ));
        assert!(matches!(
            verdict(401, "", false),
            Err(SalesmanagoError::Authentication(_))
        ));
        assert!(matches!(
            verdict(503, "", false),
            Err(SalesmanagoError::Retryable { .. })
        ));
        assert!(matches!(
            verdict(429, "", false),
            Err(SalesmanagoError::Retryable { .. })
        ));
        assert!(matches!(
            verdict(200, "<html>proxy</html>", false),
            Err(SalesmanagoError::Retryable { .. })
        ));
        assert!(matches!(
            verdict(400, "<html>bad</html>", false),
            Err(SalesmanagoError::Rejected(_))
        ));
        assert!(matches!(
            verdict(
                200,
                r#"{"success":false,"message":["Contact does not exist"]}"#,
                true
            ),
            Err(SalesmanagoError::ContactNotFound(_))
        ));
        assert!(matches!(
            verdict(
                200,
                r#"{"success":false,"message":"Contact does not exist"}"#,
                false
            ),
            Err(SalesmanagoError::Rejected(_))
        ));
    }
}
