//! Surveys to start from (NPS, customer satisfaction, a lead form, event
//! feedback), each written in Polish, Czech and English by people, not
//! translated word for word: the editor opens one as a new, unsaved survey.
//! Their keys are pinned, so SALESmanago's properties keep their names when
//! the admin rewords a question.

use super::SurveyDocument;
use crate::domain::Language;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starter {
    Nps,
    Satisfaction,
    Lead,
    EventFeedback,
}

impl Starter {
    pub const ALL: [Self; 4] = [
        Self::Nps,
        Self::Satisfaction,
        Self::Lead,
        Self::EventFeedback,
    ];

    /// The name in links (`/admin/surveys/new?template=nps`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Nps => "nps",
            Self::Satisfaction => "satisfaction",
            Self::Lead => "lead",
            Self::EventFeedback => "event",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == raw)
    }

    fn source(self) -> &'static str {
        match self {
            Self::Nps => include_str!("starters/nps.json"),
            Self::Satisfaction => include_str!("starters/csat.json"),
            Self::Lead => include_str!("starters/lead.json"),
            Self::EventFeedback => include_str!("starters/event.json"),
        }
    }

    /// The survey in `language`. Every starter exists in every language and
    /// is a valid survey (the tests below check both).
    pub fn document(self, language: Language) -> SurveyDocument {
        let mut by_language: HashMap<String, SurveyDocument> =
            serde_json::from_str(self.source()).expect("a starter is valid JSON");
        by_language
            .remove(language.code())
            .expect("every starter has every language")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PropertyPrefix, Survey};

    #[test]
    fn every_starter_is_a_valid_survey_in_every_language() {
        for starter in Starter::ALL {
            assert_eq!(Starter::parse(starter.name()), Some(starter));
            for language in [Language::Pl, Language::Cs, Language::En] {
                let doc = starter.document(language);
                assert_eq!(doc.language, language, "{starter:?}");
                let survey = Survey::from_document(doc.clone())
                    .unwrap_or_else(|e| panic!("{starter:?} {language:?}: {e:?}"));
                // Same question ids in every language: results and keys
                // line up whichever language a team starts from.
                let ids: Vec<_> = doc.questions.iter().map(|q| q.id.as_str()).collect();
                let polish = starter.document(Language::Pl);
                let polish_ids: Vec<_> = polish.questions.iter().map(|q| q.id.as_str()).collect();
                assert_eq!(ids, polish_ids, "{starter:?} {language:?}");
                let prefix = PropertyPrefix::parse(language.default_property_prefix()).unwrap();
                let keyed = survey.with_property_keys(&prefix);
                let keys: std::collections::HashSet<_> = keyed
                    .questions
                    .iter()
                    .map(|q| q.property_key.clone())
                    .collect();
                assert_eq!(
                    keys.len(),
                    keyed.questions.len(),
                    "{starter:?} {language:?}"
                );
            }
        }
        assert_eq!(Starter::parse("nope"), None);
    }
}
