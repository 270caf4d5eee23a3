//! The contact card: what SALESmanago knows about a customer (found by
//! e-mail) and what ankieter sent for that e-mail (its ledger), for the
//! admin, the JSON API and a helpdesk's sidebar. SALESmanago's answer is
//! kept for [`CARD_FRESH_FOR`], so an agent reopening a card does not call
//! SALESmanago each time; a SALESmanago failure is part of the card (a
//! message), never an error of the page.

use crate::crypto::ServerKey;
use crate::db::{Account, DeliveryRecord, Store};
use crate::delivery::credentials;
use crate::domain::RespondentEmail;
use crate::fresh_cache::FreshCache;
use crate::salesmanago::{CardContact, SalesmanagoClient, SalesmanagoError};
use std::sync::Arc;
use std::time::Duration;

/// How long SALESmanago's answer for one e-mail is kept.
pub const CARD_FRESH_FOR: Duration = Duration::from_secs(60);
/// The ledger shows this many of the e-mail's newest deliveries.
pub const LEDGER_ROWS: i64 = 50;

/// What SALESmanago said about the e-mail.
#[derive(Debug, Clone)]
pub enum InSalesmanago {
    Found(Box<CardContact>),
    /// SALESmanago has no contact with this e-mail: a state, not an error.
    NotFound,
    /// SALESmanago could not be asked, or refused: shown on the card.
    Unavailable(String),
}

pub struct ContactCard {
    pub email: RespondentEmail,
    pub salesmanago: InSalesmanago,
    /// ankieter's deliveries for this e-mail, newest first.
    pub ledger: Vec<DeliveryRecord>,
}

pub struct ContactCards {
    store: Arc<dyn Store>,
    key: Arc<ServerKey>,
    client: SalesmanagoClient,
    /// Per account and e-mail; only answers SALESmanago gave (found or not).
    looked_up: FreshCache<Option<CardContact>>,
}

impl ContactCards {
    pub fn new(store: Arc<dyn Store>, key: Arc<ServerKey>, client: SalesmanagoClient) -> Self {
        Self {
            store,
            key,
            client,
            looked_up: FreshCache::new(CARD_FRESH_FOR, 10_000),
        }
    }

    /// The account's card for `email`. `may_ask` is the adapter's rate
    /// limit: `Err(wait)` shows the ledger and says when to try again
    /// instead of asking SALESmanago.
    pub async fn card(
        &self,
        account: &Account,
        email: RespondentEmail,
        may_ask: Result<(), Duration>,
    ) -> anyhow::Result<ContactCard> {
        let ledger = self
            .store
            .deliveries_for_email(account.id, email.as_str(), LEDGER_ROWS)
            .await?;
        let looked_up = match may_ask {
            Ok(()) => self.look_up(account, &email).await,
            Err(wait) => Err(format!(
                "Too many contact look-ups for this account just now; try again in {} s",
                wait.as_secs().max(1)
            )),
        };
        let salesmanago = match looked_up {
            Ok(Some(contact)) => InSalesmanago::Found(Box::new(contact)),
            Ok(None) => InSalesmanago::NotFound,
            Err(message) => InSalesmanago::Unavailable(message),
        };
        Ok(ContactCard {
            email,
            salesmanago,
            ledger,
        })
    }

    async fn look_up(
        &self,
        account: &Account,
        email: &RespondentEmail,
    ) -> Result<Option<CardContact>, String> {
        let credentials = credentials(account, &self.key)?;
        let key = format!("{}/{}", account.id, email.as_str().to_lowercase());
        let (client, email) = (self.client.clone(), email.clone());
        let prefix = account.property_prefix.as_str().to_owned();
        let found = self
            .looked_up
            .get_or_load(&key, move || async move {
                let prefixes = [prefix.as_str(), "ankieta.", "dotaznik."];
                match client.contact_card(&credentials, &email, &prefixes).await {
                    Ok(found) => Ok(Some(found)),
                    Err(error) => Err(anyhow::anyhow!(describe(error))),
                }
            })
            .await
            .map_err(|error| error.to_string())?;
        Ok(found.and_then(|kept| (*kept).clone()))
    }
}

/// What the card says when SALESmanago did not answer with the contact.
fn describe(error: SalesmanagoError) -> String {
    match error {
        SalesmanagoError::Authentication(_) => {
            "SALESmanago refused the account's credentials: check them on the SALESmanago page"
                .into()
        }
        SalesmanagoError::Retryable { .. } => {
            "SALESmanago did not answer just now; try again in a moment".into()
        }
        SalesmanagoError::Misconfigured(message) => {
            format!("SALESmanago's endpoint is set wrong: {message}")
        }
        SalesmanagoError::Rejected(message) | SalesmanagoError::ContactNotFound(message) => {
            format!("SALESmanago answered: {message}")
        }
    }
}
