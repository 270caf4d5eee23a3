//! A new response announced to the account's own webhook: what the outbox
//! keeps (only which response), the JSON posted, and its signature.
//!
//! The body leaves out the answers to e-mail questions: a webhook usually
//! ends in a team chat, where a respondent's address does not belong.

use super::survey::QuestionKind;
use super::{Answers, Survey};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

/// What a webhook delivery keeps: the body is made from the response when
/// it is sent, so no copy of the answers waits in the outbox, and an erased
/// response is not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPlan {
    pub response_id: Uuid,
}

/// The signature header: `sha256=` and the hex HMAC-SHA256, under the
/// account's webhook secret, of the timestamp header's value, a dot and
/// the body — so a receiver can refuse a body replayed later.
pub const SIGNATURE_HEADER: &str = "X-Ankieter-Signature";
/// Seconds since 1970 when the body was signed.
pub const TIMESTAMP_HEADER: &str = "X-Ankieter-Timestamp";
pub const EVENT_NAME: &str = "response.created";

pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[derive(Debug, Serialize)]
pub struct WebhookBody<'a> {
    pub event: &'static str,
    pub response: WebhookResponse<'a>,
}

#[derive(Debug, Serialize)]
pub struct WebhookResponse<'a> {
    pub id: Uuid,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub survey: WebhookSurvey<'a>,
    pub answers: Vec<WebhookAnswer<'a>>,
}

#[derive(Debug, Serialize)]
pub struct WebhookSurvey<'a> {
    pub id: Uuid,
    pub slug: &'a str,
    pub title: &'a str,
}

#[derive(Debug, Serialize)]
pub struct WebhookAnswer<'a> {
    pub question: &'a str,
    pub text: &'a str,
    pub values: &'a [String],
}

impl<'a> WebhookBody<'a> {
    /// The response's answers except e-mail questions' (by the survey as
    /// it is now; a question no longer in it is sent as answered).
    pub fn new(
        survey_id: Uuid,
        survey: &'a Survey,
        response_id: Uuid,
        created_at: i64,
        answers: &'a Answers,
    ) -> Self {
        let is_email = |id: &str| {
            survey
                .questions
                .iter()
                .any(|q| q.id == id && matches!(q.kind, QuestionKind::Email))
        };
        Self {
            event: EVENT_NAME,
            response: WebhookResponse {
                id: response_id,
                created_at: jiff::Timestamp::from_millisecond(created_at)
                    .map(|at| at.to_string())
                    .unwrap_or_default(),
                survey: WebhookSurvey {
                    id: survey_id,
                    slug: survey.slug.as_str(),
                    title: &survey.title,
                },
                answers: answers
                    .iter()
                    .filter(|a| !is_email(&a.question_id))
                    .map(|a| WebhookAnswer {
                        question: &a.question_id,
                        text: &a.question_text,
                        values: &a.values,
                    })
                    .collect(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_the_timestamp_and_the_body() {
        let signed = signature("tajny", 1_700_000_000, b"{\"a\":1}");
        assert!(signed.starts_with("sha256="));
        assert_eq!(signed.len(), "sha256=".len() + 64);
        assert_ne!(signed, signature("tajny", 1_700_000_001, b"{\"a\":1}"));
        assert_ne!(signed, signature("tajny", 1_700_000_000, b"{\"a\":2}"));
        assert_ne!(signed, signature("inny", 1_700_000_000, b"{\"a\":1}"));
        // A known value (RFC 2104 HMAC-SHA256 of "1.x" under "k").
        let mut mac = Hmac::<Sha256>::new_from_slice(b"k").unwrap();
        mac.update(b"1.x");
        assert_eq!(
            signature("k", 1, b"x"),
            format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
        );
    }
}
