//! The operator's command line, run as the real binary: one module per command.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/postgres.rs"]
mod postgres_db;

mod accounts;
mod admins;
mod backup;
mod config;
mod contact_centers;
mod db_copy;
mod demo;
mod empikplace;
mod packaging;
mod people;
mod secret_key;
mod serve;
mod storage_faults;
mod tokens;
mod upgrade;
