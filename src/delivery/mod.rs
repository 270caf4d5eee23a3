//! The outbox: a delivery row per response, sent by the worker.

mod attempt;
mod backoff;
mod worker;

pub use attempt::credentials;
pub use worker::{DeliveryWorker, Round, WorkerParts};
