//! The HTTP side: the shop's key in `Authorization`, bounded answers, no
//! redirects, and (unless the operator allows any endpoint) only
//! EmpikPlace's own https host on public addresses.

use super::threads::{parse_order, parse_page, parse_thread, InboxThread, ThreadPage};
use crate::domain::empik::OrderContext;
use crate::domain::EndpointPolicy;
use crate::outbound::{check_literal, http_client, retry_after};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use std::time::Duration;

/// EmpikPlace's seller API.
pub const DEFAULT_API_URL: &str = "https://marketplace.empik.com/api";
/// The hosts calls may go to unless any endpoint is allowed.
const EMPIK_HOSTS: [&str; 2] = ["marketplace.empik.com", ".mirakl.net"];
/// The most of an answer that is read: a page of threads with messages.
const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone)]
pub struct EmpikAccess {
    /// `https://marketplace.empik.com/api`
    pub url: String,
    pub shop_id: String,
    pub key: SecretString,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmpikError {
    #[error("EmpikPlace refused the shop's API key (HTTP {0}): check the key and shop id")]
    Authentication(u16),
    #[error("EmpikPlace's address is not allowed: {0}")]
    NotAllowed(String),
    #[error("EmpikPlace could not be reached: {reason}")]
    Unavailable {
        reason: String,
        retry_after: Option<Duration>,
    },
    #[error("EmpikPlace refused the request: {0}")]
    Rejected(String),
    #[error("EmpikPlace answered something ankieter cannot read: {0}")]
    Garbled(String),
}

/// A file sent with a reply.
pub struct OutgoingFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone)]
pub struct EmpikClient {
    http: reqwest::Client,
    policy: EndpointPolicy,
}

impl EmpikClient {
    pub fn new(timeout: Duration, policy: EndpointPolicy) -> Self {
        let http = http_client(timeout, policy == EndpointPolicy::SalesmanagoOnly);
        Self { http, policy }
    }

    /// One page of the threads updated since `since` (RFC 3339), with their
    /// messages (M11).
    pub async fn threads(
        &self,
        access: &EmpikAccess,
        since: &str,
        page_token: Option<&str>,
    ) -> Result<ThreadPage, EmpikError> {
        let mut query = vec![
            ("updated_since", since.to_owned()),
            ("with_messages", "true".to_owned()),
            ("limit", "50".to_owned()),
        ];
        if let Some(token) = page_token {
            query = vec![("page_token", token.to_owned())];
        }
        let answer = self
            .call(access, Method::GET, "inbox/threads", &query, None)
            .await?;
        parse_page(&answer).ok_or_else(|| EmpikError::Garbled("inbox/threads: no data".into()))
    }

    /// One whole thread (M10).
    pub async fn thread(&self, access: &EmpikAccess, id: &str) -> Result<InboxThread, EmpikError> {
        let answer = self
            .call(
                access,
                Method::GET,
                &format!("inbox/threads/{id}"),
                &[],
                None,
            )
            .await?;
        parse_thread(&answer).ok_or_else(|| EmpikError::Garbled(format!("thread {id}")))
    }

    /// The order's lines (OR11), `None` when EmpikPlace does not list it.
    pub async fn order(
        &self,
        access: &EmpikAccess,
        order_id: &str,
    ) -> Result<Option<OrderContext>, EmpikError> {
        let query = [("order_ids", order_id.to_owned())];
        let answer = self
            .call(access, Method::GET, "orders", &query, None)
            .await?;
        Ok(parse_order(&answer, order_id))
    }

    /// A message to the customer in the thread (M12): multipart, the text
    /// in `message_input`, files as `files`.
    pub async fn reply(
        &self,
        access: &EmpikAccess,
        thread_id: &str,
        body: &str,
        files: Vec<OutgoingFile>,
    ) -> Result<(), EmpikError> {
        let input = serde_json::json!({"body": body, "to": ["CUSTOMER"]});
        let mut form = reqwest::multipart::Form::new().part(
            "message_input",
            reqwest::multipart::Part::text(input.to_string())
                .mime_str("application/json")
                .expect("a valid mime type"),
        );
        for file in files {
            form = form.part(
                "files",
                reqwest::multipart::Part::bytes(file.bytes).file_name(file.name),
            );
        }
        self.call(
            access,
            Method::POST,
            &format!("inbox/threads/{thread_id}/message"),
            &[],
            Some(form),
        )
        .await
        .map(|_| ())
    }

    fn url(
        &self,
        access: &EmpikAccess,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<reqwest::Url, EmpikError> {
        let mut url = reqwest::Url::parse(&format!("{}/{path}", access.url.trim_end_matches('/')))
            .map_err(|e| EmpikError::NotAllowed(format!("not a URL: {e}")))?;
        url.query_pairs_mut()
            .extend_pairs(query)
            .append_pair("shop_id", &access.shop_id);
        if self.policy == EndpointPolicy::SalesmanagoOnly {
            let host = url.host_str().unwrap_or_default().to_lowercase();
            let allowed = EMPIK_HOSTS
                .iter()
                .any(|h| host == *h || (h.starts_with('.') && host.ends_with(h)));
            if url.scheme() != "https" || !allowed {
                return Err(EmpikError::NotAllowed(
                    "only https://marketplace.empik.com is called unless ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT=true".into(),
                ));
            }
            check_literal(&url).map_err(|e| EmpikError::NotAllowed(e.to_string()))?;
        }
        Ok(url)
    }

    async fn call(
        &self,
        access: &EmpikAccess,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        form: Option<reqwest::multipart::Form>,
    ) -> Result<Value, EmpikError> {
        let url = self.url(access, path, query)?;
        let mut request = self
            .http
            .request(method, url)
            .header(reqwest::header::AUTHORIZATION, access.key.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(form) = form {
            request = request.multipart(form);
        }
        let mut response = request.send().await.map_err(|e| EmpikError::Unavailable {
            reason: if e.is_timeout() {
                "timed out".into()
            } else {
                "could not connect".into()
            },
            retry_after: None,
        })?;
        let status = response.status();
        if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
            return Err(EmpikError::Authentication(status.as_u16()));
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Err(EmpikError::Unavailable {
                reason: format!("HTTP {}", status.as_u16()),
                retry_after: retry_after(response.headers()),
            });
        }
        if status.is_redirection() {
            return Err(EmpikError::Rejected(format!(
                "HTTP {} (a redirect, not followed): check the API address",
                status.as_u16()
            )));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|_| EmpikError::Unavailable {
                reason: "the answer broke off".into(),
                retry_after: None,
            })?
        {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(EmpikError::Garbled("an answer over 8 MB".into()));
            }
            body.extend_from_slice(&chunk);
        }
        if !status.is_success() {
            // Mirakl's error answers carry a `message`; only its first
            // line is kept (it never holds the customer's text).
            let message = serde_json::from_slice::<Value>(&body)
                .ok()
                .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned))
                .unwrap_or_default();
            let message: String = message
                .lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect();
            return Err(EmpikError::Rejected(format!(
                "HTTP {} {message}",
                status.as_u16()
            )));
        }
        if body.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&body).map_err(|_| EmpikError::Garbled(format!("{path}: not JSON")))
    }
}
