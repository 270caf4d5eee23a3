/// A respondent's e-mail answer, checked well enough to identify a contact.
/// Stored (in a delivery's plan) as its text, and read back as stored: a
/// later, stricter rule must not make a queued delivery unreadable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct RespondentEmail(String);

/// Shown to admins; never logged (a respondent's e-mail is personal data).
impl std::fmt::Display for RespondentEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl RespondentEmail {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if raw.len() > 254 || !email_address::EmailAddress::is_valid(raw) {
            return None;
        }
        // SALESmanago wants a routable address: a dotted domain, no IP literal.
        let domain = raw.rsplit_once('@')?.1;
        if !domain.contains('.') || domain.starts_with('[') {
            return None;
        }
        Some(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::RespondentEmail;

    #[test]
    fn ordinary_addresses_are_accepted_and_trimmed() {
        assert_eq!(
            RespondentEmail::parse(" jan.kowalski@example.pl ")
                .unwrap()
                .as_str(),
            "jan.kowalski@example.pl"
        );
        assert!(RespondentEmail::parse("a+tag@sub.example.cz").is_some());
    }

    #[test]
    fn invalid_addresses_are_rejected() {
        for raw in [
            "",
            "jan",
            "jan@",
            "@example.pl",
            "jan@localhost",
            "jan kowalski@example.pl",
            "jan@[127.0.0.1]",
        ] {
            assert!(RespondentEmail::parse(raw).is_none(), "input {raw:?}");
        }
    }
}
