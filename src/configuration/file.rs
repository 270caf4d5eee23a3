//! The settings file (`ankieter --config FILE`, TOML): the same keys as the
//! `ANKIETER_*` variables, lowercased, with a table for each group
//! (`ANKIETER_WORKER__CONCURRENCY` is `concurrency` under `[worker]`). The
//! environment wins over the file. A key ankieter does not know is an error:
//! a typo would otherwise leave a default in place unnoticed.

use super::Settings;
use secrecy::ExposeSecret;

/// Every setting, as its dotted key.
pub const KEYS: &[&str] = &[
    "listen",
    "database_url",
    "data_dir",
    "secret_key",
    "public_url",
    "sandbox",
    "max_body_bytes",
    "wal_ready_mb",
    "salesmanago.timeout_ms",
    "salesmanago.max_requests_per_second",
    "salesmanago.allow_any_endpoint",
    "worker.enabled",
    "worker.concurrency",
    "worker.account_concurrency",
    "worker.poll_interval_ms",
    "worker.lease_secs",
    "rate_limit.submissions_per_minute",
    "rate_limit.password_attempts_per_minute",
    "rate_limit.login_attempts_per_minute",
    "rate_limit.api_requests_per_minute",
    "rate_limit.card_lookups_per_minute",
    "rate_limit.trust_forwarded_for",
    "rate_limit.trusted_proxies",
    "rate_limit.forwarded_header",
    "thulium.poll_seconds",
    "thulium.timeout_ms",
];

/// The environment variable of a dotted key.
pub fn variable_of(key: &str) -> String {
    format!("ANKIETER_{}", key.replace('.', "__").to_uppercase())
}

/// What is wrong with a settings file's text before its values are read:
/// not TOML, or keys ankieter does not know (each named with its place).
pub fn file_problems(text: &str) -> Vec<String> {
    let table = match text.parse::<toml::Table>() {
        Ok(table) => table,
        Err(error) => return vec![format!("not valid TOML: {}", error.message())],
    };
    let mut found = Vec::new();
    flatten("", &table, &mut found);
    found
        .into_iter()
        .filter(|key| !KEYS.contains(&key.as_str()))
        .map(|key| match suggestion(&key) {
            Some(known) => format!("unknown key `{key}` (did you mean `{known}`?)"),
            None => format!("unknown key `{key}`"),
        })
        .collect()
}

fn flatten(prefix: &str, table: &toml::Table, found: &mut Vec<String>) {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::Table(inner) if !KEYS.contains(&key.as_str()) => {
                flatten(&key, inner, found)
            }
            _ => found.push(key),
        }
    }
}

/// The known key a mistyped one most likely meant: the same last part, or
/// the same key in another group.
fn suggestion(key: &str) -> Option<&'static str> {
    let last = key.rsplit('.').next().unwrap_or(key);
    KEYS.iter()
        .find(|known| known.rsplit('.').next() == Some(last))
        .copied()
}

impl Settings {
    /// Every setting as `(dotted key, value)` in `KEYS` order, the secret key
    /// hidden; `database_url` as written (show it through `db::redacted`,
    /// which hides its password).
    pub fn effective(&self) -> Vec<(&'static str, String)> {
        let s = self;
        let values: Vec<String> = vec![
            s.listen.clone(),
            s.database_url.clone(),
            s.data_dir.display().to_string(),
            match &s.secret_key {
                Some(key) if !key.expose_secret().is_empty() => "(set, hidden)".into(),
                _ => format!("(unset: the key file in {})", s.data_dir.display()),
            },
            s.public_url.clone().unwrap_or_else(|| "(unset)".into()),
            s.sandbox.to_string(),
            s.max_body_bytes.to_string(),
            s.wal_ready_mb.to_string(),
            s.salesmanago.timeout_ms.to_string(),
            s.salesmanago.max_requests_per_second.to_string(),
            s.salesmanago.allow_any_endpoint.to_string(),
            s.worker.enabled.to_string(),
            s.worker.concurrency.to_string(),
            s.worker.account_concurrency.to_string(),
            s.worker.poll_interval_ms.to_string(),
            s.worker.lease_secs.to_string(),
            s.rate_limit.submissions_per_minute.to_string(),
            s.rate_limit.password_attempts_per_minute.to_string(),
            s.rate_limit.login_attempts_per_minute.to_string(),
            s.rate_limit.api_requests_per_minute.to_string(),
            s.rate_limit.card_lookups_per_minute.to_string(),
            s.rate_limit.trust_forwarded_for.to_string(),
            s.rate_limit.trusted_proxies.to_string(),
            s.rate_limit.forwarded_header.clone(),
            s.thulium.poll_seconds.to_string(),
            s.thulium.timeout_ms.to_string(),
        ];
        KEYS.iter().copied().zip(values).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_listed_and_named_by_its_variable() {
        assert_eq!(Settings::default().effective().len(), KEYS.len());
        assert_eq!(
            variable_of("worker.lease_secs"),
            "ANKIETER_WORKER__LEASE_SECS"
        );
    }

    #[test]
    fn unknown_keys_are_named_with_what_was_meant() {
        let problems = file_problems(
            "listen = \"0.0.0.0:8080\"\n[worker]\nconcurency = 4\n[salesmanago]\nlease_secs = 9\n",
        );
        assert_eq!(
            problems,
            [
                "unknown key `salesmanago.lease_secs` (did you mean `worker.lease_secs`?)",
                "unknown key `worker.concurency`"
            ]
        );
        assert!(file_problems("listen = ")[0].starts_with("not valid TOML"));
        assert!(file_problems("").is_empty());
    }
}
