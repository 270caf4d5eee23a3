//! The one way a response comes in.

use super::contact::{check_contact, CheckedContact, LinkContact, Trust};
use super::load::{load, LoadedSurvey, SurveyCache};
use super::record::{record, Checked};
use crate::crypto::ServerKey;
use crate::db::Wake;
use crate::db::{InsertOutcome, Store};
use crate::domain::survey::{Access, NotTaking, MAX_HIDDEN_VALUE_CHARS};
use crate::domain::{Answers, FieldErrors, FormFields, Identity, Survey};
use crate::metrics::Metrics;
use std::sync::Arc;
use uuid::Uuid;

/// Loads surveys and takes their responses.
pub struct Submissions {
    store: Arc<dyn Store>,
    key: Arc<ServerKey>,
    /// Woken when a response is stored: its delivery goes out at once.
    wake: Wake,
    metrics: Arc<Metrics>,
    surveys: SurveyCache,
}

/// A response as an adapter received it.
pub struct Submission {
    /// The answers, by question id (a question answered several times:
    /// several pairs), as a form sends them.
    pub answers: FormFields,
    pub link: LinkContact,
    pub trust: Trust,
    /// The survey's hidden fields the link filled: name, value.
    pub hidden: Vec<(String, String)>,
    /// The browser's id, when it has one (once-per-browser surveys).
    pub browser: Option<String>,
    /// The form's one-time token or the API's idempotency key: a second
    /// submission with it stores nothing.
    pub token: Option<String>,
}

/// A response that is stored (now, or already).
#[derive(Debug)]
pub struct Accepted {
    pub response_id: Uuid,
    /// The same token was stored before: this one stored nothing.
    pub duplicate: bool,
    pub answers: Answers,
    pub contact: CheckedContact,
    /// The browser id a once-per-browser survey counted, for its cookie.
    pub browser: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// Answers the survey refuses, each with its field's message.
    #[error("invalid answers")]
    Invalid {
        errors: FieldErrors,
        identity: Identity,
    },
    /// A once-per-browser survey this browser has filled.
    #[error("the survey was already filled from this browser")]
    AlreadyFilled,
    /// The survey is closed or not open yet: nothing was stored.
    #[error("the survey takes no answers now")]
    NotTaking(NotTaking),
    /// The response could not be stored; nothing was.
    #[error(transparent)]
    Unavailable(#[from] anyhow::Error),
}

/// Whether a once-per-browser survey counts this fill: fills from a link
/// ankieter signed for a contact may repeat. An unsigned `smclientid` does
/// not exempt a fill (anyone can add a random one to a link).
pub fn once_per_browser_applies(survey: &Survey, contact: &CheckedContact) -> bool {
    survey.access == Access::OncePerBrowser && !contact.signed
}

/// The survey's declared hidden fields among `given`, in declared order:
/// trimmed, at most `MAX_HIDDEN_VALUE_CHARS` kept, empty ones left out.
fn declared_hidden(survey: &Survey, given: Vec<(String, String)>) -> Vec<(String, String)> {
    survey
        .hidden_fields
        .iter()
        .filter_map(|field| {
            let (_, value) = given.iter().find(|(name, _)| *name == field.name)?;
            let value: String = value.trim().chars().take(MAX_HIDDEN_VALUE_CHARS).collect();
            (!value.is_empty()).then(|| (field.name.clone(), value))
        })
        .collect()
}

impl Submissions {
    pub fn new(
        store: Arc<dyn Store>,
        key: Arc<ServerKey>,
        wake: Wake,
        metrics: Arc<Metrics>,
    ) -> Self {
        Self {
            store,
            key,
            wake,
            metrics,
            surveys: SurveyCache::default(),
        }
    }

    /// The survey at `/s/{slug}`; `None` for unknown or malformed slugs.
    pub async fn load(&self, slug: &str) -> anyhow::Result<Option<Arc<LoadedSurvey>>> {
        load(&self.surveys, &self.store, slug).await
    }

    /// Drops the survey kept for `slug`: an edit or a deletion shows at once
    /// on this instance (others see it within the moment surveys are kept).
    pub fn forget(&self, slug: &str) {
        self.surveys.forget(slug);
    }

    /// The contact the link may address (see `check_contact`).
    pub fn contact(
        &self,
        loaded: &LoadedSurvey,
        link: &LinkContact,
        trust: Trust,
    ) -> CheckedContact {
        check_contact(&self.key, &loaded.stored, &loaded.survey, link, trust)
    }

    /// Why the survey takes no answers now, if it does not: closed, not
    /// open yet, or holding as many responses as its limit allows. (A fill
    /// that passes this may still find the survey full: the store decides.)
    pub async fn not_taking(&self, loaded: &LoadedSurvey) -> anyhow::Result<Option<NotTaking>> {
        let availability = &loaded.survey.availability;
        if let Err(why) = availability.at(crate::clock::now_ms()) {
            return Ok(Some(why));
        }
        if availability.max_responses.is_none() {
            return Ok(None);
        }
        let held = self.store.response_count(loaded.stored.id).await?;
        Ok(availability.full_at(held).then_some(NotTaking::Full))
    }

    /// Whether a once-per-browser survey was filled from this browser.
    pub async fn filled_from(&self, loaded: &LoadedSurvey, browser: &str) -> anyhow::Result<bool> {
        self.store
            .has_browser_response(loaded.stored.id, browser)
            .await
    }

    /// Checks and stores a response with its delivery, in one transaction,
    /// and wakes the worker: once this returns `Ok`, the response is on disk.
    pub async fn submit(
        &self,
        loaded: &LoadedSurvey,
        submission: Submission,
    ) -> Result<Accepted, SubmitError> {
        let (stored, survey) = (&loaded.stored, &loaded.survey);
        survey
            .availability
            .at(crate::clock::now_ms())
            .map_err(SubmitError::NotTaking)?;
        let link = submission.link.bounded();
        let hidden = declared_hidden(survey, submission.hidden);
        let contact = self.contact(loaded, &link, submission.trust);
        let identity = contact.identity();
        let answers = Answers::check(survey, &submission.answers, identity)
            .map_err(|errors| SubmitError::Invalid { errors, identity })?;
        let browser = once_per_browser_applies(survey, &contact).then(|| {
            submission
                .browser
                .unwrap_or_else(|| Uuid::new_v4().to_string())
        });
        let (response_id, outcome) = record(
            self.store.as_ref(),
            Checked {
                stored,
                survey,
                answers: answers.clone(),
                raw_smclientid: &link.smclientid,
                contact: &contact,
                hidden,
                browser_id: browser.clone(),
                token: submission.token,
            },
        )
        .await?;
        let duplicate = match outcome {
            InsertOutcome::Stored => {
                self.wake.deliveries_due();
                self.metrics.responses_received.inc();
                false
            }
            InsertOutcome::Duplicate => {
                self.metrics
                    .submissions_dropped
                    .with_label_values(&["duplicate"])
                    .inc();
                true
            }
            InsertOutcome::AlreadyFilled => return Err(SubmitError::AlreadyFilled),
            InsertOutcome::Full => return Err(SubmitError::NotTaking(NotTaking::Full)),
        };
        Ok(Accepted {
            response_id,
            duplicate,
            answers,
            contact,
            browser,
        })
    }
}
