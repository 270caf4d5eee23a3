//! The outbox: a delivery row per response, sent by the worker.

mod attempt;
mod backoff;
mod plan;
mod worker;

pub use attempt::credentials;
pub use plan::{DeliveryPlan, Target};
pub use worker::{DeliveryWorker, Round, WorkerParts};
