//! Typed settings: defaults in code, overridden by `ANKIETER_*` variables
//! (`ANKIETER_LISTEN`, `ANKIETER_DATABASE_URL`, `ANKIETER_WORKER__CONCURRENCY`, …).

mod file;

pub use file::{file_problems, variable_of, KEYS};

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// Address the HTTP server binds, e.g. `127.0.0.1:8080` (port 0 in tests).
    pub listen: String,
    /// `sqlite://path/to/file.db`; the file and its folder are created.
    pub database_url: String,
    /// Where the generated server key lives when `secret_key` is unset.
    pub data_dir: PathBuf,
    /// 64 hex characters; encrypts API secrets at rest and signs cookies.
    pub secret_key: Option<SecretString>,
    /// Base of printed links, e.g. `https://ankiety.example.pl`.
    pub public_url: Option<String>,
    /// Serves the imitation SALESmanago under `/sandbox/salesmanago` (demo only).
    pub sandbox: bool,
    /// Largest accepted form body, in bytes.
    pub max_body_bytes: usize,
    /// MiB the server writes SQLite's WAL file out to when it starts, so that
    /// the first burst's commits overwrite blocks instead of allocating them
    /// (a faster fsync); the WAL is kept at about this size anyway. 0: off.
    pub wal_ready_mb: u64,
    pub salesmanago: SalesmanagoSettings,
    pub worker: WorkerSettings,
    pub rate_limit: RateLimitSettings,
    pub thulium: ThuliumSettings,
}

/// Polling Thulium's REST API for tickets (integrations with an API user).
#[derive(Debug, Clone, Deserialize)]
pub struct ThuliumSettings {
    /// How often each integration's tickets are read; 0 turns polling off.
    pub poll_seconds: u64,
    /// Per-request timeout for calls to Thulium.
    pub timeout_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RateLimitSettings {
    /// Survey submissions per client IP and minute (burst included).
    pub submissions_per_minute: u32,
    /// Survey password attempts per client IP and minute.
    pub password_attempts_per_minute: u32,
    /// Admin sign-in attempts per client IP and minute; each e-mail address
    /// also gets at most 5 attempts per 15 minutes.
    pub login_attempts_per_minute: u32,
    /// JSON API calls per account and minute (all its tokens together).
    pub api_requests_per_minute: u32,
    /// Contact-card look-ups per account and minute (admin, API, embeds).
    pub card_lookups_per_minute: u32,
    /// Take the client IP from `X-Forwarded-For` (only behind a reverse proxy
    /// that sets it; otherwise anyone could pick their own address).
    pub trust_forwarded_for: bool,
    /// Reverse proxies in front of ankieter that each append the address
    /// they received from: the client is that many entries from the right
    /// (entries further left are whatever the client sent).
    pub trusted_proxies: usize,
    /// The header the proxies write: `X-Forwarded-For`, or `Forwarded`
    /// (RFC 7239, its `for=` parameters).
    pub forwarded_header: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SalesmanagoSettings {
    /// Per-request timeout for calls to SALESmanago.
    pub timeout_ms: u64,
    /// Calls per second to one account's SALESmanago (SALESmanago publishes
    /// no limit; this keeps a burst from looking like abuse).
    pub max_requests_per_second: u32,
    /// Lets an account's endpoint be any host, private addresses included
    /// (tests, the demo's sandbox, a proxy of the operator's). Off, only
    /// SALESmanago's own servers, reached at public addresses.
    pub allow_any_endpoint: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WorkerSettings {
    /// Run the delivery worker beside the HTTP server.
    pub enabled: bool,
    /// Calls to SALESmanago in flight at once, all accounts together; also
    /// the most deliveries claimed and not yet recorded (what a crash can
    /// make SALESmanago receive twice).
    pub concurrency: usize,
    /// The most of those one account may hold: a slow or failing account
    /// never takes the others' room.
    pub account_concurrency: usize,
    /// How often the queue is checked when nothing wakes the worker.
    pub poll_interval_ms: u64,
    /// How long a claimed delivery is reserved; a crashed worker's claim expires after it.
    pub lease_secs: u64,
}

/// What a lease must leave beyond a call's timeout, for recording its result.
pub const MIN_LEASE_MARGIN_MS: u64 = 3_000;

impl Settings {
    /// The settings from this process's `ANKIETER_*` environment variables.
    pub fn load() -> anyhow::Result<Self> {
        Self::from_variables(std::env::vars())
    }

    /// The settings from a TOML file (when given) and this process's
    /// `ANKIETER_*` variables, which win over the file.
    pub fn load_with_file(path: Option<&std::path::Path>) -> anyhow::Result<Self> {
        let text = match path {
            None => return Self::load(),
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the settings file {}", path.display()))?,
        };
        let problems = file_problems(&text);
        if !problems.is_empty() {
            anyhow::bail!(
                "the settings file {} has problems: {} (`ankieter config check` lists every setting)",
                path.expect("a file").display(),
                problems.join("; ")
            );
        }
        Self::from_sources(Some(&text), std::env::vars())
    }

    /// The settings from `ANKIETER_*` variables given as name/value pairs.
    ///
    /// Values are read as strings and converted by each field's type: parsing
    /// them up front would turn a secret key made only of digits into a
    /// number, and then into another string of digits.
    pub fn from_variables(
        variables: impl IntoIterator<Item = (String, String)>,
    ) -> anyhow::Result<Self> {
        Self::from_sources(None, variables)
    }

    /// The settings from a TOML file's text (when given) under `ANKIETER_*`
    /// variables.
    pub fn from_sources(
        file: Option<&str>,
        variables: impl IntoIterator<Item = (String, String)>,
    ) -> anyhow::Result<Self> {
        let variables: config::Map<String, String> = variables
            .into_iter()
            .filter(|(name, _)| name.starts_with("ANKIETER_"))
            .collect();
        let defaults = Self::default();
        let settings: Self = config::Config::builder()
            .set_default("listen", defaults.listen)?
            .set_default("database_url", defaults.database_url)?
            .set_default("data_dir", defaults.data_dir.to_string_lossy().into_owned())?
            .set_default("sandbox", defaults.sandbox)?
            .set_default("max_body_bytes", defaults.max_body_bytes as u64)?
            .set_default("wal_ready_mb", defaults.wal_ready_mb)?
            .set_default("salesmanago.timeout_ms", defaults.salesmanago.timeout_ms)?
            .set_default(
                "salesmanago.max_requests_per_second",
                defaults.salesmanago.max_requests_per_second,
            )?
            .set_default(
                "salesmanago.allow_any_endpoint",
                defaults.salesmanago.allow_any_endpoint,
            )?
            .set_default(
                "worker.account_concurrency",
                defaults.worker.account_concurrency as u64,
            )?
            .set_default("worker.enabled", defaults.worker.enabled)?
            .set_default("worker.concurrency", defaults.worker.concurrency as u64)?
            .set_default("worker.poll_interval_ms", defaults.worker.poll_interval_ms)?
            .set_default("worker.lease_secs", defaults.worker.lease_secs)?
            .set_default(
                "rate_limit.submissions_per_minute",
                defaults.rate_limit.submissions_per_minute,
            )?
            .set_default(
                "rate_limit.password_attempts_per_minute",
                defaults.rate_limit.password_attempts_per_minute,
            )?
            .set_default(
                "rate_limit.login_attempts_per_minute",
                defaults.rate_limit.login_attempts_per_minute,
            )?
            .set_default(
                "rate_limit.api_requests_per_minute",
                defaults.rate_limit.api_requests_per_minute,
            )?
            .set_default(
                "rate_limit.card_lookups_per_minute",
                defaults.rate_limit.card_lookups_per_minute,
            )?
            .set_default(
                "rate_limit.trust_forwarded_for",
                defaults.rate_limit.trust_forwarded_for,
            )?
            .set_default(
                "rate_limit.trusted_proxies",
                defaults.rate_limit.trusted_proxies as u64,
            )?
            .set_default(
                "rate_limit.forwarded_header",
                defaults.rate_limit.forwarded_header.clone(),
            )?
            .set_default("thulium.poll_seconds", defaults.thulium.poll_seconds)?
            .set_default("thulium.timeout_ms", defaults.thulium.timeout_ms)?
            .add_source(
                file.map(|text| config::File::from_str(text, config::FileFormat::Toml))
                    .into_iter()
                    .collect::<Vec<_>>(),
            )
            .add_source(
                config::Environment::with_prefix("ANKIETER")
                    .prefix_separator("_")
                    .separator("__")
                    .source(Some(variables)),
            )
            .build()
            .context("cannot read the settings")?
            .try_deserialize()
            .context("invalid settings (ANKIETER_* variables or the settings file)")?;
        settings.check()?;
        Ok(settings)
    }

    /// Checks that no type can express, made at start so that a mistake stops
    /// the server with a message instead of surfacing later.
    fn check(&self) -> anyhow::Result<()> {
        // An attempt starts only if its claim's lease outlasts all its calls
        // (see the delivery worker): a shorter lease would never send an
        // attempt of several calls (an event, a contact id's fallback, a
        // response's SURVEY event).
        let calls = crate::domain::MOST_CALLS_PER_ATTEMPT;
        let attempt_ms = calls * self.salesmanago.timeout_ms + MIN_LEASE_MARGIN_MS;
        if self.worker.lease_secs * 1000 < attempt_ms {
            anyhow::bail!(
                "ANKIETER_WORKER__LEASE_SECS ({} s) must be at least {calls} × ANKIETER_SALESMANAGO__TIMEOUT_MS \
                 ({} ms) plus {} s, so that a claimed delivery's calls (up to {calls}) and its recording \
                 fit in the lease",
                self.worker.lease_secs,
                self.salesmanago.timeout_ms,
                MIN_LEASE_MARGIN_MS / 1000
            );
        }
        let header = self.rate_limit.forwarded_header.to_ascii_lowercase();
        if header != "x-forwarded-for" && header != "forwarded" {
            anyhow::bail!(
                "ANKIETER_RATE_LIMIT__FORWARDED_HEADER must be X-Forwarded-For or Forwarded, not {:?}",
                self.rate_limit.forwarded_header
            );
        }
        if self.rate_limit.trust_forwarded_for && self.rate_limit.trusted_proxies == 0 {
            anyhow::bail!("ANKIETER_RATE_LIMIT__TRUSTED_PROXIES must be at least 1 when ANKIETER_RATE_LIMIT__TRUST_FORWARDED_FOR is on");
        }
        if let Some(key) = &self.secret_key {
            let key = key.expose_secret().trim();
            if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
                anyhow::bail!(
                    "ANKIETER_SECRET_KEY must be 64 hexadecimal characters (32 bytes), \
                     e.g. the output of `openssl rand -hex 32`; it has {} characters",
                    key.chars().count()
                );
            }
        }
        Ok(())
    }

    /// Which endpoints accounts may be given (see `allow_any_endpoint`).
    pub fn endpoint_policy(&self) -> crate::domain::EndpointPolicy {
        crate::domain::EndpointPolicy::from_setting(self.salesmanago.allow_any_endpoint)
    }

    /// The port in `listen`, for links printed by commands that do not bind it.
    pub fn configured_port(&self) -> u16 {
        self.listen
            .rsplit_once(':')
            .and_then(|(_, p)| p.parse().ok())
            .unwrap_or(8080)
    }

    /// The configured public URL without its trailing slash.
    pub fn public_url_base(&self) -> Option<&str> {
        self.public_url
            .as_deref()
            .map(|url| url.trim_end_matches('/'))
    }

    /// The base of links printed for people: the public URL, else the listen address.
    pub fn public_base(&self, bound_port: u16) -> String {
        match self.public_url_base() {
            Some(url) => url.to_owned(),
            None => {
                let host = self.listen.rsplit_once(':').map_or("127.0.0.1", |(h, _)| h);
                let host = if host == "0.0.0.0" || host == "[::]" {
                    "127.0.0.1"
                } else {
                    host
                };
                format!("http://{host}:{bound_port}")
            }
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            database_url: "sqlite://ankieter-data/ankieter.db".into(),
            data_dir: PathBuf::from("ankieter-data"),
            secret_key: None,
            public_url: None,
            sandbox: false,
            max_body_bytes: 256 * 1024,
            wal_ready_mb: 128,
            salesmanago: SalesmanagoSettings {
                timeout_ms: 10_000,
                max_requests_per_second: 50,
                allow_any_endpoint: false,
            },
            worker: WorkerSettings {
                enabled: true,
                concurrency: 64,
                account_concurrency: 16,
                poll_interval_ms: 1_000,
                lease_secs: 60,
            },
            rate_limit: RateLimitSettings {
                submissions_per_minute: 120,
                password_attempts_per_minute: 10,
                login_attempts_per_minute: 10,
                api_requests_per_minute: 600,
                card_lookups_per_minute: 120,
                trust_forwarded_for: false,
                trusted_proxies: 1,
                forwarded_header: "X-Forwarded-For".into(),
            },
            thulium: ThuliumSettings {
                poll_seconds: 60,
                timeout_ms: 10_000,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(variables: &[(&str, &str)]) -> anyhow::Result<Settings> {
        Settings::from_variables(
            variables
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string())),
        )
    }

    #[test]
    fn a_secret_key_of_digits_stays_the_same_string() {
        let digits = "2".repeat(64);
        let loaded = settings(&[("ANKIETER_SECRET_KEY", &digits)]).unwrap();
        assert_eq!(loaded.secret_key.unwrap().expose_secret(), digits);
    }

    #[test]
    fn numbers_and_switches_are_still_read_from_their_text() {
        let loaded = settings(&[
            ("ANKIETER_WORKER__CONCURRENCY", "4"),
            ("ANKIETER_SANDBOX", "true"),
            ("ANKIETER_RATE_LIMIT__TRUST_FORWARDED_FOR", "false"),
            ("ANKIETER_SALESMANAGO__TIMEOUT_MS", "2500"),
            ("ANKIETER_LISTEN", "127.0.0.1:9000"),
        ])
        .unwrap();
        assert_eq!(loaded.worker.concurrency, 4);
        assert!(loaded.sandbox);
        assert!(!loaded.rate_limit.trust_forwarded_for);
        assert_eq!(loaded.salesmanago.timeout_ms, 2500);
        assert_eq!(loaded.listen, "127.0.0.1:9000");
    }

    #[test]
    fn a_secret_key_that_is_not_64_hex_characters_is_refused_with_the_rule() {
        for bad in ["abc", &"g".repeat(64), &"1".repeat(63), &"1".repeat(65)] {
            let error = settings(&[("ANKIETER_SECRET_KEY", bad)]).unwrap_err();
            let message = format!("{error:#}");
            assert!(message.contains("64 hexadecimal characters"), "{message}");
            assert!(
                !message.contains(bad),
                "the key itself is never printed: {message}"
            );
        }
    }

    #[test]
    fn a_lease_shorter_than_an_attempts_calls_is_refused() {
        let error = settings(&[
            ("ANKIETER_WORKER__LEASE_SECS", "10"),
            ("ANKIETER_SALESMANAGO__TIMEOUT_MS", "10000"),
        ])
        .unwrap_err();
        assert!(
            format!("{error:#}").contains("ANKIETER_WORKER__LEASE_SECS"),
            "{error:#}"
        );
        // Three calls of 10 s and the margin: 33 s, not the 13 s one call needs.
        assert!(settings(&[("ANKIETER_WORKER__LEASE_SECS", "32")]).is_err());
        assert!(settings(&[("ANKIETER_WORKER__LEASE_SECS", "33")]).is_ok());
    }

    #[test]
    fn a_number_where_a_number_belongs_is_checked() {
        let error = settings(&[("ANKIETER_WORKER__CONCURRENCY", "many")]).unwrap_err();
        assert!(format!("{error:#}").contains("concurrency"), "{error:#}");
    }
}
