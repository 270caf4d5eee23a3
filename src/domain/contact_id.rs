use uuid::Uuid;

/// A SALESmanago contact id, as SALESmanago's mailing puts it into links
/// (`?smclientid=…`). It is a UUID; anything else is ignored, never trusted.
/// Stored (in a delivery's plan) as its hyphenated text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContactId(Uuid);

impl TryFrom<String> for ContactId {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text).ok_or_else(|| format!("{text:?} is not a contact id"))
    }
}

impl std::fmt::Display for ContactId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.hyphenated())
    }
}

impl From<ContactId> for String {
    fn from(id: ContactId) -> Self {
        id.as_string()
    }
}

impl ContactId {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        // Only the canonical hyphenated form: SALESmanago never sends braces or URNs.
        if raw.len() != 36 {
            return None;
        }
        Uuid::try_parse(raw).ok().map(Self)
    }

    pub fn as_string(&self) -> String {
        self.0.hyphenated().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::ContactId;

    #[test]
    fn canonical_uuids_are_accepted_and_lower_cased() {
        let id = ContactId::parse("0F3A1C2E-1111-4A2B-9C3D-0123456789AB").unwrap();
        assert_eq!(id.as_string(), "0f3a1c2e-1111-4a2b-9c3d-0123456789ab");
    }

    #[test]
    fn malformed_ids_are_rejected() {
        for raw in [
            "",
            "123",
            "not-a-uuid",
            "0f3a1c2e11114a2b9c3d0123456789ab",
            "{0f3a1c2e-1111-4a2b-9c3d-0123456789ab}",
            "0f3a1c2e-1111-4a2b-9c3d-0123456789ag",
            "' OR 1=1 --",
        ] {
            assert_eq!(ContactId::parse(raw), None, "input {raw:?}");
        }
    }
}
