use super::ManageError;
use crate::crypto::ServerKey;
use crate::db::{EncryptedSecret, SecretKind, Store};
use secrecy::ExposeSecret;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct RotationReport {
    pub account_secrets: usize,
    pub survey_link_keys: usize,
    pub thulium_passwords: usize,
    pub webhook_secrets: usize,
    /// EmpikPlace integrations' shop API keys and Thulium passwords.
    pub empik_secrets: usize,
}

/// Re-encrypts every stored secret under `new`, in one transaction. A secret
/// already under `new` (an interrupted earlier rotation) is accepted as is.
pub async fn rotate_secrets(
    store: &dyn Store,
    old: &ServerKey,
    new: &ServerKey,
) -> Result<RotationReport, ManageError> {
    let mut report = RotationReport::default();
    let mut rotated = Vec::new();
    for secret in store.encrypted_secrets().await? {
        let context = secret.context();
        let plain = old
            .decrypt(&secret.ciphertext, &context)
            .or_else(|_| new.decrypt(&secret.ciphertext, &context))
            .map_err(|_| {
                ManageError::Invalid(format!(
                    "the secret of {:?} {} decrypts with neither the current nor the new key; nothing was changed",
                    secret.kind, secret.owner_id
                ))
            })?;
        match secret.kind {
            SecretKind::AccountApiSecret => report.account_secrets += 1,
            SecretKind::SurveyLinkKey => report.survey_link_keys += 1,
            SecretKind::ThuliumPassword => report.thulium_passwords += 1,
            SecretKind::WebhookSecret => report.webhook_secrets += 1,
            SecretKind::EmpikApiKey | SecretKind::EmpikThuliumPassword => report.empik_secrets += 1,
        }
        rotated.push(EncryptedSecret {
            ciphertext: new.encrypt(plain.expose_secret(), &context),
            ..secret
        });
    }
    store.replace_encrypted_secrets(&rotated).await?;
    Ok(report)
}
