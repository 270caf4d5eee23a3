use super::ManageError;
use crate::db::{ApiToken, Store, TokenScope};
use rand::RngCore;
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// What every token starts with, so leaked tokens are easy to recognise.
pub const TOKEN_PREFIX: &str = "ank_";
/// What every card key starts with: it opens the contact card and nothing else.
pub const CARD_KEY_PREFIX: &str = "ankc_";

/// Creates an API token for the account. The token is returned once; only
/// its SHA-256 is stored (it is random, so a fast hash is enough).
pub async fn create_token(
    store: &dyn Store,
    account_id: Uuid,
    name: &str,
) -> Result<(ApiToken, SecretString), ManageError> {
    create_scoped(store, account_id, name, TokenScope::Api).await
}

/// Creates a card key: a token that opens only the account's embeddable
/// contact card (`/card?key=…&email=…`), for a helpdesk's sidebar.
pub async fn create_card_key(
    store: &dyn Store,
    account_id: Uuid,
    name: &str,
) -> Result<(ApiToken, SecretString), ManageError> {
    create_scoped(store, account_id, name, TokenScope::Card).await
}

async fn create_scoped(
    store: &dyn Store,
    account_id: Uuid,
    name: &str,
    scope: TokenScope,
) -> Result<(ApiToken, SecretString), ManageError> {
    if store.account(account_id).await?.is_none() {
        return Err(ManageError::UnknownAccount(account_id.to_string()));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ManageError::Invalid(
            "the token name must have 1 to 100 characters".into(),
        ));
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let prefix = match scope {
        TokenScope::Api => TOKEN_PREFIX,
        TokenScope::Card => CARD_KEY_PREFIX,
    };
    let token = format!("{prefix}{}", hex::encode(bytes));
    let record = ApiToken {
        id: Uuid::new_v4(),
        account_id,
        name: name.to_owned(),
        scope,
        token_sha256: token_sha256(&token),
        created_at: crate::clock::now_ms(),
        revoked_at: None,
        last_used_at: None,
    };
    store.create_token(&record).await?;
    Ok((record, SecretString::from(token)))
}

pub fn token_sha256(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
