//! Contact-center interactions, whichever way they arrive (the generic
//! JSON endpoint, Thulium's webhooks, Thulium's polled REST API):
//! [`Interactions::accept`] applies the integration's channel and queue
//! filter, fixes the event plan, stores its delivery durably (once per
//! interaction id) and wakes the delivery worker.

mod poller;
mod queue_names;
mod thulium_webhook;

pub use poller::{PollReport, PollState, TicketPoller};
pub use thulium_webhook::{ChatNotification, WebhookOutcome};

use crate::crypto::ServerKey;
use crate::db::Wake;
use crate::db::{ContactCenter, InteractionOutcome, NewInteraction, Store};
use crate::domain::{
    EventPlan, HandledBy, Interaction, InteractionDetail, InteractionId, InteractionType, Queue,
    RespondentEmail,
};
use crate::fresh_cache::FreshCache;
use crate::metrics::Metrics;
use crate::thulium::{ThuliumAccess, ThuliumClient};
use queue_names::QueueNames;
use std::sync::Arc;
use uuid::Uuid;

/// What became of an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// Stored; its delivery will send the event.
    Queued(Uuid),
    /// The integration had this interaction already: its delivery.
    Replayed(Uuid),
    /// Its channel or queue is not forwarded: nothing was stored.
    Filtered,
}

pub struct Interactions {
    store: Arc<dyn Store>,
    wake: Wake,
    metrics: Arc<Metrics>,
    /// Chat queues' names from Thulium's API.
    queue_names: QueueNames,
    /// Integrations kept for a moment: an interaction reads its integration
    /// once per [`INTEGRATION_FRESH_FOR`] at most, not on every request.
    integrations: FreshCache<ContactCenter>,
}

/// How long a read integration is used before it is read again: an edit made
/// by another process (the CLI) applies within this.
pub const INTEGRATION_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(2);

impl Interactions {
    pub fn new(
        store: Arc<dyn Store>,
        wake: Wake,
        metrics: Arc<Metrics>,
        thulium: ThuliumClient,
        key: Arc<ServerKey>,
    ) -> Self {
        Self {
            store,
            wake,
            metrics,
            queue_names: QueueNames::new(thulium, key),
            integrations: FreshCache::new(INTEGRATION_FRESH_FOR, 10_000),
        }
    }

    /// The account's integration with this name (kept for a moment).
    pub async fn integration_by_name(
        &self,
        account_id: Uuid,
        name: &str,
    ) -> anyhow::Result<Option<Arc<ContactCenter>>> {
        let name = name.trim().to_lowercase();
        let store = self.store.clone();
        self.integrations
            .get_or_load(&format!("{account_id}/{name}"), move || async move {
                store.contact_center_by_name(account_id, &name).await
            })
            .await
    }

    /// Forgets what is kept of an integration that was just changed or
    /// deleted in this process, so the change applies at once.
    pub fn forget_integration(&self, integration: &ContactCenter) {
        self.integrations.forget(&format!(
            "{}/{}",
            integration.account_id,
            integration.name.as_str()
        ));
    }

    /// Stores the interaction's delivery (durably, before this returns) or
    /// drops it when its channel or queue is not forwarded.
    pub async fn accept(
        &self,
        integration: &ContactCenter,
        interaction: &Interaction,
    ) -> anyhow::Result<Accepted> {
        let Some(new) = plan(integration, interaction) else {
            self.count("filtered");
            return Ok(Accepted::Filtered);
        };
        let accepted = match self.store.insert_interaction(&new).await? {
            InteractionOutcome::Stored(id) => {
                self.wake.deliveries_due();
                self.count("queued");
                Accepted::Queued(id)
            }
            InteractionOutcome::Replayed(id) => {
                self.count("replayed");
                Accepted::Replayed(id)
            }
        };
        Ok(accepted)
    }

    /// As [`Self::accept`] for a batch from the poller, stored in one
    /// transaction with the poller's new high-water mark.
    pub async fn accept_polled(
        &self,
        integration: &ContactCenter,
        interactions: &[Interaction],
        poll_state: &str,
    ) -> anyhow::Result<Vec<Accepted>> {
        let planned: Vec<Option<NewInteraction>> = interactions
            .iter()
            .map(|interaction| plan(integration, interaction))
            .collect();
        let new: Vec<NewInteraction> = planned.iter().flatten().cloned().collect();
        let mut stored = self
            .store
            .insert_polled(integration.id, &new, poll_state)
            .await?
            .into_iter();
        let mut accepted = Vec::with_capacity(planned.len());
        for planned in planned {
            let outcome = match planned.and_then(|_| stored.next()) {
                None => Accepted::Filtered,
                Some(InteractionOutcome::Stored(id)) => Accepted::Queued(id),
                Some(InteractionOutcome::Replayed(id)) => Accepted::Replayed(id),
            };
            self.count(match outcome {
                Accepted::Queued(_) => "queued",
                Accepted::Replayed(_) => "replayed",
                Accepted::Filtered => "filtered",
            });
            accepted.push(outcome);
        }
        if accepted.iter().any(|a| matches!(a, Accepted::Queued(_))) {
            self.wake.deliveries_due();
        }
        Ok(accepted)
    }

    fn count(&self, outcome: &str) {
        self.metrics
            .interactions
            .with_label_values(&[outcome])
            .inc();
    }

    pub fn count_webhook(&self, action: &str) {
        self.metrics
            .thulium_webhooks
            .with_label_values(&[action])
            .inc();
    }
}

impl Interactions {
    /// [`send_test`], and the worker woken for it.
    pub async fn send_test(
        &self,
        integration: &ContactCenter,
        kind: InteractionType,
        email: RespondentEmail,
    ) -> anyhow::Result<Uuid> {
        let id = send_test(self.store.as_ref(), integration, kind, email).await?;
        self.wake.deliveries_due();
        Ok(id)
    }
}

/// Stores a made-up interaction of `kind` for `email`, whatever the
/// filters say (the admin's and the CLI's *Send test event*); its id starts
/// with `test-`. Returns its delivery.
pub async fn send_test(
    store: &dyn Store,
    integration: &ContactCenter,
    kind: InteractionType,
    email: RespondentEmail,
) -> anyhow::Result<Uuid> {
    let interaction = Interaction {
        id: InteractionId::parse(&format!("test-{}", Uuid::now_v7()))
            .map_err(anyhow::Error::msg)?,
        kind,
        occurred_at: crate::clock::now_ms(),
        email,
        queue: Queue {
            id: "test".into(),
            name: Some("Test".into()),
        },
        detail: match kind {
            InteractionType::TicketRatingReceived => InteractionDetail::Rating { rating: 5 },
            InteractionType::ChatConversationClosed => InteractionDetail::Chat {
                handled_by: HandledBy::Agent,
            },
            InteractionType::IncomingCallAbandoned => InteractionDetail::Wait { seconds: 30 },
            InteractionType::IncomingCallCompleted => InteractionDetail::Talk { seconds: 60 },
            _ => InteractionDetail::None,
        },
    };
    let new = unfiltered_plan(integration, &interaction);
    Ok(match store.insert_interaction(&new).await? {
        InteractionOutcome::Stored(id) | InteractionOutcome::Replayed(id) => id,
    })
}

/// The integration's Thulium API user with its password decrypted.
pub fn thulium_access(
    integration: &ContactCenter,
    key: &ServerKey,
) -> Result<Option<ThuliumAccess>, String> {
    let Some(stored) = &integration.thulium else {
        return Ok(None);
    };
    let password = key
        .decrypt(
            &stored.password_encrypted,
            &crate::crypto::thulium_password_context(integration.id),
        )
        .map_err(|_| "the Thulium password cannot be decrypted: set it again".to_owned())?;
    Ok(Some(ThuliumAccess {
        url: stored.url.clone(),
        user: stored.user.clone(),
        password,
    }))
}

/// The delivery of a forwarded interaction; `None` when it is filtered.
fn plan(integration: &ContactCenter, interaction: &Interaction) -> Option<NewInteraction> {
    if !integration.rules.forwards(interaction) {
        return None;
    }
    Some(unfiltered_plan(integration, interaction))
}

fn unfiltered_plan(integration: &ContactCenter, interaction: &Interaction) -> NewInteraction {
    NewInteraction {
        delivery_id: Uuid::now_v7(),
        account_id: integration.account_id,
        contact_center_id: integration.id,
        interaction_id: interaction.id.as_str().to_owned(),
        plan: EventPlan::for_interaction(&integration.name, &integration.rules, interaction),
        created_at: crate::clock::now_ms(),
    }
}
