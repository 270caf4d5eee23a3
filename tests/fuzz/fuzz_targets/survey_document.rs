//! Survey documents: parsing and checking never panic, and a document that
//! passes survives a round trip through JSON unchanged.
#![no_main]

use ankieter::domain::{Survey, SurveyDocument};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(document) = SurveyDocument::from_json(text) else {
        return;
    };
    let Ok(survey) = Survey::from_document(document.clone()) else {
        return;
    };
    // A checked scale has at most 101 points, whatever numbers it was given.
    for question in &survey.questions {
        if let ankieter::domain::survey::QuestionKind::Scale { min, max } = question.kind {
            assert!((max as i128) - (min as i128) <= 100 && max > min);
        }
    }
    let json = serde_json::to_string(&survey.document).unwrap();
    let again = SurveyDocument::from_json(&json).unwrap();
    assert_eq!(again, document);
    assert!(Survey::from_document(again).is_ok());
});
