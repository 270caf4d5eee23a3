//! Each account's SALESmanago access and webhook, read and decrypted once
//! per step for the deliveries the step claimed.

use super::DeliveryWorker;
use crate::db::{ClaimedDelivery, DeliveryOutcome};
use crate::delivery::attempt::credentials;
use crate::delivery::webhook::{webhook_target, WebhookTarget};
use crate::salesmanago::Credentials;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::task::JoinSet;
use uuid::Uuid;

/// An account's credentials and webhook, each or the outcome its
/// deliveries get instead.
pub(super) struct AccountAccess {
    pub salesmanago: Result<Arc<Credentials>, DeliveryOutcome>,
    pub webhook: Result<Arc<WebhookTarget>, DeliveryOutcome>,
}

/// What one claimed delivery is sent with.
pub(super) enum Access {
    Salesmanago(Arc<Credentials>),
    Webhook(Arc<WebhookTarget>),
    /// An EmpikPlace step: its integration is read when it is sent.
    Empik,
}

impl AccountAccess {
    /// What `delivery` is sent with, or the outcome it gets instead.
    pub fn for_delivery(&self, delivery: &ClaimedDelivery) -> Result<Access, DeliveryOutcome> {
        match &delivery.work {
            crate::domain::Work::Empik(_) => Ok(Access::Empik),
            work if work.to_salesmanago() => self.salesmanago.clone().map(Access::Salesmanago),
            _ => self.webhook.clone().map(Access::Webhook),
        }
    }
}

impl DeliveryWorker {
    /// Reads each account of `claimed` once. An account whose read fails or
    /// panics is left out: its claims expire and are retried.
    pub(super) async fn account_access(
        &self,
        claimed: &[ClaimedDelivery],
    ) -> HashMap<Uuid, AccountAccess> {
        let mut ids: Vec<Uuid> = claimed.iter().map(|d| d.account_id).collect();
        ids.sort();
        ids.dedup();
        let mut reads = JoinSet::new();
        for id in ids {
            let (store, key) = (self.store.clone(), self.key.clone());
            reads.spawn(async move {
                let access = match store.account(id).await {
                    Ok(None) => {
                        let gone = DeliveryOutcome::Failed {
                            request_kind: None,
                            error: "the account no longer exists".into(),
                            written_contact: None,
                        };
                        AccountAccess {
                            salesmanago: Err(gone.clone()),
                            webhook: Err(gone),
                        }
                    }
                    Ok(Some(account)) => AccountAccess {
                        salesmanago: match (&account.paused_reason, credentials(&account, &key)) {
                            (Some(reason), _) => Err(DeliveryOutcome::PauseAccount {
                                reason: reason.clone(),
                            }),
                            (None, Err(reason)) => Err(DeliveryOutcome::PauseAccount { reason }),
                            (None, Ok(credentials)) => Ok(Arc::new(credentials)),
                        },
                        webhook: webhook_target(&account, &key).map(Arc::new).map_err(|error| {
                            DeliveryOutcome::Failed {
                                request_kind: Some("webhook".into()),
                                error,
                                written_contact: None,
                            }
                        }),
                    },
                    Err(error) => {
                        tracing::error!(account.id = %id, error = format!("{error:#}"), "cannot read the account for its deliveries");
                        return None;
                    }
                };
                Some((id, access))
            });
        }
        let mut access = HashMap::new();
        while let Some(joined) = reads.join_next().await {
            match joined {
                Ok(Some((id, entry))) => {
                    access.insert(id, entry);
                }
                Ok(None) => {}
                Err(panic) => tracing::error!(error = %panic, "reading an account panicked"),
            }
        }
        access
    }
}
