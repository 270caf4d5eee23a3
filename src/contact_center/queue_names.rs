//! Chat queues' names, for the closed chat's detail2: Thulium's chat
//! notifications carry only the queue's id. Read with the integration's API
//! user (when it has one) from `GET chats/queues`, kept for ten minutes; a
//! failed read leaves the name out rather than delaying the event.

use crate::crypto::ServerKey;
use crate::db::ContactCenter;
use crate::thulium::ThuliumClient;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

const KEEP_FOR: Duration = Duration::from_secs(10 * 60);
/// A webhook waits for this at most; Thulium's own timeout is longer.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(2);

type Names = HashMap<String, String>;

pub struct QueueNames {
    client: ThuliumClient,
    key: std::sync::Arc<ServerKey>,
    cache: Mutex<HashMap<Uuid, (Instant, Names)>>,
}

impl QueueNames {
    pub fn new(client: ThuliumClient, key: std::sync::Arc<ServerKey>) -> Self {
        Self {
            client,
            key,
            cache: Mutex::default(),
        }
    }

    /// The chat queue's name, if the integration has an API user and
    /// Thulium names the queue.
    pub async fn chat_queue(&self, integration: &ContactCenter, queue_id: &str) -> Option<String> {
        integration.thulium.as_ref()?;
        if let Some((at, names)) = self
            .cache
            .lock()
            .expect("queue names lock")
            .get(&integration.id)
        {
            if at.elapsed() < KEEP_FOR {
                return names.get(queue_id).cloned();
            }
        }
        let access = super::thulium_access(integration, &self.key)
            .ok()
            .flatten()?;
        let read = tokio::time::timeout(LOOKUP_TIMEOUT, self.client.chat_queues(&access)).await;
        let names: Names = match read {
            Ok(Ok(queues)) => queues.into_iter().map(|q| (q.id, q.name)).collect(),
            _ => {
                tracing::warn!(contact_center.id = %integration.id, "Thulium's chat queues could not be read; the queue name is left out");
                return None;
            }
        };
        let name = names.get(queue_id).cloned();
        self.cache
            .lock()
            .expect("queue names lock")
            .insert(integration.id, (Instant::now(), names));
        name
    }
}
