//! The HTTP side: Basic auth, bounded answers, no redirects, and (unless the
//! operator allows any endpoint) only `*.thulium.com` on public addresses.

use super::tickets::{parse_chat_queues, parse_ticket, parse_tickets, ChatQueue, Ticket};
use crate::domain::EndpointPolicy;
use crate::outbound::{check_literal, http_client};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use std::time::Duration;

/// The most of an answer that is read: a page of 100 tickets fits easily.
const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;
/// Tickets per page, Thulium's largest.
pub const PAGE: usize = 100;

/// An integration's API user, with the password decrypted for the calls.
#[derive(Clone)]
pub struct ThuliumAccess {
    /// `https://<system>.thulium.com/api`
    pub url: String,
    pub user: String,
    pub password: SecretString,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThuliumError {
    #[error("Thulium refused the API user (HTTP {0}): check the user and password")]
    Authentication(u16),
    #[error("Thulium's address is not allowed: {0}")]
    NotAllowed(String),
    #[error("Thulium could not be reached: {0}")]
    Unavailable(String),
    #[error("Thulium answered something ankieter cannot read: {0}")]
    Garbled(String),
    #[error("Thulium refused the request: {0}")]
    Rejected(String),
}

#[derive(Clone)]
pub struct ThuliumClient {
    http: reqwest::Client,
    policy: EndpointPolicy,
}

impl ThuliumClient {
    pub fn new(timeout: Duration, policy: EndpointPolicy) -> Self {
        let http = http_client(timeout, policy == EndpointPolicy::SalesmanagoOnly);
        Self { http, policy }
    }

    /// Tickets modified since `date_from` (Thulium's `YYYY-MM-DD HH:MM:SS`),
    /// one page.
    pub async fn tickets(
        &self,
        access: &ThuliumAccess,
        date_from: &str,
        offset: usize,
    ) -> Result<Vec<Ticket>, ThuliumError> {
        let query = [
            ("date_from", date_from.to_owned()),
            ("limit", PAGE.to_string()),
            ("offset", offset.to_string()),
        ];
        let answer = self.get_json(access, "tickets", &query).await?;
        parse_tickets(&answer).ok_or_else(|| ThuliumError::Garbled("tickets: no list".into()))
    }

    /// One ticket with its messages.
    pub async fn ticket(&self, access: &ThuliumAccess, id: &str) -> Result<Ticket, ThuliumError> {
        let answer = self.get_json(access, &format!("tickets/{id}"), &[]).await?;
        parse_ticket(&answer).ok_or_else(|| ThuliumError::Garbled(format!("ticket {id}")))
    }

    pub async fn chat_queues(
        &self,
        access: &ThuliumAccess,
    ) -> Result<Vec<ChatQueue>, ThuliumError> {
        let answer = self.get_json(access, "chats/queues", &[]).await?;
        parse_chat_queues(&answer).ok_or_else(|| ThuliumError::Garbled("chats/queues".into()))
    }

    pub(super) async fn get_json(
        &self,
        access: &ThuliumAccess,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Value, ThuliumError> {
        let bytes = self
            .call(
                access,
                reqwest::Method::GET,
                path,
                query,
                None,
                MAX_ANSWER_BYTES,
            )
            .await?;
        serde_json::from_slice(&bytes)
            .map_err(|_| ThuliumError::Garbled(format!("{path}: not JSON")))
    }

    /// A JSON call; an empty answer is `null`.
    pub(super) async fn send_json(
        &self,
        access: &ThuliumAccess,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> Result<Value, ThuliumError> {
        let bytes = self
            .call(access, method, path, &[], Some(body), MAX_ANSWER_BYTES)
            .await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&bytes)
            .map_err(|_| ThuliumError::Garbled(format!("{path}: not JSON")))
    }

    /// A file under the API (a path, or a URL on the API's own host: the
    /// API user's password goes nowhere else), up to `max_bytes`.
    pub(super) async fn fetch_bytes(
        &self,
        access: &ThuliumAccess,
        location: &str,
        max_bytes: usize,
    ) -> Result<Vec<u8>, ThuliumError> {
        let path = match reqwest::Url::parse(location) {
            Ok(url) => {
                let api = reqwest::Url::parse(&access.url)
                    .map_err(|e| ThuliumError::NotAllowed(format!("not a URL: {e}")))?;
                if url.host_str() != api.host_str() || url.port() != api.port() {
                    return Err(ThuliumError::NotAllowed(
                        "an attachment is fetched only from the Thulium system's own host".into(),
                    ));
                }
                url.path()
                    .trim_start_matches(api.path().trim_end_matches('/'))
                    .trim_start_matches('/')
                    .to_owned()
            }
            Err(_) => location
                .trim_start_matches('/')
                .trim_start_matches("api/")
                .to_owned(),
        };
        self.call(access, reqwest::Method::GET, &path, &[], None, max_bytes)
            .await
    }

    async fn call(
        &self,
        access: &ThuliumAccess,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        max_bytes: usize,
    ) -> Result<Vec<u8>, ThuliumError> {
        let mut url = reqwest::Url::parse(&format!("{}/{path}", access.url.trim_end_matches('/')))
            .map_err(|e| ThuliumError::NotAllowed(format!("not a URL: {e}")))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        if self.policy == EndpointPolicy::SalesmanagoOnly {
            let host = url.host_str().unwrap_or_default().to_lowercase();
            if url.scheme() != "https" || !host.ends_with(".thulium.com") {
                return Err(ThuliumError::NotAllowed(
                    "only https://<system>.thulium.com is called unless ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT=true".into(),
                ));
            }
            check_literal(&url).map_err(|e| ThuliumError::NotAllowed(e.to_string()))?;
        }
        let mut request = self
            .http
            .request(method, url)
            .basic_auth(&access.user, Some(access.password.expose_secret()))
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        let mut response = request.send().await.map_err(|e| {
            ThuliumError::Unavailable(if e.is_timeout() {
                "timed out".into()
            } else {
                "could not connect".into()
            })
        })?;
        let status = response.status();
        if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
            return Err(ThuliumError::Authentication(status.as_u16()));
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Err(ThuliumError::Unavailable(format!(
                "HTTP {}",
                status.as_u16()
            )));
        }
        if !status.is_success() {
            return Err(ThuliumError::Rejected(format!("HTTP {}", status.as_u16())));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|_| ThuliumError::Unavailable("the answer broke off".into()))?
        {
            if body.len() + chunk.len() > max_bytes {
                return Err(ThuliumError::Garbled(format!(
                    "an answer over {} MB",
                    max_bytes / (1024 * 1024)
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}
