//! A data subject, as a request names them: by e-mail or by SALESmanago
//! contact id, and whether a stored response is about them.

use super::{Answers, ContactId, RespondentEmail};

/// The longest retention that is not "for ever": a hundred years.
pub const MAX_RETENTION_DAYS: u32 = 36_500;

/// Whom an export or erasure is about. An e-mail matches whatever its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Person {
    Email(RespondentEmail),
    ContactId(ContactId),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonError {
    #[error("name the person by e-mail or by contact id, not both")]
    Both,
    #[error("name the person by e-mail or by contact id")]
    Neither,
    #[error("{0:?} is not an e-mail address")]
    BadEmail(String),
    #[error("{0:?} is not a SALESmanago contact id (a UUID)")]
    BadContactId(String),
}

impl Person {
    /// From a request's two optional fields (empty ones count as absent).
    pub fn parse(email: Option<&str>, contact_id: Option<&str>) -> Result<Self, PersonError> {
        match (present(email), present(contact_id)) {
            (Some(_), Some(_)) => Err(PersonError::Both),
            (None, None) => Err(PersonError::Neither),
            (Some(email), None) => RespondentEmail::parse(email)
                .map(Self::Email)
                .ok_or_else(|| PersonError::BadEmail(email.to_owned())),
            (None, Some(id)) => ContactId::parse(id)
                .map(Self::ContactId)
                .ok_or_else(|| PersonError::BadContactId(id.to_owned())),
        }
    }

    /// The e-mail lowercased, as deliveries and chats are looked up by.
    pub fn email_key(&self) -> Option<String> {
        match self {
            Self::Email(email) => Some(email.as_str().to_lowercase()),
            Self::ContactId(_) => None,
        }
    }

    /// Whether a stored response names this person: an e-mail in any
    /// answer or hidden value (a text question may hold it too), or the
    /// contact id of the link it was sent from or in a hidden value.
    pub fn named_in(
        &self,
        answers: &Answers,
        hidden: &[(String, String)],
        smclientid: Option<&str>,
    ) -> bool {
        let hidden_values = hidden.iter().map(|(_, value)| value.as_str());
        match self {
            Self::Email(email) => {
                let key = email.as_str().to_lowercase();
                answers
                    .iter()
                    .flat_map(|answer| answer.values.iter().map(String::as_str))
                    .chain(hidden_values)
                    .any(|value| value.trim().to_lowercase() == key)
            }
            Self::ContactId(id) => smclientid
                .into_iter()
                .chain(hidden_values)
                .any(|value| ContactId::parse(value) == Some(*id)),
        }
    }
}

fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Answer;
    use proptest::prelude::*;

    fn answers(values: &[&str]) -> Answers {
        serde_json::from_value(serde_json::json!(values
            .iter()
            .enumerate()
            .map(|(i, v)| Answer {
                question_id: format!("q{i}"),
                question_text: "?".into(),
                values: vec![v.to_string()],
            })
            .collect::<Vec<_>>()))
        .unwrap()
    }

    #[test]
    fn a_request_names_one_person_exactly() {
        assert_eq!(Person::parse(None, None), Err(PersonError::Neither));
        assert_eq!(
            Person::parse(Some(" "), Some("")),
            Err(PersonError::Neither)
        );
        assert_eq!(
            Person::parse(Some("a@b.pl"), Some("0f3a1c2e-1111-4a2b-9c3d-0123456789ab")),
            Err(PersonError::Both)
        );
        assert!(matches!(
            Person::parse(Some("nope"), None),
            Err(PersonError::BadEmail(_))
        ));
        assert!(matches!(
            Person::parse(None, Some("42")),
            Err(PersonError::BadContactId(_))
        ));
        assert!(matches!(
            Person::parse(Some(" Ala@Kot.PL "), None),
            Ok(Person::Email(_))
        ));
    }

    #[test]
    fn an_email_matches_any_answer_or_hidden_value_whatever_its_case() {
        let person = Person::parse(Some("Łucja@Example.pl"), None).unwrap();
        assert!(person.named_in(&answers(&["tak", " łucja@example.PL "]), &[], None));
        assert!(person.named_in(
            &answers(&[]),
            &[("mail".into(), "ŁUCJA@example.pl".into())],
            None
        ));
        assert!(!person.named_in(&answers(&["xłucja@example.pl"]), &[], None));
        assert!(!person.named_in(&answers(&[]), &[], Some("łucja@example.pl")));
    }

    #[test]
    fn a_contact_id_matches_the_link_or_a_hidden_value() {
        let id = "0f3a1c2e-1111-4a2b-9c3d-0123456789ab";
        let person = Person::parse(None, Some(&id.to_uppercase())).unwrap();
        assert!(person.named_in(&answers(&[]), &[], Some(id)));
        assert!(person.named_in(&answers(&[]), &[("c".into(), id.into())], None));
        assert!(
            !person.named_in(&answers(&[id]), &[], None),
            "an answer is not a link"
        );
    }

    proptest! {
        /// Whatever text the answers hold (control and space characters
        /// included), only a value equal to the e-mail matches it.
        #[test]
        fn only_the_email_itself_matches(values in proptest::collection::vec(any::<String>(), 0..5)) {
            let person = Person::parse(Some("ala@kot.pl"), None).unwrap();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let expected = values.iter().any(|v| v.trim().to_lowercase() == "ala@kot.pl");
            prop_assert_eq!(person.named_in(&answers(&refs), &[], None), expected);
        }
    }
}
