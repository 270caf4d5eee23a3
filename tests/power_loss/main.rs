//! Power loss, simulated: the server runs on a disk that keeps only what
//! was synced (`disk`, through the SQLite VFS in `vfs`), the power is cut
//! at random moments and at chosen ones, and after each boot nothing that
//! was acknowledged is missing.
//!
//! `POWER_SEED=n` replays a run (each test prints its seed);
//! `POWER_CUTS=n` sets how many cuts the load test makes.

mod disk;
mod durability;
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;
mod moments;
#[path = "../common/postgres.rs"]
mod postgres_db;
mod server;
mod vfs;

use rand::rngs::StdRng;
use rand::SeedableRng;
use tokio::sync::{Mutex, MutexGuard};

/// The simulated disk is one per process: its tests take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

pub async fn one_at_a_time() -> MutexGuard<'static, ()> {
    vfs::register();
    ONE_AT_A_TIME.lock().await
}

/// `one_at_a_time` for a test without a runtime.
pub fn one_at_a_time_blocking() -> MutexGuard<'static, ()> {
    vfs::register();
    ONE_AT_A_TIME.blocking_lock()
}

/// The run's random choices, from `POWER_SEED` or the clock; printed so
/// that a failure can be replayed.
pub fn seeded(test: &str) -> StdRng {
    let seed = std::env::var("POWER_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| ankieter::clock::now_ms() as u64);
    println!("{test}: POWER_SEED={seed}");
    StdRng::seed_from_u64(seed)
}
