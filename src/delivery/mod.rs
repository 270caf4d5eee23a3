//! The outbox: a delivery row per survey response or contact-center
//! interaction, sent by the worker.

mod attempt;
mod backoff;
mod empik;
mod event;
mod failure;
mod survey_event;
mod webhook;
mod worker;

pub use attempt::credentials;
pub use empik::{empik_access, sent_hash, EmpikSender};
pub use webhook::{send_test_post, webhook_target, WebhookClient};
pub use worker::{DeliveryWorker, Round, WorkerParts};
