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
    let json = serde_json::to_string(&survey.document).unwrap();
    let again = SurveyDocument::from_json(&json).unwrap();
    assert_eq!(again, document);
    assert!(Survey::from_document(again).is_ok());
});
