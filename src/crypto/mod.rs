//! The server key and what is derived from it: encryption of secrets at rest
//! (XChaCha20-Poly1305) and HMACs for cookies.

mod key_file;

/// What each kind of stored secret is bound to (the AEAD's associated data):
/// a ciphertext copied to another row does not decrypt.
pub fn webhook_secret_context(account_id: uuid::Uuid) -> String {
    format!("webhook-secret:{account_id}")
}

pub fn account_secret_context(account_id: uuid::Uuid) -> String {
    account_id.to_string()
}

pub fn survey_link_key_context(survey_id: uuid::Uuid) -> String {
    format!("survey-link-key:{survey_id}")
}

/// The AEAD context of an integration's Thulium API password.
pub fn thulium_password_context(contact_center_id: uuid::Uuid) -> String {
    format!("contact_centers.thulium_password:{contact_center_id}")
}

/// The AEAD context of an EmpikPlace integration's shop API key.
pub fn empik_api_key_context(integration_id: uuid::Uuid) -> String {
    format!("empik_integrations.api_key:{integration_id}")
}

/// The AEAD context of an EmpikPlace integration's Thulium API password.
pub fn empik_thulium_password_context(integration_id: uuid::Uuid) -> String {
    format!("empik_integrations.thulium_password:{integration_id}")
}

pub use key_file::{write_private, KeySource, KEY_FILE, NEW_KEY_FILE};

use anyhow::{bail, Context};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::Sha256;

/// 32 random bytes every other key is derived from (HKDF-SHA256).
pub struct ServerKey {
    encryption: SecretBox<[u8; 32]>,
    signing: SecretBox<[u8; 32]>,
    /// Signs and encrypts the web admin's session cookie.
    session: SecretBox<[u8; 64]>,
}

impl ServerKey {
    pub fn from_hex(hex_key: &str) -> anyhow::Result<Self> {
        let bytes = hex::decode(hex_key.trim()).context("the server key is not hexadecimal")?;
        let master: [u8; 32] = bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("the server key must be 32 bytes (64 hex characters)"))?;
        Ok(Self::derive(&master))
    }

    pub(crate) fn derive(master: &[u8; 32]) -> Self {
        let hk = hkdf::Hkdf::<Sha256>::new(Some(b"ankieter"), master);
        let mut encryption = [0u8; 32];
        let mut signing = [0u8; 32];
        hk.expand(b"secrets-at-rest v1", &mut encryption)
            .expect("32 bytes is a valid HKDF length");
        hk.expand(b"cookie-signing v1", &mut signing)
            .expect("32 bytes is a valid HKDF length");
        let mut session = [0u8; 64];
        hk.expand(b"admin-session v1", &mut session)
            .expect("64 bytes is a valid HKDF length");
        Self {
            encryption: SecretBox::new(Box::new(encryption)),
            signing: SecretBox::new(Box::new(signing)),
            session: SecretBox::new(Box::new(session)),
        }
    }

    /// Encrypts `plain`, bound to `context` (e.g. the account id) so a
    /// ciphertext copied to another account does not decrypt.
    pub fn encrypt(&self, plain: &str, context: &str) -> String {
        let cipher = XChaCha20Poly1305::new(self.encryption.expose_secret().into());
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encryption cannot fail for in-memory data");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!(
            "v1:{}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, out)
        )
    }

    pub fn decrypt(&self, stored: &str, context: &str) -> anyhow::Result<SecretString> {
        let Some(encoded) = stored.strip_prefix("v1:") else {
            bail!("unknown secret format");
        };
        let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded)
            .context("the stored secret is not base64")?;
        if bytes.len() < 24 {
            bail!("the stored secret is truncated");
        }
        let (nonce, sealed) = bytes.split_at(24);
        let cipher = XChaCha20Poly1305::new(self.encryption.expose_secret().into());
        let plain = cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| {
                anyhow::anyhow!("the stored secret does not decrypt with this server key")
            })?;
        Ok(SecretString::from(
            String::from_utf8(plain).context("the stored secret is not UTF-8")?,
        ))
    }

    /// The key of the admin session cookie (actix-session signs and encrypts with it).
    pub fn session_key(&self) -> actix_web::cookie::Key {
        actix_web::cookie::Key::from(self.session.expose_secret())
    }

    /// Hex HMAC-SHA256 of `message`, for cookies that must not be forged.
    pub fn sign(&self, message: &str) -> String {
        hex::encode(self.mac(message).finalize().into_bytes())
    }

    pub fn verify(&self, message: &str, signature: &str) -> bool {
        let Ok(expected) = hex::decode(signature) else {
            return false;
        };
        self.mac(message).verify_slice(&expected).is_ok()
    }

    fn mac(&self, message: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.signing.expose_secret())
            .expect("HMAC takes keys of any length");
        mac.update(message.as_bytes());
        mac
    }

    /// A key for the built-in sandbox, derived so that it needs no storage.
    pub fn sandbox_secret(&self) -> String {
        self.sign("salesmanago sandbox api secret")[..32].to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ServerKey {
        ServerKey::from_hex(&"11".repeat(32)).unwrap()
    }

    #[test]
    fn secrets_round_trip_and_never_appear_in_the_ciphertext() {
        let stored = key().encrypt("super-secret-value", "account-1");
        assert!(!stored.contains("super-secret-value"));
        let plain = key().decrypt(&stored, "account-1").unwrap();
        assert_eq!(plain.expose_secret(), "super-secret-value");
    }

    #[test]
    fn a_ciphertext_moved_to_another_account_does_not_decrypt() {
        let stored = key().encrypt("s", "account-1");
        assert!(key().decrypt(&stored, "account-2").is_err());
    }

    #[test]
    fn another_server_key_cannot_decrypt() {
        let stored = key().encrypt("s", "a");
        let other = ServerKey::from_hex(&"22".repeat(32)).unwrap();
        assert!(other.decrypt(&stored, "a").is_err());
    }

    #[test]
    fn signatures_verify_only_for_their_message() {
        let sig = key().sign("survey-1");
        assert!(key().verify("survey-1", &sig));
        assert!(!key().verify("survey-2", &sig));
        assert!(!key().verify("survey-1", "zz"));
    }
}
