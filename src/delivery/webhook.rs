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
use crate::domain::Survey;
use crate::outbound::{check_literal, retry_after};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};

const KIND: &str = "webhook";

/// Where an account's webhook deliveries go, with the secret they are signed with.
pub struct WebhookTarget {
    pub url: reqwest::Url,
    pub secret: SecretString,
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

/// Posts the response; `public_only` refuses addresses of the server's own
/// networks written as IP literals (names are checked when they resolve).
pub async fn post(
    http: &reqwest::Client,
    public_only: bool,
    store: &dyn Store,
    target: &WebhookTarget,
    delivery: &ClaimedDelivery,
    plan: &WebhookPlan,
    now: i64,
) -> DeliveryOutcome {
    if public_only {
        if let Err(refused) = check_literal(&target.url) {
            return failed(refused.to_string());
        }
    }
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
    let timestamp = now.max(crate::clock::now_ms()) / 1000;
    let answer = http
        .post(target.url.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(
            SIGNATURE_HEADER,
            signature(target.secret.expose_secret(), timestamp, &body),
        )
        .body(body)
        .send()
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
        Err(error) if error.is_timeout() => {
            retry_later("the webhook did not answer in time".into(), None)
        }
        Err(error) => retry_later(
            format!("cannot reach the webhook: {}", describe(&error)),
            None,
        ),
    }
}

/// Posts a signed `ping` to the webhook, as the admin's *Send a test post*
/// does: the status it answered, or why it could not be reached.
pub async fn send_test_post(
    http: &reqwest::Client,
    public_only: bool,
    target: &WebhookTarget,
) -> Result<StatusCode, String> {
    if public_only {
        check_literal(&target.url).map_err(|refused| refused.to_string())?;
    }
    let body =
        serde_json::to_vec(&serde_json::json!({"event": "ping"})).map_err(|e| e.to_string())?;
    let timestamp = crate::clock::now_ms() / 1000;
    http.post(target.url.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(
            SIGNATURE_HEADER,
            signature(target.secret.expose_secret(), timestamp, &body),
        )
        .body(body)
        .send()
        .await
        .map(|answer| answer.status())
        .map_err(|error| {
            if error.is_timeout() {
                "it did not answer in time".to_owned()
            } else {
                describe(&error)
            }
        })
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
