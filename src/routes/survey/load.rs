//! Surveys as the respondent pages use them: checked, with the account's
//! property keys, and cached for a moment so a burst of page views and
//! submits does not read and re-check the same survey each time (and, when
//! the moment is over, one request reads it again while the others wait).

use super::cache::FreshCache;
use crate::db::{Store, StoredSurvey};
use crate::domain::{FieldErrors, FormFields, Identity, Survey, SurveySlug};
use crate::routes::security::framing_policy;
use crate::state::AppState;
use actix_web::http::header::HeaderValue;
use anyhow::Context;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// An edit reaches respondents (on every instance) within this time.
const FRESH_FOR: Duration = Duration::from_secs(2);
const MAX_ENTRIES: usize = 10_000;

pub struct LoadedSurvey {
    pub stored: StoredSurvey,
    /// Checked, with property keys for the account's prefix.
    pub survey: Survey,
    /// Its Content-Security-Policy, with the sites allowed to frame it.
    pub framing: HeaderValue,
    /// The questions of the blank form as HTML (see [`Self::blank_questions`]),
    /// for fills that must give their e-mail and for fills the link identifies.
    blank_questions: [OnceLock<String>; 2],
}

impl LoadedSurvey {
    /// The questions of the blank form as HTML: the part of the page that is
    /// the same for every respondent, rendered and escaped at the first page
    /// view (submits and API calls load surveys too and never need it).
    pub fn blank_questions(&self, identity: Identity) -> &str {
        let slot = match identity {
            Identity::EmailAnswer => &self.blank_questions[0],
            Identity::Link => &self.blank_questions[1],
        };
        slot.get_or_init(|| {
            let (form, errors) = (FormFields::default(), FieldErrors::new());
            super::view::questions_html(&self.survey, &form, &errors, identity)
        })
    }
}

/// Surveys by slug, shared by every worker of this instance.
pub type SurveyCache = FreshCache<LoadedSurvey>;

impl Default for SurveyCache {
    fn default() -> Self {
        FreshCache::new(FRESH_FOR, MAX_ENTRIES)
    }
}

/// The survey at `/s/{slug}`; `None` for unknown or malformed slugs.
pub async fn load_survey(
    state: &AppState,
    slug: &str,
) -> anyhow::Result<Option<Arc<LoadedSurvey>>> {
    if SurveySlug::parse(slug).is_err() {
        return Ok(None);
    }
    state
        .surveys
        .get_or_load(slug, || read_survey(state.store.clone(), slug.to_owned()))
        .await
}

async fn read_survey(store: Arc<dyn Store>, slug: String) -> anyhow::Result<Option<LoadedSurvey>> {
    let Some(stored) = store.survey_by_slug(&slug).await? else {
        return Ok(None);
    };
    let account = store
        .account(stored.account_id)
        .await?
        .with_context(|| format!("the account of survey {} does not exist", stored.id))?;
    let survey = Survey::from_document(stored.document.clone())
        .map_err(|errors| anyhow::anyhow!("stored survey is invalid: {}", errors[0]))
        .with_context(|| format!("survey {}", stored.id))?
        .with_property_keys(&account.property_prefix);
    let framing = framing_policy(&survey);
    Ok(Some(LoadedSurvey {
        stored,
        survey,
        framing,
        blank_questions: Default::default(),
    }))
}
