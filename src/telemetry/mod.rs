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

/// The request path as the access log writes it: a contact's e-mail in the
/// path (`/api/v1/contacts/{email}`) is replaced by its placeholder. Query
/// strings are never logged (they carry `smclientid`, card keys, e-mails).
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    const CONTACTS: &str = "/api/v1/contacts/";
    match path.strip_prefix(CONTACTS) {
        Some(rest) if !rest.is_empty() => {
            let suffix = rest.find('/').map_or("", |at| &rest[at..]);
            format!("{CONTACTS}{{email}}{suffix}").into()
        }
        _ => path.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn e_mails_in_contact_paths_are_not_logged() {
        assert_eq!(
            loggable_path("/api/v1/contacts/jan%40example.com"),
            "/api/v1/contacts/{email}"
        );
        assert_eq!(
            loggable_path("/api/v1/contacts/jan@example.com/card-link"),
            "/api/v1/contacts/{email}/card-link"
        );
        assert_eq!(loggable_path("/s/demo"), "/s/demo");
        assert_eq!(loggable_path("/api/v1/contacts/"), "/api/v1/contacts/");
    }
}
