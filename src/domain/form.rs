//! `application/x-www-form-urlencoded` bodies, decoded strictly: a malformed
//! `%` escape or invalid UTF-8 is an error, never silently replaced.

use std::fmt;

/// More pairs than any survey has fields (200 questions, their options,
/// hidden fields): forms and the JSON API's answers are refused beyond it.
pub const MAX_FIELDS: usize = 2_000;

/// The raw form: every (name, value) pair in order; repeated names for checkboxes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormFields(Vec<(String, String)>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    MalformedEscape,
    InvalidUtf8,
    TooManyFields,
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MalformedEscape => "malformed percent-encoding",
            Self::InvalidUtf8 => "the form is not valid UTF-8",
            Self::TooManyFields => "the form has too many fields",
        })
    }
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

fn decode_part(part: &[u8]) -> Result<String, FormError> {
    let mut out = Vec::with_capacity(part.len());
    let mut bytes = part.iter().copied();
    while let Some(byte) = bytes.next() {
        out.push(match byte {
            b'+' => b' ',
            b'%' => {
                let high = bytes
                    .next()
                    .and_then(hex_value)
                    .ok_or(FormError::MalformedEscape)?;
                let low = bytes
                    .next()
                    .and_then(hex_value)
                    .ok_or(FormError::MalformedEscape)?;
                high << 4 | low
            }
            other => other,
        });
    }
    String::from_utf8(out).map_err(|_| FormError::InvalidUtf8)
}

impl FormFields {
    /// The pairs, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.0
    }

    /// Fields from name/value pairs, in order.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }

    /// Decodes a form body of at most `max_fields` pairs.
    pub fn decode(body: &[u8], max_fields: usize) -> Result<Self, FormError> {
        let mut fields = Vec::new();
        for pair in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
            if fields.len() == max_fields {
                return Err(FormError::TooManyFields);
            }
            let (name, value) = match pair.iter().position(|b| *b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &pair[pair.len()..]),
            };
            fields.push((decode_part(name)?, decode_part(value)?));
        }
        Ok(Self(fields))
    }

    pub fn values(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn first(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decode(body: &str) -> Result<FormFields, FormError> {
        FormFields::decode(body.as_bytes(), 10)
    }

    #[test]
    fn ordinary_forms_decode_like_browsers_encode_them() {
        let form = decode("email=anna%40example.pl&kanaly=Znajomi&kanaly=Media+spo%C5%82eczno%C5%9Bciowe&empty=&flag").unwrap();
        assert_eq!(form.first("email"), Some("anna@example.pl"));
        assert_eq!(form.values("kanaly"), ["Znajomi", "Media społecznościowe"]);
        assert_eq!(form.first("empty"), Some(""));
        assert_eq!(form.first("flag"), Some(""));
        assert_eq!(decode("").unwrap(), FormFields::default());
    }

    #[test]
    fn bad_input_is_an_error_not_a_replacement_character() {
        assert_eq!(decode("a=%zz"), Err(FormError::MalformedEscape));
        assert_eq!(decode("a=%4"), Err(FormError::MalformedEscape));
        assert_eq!(decode("a=%"), Err(FormError::MalformedEscape));
        assert_eq!(decode("a=%C5"), Err(FormError::InvalidUtf8));
        assert_eq!(decode("a=%FF%FE"), Err(FormError::InvalidUtf8));
        assert_eq!(
            FormFields::decode(b"a=\xff", 10),
            Err(FormError::InvalidUtf8)
        );
        assert_eq!(
            decode("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11"),
            Err(FormError::TooManyFields)
        );
    }

    proptest! {
        #[test]
        fn what_serde_urlencoded_encodes_decodes_back(pairs in proptest::collection::vec((crate::domain::arbitrary::any_text(), crate::domain::arbitrary::any_text()), 0..8)) {
            let body = serde_urlencoded::to_string(&pairs).unwrap();
            let decoded = FormFields::decode(body.as_bytes(), 100).unwrap();
            prop_assert_eq!(decoded.0, pairs);
        }

        #[test]
        fn any_bytes_decode_or_fail_cleanly(body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = FormFields::decode(&body, 50);
        }
    }
}
