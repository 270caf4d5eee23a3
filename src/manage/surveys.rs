use super::ManageError;
use crate::crypto::{survey_link_key_context, ServerKey};
use crate::db::{NewSurvey, SaveSurveyOutcome, Store, StoredSurvey};
use crate::domain::{Survey, SurveyDocument};
use anyhow::Context;
use rand::RngCore;
use secrecy::ExposeSecret;
use uuid::Uuid;

/// Checks a survey document and saves it for the account: a new slug creates
/// the survey (with its own key for signed links), the account's own slug
/// replaces it.
pub async fn import_survey(
    store: &dyn Store,
    key: &ServerKey,
    account_id: Uuid,
    json: &str,
) -> Result<(Survey, SaveSurveyOutcome), ManageError> {
    let document = SurveyDocument::from_json(json).map_err(ManageError::Invalid)?;
    save_survey_document(store, key, account_id, document).await
}

/// Checks a survey document and saves it for the account, as [`import_survey`].
pub async fn save_survey_document(
    store: &dyn Store,
    key: &ServerKey,
    account_id: Uuid,
    document: SurveyDocument,
) -> Result<(Survey, SaveSurveyOutcome), ManageError> {
    if store.account(account_id).await?.is_none() {
        return Err(ManageError::UnknownAccount(account_id.to_string()));
    }
    let survey = Survey::from_document(document).map_err(ManageError::InvalidSurvey)?;
    let id = Uuid::new_v4();
    let mut link_key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut link_key);
    let new = NewSurvey {
        id,
        link_key_encrypted: key.encrypt(&hex::encode(link_key), &survey_link_key_context(id)),
    };
    match store
        .save_survey(account_id, &survey.document, &new, crate::clock::now_ms())
        .await?
    {
        SaveSurveyOutcome::SlugTaken => Err(ManageError::SlugTaken(survey.slug.to_string())),
        outcome => Ok((survey, outcome)),
    }
}

/// The survey's key for signed smclientid links.
pub fn link_key(key: &ServerKey, survey: &StoredSurvey) -> anyhow::Result<Vec<u8>> {
    let hex_key = key
        .decrypt(
            &survey.link_key_encrypted,
            &survey_link_key_context(survey.id),
        )
        .context("the survey's link key cannot be decrypted")?;
    hex::decode(hex_key.expose_secret()).context("corrupt survey link key")
}
