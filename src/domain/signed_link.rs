//! Signed `smclientid` links. Anyone can edit a link, so a survey may accept
//! a contact id only together with `sig`, an HMAC of the id under the survey's
//! own key. ankieter prints the signatures; SALESmanago stores each one as a
//! contact property and puts it into the e-mail's link.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// 128 bits of HMAC-SHA256, hex: short enough for a link, too long to guess.
const SIGNATURE_HEX_LEN: usize = 32;

pub fn sign_contact_id(link_key: &[u8], contact_id: &str) -> String {
    let mut hex = hex::encode(mac(link_key, contact_id).finalize().into_bytes());
    hex.truncate(SIGNATURE_HEX_LEN);
    hex
}

pub fn verify_contact_id(link_key: &[u8], contact_id: &str, signature: &str) -> bool {
    let Ok(bytes) = hex::decode(signature.trim()) else {
        return false;
    };
    bytes.len() * 2 == SIGNATURE_HEX_LEN
        && mac(link_key, contact_id)
            .verify_truncated_left(&bytes)
            .is_ok()
}

fn mac(link_key: &[u8], contact_id: &str) -> Hmac<Sha256> {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(link_key).expect("HMAC takes keys of any length");
    mac.update(contact_id.trim().to_ascii_lowercase().as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0f3a1c2e-1111-4a2b-9c3d-0123456789ab";

    #[test]
    fn a_signature_verifies_for_its_contact_only() {
        let sig = sign_contact_id(b"key-1", ID);
        assert_eq!(sig.len(), 32);
        assert!(verify_contact_id(b"key-1", ID, &sig));
        assert!(
            verify_contact_id(b"key-1", &ID.to_uppercase(), &sig),
            "ids compare case-insensitively"
        );
        assert!(!verify_contact_id(
            b"key-1",
            "0f3a1c2e-1111-4a2b-9c3d-0123456789ac",
            &sig
        ));
        assert!(
            !verify_contact_id(b"key-2", ID, &sig),
            "another survey's key"
        );
        assert!(!verify_contact_id(b"key-1", ID, &sig[..30]));
        assert!(!verify_contact_id(b"key-1", ID, "zz"));
        assert!(!verify_contact_id(b"key-1", ID, ""));
    }
}
