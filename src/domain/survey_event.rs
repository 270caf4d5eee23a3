//! A response on the contact's timeline: the survey's optional `SURVEY`
//! external event, sent after the response's properties are written. Fixed
//! when the response is stored, like the rest of its plan.

use super::interaction::detail_text;
use super::{Answers, Survey};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `contactExtEventType` of every survey event.
pub const SURVEY_EVENT_TYPE: &str = "SURVEY";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyEvent {
    /// The survey's title (cut to 255).
    pub description: String,
    /// When the response was submitted, ms since the epoch.
    pub date: i64,
    /// The response id: SALESmanago recognises a repeat.
    pub external_id: String,
    /// `detail1` = the survey's slug; `detail2` = the score, when the survey
    /// has a score question and it was answered.
    pub details: Vec<(u8, String)>,
}

impl SurveyEvent {
    /// `None` unless the survey sends the event.
    pub fn for_response(
        survey: &Survey,
        response_id: Uuid,
        submitted_at: i64,
        answers: &Answers,
    ) -> Option<Self> {
        let target = survey.salesmanago_tag.as_ref().filter(|t| t.survey_event)?;
        let mut details = vec![(1, survey.slug.as_str().to_owned())];
        let score = target
            .score_question
            .as_deref()
            .and_then(|id| answers.get(id))
            .and_then(|answer| answer.values.first())
            .and_then(|value| detail_text(value));
        if let Some(score) = score {
            details.push((2, score));
        }
        Some(Self {
            description: detail_text(&survey.title).unwrap_or_else(|| survey.slug.as_str().into()),
            date: submitted_at,
            external_id: response_id.to_string(),
            details,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FormFields, Identity, SurveyDocument};

    fn survey(salesmanago: serde_json::Value) -> Survey {
        let document: SurveyDocument = serde_json::from_value(serde_json::json!({
            "slug": "nps-2026", "title": "Jak nas oceniasz?\n", "language": "pl",
            "salesmanago": salesmanago,
            "questions": [
                {"id": "email", "type": "email", "text": "E-mail"},
                {"id": "nps", "type": "scale", "text": "Polecisz nas?", "min": 0, "max": 10}
            ]
        }))
        .unwrap();
        Survey::from_document(document).unwrap()
    }

    fn answers(survey: &Survey, nps: &str) -> Answers {
        let form = FormFields::from_pairs(vec![
            ("email".into(), "a@b.pl".into()),
            ("nps".into(), nps.into()),
        ]);
        Answers::check(survey, &form, Identity::EmailAnswer).unwrap()
    }

    #[test]
    fn the_event_carries_title_response_slug_and_score() {
        let survey = survey(serde_json::json!({"enabled": true, "tag": "NPS",
            "survey_event": true, "score_question": "nps"}));
        let id = Uuid::from_u128(42);
        let event = SurveyEvent::for_response(&survey, id, 1_700, &answers(&survey, "9")).unwrap();
        assert_eq!(event.description, "Jak nas oceniasz?");
        assert_eq!(event.external_id, id.to_string());
        assert_eq!(event.date, 1_700);
        assert_eq!(
            event.details,
            vec![(1, "nps-2026".to_owned()), (2, "9".to_owned())]
        );
    }

    #[test]
    fn off_by_default_and_without_a_score_when_unanswered() {
        let plain = survey(serde_json::json!({"enabled": true, "tag": "NPS"}));
        assert_eq!(
            SurveyEvent::for_response(&plain, Uuid::nil(), 0, &answers(&plain, "")),
            None
        );
        let unscored =
            survey(serde_json::json!({"enabled": true, "tag": "NPS", "survey_event": true}));
        let event = SurveyEvent::for_response(&unscored, Uuid::nil(), 0, &answers(&unscored, "7"));
        assert_eq!(
            event.unwrap().details.len(),
            1,
            "no score question: slug only"
        );
    }

    #[test]
    fn the_score_question_must_be_a_0_to_10_scale_of_the_survey_with_the_event_on() {
        let document = |salesmanago: serde_json::Value, max: i64| -> SurveyDocument {
            serde_json::from_value(serde_json::json!({
                "slug": "s", "title": "T", "language": "pl", "salesmanago": salesmanago,
                "questions": [{"id": "nps", "type": "scale", "text": "?", "min": 0, "max": max},
                              {"id": "t", "type": "text", "text": "?"}]
            }))
            .unwrap()
        };
        let field_of = |doc| {
            Survey::from_document(doc)
                .err()
                .map(|errors| errors.into_iter().map(|e| e.field).collect::<Vec<_>>())
        };
        let on = |score: &str| serde_json::json!({"enabled": true, "tag": "T", "survey_event": true, "score_question": score});
        assert_eq!(field_of(document(on("nps"), 10)), None);
        for (doc, why) in [
            (document(on("nps"), 5), "a 0-5 scale"),
            (document(on("t"), 10), "a text question"),
            (document(on("nope"), 10), "no such question"),
            (
                document(
                    serde_json::json!({"enabled": true, "tag": "T", "score_question": "nps"}),
                    10,
                ),
                "the event is off",
            ),
        ] {
            assert_eq!(
                field_of(doc),
                Some(vec!["salesmanago.score_question".to_owned()]),
                "{why}"
            );
        }
        assert_eq!(
            field_of(document(
                serde_json::json!({"enabled": false, "survey_event": true}),
                10
            )),
            Some(vec!["salesmanago.survey_event".to_owned()])
        );
    }
}
