use super::ManageError;
use crate::crypto::{account_secret_context, ServerKey};
use crate::db::{Account, Store, StoredSalesmanago};
use crate::domain::{AccountTimeZone, Endpoint, EndpointPolicy, Language, PropertyPrefix};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

pub async fn create_account(
    store: &dyn Store,
    name: &str,
    language: Language,
) -> Result<Account, ManageError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ManageError::Invalid(
            "the account name must have 1 to 200 characters".into(),
        ));
    }
    let account = Account {
        id: Uuid::new_v4(),
        name: name.to_owned(),
        language,
        property_prefix: PropertyPrefix::parse(language.default_property_prefix())
            .map_err(ManageError::Invalid)?,
        salesmanago: None,
        paused_reason: None,
        time_zone: AccountTimeZone::for_language(language),
        webhook: None,
        created_at: crate::clock::now_ms(),
    };
    store.create_account(&account).await?;
    Ok(account)
}

pub struct SalesmanagoInput {
    pub endpoint: String,
    pub client_id: String,
    pub owner: String,
    /// `None` keeps the saved secret (the admin form leaves it blank).
    pub api_secret: Option<SecretString>,
    /// `None` keeps the account's prefix.
    pub property_prefix: Option<String>,
}

/// Checks and saves an account's SALESmanago access, the secret encrypted.
/// Returns how many paused deliveries resumed.
///
/// The saved secret is kept when none is given, but only for the same
/// server and client ID: otherwise whoever may edit the settings could
/// point the endpoint at a host of their own and collect the signed
/// requests made with the secret they are not allowed to read.
pub async fn set_salesmanago(
    store: &dyn Store,
    key: &ServerKey,
    account_id: Uuid,
    input: SalesmanagoInput,
    policy: EndpointPolicy,
) -> Result<u64, ManageError> {
    let account = store
        .account(account_id)
        .await?
        .ok_or_else(|| ManageError::UnknownAccount(account_id.to_string()))?;
    let field = |field, message: String| ManageError::Field { field, message };
    let endpoint = Endpoint::parse(&input.endpoint).map_err(|e| field("endpoint", e))?;
    policy.check(&endpoint).map_err(|e| field("endpoint", e))?;
    let client_id = input.client_id.trim();
    if client_id.is_empty() || client_id.len() > 200 {
        return Err(field(
            "client_id",
            "the client ID must have 1 to 200 characters".into(),
        ));
    }
    let owner = input.owner.trim();
    if !email_address::EmailAddress::is_valid(owner) {
        return Err(field(
            "owner",
            format!("the owner {owner:?} is not an e-mail address"),
        ));
    }
    let secret_encrypted = match (&input.api_secret, &account.salesmanago) {
        (Some(secret), _) if !secret.expose_secret().trim().is_empty() => key.encrypt(
            secret.expose_secret().trim(),
            &account_secret_context(account.id),
        ),
        (_, Some(saved)) if same_server(saved, &endpoint, client_id) => {
            saved.secret_encrypted.clone()
        }
        (_, Some(_)) => {
            return Err(field(
                "api_secret",
                "the endpoint's server or the client ID changed: enter the API secret again".into(),
            ))
        }
        _ => return Err(field("api_secret", "the API secret is empty".into())),
    };
    let prefix = match input.property_prefix {
        Some(raw) => PropertyPrefix::parse(&raw).map_err(|e| field("prefix", e))?,
        None => account.property_prefix.clone(),
    };
    let stored = StoredSalesmanago {
        endpoint: endpoint.as_str().to_owned(),
        client_id: client_id.to_owned(),
        owner: owner.to_owned(),
        secret_encrypted,
    };
    Ok(store
        .set_salesmanago(account.id, &stored, &prefix, crate::clock::now_ms())
        .await?)
}

/// Whether the saved access is for the same SALESmanago server and client.
fn same_server(saved: &StoredSalesmanago, endpoint: &Endpoint, client_id: &str) -> bool {
    Endpoint::parse(&saved.endpoint).is_ok_and(|saved| saved.origin() == endpoint.origin())
        && saved.client_id == client_id
}
