use super::ManageError;
use crate::db::{SaveSurveyOutcome, Store};
use crate::domain::{Survey, SurveyDocument};
use uuid::Uuid;

/// Checks a survey document and saves it for the account: a new slug creates
/// the survey, the account's own slug replaces it.
pub async fn import_survey(
    store: &dyn Store,
    account_id: Uuid,
    json: &str,
) -> Result<(Survey, SaveSurveyOutcome), ManageError> {
    if store.account(account_id).await?.is_none() {
        return Err(ManageError::UnknownAccount(account_id.to_string()));
    }
    let document = SurveyDocument::from_json(json).map_err(ManageError::Invalid)?;
    let survey = Survey::from_document(document).map_err(ManageError::InvalidSurvey)?;
    match store
        .save_survey(account_id, &survey.document, crate::clock::now_ms())
        .await?
    {
        SaveSurveyOutcome::SlugTaken => Err(ManageError::SlugTaken(survey.slug.to_string())),
        outcome => Ok((survey, outcome)),
    }
}
