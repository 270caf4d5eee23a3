//! An agent's reply, or the automatic reply, into the EmpikPlace thread.
//! Files go with it up to Mirakl's 10 MB; a reply with more is not sent and
//! the ticket says why. What was sent is noted (a hash of its text) so
//! that the inbox's copy of it does not come back into the ticket.

use super::{EmpikSender, Target};
use crate::db::{ClaimedDelivery, DeliveryOutcome};
use crate::domain::empik::{AgentReply, AutoReply, MAX_ATTACHMENTS_BYTES};
use crate::empik::OutgoingFile;
use sha2::{Digest, Sha256};

/// The hash a sent text is recognised by when the inbox shows it back.
pub fn sent_hash(body: &str) -> String {
    hex::encode(Sha256::digest(body.trim().as_bytes()))
}

impl EmpikSender {
    pub(super) async fn reply(
        &self,
        target: &Target,
        delivery: &ClaimedDelivery,
        reply: &AgentReply,
        now: i64,
    ) -> DeliveryOutcome {
        let total = reply.attachments_bytes();
        if total > MAX_ATTACHMENTS_BYTES {
            let note = format!(
                "[ankieter] Ta odpowiedź NIE została wysłana do EmpikPlace: załączniki ważą {:.1} MB, \
                 a EmpikPlace przyjmuje najwyżej 10 MB na rozmowę. Wyślij ją ponownie bez nich \
                 lub z mniejszymi plikami.",
                total as f64 / (1024.0 * 1024.0)
            );
            if let Err(error) = self
                .thulium
                .add_comment(&target.thulium, &reply.ticket_id, &note)
                .await
            {
                tracing::warn!(error = %error, "cannot leave the attachment note on the ticket");
            }
            return super::failed(
                Some("reply".into()),
                format!(
                    "the reply's attachments weigh {total} bytes, over EmpikPlace's 10 MB; \
                     not sent, and the ticket says so"
                ),
            );
        }
        let files = match tokio::time::timeout(self.call_timeout, self.fetch(target, reply)).await {
            Ok(Ok(files)) => files,
            Ok(Err(error)) => {
                return self
                    .thulium_failed(target, error, "reply attachments", delivery, now)
                    .await
            }
            Err(_) => {
                return super::retry(
                    "Thulium: fetching the attachments timed out".into(),
                    None,
                    Some("reply attachments".into()),
                    delivery,
                    now,
                )
            }
        };
        self.post(
            target,
            delivery,
            &reply.thread_id,
            &reply.body,
            files,
            "reply",
            now,
        )
        .await
    }

    pub(super) async fn auto_reply(
        &self,
        target: &Target,
        delivery: &ClaimedDelivery,
        auto: &AutoReply,
        now: i64,
    ) -> DeliveryOutcome {
        self.post(
            target,
            delivery,
            &auto.thread_id,
            &auto.body,
            Vec::new(),
            "automatic reply",
            now,
        )
        .await
    }

    async fn fetch(
        &self,
        target: &Target,
        reply: &AgentReply,
    ) -> Result<Vec<OutgoingFile>, crate::thulium::ThuliumError> {
        let mut files = Vec::with_capacity(reply.attachments.len());
        let mut left = MAX_ATTACHMENTS_BYTES as usize;
        for attachment in &reply.attachments {
            let bytes = self
                .thulium
                .attachment(&target.thulium, &attachment.location, left)
                .await?;
            left = left.saturating_sub(bytes.len());
            files.push(OutgoingFile {
                name: attachment.name.clone(),
                bytes,
            });
        }
        Ok(files)
    }

    #[allow(clippy::too_many_arguments)]
    async fn post(
        &self,
        target: &Target,
        delivery: &ClaimedDelivery,
        thread_id: &str,
        body: &str,
        files: Vec<OutgoingFile>,
        kind: &str,
        now: i64,
    ) -> DeliveryOutcome {
        if let Err(error) = self
            .empik
            .reply(&target.empik, thread_id, body, files)
            .await
        {
            return self.empik_failed(target, error, kind, delivery, now).await;
        }
        if let Err(error) = self
            .store
            .note_empik_sent(target.integration.id, thread_id, &sent_hash(body), now)
            .await
        {
            tracing::warn!(
                error = format!("{error:#}"),
                "cannot note the sent reply; the inbox's copy may come back as the shop's message"
            );
        }
        DeliveryOutcome::Delivered {
            request_kind: kind.into(),
            contact_id: None,
        }
    }
}
