//! EmpikPlace integrations: saved from the admin or the CLI, with the shop's
//! API key and the Thulium password encrypted (write-only: a blank field
//! keeps the saved one, but only for the same address and user, so a
//! secret never follows its account to another host).

use super::contact_centers::thulium_url;
use super::ManageError;
use crate::crypto::ServerKey;
use crate::db::{EmpikIntegration, ShopTaken, Store, StoredThulium};
use crate::domain::empik::PollState;
use crate::empik::DEFAULT_API_URL;
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

/// Mirakl asks integrations to read the inbox no more than once a minute.
pub const MIN_POLL_SECONDS: i64 = 60;
/// The longest interval an admin may choose (a day).
pub const MAX_POLL_SECONDS: i64 = 86_400;
/// The longest automatic reply (Mirakl's messages are plain text).
pub const MAX_AUTO_REPLY_CHARS: usize = 2_000;

/// What an admin or operator enters; secrets `None` or empty keep the saved.
pub struct EmpikInput<'a> {
    pub shop_id: &'a str,
    /// Empty: EmpikPlace's own API.
    pub api_url: &'a str,
    pub api_key: Option<&'a SecretString>,
    pub thulium_url: &'a str,
    pub thulium_user: &'a str,
    pub thulium_password: Option<&'a SecretString>,
    pub queue_id: &'a str,
    pub category_id: &'a str,
    pub customer_field: &'a str,
    pub auto_reply: &'a str,
    pub poll_seconds: i64,
    pub enabled: bool,
}

fn field(field: &'static str, message: impl Into<String>) -> ManageError {
    ManageError::Field {
        field,
        message: message.into(),
    }
}

fn short(name: &'static str, value: &str, what: &str) -> Result<String, ManageError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 200 || value.chars().any(char::is_control) {
        return Err(field(name, format!("{what} must have 1 to 200 characters")));
    }
    Ok(value.to_owned())
}

fn api_url(raw: &str) -> Result<String, ManageError> {
    let raw = raw.trim().trim_end_matches('/');
    if raw.is_empty() {
        return Ok(DEFAULT_API_URL.to_owned());
    }
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(raw.to_owned())
        }
        _ => Err(field(
            "api_url",
            format!("the EmpikPlace API address must be a web address such as {DEFAULT_API_URL}"),
        )),
    }
}

/// Creates (`existing: None`) or updates the integration.
pub async fn save_empik(
    store: &dyn Store,
    key: &ServerKey,
    account_id: Uuid,
    existing: Option<EmpikIntegration>,
    input: &EmpikInput<'_>,
) -> Result<EmpikIntegration, ManageError> {
    let now = crate::clock::now_ms();
    let id = existing.as_ref().map_or_else(Uuid::now_v7, |e| e.id);
    let shop_id = short("shop_id", input.shop_id, "the shop id")?;
    let api_url = api_url(input.api_url)?;
    let thulium_url = thulium_url(input.thulium_url)?;
    let thulium_user = short("thulium_user", input.thulium_user, "the Thulium API user")?;
    let queue_id = short("queue_id", input.queue_id, "the ticket queue")?;
    let customer_field = short("customer_field", input.customer_field, "the customer field")?;
    let category_id = Some(input.category_id.trim())
        .filter(|c| !c.is_empty())
        .map(|c| short("category_id", c, "the ticket category"))
        .transpose()?;
    let auto_reply = input.auto_reply.trim();
    if auto_reply.chars().count() > MAX_AUTO_REPLY_CHARS {
        return Err(field(
            "auto_reply",
            format!("the automatic reply may have at most {MAX_AUTO_REPLY_CHARS} characters"),
        ));
    }
    if !(MIN_POLL_SECONDS..=MAX_POLL_SECONDS).contains(&input.poll_seconds) {
        return Err(field(
            "poll_seconds",
            "poll EmpikPlace every 60 to 86,400 seconds (EmpikPlace asks for a minute or more)",
        ));
    }
    let same_empik = existing
        .as_ref()
        .filter(|e| e.api_url == api_url && e.shop_id == shop_id);
    let api_key_encrypted = match (input.api_key, same_empik) {
        (Some(k), _) if !k.expose_secret().trim().is_empty() => key.encrypt(
            k.expose_secret().trim(),
            &crate::crypto::empik_api_key_context(id),
        ),
        (_, Some(saved)) => saved.api_key_encrypted.clone(),
        _ => return Err(field("api_key", "enter the shop's EmpikPlace API key")),
    };
    let same_thulium = existing
        .as_ref()
        .filter(|e| e.thulium.url == thulium_url && e.thulium.user == thulium_user);
    let password_encrypted = match (input.thulium_password, same_thulium) {
        (Some(p), _) if !p.expose_secret().is_empty() => key.encrypt(
            p.expose_secret(),
            &crate::crypto::empik_thulium_password_context(id),
        ),
        (_, Some(saved)) => saved.thulium.password_encrypted.clone(),
        _ => match shared_password(store, key, account_id, &thulium_url, &thulium_user).await? {
            Some(password) => key.encrypt(
                password.expose_secret(),
                &crate::crypto::empik_thulium_password_context(id),
            ),
            None => {
                return Err(field(
                    "thulium_password",
                    "enter the Thulium API user's password",
                ))
            }
        },
    };
    let integration = EmpikIntegration {
        id,
        account_id,
        shop_id,
        api_url,
        api_key_encrypted,
        thulium: StoredThulium {
            url: thulium_url,
            user: thulium_user,
            password_encrypted,
        },
        queue_id,
        category_id,
        customer_field,
        auto_reply: Some(auto_reply.to_owned()).filter(|t| !t.is_empty()),
        poll_seconds: input.poll_seconds,
        enabled: input.enabled,
        // Saving new credentials is how an admin answers a pause.
        paused_reason: None,
        poll_state: existing.as_ref().and_then(|e| e.poll_state.clone()),
        created_at: existing.as_ref().map_or(now, |e| e.created_at),
        updated_at: now,
    };
    match store.save_empik(&integration).await {
        Ok(()) => {}
        Err(error) if error.downcast_ref::<ShopTaken>().is_some() => {
            return Err(field("shop_id", ShopTaken.to_string()))
        }
        Err(error) => return Err(error.into()),
    }
    let switched_on = input.enabled && existing.as_ref().is_none_or(|e| !e.enabled);
    if switched_on {
        // Only what is written from now on is taken: not the messages of
        // the time it was off.
        let fresh = serde_json::to_string(&PollState::starting(now)).expect("marks serialise");
        store
            .insert_empik_polled(account_id, id, &[], &fresh)
            .await?;
    }
    if existing.is_some_and(|e| e.paused_reason.is_some()) {
        store.pause_empik(id, None, now).await?;
    }
    Ok(integration)
}

/// The password the account's contact-center integration keeps for the
/// same Thulium address and user: one API user serves both.
async fn shared_password(
    store: &dyn Store,
    key: &ServerKey,
    account_id: Uuid,
    url: &str,
    user: &str,
) -> Result<Option<SecretString>, ManageError> {
    let centers = store.contact_centers(account_id).await?;
    Ok(centers.iter().find_map(|center| {
        let stored = center.thulium.as_ref()?;
        if stored.url != url || stored.user != user {
            return None;
        }
        key.decrypt(
            &stored.password_encrypted,
            &crate::crypto::thulium_password_context(center.id),
        )
        .ok()
    }))
}

/// Resumes a paused integration: its waiting steps are due at once.
pub async fn resume_empik(
    store: &dyn Store,
    account_id: Uuid,
    id: Uuid,
) -> Result<bool, ManageError> {
    if store
        .empik_integration(Some(account_id), id)
        .await?
        .is_none()
    {
        return Ok(false);
    }
    store.pause_empik(id, None, crate::clock::now_ms()).await?;
    Ok(true)
}
