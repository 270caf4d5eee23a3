//! One attempt of a webhook delivery: the response, as it is stored now,
//! posted as signed JSON to the account's webhook. A webhook is the
//! account's own endpoint, not SALESmanago: it never pauses the account,
//! and SALESmanago's pace and pauses do not hold it up.

use super::failure::retry;
use crate::crypto::ServerKey;
use crate::db::{Account, ClaimedDelivery, DeliveryOutcome, Store};
use crate::domain::webhook::{
    signature, WebhookBody, WebhookPlan, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
use crate::domain::{EndpointPolicy, Survey};
use crate::outbound::{check_literal, http_client, retry_after};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

const KIND: &str = "webhook";

/// Where an account's webhook deliveries go, with the secret they are signed with.
pub struct WebhookTarget {
    pub url: reqwest::Url,
    pub secret: SecretString,
}

/// Posts signed bodies to webhooks: every post, the worker's and the
/// admin's test, goes through [`WebhookClient::send`], which refuses the
/// server's own networks as the SALESmanago and Thulium clients do.
#[derive(Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
    public_only: bool,
}

/// Why a post did not get an answer.
enum NotSent {
    /// The address is on the server's own network: never sent.
    Refused(String),
    TimedOut,
    Unreachable(String),
}

impl WebhookClient {
    pub fn new(timeout: Duration, policy: EndpointPolicy) -> Self {
        let public_only = policy == EndpointPolicy::SalesmanagoOnly;
        Self {
            http: http_client(timeout, public_only),
            public_only,
        }
    }

    /// `body`, signed with the target's secret as of `now` (ms).
    async fn send(
        &self,
        target: &WebhookTarget,
        body: Vec<u8>,
        now: i64,
    ) -> Result<reqwest::Response, NotSent> {
        if self.public_only {
            check_literal(&target.url).map_err(|refused| NotSent::Refused(refused.to_string()))?;
        }
        let timestamp = now / 1000;
        self.http
            .post(target.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(
                SIGNATURE_HEADER,
                signature(target.secret.expose_secret(), timestamp, &body),
            )
            .body(body)
            .send()
            .await
            .map_err(|error| {
                if error.is_timeout() {
                    NotSent::TimedOut
                } else {
                    NotSent::Unreachable(describe(&error))
                }
            })
    }
}

/// The account's webhook, decrypted for one step.
pub fn webhook_target(account: &Account, key: &ServerKey) -> Result<WebhookTarget, String> {
    let stored = account
        .webhook
        .as_ref()
        .ok_or("the account's webhook was removed before this response was posted")?;
    let url = reqwest::Url::parse(&stored.url)
        .map_err(|e| format!("the stored webhook address is invalid: {e}"))?;
    let secret = key
        .decrypt(
            &stored.secret_encrypted,
            &crate::crypto::webhook_secret_context(account.id),
        )
        .map_err(|e| {
            format!("the webhook secret cannot be decrypted ({e}); set the webhook again")
        })?;
    Ok(WebhookTarget { url, secret })
}

fn failed(error: String) -> DeliveryOutcome {
    DeliveryOutcome::Failed {
        request_kind: Some(KIND.to_owned()),
        error,
        written_contact: None,
    }
}

/// Posts the response and decides what its answer means for the delivery.
pub async fn post(
    client: &WebhookClient,
    store: &dyn Store,
    target: &WebhookTarget,
    delivery: &ClaimedDelivery,
    plan: &WebhookPlan,
    now: i64,
) -> DeliveryOutcome {
    let body = match body(store, delivery, plan).await {
        Ok(Some(body)) => body,
        Ok(None) => return failed("the response no longer exists (deleted or erased)".into()),
        Err(error) => {
            return retry(
                format!("cannot read the response: {error:#}"),
                None,
                Some(KIND.to_owned()),
                delivery,
                now,
            )
        }
    };
    let answer = client
        .send(target, body, now.max(crate::clock::now_ms()))
        .await;
    let retry_later =
        |reason: String, after| retry(reason, after, Some(KIND.to_owned()), delivery, now);
    match answer {
        Ok(answer) if answer.status().is_success() => DeliveryOutcome::Delivered {
            request_kind: KIND.to_owned(),
            contact_id: None,
        },
        Ok(answer)
            if answer.status().is_server_error()
                || matches!(
                    answer.status(),
                    StatusCode::TOO_MANY_REQUESTS | StatusCode::REQUEST_TIMEOUT
                ) =>
        {
            let after = retry_after(answer.headers());
            retry_later(format!("the webhook answered {}", answer.status()), after)
        }
        Ok(answer) => failed(format!("the webhook answered {}", answer.status())),
        Err(NotSent::Refused(reason)) => failed(reason),
        Err(NotSent::TimedOut) => retry_later("the webhook did not answer in time".into(), None),
        Err(NotSent::Unreachable(reason)) => {
            retry_later(format!("cannot reach the webhook: {reason}"), None)
        }
    }
}

/// Posts a signed `ping` to the webhook, as the admin's *Send a test post*
/// does: the status it answered, or why it could not be reached.
pub async fn send_test_post(
    client: &WebhookClient,
    target: &WebhookTarget,
) -> Result<StatusCode, String> {
    let body =
        serde_json::to_vec(&serde_json::json!({"event": "ping"})).map_err(|e| e.to_string())?;
    match client.send(target, body, crate::clock::now_ms()).await {
        Ok(answer) => Ok(answer.status()),
        Err(NotSent::TimedOut) => Err("it did not answer in time".to_owned()),
        Err(NotSent::Refused(reason) | NotSent::Unreachable(reason)) => Err(reason),
    }
}

/// The JSON posted for the response (`None`: it no longer exists).
async fn body(
    store: &dyn Store,
    delivery: &ClaimedDelivery,
    plan: &WebhookPlan,
) -> anyhow::Result<Option<Vec<u8>>> {
    let Some(row) = store
        .response(delivery.account_id, plan.response_id)
        .await?
    else {
        return Ok(None);
    };
    let response = row.response;
    let Some(stored) = store
        .survey(delivery.account_id, response.survey_id)
        .await?
    else {
        return Ok(None);
    };
    let survey = Survey::from_document(stored.document)
        .map_err(|errors| anyhow::anyhow!("the survey is not valid: {}", errors[0]))?;
    let body = WebhookBody::new(
        stored.id,
        &survey,
        response.id,
        response.created_at,
        &response.answers,
    );
    Ok(Some(serde_json::to_vec(&body)?))
}

/// The error and its causes (a refused address says why), without the URL:
/// a webhook's address often holds its own secret (Slack's do).
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_connect() {
        "cannot connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
