//! Surveys as responses need them: checked, with the account's property
//! keys, and kept for a moment so that a burst of page views and submits
//! does not read and check the same survey each time (and, when the moment
//! is over, one request reads it again while the others wait).

use crate::db::{Store, StoredSurvey};
use crate::domain::{Identity, Survey, SurveySlug};
use crate::fresh_cache::FreshCache;
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
    /// What the pages derive from the survey once per load (see below).
    framing: OnceLock<HeaderValue>,
    blank_questions: [OnceLock<String>; 2],
}

impl LoadedSurvey {
    /// The survey's framing policy, made by `make` at the first page of this
    /// load and kept with it.
    pub fn framing(&self, make: impl FnOnce(&Survey) -> HeaderValue) -> &HeaderValue {
        self.framing.get_or_init(|| make(&self.survey))
    }

    /// The questions of the blank form as HTML, for fills that must give
    /// their e-mail and for fills the link identifies: the part of the page
    /// that is the same for every respondent, rendered by `render` at the
    /// first page view of this load (submits and API calls never need it).
    pub fn blank_questions(
        &self,
        identity: Identity,
        render: impl FnOnce(&Survey, Identity) -> String,
    ) -> &str {
        let slot = match identity {
            Identity::EmailAnswer => &self.blank_questions[0],
            Identity::Link => &self.blank_questions[1],
        };
        slot.get_or_init(|| render(&self.survey, identity))
    }
}

/// Surveys by slug, shared by every worker of this instance.
pub type SurveyCache = FreshCache<LoadedSurvey>;

impl Default for SurveyCache {
    fn default() -> Self {
        FreshCache::new(FRESH_FOR, MAX_ENTRIES)
    }
}

/// The survey at `slug`; `None` for unknown or malformed slugs.
pub(super) async fn load(
    cache: &SurveyCache,
    store: &Arc<dyn Store>,
    slug: &str,
) -> anyhow::Result<Option<Arc<LoadedSurvey>>> {
    if SurveySlug::parse(slug).is_err() {
        return Ok(None);
    }
    cache
        .get_or_load(slug, || read_survey(store.clone(), slug.to_owned()))
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
    Ok(Some(LoadedSurvey {
        stored,
        survey,
        framing: OnceLock::new(),
        blank_questions: Default::default(),
    }))
}
