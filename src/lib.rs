//! ankieter: survey pages whose responses reach SALESmanago.
//!
//! Map: `domain` (parsed types and the exact property rules), `salesmanago`
//! (API client), `delivery` (outbox worker), `db` (storage behind [`db::Store`]),
//! `routes` (HTTP), `manage` (operator actions), `cli`, `startup`.

pub mod admin;
pub mod api;
pub mod cli;
pub mod clock;
pub mod configuration;
pub mod crypto;
pub mod db;
pub mod delivery;
pub mod domain;
pub mod manage;
pub mod metrics;
pub mod routes;
pub mod salesmanago;
pub mod startup;
pub mod state;
pub mod telemetry;
