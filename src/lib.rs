//! ankieter: survey pages whose responses reach SALESmanago.
//!
//! Map, from the bottom up (see `docs/architecture.md`): `domain` (parsed
//! types and the exact product rules), `db` (storage behind [`db::Store`]),
//! `salesmanago` (API client), `delivery` (the outbox worker), `manage`
//! (account, survey and admin actions), `submission` (responses, from any
//! adapter), `web` (what the HTTP adapters share), the adapters `pages`,
//! `admin`, `api`, `sandbox`, `ops`, then `router`, `startup` and `cli`.

pub mod admin;
pub mod api;
pub mod card;
pub mod cli;
pub mod clock;
pub mod configuration;
pub mod contact_center;
pub mod contacts;
pub mod crypto;
pub mod db;
pub mod delivery;
pub mod domain;
pub mod empik;
pub mod fresh_cache;
pub mod hooks;
pub mod i18n;
pub mod manage;
pub mod marketplace;
pub mod metrics;
pub mod ops;
pub mod outbound;
pub mod pages;
pub mod router;
pub mod salesmanago;
pub mod sandbox;
pub mod shared_error;
pub mod startup;
pub mod submission;
pub mod telemetry;
pub mod thulium;
pub mod web;
