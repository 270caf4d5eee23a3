//! Who may open the embeddable card: a live card key of the account, or a
//! link the server signed for that account and e-mail that has not expired.
//! An API token is refused here (it belongs in a server, not in a sidebar's
//! URL), as a card key is refused by the API.

use super::card_link::{CardLink, LinkRefused};
use crate::crypto::ServerKey;
use crate::db::{Account, Store, TokenScope};
use crate::domain::RespondentEmail;
use crate::manage::token_sha256;

/// What the card's URL carries, as typed.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CardAsk {
    pub email: Option<String>,
    /// A card key.
    pub key: Option<String>,
    /// A signed link: the account, its expiry (unix s) and the signature.
    pub account: Option<String>,
    pub expires: Option<String>,
    pub sig: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardRefused {
    /// Neither a key nor a whole signed link.
    NoKey,
    /// Not a card key, or a revoked one.
    BadKey,
    /// An API token where a card key belongs.
    ApiToken,
    Forged,
    Expired,
    BadEmail,
}

/// The account and e-mail the card may show, or why not. `now_ms` is the
/// server's clock.
pub async fn authorise(
    store: &dyn Store,
    key: &ServerKey,
    ask: &CardAsk,
    now_ms: i64,
) -> anyhow::Result<Result<(Account, RespondentEmail), CardRefused>> {
    let account_id = if let Some(card_key) = given(&ask.key) {
        let Some(token) = store.use_token(&token_sha256(card_key), now_ms).await? else {
            return Ok(Err(CardRefused::BadKey));
        };
        if token.revoked_at.is_some() {
            return Ok(Err(CardRefused::BadKey));
        }
        if token.scope != TokenScope::Card {
            return Ok(Err(CardRefused::ApiToken));
        }
        token.account_id
    } else {
        let (Some(account), Some(expires), Some(sig)) =
            (given(&ask.account), given(&ask.expires), given(&ask.sig))
        else {
            return Ok(Err(CardRefused::NoKey));
        };
        let (Ok(account_id), Ok(expires)) = (account.parse(), expires.parse::<i64>()) else {
            return Ok(Err(CardRefused::Forged));
        };
        let Some(email) = given(&ask.email).and_then(RespondentEmail::parse) else {
            return Ok(Err(CardRefused::Forged));
        };
        let link = CardLink {
            account_id,
            email,
            expires,
        };
        match link.check(key, sig, now_ms / 1000) {
            Ok(()) => account_id,
            Err(LinkRefused::Forged) => return Ok(Err(CardRefused::Forged)),
            Err(LinkRefused::Expired) => return Ok(Err(CardRefused::Expired)),
        }
    };
    let Some(account) = store.account(account_id).await? else {
        // The key or link outlived its account.
        return Ok(Err(CardRefused::BadKey));
    };
    let Some(email) = given(&ask.email).and_then(RespondentEmail::parse) else {
        return Ok(Err(CardRefused::BadEmail));
    };
    Ok(Ok((account, email)))
}

/// A parameter with something in it.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}
