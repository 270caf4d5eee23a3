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

    /// `path` starts with `/api/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.0, path)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Endpoint;

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
