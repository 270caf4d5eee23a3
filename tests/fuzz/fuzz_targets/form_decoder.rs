//! The strict form decoder never panics, and what it accepts round-trips.
#![no_main]

use ankieter::domain::FormFields;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Ok(form) = FormFields::decode(body, 200) {
        assert!(form.pairs().len() <= 200);
        let encoded = serde_urlencoded::to_string(form.pairs()).unwrap();
        let again = FormFields::decode(encoded.as_bytes(), 200).unwrap();
        assert_eq!(again, form);
    }
});
