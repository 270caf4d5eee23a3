//! The editor's payload preview: the exact JSON a sample response to the
//! survey would send to SALESmanago, with the secret-derived fields redacted.

use crate::db::Account;
use crate::domain::survey::{Question, QuestionKind};
use crate::domain::{Answers, FormFields, Identity, Survey};
use crate::domain::{DeliveryPlan, SurveyEvent, Target};
use crate::salesmanago::{survey_event_body, update_body, upsert_body, EventContact};
use serde_json::{json, Map, Value};
use uuid::Uuid;

pub struct PayloadPreview {
    /// `contact/upsert` or `contact/update`.
    pub endpoint: String,
    pub json: String,
    /// The SURVEY event's body (`v2/contact/addContactExtEvent`), sent after
    /// the properties, when the survey asks for it.
    pub event_json: Option<String>,
    pub cut_keys: Vec<String>,
    pub notes: Vec<String>,
}

/// `None` when the survey does not send results to SALESmanago.
/// `survey` must carry the account's property keys.
pub fn payload_preview(account: &Account, survey: &Survey) -> Option<PayloadPreview> {
    let answers = sample_answers(survey);
    let plan = DeliveryPlan::for_response(survey, &answers, None, &sample_hidden(survey))?;
    let auth = redacted_auth(account);
    let (endpoint, body) = match &plan.target {
        Target::Email { email } => (
            "contact/upsert",
            upsert_body(auth, email.as_str(), &plan.changes),
        ),
        Target::ContactId { contact_id, .. } => (
            "contact/update",
            update_body(auth, &contact_id.as_string(), &plan.changes),
        ),
        Target::Nobody { reason } => {
            return Some(PayloadPreview {
                endpoint: String::new(),
                json: String::new(),
                event_json: None,
                cut_keys: Vec::new(),
                notes: vec![reason.clone()],
            })
        }
    };
    // The template adds, in the admin's language, what a link with
    // ?smclientid= changes.
    let notes = plan.notes.clone();
    // The contact id is the one SALESmanago answers the first call with.
    let event_json =
        SurveyEvent::for_response(survey, Uuid::nil(), crate::clock::now_ms(), &answers).map(
            |event| {
                let body = survey_event_body(
                    redacted_auth(account),
                    EventContact::Id("(the contactId SALESmanago answered)"),
                    &SurveyEvent {
                        external_id: "(the response's id)".to_owned(),
                        ..event
                    },
                );
                serde_json::to_string_pretty(&body).unwrap_or_default()
            },
        );
    Some(PayloadPreview {
        endpoint: endpoint.to_owned(),
        json: serde_json::to_string_pretty(&body).unwrap_or_default(),
        event_json,
        cut_keys: plan.cut_keys,
        notes,
    })
}

fn redacted_auth(account: &Account) -> Map<String, Value> {
    let (client_id, owner) = account
        .salesmanago
        .as_ref()
        .map(|sm| (sm.client_id.as_str(), sm.owner.as_str()))
        .unwrap_or(("(client ID not set)", "(owner not set)"));
    let mut map = Map::new();
    map.insert("clientId".into(), json!(client_id));
    map.insert("apiKey".into(), json!("(random per request)"));
    map.insert("requestTime".into(), json!(crate::clock::now_ms()));
    map.insert(
        "sha".into(),
        json!("(redacted: sha1 of apiKey + clientId + API secret)"),
    );
    map.insert("owner".into(), json!(owner));
    map
}

/// A plausible answer to every question: the textarea's is long enough to
/// show the 255-character cut.
fn sample_answers(survey: &Survey) -> Answers {
    let pairs = survey
        .questions
        .iter()
        .flat_map(|question| {
            sample_values(question)
                .into_iter()
                .map(|value| (question.id.clone(), value))
        })
        .collect();
    let form = FormFields::from_pairs(pairs);
    Answers::check(survey, &form, Identity::EmailAnswer).unwrap_or_else(|errors| {
        // A sample the survey's own rules refuse is left out, not shown wrong.
        let kept = form
            .into_pairs()
            .into_iter()
            .filter(|(id, _)| !errors.contains_key(id))
            .collect();
        Answers::check(survey, &FormFields::from_pairs(kept), Identity::EmailAnswer)
            .unwrap_or_default()
    })
}

/// `campaign=sample-campaign` for each hidden field.
fn sample_hidden(survey: &Survey) -> Vec<(String, String)> {
    survey
        .hidden_fields
        .iter()
        .map(|f| {
            (
                f.name.clone(),
                format!("sample-{}", f.name.replace('_', "-")),
            )
        })
        .collect()
}

fn sample_values(question: &Question) -> Vec<String> {
    let one = |v: &str| vec![v.to_owned()];
    match &question.kind {
        QuestionKind::Email => one("jan.kowalski@example.com"),
        QuestionKind::Text => one("Sample answer"),
        QuestionKind::Textarea => {
            one(&"A long sample answer, as respondents sometimes write. ".repeat(6))
        }
        QuestionKind::Single { options } | QuestionKind::Dropdown { options } => {
            options.iter().take(1).cloned().collect()
        }
        QuestionKind::Multi { options } => options.iter().take(2).cloned().collect(),
        QuestionKind::Scale { max, .. } => one(&max.to_string()),
        QuestionKind::Number { min, max } => one(&min.or(*max).unwrap_or(7).to_string()),
        QuestionKind::Date => one("2026-11-22"),
        QuestionKind::Consent { .. } => one("on"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::StoredSalesmanago;
    use crate::domain::{Language, PropertyPrefix, SurveyDocument};

    #[test]
    fn the_preview_is_the_upsert_body_with_the_secret_fields_redacted() {
        let document = SurveyDocument::from_json(
            r#"{"slug":"nps","title":"NPS","language":"pl",
                "salesmanago":{"enabled":true,"tag":"NPS"},
                "questions":[
                  {"id":"email","type":"email","text":"E-mail","required":true},
                  {"id":"why","type":"textarea","text":"Dlaczego?"}
                ]}"#,
        )
        .unwrap();
        let prefix = PropertyPrefix::parse("ankieta.").unwrap();
        let survey = Survey::from_document(document)
            .unwrap()
            .with_property_keys(&prefix);
        let account = Account {
            id: uuid::Uuid::new_v4(),
            name: "A".into(),
            language: Language::Pl,
            property_prefix: prefix,
            salesmanago: Some(StoredSalesmanago {
                endpoint: "app3.salesmanago.pl".into(),
                client_id: "cid".into(),
                owner: "owner@example.com".into(),
                secret_encrypted: "v1:secret-ciphertext".into(),
            }),
            paused_reason: None,
            time_zone: Default::default(),
            webhook: None,
            created_at: 0,
        };
        let preview = payload_preview(&account, &survey).unwrap();
        assert_eq!(preview.endpoint, "contact/upsert");
        let body: Value = serde_json::from_str(&preview.json).unwrap();
        assert_eq!(body["contact"]["email"], "jan.kowalski@example.com");
        assert_eq!(body["tags"], json!(["NPS"]));
        assert_eq!(body["clientId"], "cid");
        assert!(body["sha"].as_str().unwrap().starts_with("(redacted"));
        assert_eq!(
            body["properties"]["ankieta.Dlaczego?"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            255
        );
        assert_eq!(preview.cut_keys, ["ankieta.Dlaczego?"]);
        assert!(!preview.json.contains("secret-ciphertext"));
    }
}
