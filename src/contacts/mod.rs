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

mod access;
mod card_link;
pub use access::{authorise, CardAsk, CardRefused};
pub use card_link::{CardLink, CARD_LINK_LONGEST};
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
    Unavailable(Trouble),
}

/// Why the card has no SALESmanago data; each adapter words it in its
/// reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// The account has no SALESmanago settings, or they cannot be used.
    NotSetUp(String),
    /// SALESmanago refused the account's credentials.
    Credentials,
    /// SALESmanago did not answer (timeout, 5xx, garbage).
    NoAnswer,
    /// SALESmanago answered with an error of its own: its words.
    Answered(String),
    /// The account's card look-up rate limit: try again in this many seconds.
    TooManyLookups(u64),
}

impl Trouble {
    /// In English, for the admin and the JSON API.
    pub fn english(&self) -> String {
        match self {
            Self::NotSetUp(why) => format!("SALESmanago is not set up for this account: {why}"),
            Self::Credentials => {
                "SALESmanago refused the account's credentials: check them on the SALESmanago page"
                    .into()
            }
            Self::NoAnswer => "SALESmanago did not answer just now; try again in a moment".into(),
            Self::Answered(message) => format!("SALESmanago answered: {message}"),
            Self::TooManyLookups(seconds) => format!(
                "Too many contact look-ups for this account just now; try again in {seconds} s"
            ),
        }
    }
}

/// One row of ankieter's own ledger for the e-mail, ready to show.
pub struct LedgerRow {
    pub delivery_id: String,
    pub created: String,
    /// For pages that show times in the reader's zone.
    pub created_at: i64,
    /// The event's name; `None` for a survey response.
    pub event: Option<String>,
    pub status: crate::db::DeliveryStatus,
}

impl ContactCard {
    pub fn ledger_rows(&self) -> Vec<LedgerRow> {
        self.ledger
            .iter()
            .map(|d| LedgerRow {
                delivery_id: d.id.to_string(),
                created: crate::clock::format_ms(d.created_at),
                created_at: d.created_at,
                event: d.work.event().map(|event| event.description.clone()),
                status: d.status,
            })
            .collect()
    }
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
            Err(wait) => Err(Trouble::TooManyLookups(wait.as_secs().max(1))),
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
    ) -> Result<Option<CardContact>, Trouble> {
        let credentials = credentials(account, &self.key).map_err(Trouble::NotSetUp)?;
        let key = format!("{}/{}", account.id, email.as_str().to_lowercase());
        let (client, email) = (self.client.clone(), email.clone());
        let prefix = account.property_prefix.as_str().to_owned();
        let found = self
            .looked_up
            .get_or_load_shared(&key, move || async move {
                let prefixes = [prefix.as_str(), "ankieta.", "dotaznik."];
                match client.contact_card(&credentials, &email, &prefixes).await {
                    Ok(found) => Ok(Some(found)),
                    Err(error) => Err(anyhow::Error::new(TroubleError(describe(error)))),
                }
            })
            .await
            .map_err(|error| match error.downcast_ref::<TroubleError>() {
                Some(TroubleError(trouble)) => trouble.clone(),
                None => Trouble::NoAnswer,
            })?;
        Ok(found.and_then(|kept| (*kept).clone()))
    }
}

/// A trouble carried through the cache's loader, which speaks anyhow.
#[derive(Debug)]
struct TroubleError(Trouble);

impl std::fmt::Display for TroubleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.english())
    }
}

impl std::error::Error for TroubleError {}

/// Why SALESmanago did not answer with the contact.
fn describe(error: SalesmanagoError) -> Trouble {
    match error {
        SalesmanagoError::Authentication(_) => Trouble::Credentials,
        SalesmanagoError::Retryable { .. } => Trouble::NoAnswer,
        SalesmanagoError::Misconfigured(message) => {
            Trouble::NotSetUp(format!("the endpoint is set wrong: {message}"))
        }
        SalesmanagoError::Rejected(message) | SalesmanagoError::ContactNotFound(message) => {
            Trouble::Answered(message)
        }
    }
}
