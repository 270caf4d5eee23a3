//! Surveys as the respondent pages use them: checked, with the account's
//! property keys, and cached for a moment so a burst of page views and
//! submits does not read and re-check the same survey each time.

use crate::db::StoredSurvey;
use crate::domain::{FieldErrors, FormFields, Survey, SurveySlug};
use crate::routes::security::framing_policy;
use crate::state::AppState;
use actix_web::http::header::HeaderValue;
use anyhow::Context;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// An edit reaches respondents (on every instance) within this time.
const FRESH_FOR: Duration = Duration::from_secs(2);
const MAX_ENTRIES: usize = 10_000;

pub struct LoadedSurvey {
    pub stored: StoredSurvey,
    /// Checked, with property keys for the account's prefix.
    pub survey: Survey,
    /// Its Content-Security-Policy, with the sites allowed to frame it.
    pub framing: HeaderValue,
    /// The questions of the blank form as HTML (see [`Self::blank_questions`]).
    blank_questions: OnceLock<String>,
}

impl LoadedSurvey {
    /// The questions of the blank form as HTML: the part of the page that is
    /// the same for every respondent, rendered and escaped at the first page
    /// view (submits and API calls load surveys too and never need it).
    pub fn blank_questions(&self) -> &str {
        self.blank_questions.get_or_init(|| {
            super::view::questions_html(&self.survey, &FormFields::default(), &FieldErrors::new())
        })
    }
}

#[derive(Default)]
pub struct SurveyCache {
    entries: Mutex<HashMap<String, (Instant, Arc<LoadedSurvey>)>>,
}

impl SurveyCache {
    fn get(&self, slug: &str) -> Option<Arc<LoadedSurvey>> {
        let entries = self.entries.lock().expect("survey cache lock");
        entries
            .get(slug)
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, loaded)| loaded.clone())
    }

    /// Drops a survey this instance just saved: its admin sees the edit at once.
    pub fn forget(&self, slug: &str) {
        self.entries.lock().expect("survey cache lock").remove(slug);
    }

    fn put(&self, slug: &str, loaded: Arc<LoadedSurvey>) {
        let mut entries = self.entries.lock().expect("survey cache lock");
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (at, _)| at.elapsed() < FRESH_FOR);
        }
        entries.insert(slug.to_owned(), (Instant::now(), loaded));
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
    if let Some(loaded) = state.surveys.get(slug) {
        return Ok(Some(loaded));
    }
    let Some(stored) = state.store.survey_by_slug(slug).await? else {
        return Ok(None);
    };
    let account = state
        .store
        .account(stored.account_id)
        .await?
        .with_context(|| format!("the account of survey {} does not exist", stored.id))?;
    let survey = Survey::from_document(stored.document.clone())
        .map_err(|errors| anyhow::anyhow!("stored survey is invalid: {}", errors[0]))
        .with_context(|| format!("survey {}", stored.id))?
        .with_property_keys(&account.property_prefix);
    let framing = framing_policy(&survey);
    let loaded = Arc::new(LoadedSurvey {
        stored,
        survey,
        framing,
        blank_questions: OnceLock::new(),
    });
    state.surveys.put(slug, loaded.clone());
    Ok(Some(loaded))
}
