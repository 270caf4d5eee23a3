use url::Url;

/// The base URL of an account's SALESmanago server, without the `/api` part.
///
/// Users type `app3.salesmanago.pl`, `https://app3.salesmanago.pl` or
/// `https://app3.salesmanago.pl/api/`: all mean `https://app3.salesmanago.pl`.
/// An explicit `http://` is kept (tests, local proxies, the sandbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(String);

impl Endpoint {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("the endpoint is empty (expected e.g. app3.salesmanago.pl)".into());
        }
        let with_scheme = if raw.contains("://") {
            raw.to_owned()
        } else {
            format!("https://{raw}")
        };
        let url = Url::parse(&with_scheme)
            .map_err(|e| format!("the endpoint {raw:?} is not a valid address: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "the endpoint must use https:// (or http://), not {}://",
                url.scheme()
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(format!("the endpoint {raw:?} has no host name"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("the endpoint must not contain a user name or password".into());
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err("the endpoint must not contain ? or #".into());
        }
        let mut base = url.as_str().trim_end_matches('/').to_owned();
        if let Some(stripped) = base.strip_suffix("/api") {
            base = stripped.to_owned();
        }
        Ok(Self(base))
    }

    /// The host the calls go to (lower-case), e.g. `app3.salesmanago.pl`.
    pub fn host(&self) -> String {
        Url::parse(&self.0)
            .ok()
            .and_then(|url| url.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default()
    }

    /// Scheme, host and port: which server the calls go to.
    pub fn origin(&self) -> String {
        Url::parse(&self.0)
            .map(|url| url.origin().ascii_serialization())
            .unwrap_or_default()
    }

    /// `path` starts with `/api/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.0, path)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which endpoints an account may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointPolicy {
    /// SALESmanago's own servers over https: `*.salesmanago.pl`, `*.salesmanago.com`.
    SalesmanagoOnly,
    /// Any host (`ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT=true`): local
    /// fakes, the demo's sandbox, a proxy the operator runs.
    Any,
}

/// The domains SALESmanago serves its API from.
const SALESMANAGO_DOMAINS: [&str; 2] = ["salesmanago.pl", "salesmanago.com"];

impl EndpointPolicy {
    pub fn from_setting(allow_any: bool) -> Self {
        if allow_any {
            Self::Any
        } else {
            Self::SalesmanagoOnly
        }
    }

    /// Refuses an endpoint the policy does not allow, saying how to allow it.
    pub fn check(self, endpoint: &Endpoint) -> Result<(), String> {
        if self == Self::Any {
            return Ok(());
        }
        let host = endpoint.host();
        let salesmanago = SALESMANAGO_DOMAINS
            .iter()
            .any(|domain| host == *domain || host.ends_with(&format!(".{domain}")));
        if salesmanago && endpoint.as_str().starts_with("https://") {
            Ok(())
        } else {
            Err(format!(
                "{} is not one of SALESmanago's servers (https://*.salesmanago.pl or \
                 https://*.salesmanago.com); the server's operator can allow other endpoints \
                 with ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT=true",
                endpoint.as_str()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Endpoint, EndpointPolicy};

    #[test]
    fn only_salesmanagos_own_servers_pass_unless_any_is_allowed() {
        let check = |raw: &str, policy: EndpointPolicy| {
            EndpointPolicy::check(policy, &Endpoint::parse(raw).unwrap())
        };
        for allowed in [
            "app3.salesmanago.pl",
            "https://www.salesmanago.com/api",
            "salesmanago.pl",
        ] {
            assert!(
                check(allowed, EndpointPolicy::SalesmanagoOnly).is_ok(),
                "{allowed}"
            );
        }
        for refused in [
            "http://app3.salesmanago.pl",
            "https://salesmanago.pl.evil.example",
            "https://evilsalesmanago.pl",
            "https://127.0.0.1",
            "https://attacker.example",
        ] {
            let error = check(refused, EndpointPolicy::SalesmanagoOnly).unwrap_err();
            assert!(
                error.contains("ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT"),
                "{error}"
            );
            assert!(check(refused, EndpointPolicy::Any).is_ok());
        }
    }

    #[test]
    fn every_way_users_type_the_endpoint_means_the_same_server() {
        for raw in [
            "app3.salesmanago.pl",
            " app3.salesmanago.pl ",
            "https://app3.salesmanago.pl",
            "https://app3.salesmanago.pl/",
            "https://app3.salesmanago.pl/api",
            "https://app3.salesmanago.pl/api/",
            "app3.salesmanago.pl/api/",
            "HTTPS://APP3.salesmanago.pl",
        ] {
            assert_eq!(
                Endpoint::parse(raw).unwrap().as_str(),
                "https://app3.salesmanago.pl",
                "input {raw:?}"
            );
        }
    }

    #[test]
    fn explicit_http_and_path_prefixes_are_kept() {
        let e = Endpoint::parse("http://127.0.0.1:8080/sandbox/salesmanago/api/").unwrap();
        assert_eq!(e.as_str(), "http://127.0.0.1:8080/sandbox/salesmanago");
        assert_eq!(
            e.url("/api/contact/upsert"),
            "http://127.0.0.1:8080/sandbox/salesmanago/api/contact/upsert"
        );
    }

    #[test]
    fn invalid_endpoints_are_refused_with_a_reason() {
        for raw in [
            "",
            "   ",
            "ftp://x.pl",
            "https://",
            "https://u:p@app3.salesmanago.pl",
            "app3.salesmanago.pl/?x=1",
            "app 3.pl",
        ] {
            assert!(Endpoint::parse(raw).is_err(), "input {raw:?} was accepted");
        }
    }
}
