//! Signed, expiring links to one contact card: for a helpdesk that can ask
//! ankieter's API from its server (and hand the agent a link that stops
//! working soon), and for the admin's "open as the helpdesk sees it". The
//! signature covers the account, the e-mail and the expiry, so changing any
//! of them, or using one account's link for another, fails.

use crate::crypto::ServerKey;
use crate::domain::RespondentEmail;
use std::time::Duration;
use uuid::Uuid;

/// The longest a link may live: an agent's working day.
pub const CARD_LINK_LONGEST: Duration = Duration::from_secs(24 * 3600);
/// 128 bits of the HMAC, hex: short enough for a URL, too long to guess.
const SIGNATURE_HEX_LEN: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardLink {
    pub account_id: Uuid,
    pub email: RespondentEmail,
    /// Unix seconds.
    pub expires: i64,
}

/// Why a link does not open the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefused {
    /// Its signature does not match what it says (edited, or not ours).
    Forged,
    Expired,
}

impl CardLink {
    pub fn signature(&self, key: &ServerKey) -> String {
        let mut signature = key.sign(&self.signed_text());
        signature.truncate(SIGNATURE_HEX_LEN);
        signature
    }

    /// `account=…&email=…&expires=…&sig=…`, encoded for a URL.
    pub fn query(&self, key: &ServerKey) -> String {
        serde_urlencoded::to_string([
            ("account", self.account_id.to_string()),
            ("email", self.email.as_str().to_owned()),
            ("expires", self.expires.to_string()),
            ("sig", self.signature(key)),
        ])
        .expect("strings encode")
    }

    /// Whether `signature` is this link's and the link still lives at `now` (unix s).
    pub fn check(&self, key: &ServerKey, signature: &str, now: i64) -> Result<(), LinkRefused> {
        let full = key.sign(&self.signed_text());
        let given = signature.trim().as_bytes();
        let matches = given.len() == SIGNATURE_HEX_LEN
            && subtle::ConstantTimeEq::ct_eq(&full.as_bytes()[..SIGNATURE_HEX_LEN], given).into();
        if !matches {
            return Err(LinkRefused::Forged);
        }
        if self.expires <= now {
            return Err(LinkRefused::Expired);
        }
        Ok(())
    }

    fn signed_text(&self) -> String {
        // E-mails match whatever their case, as everywhere in ankieter.
        format!(
            "contact card link\n{}\n{}\n{}",
            self.account_id,
            self.email.as_str().to_lowercase(),
            self.expires
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: &str) -> ServerKey {
        ServerKey::from_hex(&byte.repeat(32)).unwrap()
    }

    fn link() -> CardLink {
        CardLink {
            account_id: Uuid::from_u128(7),
            email: RespondentEmail::parse("Anna@Firma.pl").unwrap(),
            expires: 1_000,
        }
    }

    #[test]
    fn a_link_opens_only_what_it_was_signed_for_until_it_expires() {
        let key = key("11");
        let sig = link().signature(&key);
        assert_eq!(link().check(&key, &sig, 999), Ok(()));
        assert_eq!(
            link().check(&key, &sig, 1_000),
            Err(LinkRefused::Expired),
            "the expiry moment itself is too late"
        );
        let same_email_other_case = CardLink {
            email: RespondentEmail::parse("anna@firma.pl").unwrap(),
            ..link()
        };
        assert_eq!(same_email_other_case.check(&key, &sig, 0), Ok(()));
        let edited = [
            CardLink {
                account_id: Uuid::from_u128(8),
                ..link()
            },
            CardLink {
                email: RespondentEmail::parse("jan@firma.pl").unwrap(),
                ..link()
            },
            CardLink {
                expires: 99_999,
                ..link()
            },
        ];
        for other in edited {
            assert_eq!(other.check(&key, &sig, 0), Err(LinkRefused::Forged));
        }
        assert_eq!(
            link().check(&self::key("22"), &sig, 0),
            Err(LinkRefused::Forged),
            "another server's key"
        );
        for bad in ["", "zz", &sig[..31], &format!("{sig}0")] {
            assert_eq!(link().check(&key, bad, 0), Err(LinkRefused::Forged));
        }
    }

    #[test]
    fn the_query_carries_the_email_encoded() {
        let query = link().query(&key("11"));
        assert!(query.starts_with(
            "account=00000000-0000-0000-0000-000000000007&email=Anna%40Firma.pl&expires=1000&sig="
        ));
    }
}
