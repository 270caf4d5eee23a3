use super::limits::RateLimits;
use crate::configuration::Settings;
use crate::contact_center::Interactions;
use crate::contacts::ContactCards;
use crate::crypto::ServerKey;
use crate::db::Store;
use crate::db::Wake;
use crate::metrics::Metrics;
use crate::submission::Submissions;
use std::sync::atomic::AtomicI64;
use std::sync::Arc;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub key: Arc<ServerKey>,
    /// Wakes the delivery worker as soon as a response is stored.
    pub wake: Wake,
    pub settings: Arc<Settings>,
    pub limits: Arc<RateLimits>,
    pub metrics: Arc<Metrics>,
    /// When the delivery worker last went round its loop (ms), for `/readyz`.
    pub worker_heartbeat: Arc<AtomicI64>,
    /// Surveys and their responses (the submission layer).
    pub submissions: Arc<Submissions>,
    /// Contact-center interactions (their intake layer).
    pub interactions: Arc<Interactions>,
    /// Contact cards: SALESmanago's data and the ledger for an e-mail.
    pub contact_cards: Arc<ContactCards>,
    /// Readiness's check that the database takes writes.
    pub write_probe: Arc<super::WriteProbe>,
    /// Asks the EmpikPlace poller to poll every integration now (the demo's
    /// sandboxes, after a customer or an agent writes).
    pub poll_marketplaces: Arc<tokio::sync::Notify>,
}

impl AppState {
    /// Where respondents open a survey: the public URL's, else a path.
    pub fn survey_url(&self, slug: &str) -> String {
        let base = self.settings.public_url_base().unwrap_or_default();
        format!("{base}/s/{slug}")
    }

    /// Cookies get `Secure` when people reach ankieter over https.
    pub fn secure_cookies(&self) -> bool {
        self.settings
            .public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }
}
