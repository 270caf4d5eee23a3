//! Property keys and values stay within SALESmanago's rules for any text.
#![no_main]

use ankieter::domain::{cut_utf16, property_keys, slugify, PropertyPrefix, Tag, MAX_VALUE_UNITS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let slug = slugify(text);
    assert!(slug.is_ascii(), "slug {slug:?} is not ASCII");
    assert!(!slug.chars().any(char::is_whitespace));

    let (kept, was_cut) = cut_utf16(text, MAX_VALUE_UNITS);
    assert!(text.starts_with(kept));
    assert!(kept.encode_utf16().count() <= MAX_VALUE_UNITS);
    assert_eq!(was_cut, kept.len() < text.len());

    if let Some(tag) = Tag::parse(text) {
        assert!(tag.as_str().encode_utf16().count() <= 255);
        assert!(!tag.as_str().chars().any(char::is_whitespace));
    }

    let prefix = PropertyPrefix::parse("ankieta.").unwrap();
    let halves: Vec<&str> = text.split('\n').collect();
    let ids: Vec<String> = (0..halves.len()).map(|i| format!("q{i}")).collect();
    // The first question pins the key a later line may slug to: the pinned
    // key stays, and the text-made one steps aside.
    let keys = property_keys(
        &prefix,
        ids.iter()
            .map(String::as_str)
            .zip(halves.iter().copied())
            .enumerate()
            .map(|(i, (id, text))| (id, text, (i == 0).then_some("x"))),
    );
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "colliding keys: {keys:?}");
    assert!(keys
        .iter()
        .all(|k| k.is_ascii() && k.starts_with("ankieta.")));
});
