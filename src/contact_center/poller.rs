//! Thulium's tickets, polled: what its webhooks do not carry. Every minute
//! (by default) each integration with an API user reads the tickets modified
//! since its high-water mark: a customer's e-mail in a ticket (a message of
//! type `MAIL`) becomes `TICKET_MESSAGE_RECEIVED`, the first `closed_at`
//! `TICKET_CLOSED`. The interactions and the new mark are stored in one
//! transaction; the interaction ids (`ticket-<id>-msg-<id>`,
//! `ticket-<id>-closed`) make a repeat, across restarts too, a replay.

use super::{Accepted, Interactions};
use crate::crypto::ServerKey;
use crate::db::{ContactCenter, Store};
use crate::domain::{
    Interaction, InteractionDetail, InteractionId, InteractionType, Queue, RespondentEmail,
};
use crate::thulium::{format_time, ThuliumClient, ThuliumError, PAGE};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Each poll reads back this far before the mark: a ticket modified while
/// the previous poll ran is read again (and recognised as a replay).
const OVERLAP_MS: i64 = 5 * 60 * 1000;
/// The most pages one poll reads per integration (10,000 tickets).
const MAX_PAGES: usize = 100;
/// Integrations polled at once: a slow Thulium holds up only its own.
const AT_ONCE: usize = 8;

/// The poller's memory, per integration (stored with it).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct PollState {
    /// When polling began: messages and closings before it are not sent.
    pub started_at: i64,
    /// Tickets modified since this (less the overlap) are read next.
    pub since: i64,
}

/// What one poll of one integration did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PollReport {
    pub tickets: usize,
    pub queued: usize,
    pub replayed: usize,
    pub filtered: usize,
    /// Customer messages or closings without an e-mail to send them to.
    pub without_email: usize,
}

pub struct TicketPoller {
    store: Arc<dyn Store>,
    key: Arc<ServerKey>,
    interactions: Arc<Interactions>,
    client: ThuliumClient,
}

impl TicketPoller {
    pub fn new(
        store: Arc<dyn Store>,
        key: Arc<ServerKey>,
        interactions: Arc<Interactions>,
        client: ThuliumClient,
    ) -> Self {
        Self {
            store,
            key,
            interactions,
            client,
        }
    }

    /// Polls every `every` until `stop`.
    pub async fn run(self: Arc<Self>, every: Duration, stop: CancellationToken) {
        loop {
            self.poll_all(crate::clock::now_ms()).await;
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(every) => {}
            }
        }
    }

    /// One poll of every integration with an API user, `AT_ONCE` at a time.
    pub async fn poll_all(&self, now: i64) -> Vec<(ContactCenter, Result<PollReport, String>)> {
        let integrations = match self.store.polled_contact_centers().await {
            Ok(all) => all,
            Err(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    "cannot list the polled integrations"
                );
                return Vec::new();
            }
        };
        futures_util::stream::iter(integrations)
            .map(|integration| async move {
                let result = self.poll(&integration, now).await;
                if let Err(error) = &result {
                    tracing::warn!(contact_center.id = %integration.id, error, "polling Thulium failed; the next poll tries again from the same mark");
                }
                (integration, result)
            })
            .buffer_unordered(AT_ONCE)
            .collect()
            .await
    }

    /// Reads the integration's tickets modified since its mark and stores
    /// what they bring with the new mark.
    pub async fn poll(&self, integration: &ContactCenter, now: i64) -> Result<PollReport, String> {
        let Some(access) = super::thulium_access(integration, &self.key)? else {
            return Ok(PollReport::default());
        };
        let state = integration
            .poll_state
            .as_deref()
            .and_then(|raw| serde_json::from_str::<PollState>(raw).ok())
            .unwrap_or(PollState {
                started_at: integration.updated_at.min(now),
                since: integration.updated_at.min(now),
            });
        let date_from = format_time(state.since - OVERLAP_MS);
        let mut report = PollReport::default();
        let mut interactions = Vec::new();
        for page in 0..MAX_PAGES {
            let tickets = self
                .client
                .tickets(&access, &date_from, page * PAGE)
                .await
                .map_err(|e| e.to_string())?;
            let last = tickets.len() < PAGE;
            for ticket in tickets {
                report.tickets += 1;
                let queue_id = ticket.queue_id.clone().unwrap_or_default();
                if !integration.rules.tickets.includes(&queue_id) {
                    report.filtered += 1;
                    continue;
                }
                let ticket = match self.client.ticket(&access, &ticket.id).await {
                    Ok(full) => full,
                    Err(ThuliumError::Garbled(_)) => ticket,
                    Err(error) => return Err(error.to_string()),
                };
                interactions.extend(from_ticket(&ticket, &state, &mut report));
            }
            if last {
                break;
            }
            if page + 1 == MAX_PAGES {
                tracing::warn!(contact_center.id = %integration.id, "more than {} modified tickets in one poll: the rest wait for the next", MAX_PAGES * PAGE);
            }
        }
        let next = PollState {
            started_at: state.started_at,
            since: now,
        };
        let accepted = self
            .interactions
            .accept_polled(
                integration,
                &interactions,
                &serde_json::to_string(&next).expect("state serialises"),
            )
            .await
            .map_err(|e| format!("cannot store the polled interactions: {e:#}"))?;
        for outcome in accepted {
            match outcome {
                Accepted::Queued(_) => report.queued += 1,
                Accepted::Replayed(_) => report.replayed += 1,
                Accepted::Filtered => report.filtered += 1,
            }
        }
        Ok(report)
    }
}

/// The interactions one ticket brings: its customers' e-mails and its
/// first closing, from when polling began.
fn from_ticket(
    ticket: &crate::thulium::Ticket,
    state: &PollState,
    report: &mut PollReport,
) -> Vec<Interaction> {
    let queue = Queue {
        id: ticket.queue_id.clone().unwrap_or_default(),
        name: ticket.queue_name.clone(),
    };
    let customer = ticket
        .customer_email
        .as_deref()
        .and_then(RespondentEmail::parse);
    let mut found = Vec::new();
    let mut add = |id: String, kind, at: i64, email: Option<RespondentEmail>| {
        let (Ok(id), Some(email)) = (InteractionId::parse(&id), email) else {
            report.without_email += 1;
            return;
        };
        found.push(Interaction {
            id,
            kind,
            occurred_at: at,
            email,
            queue: queue.clone(),
            detail: InteractionDetail::None,
        });
    };
    for message in &ticket.messages {
        let at = message.at.unwrap_or(state.since);
        if message.kind != "MAIL" || at < state.started_at {
            continue;
        }
        let email = message
            .from
            .as_deref()
            .and_then(RespondentEmail::parse)
            .or_else(|| customer.clone());
        add(
            format!("ticket-{}-msg-{}", ticket.id, message.id),
            InteractionType::TicketMessageReceived,
            at,
            email,
        );
    }
    if let Some(closed_at) = ticket.closed_at.filter(|at| *at >= state.started_at) {
        add(
            format!("ticket-{}-closed", ticket.id),
            InteractionType::TicketClosed,
            closed_at,
            customer.clone(),
        );
    }
    found
}
