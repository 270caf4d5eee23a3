//! Logging, set up once. Log lines carry ids, never e-mails, answers or
//! SALESmanago bodies. `RUST_LOG` overrides the level; `ANKIETER_LOG_FORMAT=json`
//! gives one JSON object per line for log shippers.

use tracing_subscriber::EnvFilter;

mod failures;

pub use failures::Failures;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,actix_server=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let json = std::env::var("ANKIETER_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
