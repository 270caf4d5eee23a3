use crate::db::StoredSurvey;
use crate::domain::{Survey, SurveySlug};
use crate::state::AppState;
use anyhow::Context;

/// The survey at `/s/{slug}`, checked; `None` for unknown or malformed slugs.
pub async fn load_survey(
    state: &AppState,
    slug: &str,
) -> anyhow::Result<Option<(StoredSurvey, Survey)>> {
    if SurveySlug::parse(slug).is_err() {
        return Ok(None);
    }
    let Some(stored) = state.store.survey_by_slug(slug).await? else {
        return Ok(None);
    };
    let survey = Survey::from_document(stored.document.clone())
        .map_err(|errors| anyhow::anyhow!("stored survey is invalid: {}", errors[0]))
        .with_context(|| format!("survey {}", stored.id))?;
    Ok(Some((stored, survey)))
}
