//! Contact-center integrations: create, change, delete, and the webhook's
//! and Thulium's credentials. The CLI, the admin and the API call these.

use super::tokens::token_sha256;
use super::ManageError;
use crate::crypto::ServerKey;
use crate::db::{ContactCenter, IntegrationNameTaken, Store, StoredThulium};
use crate::domain::{ContactCenterRules, IntegrationName};
use base64::Engine;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;
use uuid::Uuid;

/// The webhook receiver's HTTP Basic credentials: the password is shown
/// once, when generated; only its SHA-256 is stored.
pub struct WebhookCredentials {
    pub user: String,
    pub password: SecretString,
}

fn generate_webhook_credentials() -> (WebhookCredentials, String) {
    let mut user = [0u8; 6];
    let mut password = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut user);
    rand::rngs::OsRng.fill_bytes(&mut password);
    let password = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(password);
    // Random (144 bits), so a fast hash is enough, as for API tokens.
    let sha = token_sha256(&password);
    (
        WebhookCredentials {
            user: format!("ankieter-{}", hex::encode(user)),
            password: SecretString::from(password),
        },
        sha,
    )
}

/// Whether the presented Basic credentials are the integration's, in
/// constant time.
pub fn webhook_credentials_match(integration: &ContactCenter, user: &str, password: &str) -> bool {
    let user_ok = user.as_bytes().ct_eq(integration.webhook_user.as_bytes());
    let password_ok = token_sha256(password)
        .as_bytes()
        .ct_eq(integration.webhook_password_sha256.as_bytes());
    (user_ok & password_ok).into()
}

pub async fn create_contact_center(
    store: &dyn Store,
    account_id: Uuid,
    name: &str,
    rules: ContactCenterRules,
) -> Result<(ContactCenter, WebhookCredentials), ManageError> {
    if store.account(account_id).await?.is_none() {
        return Err(ManageError::UnknownAccount(account_id.to_string()));
    }
    let name = parse_name(name)?;
    let (credentials, sha) = generate_webhook_credentials();
    let now = crate::clock::now_ms();
    let integration = ContactCenter {
        id: Uuid::new_v4(),
        account_id,
        name,
        rules,
        webhook_user: credentials.user.clone(),
        webhook_password_sha256: sha,
        thulium: None,
        poll_state: None,
        created_at: now,
        updated_at: now,
    };
    store
        .create_contact_center(&integration)
        .await
        .map_err(name_taken)?;
    Ok((integration, credentials))
}

fn parse_name(name: &str) -> Result<IntegrationName, ManageError> {
    IntegrationName::parse(name).map_err(|message| ManageError::Field {
        field: "name",
        message: format!("the integration's name {message}"),
    })
}

fn name_taken(error: anyhow::Error) -> ManageError {
    if error.downcast_ref::<IntegrationNameTaken>().is_some() {
        ManageError::Field {
            field: "name",
            message: "the account already has an integration with this name".into(),
        }
    } else {
        ManageError::Unexpected(error)
    }
}

/// Saves a changed name or rules.
pub async fn save_contact_center(
    store: &dyn Store,
    integration: &mut ContactCenter,
    name: &str,
    rules: ContactCenterRules,
) -> Result<(), ManageError> {
    integration.name = parse_name(name)?;
    integration.rules = rules;
    integration.updated_at = crate::clock::now_ms();
    save(store, integration).await
}

async fn save(store: &dyn Store, integration: &ContactCenter) -> Result<(), ManageError> {
    if store
        .update_contact_center(integration)
        .await
        .map_err(name_taken)?
    {
        Ok(())
    } else {
        Err(ManageError::Invalid(
            "the integration no longer exists".into(),
        ))
    }
}

/// New webhook credentials; the old ones stop working at once.
pub async fn renew_webhook_credentials(
    store: &dyn Store,
    integration: &mut ContactCenter,
) -> Result<WebhookCredentials, ManageError> {
    let (credentials, sha) = generate_webhook_credentials();
    integration.webhook_user = credentials.user.clone();
    integration.webhook_password_sha256 = sha;
    integration.updated_at = crate::clock::now_ms();
    save(store, integration).await?;
    Ok(credentials)
}

/// Thulium's REST API access for the ticket poller. `password: None` keeps
/// the saved one (only if the URL and user are unchanged: a password must
/// never follow its account to another address).
pub async fn set_thulium(
    store: &dyn Store,
    key: &ServerKey,
    integration: &mut ContactCenter,
    access: Option<(&str, &str, Option<&SecretString>)>,
) -> Result<(), ManageError> {
    integration.thulium = match access {
        None => None,
        Some((url, user, password)) => {
            let url = thulium_url(url)?;
            let user = user.trim();
            if user.is_empty() || user.len() > 200 {
                return Err(ManageError::Field {
                    field: "thulium_user",
                    message: "the Thulium API user must have 1 to 200 characters".into(),
                });
            }
            let context = crate::crypto::thulium_password_context(integration.id);
            let password_encrypted = match (password, &integration.thulium) {
                (Some(password), _) if !password.expose_secret().is_empty() => {
                    key.encrypt(password.expose_secret(), &context)
                }
                (_, Some(saved)) if saved.url == url && saved.user == user => {
                    saved.password_encrypted.clone()
                }
                _ => {
                    return Err(ManageError::Field {
                        field: "thulium_password",
                        message: "enter the Thulium API user's password".into(),
                    })
                }
            };
            Some(StoredThulium {
                url,
                user: user.to_owned(),
                password_encrypted,
            })
        }
    };
    integration.updated_at = crate::clock::now_ms();
    save(store, integration).await
}

/// `https://<system>.thulium.com/api` from what a user types (`acme`,
/// `acme.thulium.com`, with or without `https://` and `/api`). Another
/// address only with `http://` or `https://` spelled out (a test or proxy).
pub fn thulium_url(raw: &str) -> Result<String, ManageError> {
    let invalid = |why: &str| ManageError::Field {
        field: "thulium_url",
        message: format!("the Thulium address {why}: give it as https://<system>.thulium.com/api"),
    };
    let raw = raw.trim().trim_end_matches('/');
    let raw = raw.strip_suffix("/api").unwrap_or(raw);
    let url = if raw.starts_with("http://") || raw.starts_with("https://") {
        url::Url::parse(raw).map_err(|_| invalid("is not a web address"))?
    } else if !raw.is_empty()
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        let host = if raw.contains('.') {
            raw.to_lowercase()
        } else {
            format!("{}.thulium.com", raw.to_lowercase())
        };
        url::Url::parse(&format!("https://{host}")).map_err(|_| invalid("is not a web address"))?
    } else {
        return Err(invalid("is not a web address"));
    };
    if url.host_str().is_none() || !url.username().is_empty() || url.query().is_some() {
        return Err(invalid("must be a plain address"));
    }
    Ok(format!("{}/api", url.as_str().trim_end_matches('/')))
}

pub async fn delete_contact_center(
    store: &dyn Store,
    account_id: Uuid,
    id: Uuid,
) -> Result<bool, ManageError> {
    Ok(store.delete_contact_center(account_id, id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thulium_addresses_are_normalised() {
        for raw in [
            "acme",
            "acme.thulium.com",
            "https://acme.thulium.com",
            "https://acme.thulium.com/api/",
        ] {
            assert_eq!(
                thulium_url(raw).unwrap(),
                "https://acme.thulium.com/api",
                "{raw}"
            );
        }
        assert_eq!(
            thulium_url("http://127.0.0.1:9000").unwrap(),
            "http://127.0.0.1:9000/api"
        );
        assert!(thulium_url("acme thulium").is_err());
        assert!(thulium_url("https://u:p@acme.thulium.com").is_err());
    }
}
