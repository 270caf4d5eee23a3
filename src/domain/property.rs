//! Contact properties: keys from question texts, values cut the way
//! SALESmanago counts (UTF-16 code units, like Java).

use super::slug::slugify;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// SALESmanago stores at most this many UTF-16 code units per property value.
pub const MAX_VALUE_UNITS: usize = 255;

/// Cuts `text` to at most `max_units` UTF-16 code units, at a character
/// boundary. A character that would straddle the limit (an emoji is two
/// units) is dropped whole. Returns the kept prefix and whether anything was cut.
pub fn cut_utf16(text: &str, max_units: usize) -> (&str, bool) {
    let mut units = 0;
    for (index, ch) in text.char_indices() {
        units += ch.len_utf16();
        if units > max_units {
            return (&text[..index], true);
        }
    }
    (text, false)
}

/// The property-key prefix of an account (`ankieta.`, `dotaznik.` or custom).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PropertyPrefix(String);

impl PropertyPrefix {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 64 {
            return Err("the property prefix must have 1 to 64 characters".into());
        }
        if !raw.is_ascii() || raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("the property prefix must be ASCII without spaces".into());
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PropertyPrefix {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PropertyPrefix> for String {
    fn from(prefix: PropertyPrefix) -> Self {
        prefix.0
    }
}

/// Property keys for a survey's questions `(id, text, pinned)`, in question
/// order: prefix + slug(text); a key that collides with an earlier one gets
/// `-2`, `-3`, …. A text that slugs to nothing (only symbols deunicode drops)
/// falls back to the question id so that the key is never the bare prefix.
/// A question with a pinned key gets prefix + that key whatever its text,
/// and the pinned keys are taken first: a text-made key that would meet one
/// is numbered instead, so a pinned key never moves.
pub fn property_keys<'a>(
    prefix: &PropertyPrefix,
    questions: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>,
) -> Vec<String> {
    let questions: Vec<_> = questions.into_iter().collect();
    let pinned: HashSet<String> = questions
        .iter()
        .filter_map(|(_, _, pinned)| pinned.map(|key| format!("{}{key}", prefix.as_str())))
        .collect();
    let mut keys: Vec<String> = Vec::new();
    for (id, text, pin) in questions {
        if let Some(key) = pin {
            keys.push(format!("{}{key}", prefix.as_str()));
            continue;
        }
        let slug = slugify(text);
        let base = format!(
            "{}{}",
            prefix.as_str(),
            if slug.is_empty() { id } else { &slug }
        );
        let mut key = base.clone();
        let mut n = 2;
        while keys.contains(&key) || pinned.contains(&key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        keys.push(key);
    }
    keys
}

/// A property value ready to send: never empty, at most 255 UTF-16 units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyValue {
    value: String,
    was_cut: bool,
}

impl PropertyValue {
    /// `None` for an empty answer: unanswered questions never blank existing data.
    pub fn parse(answer: &str) -> Option<Self> {
        let answer = answer.trim();
        if answer.is_empty() {
            return None;
        }
        let (kept, was_cut) = cut_utf16(answer, MAX_VALUE_UNITS);
        Some(Self {
            value: kept.to_owned(),
            was_cut,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn was_cut(&self) -> bool {
        self.was_cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::arbitrary::any_text;
    use proptest::prelude::*;

    /// Long enough to be cut: several of `any_text` one after another.
    fn any_text_long() -> impl Strategy<Value = String> {
        proptest::collection::vec(any_text(), 0..8).prop_map(|parts| parts.concat())
    }

    fn prefix(p: &str) -> PropertyPrefix {
        PropertyPrefix::parse(p).unwrap()
    }

    #[test]
    fn ascii_300_is_cut_to_255() {
        let value = PropertyValue::parse(&"a".repeat(300)).unwrap();
        assert_eq!(value.as_str().len(), 255);
        assert!(value.was_cut());
    }

    #[test]
    fn exactly_255_units_are_kept_whole() {
        let text = "ż".repeat(255);
        let value = PropertyValue::parse(&text).unwrap();
        assert_eq!(value.as_str(), text);
        assert!(!value.was_cut());
    }

    #[test]
    fn polish_text_counts_characters_not_bytes() {
        // 300 two-byte characters: a byte-based cut would keep only 127.
        let value = PropertyValue::parse(&"ą".repeat(300)).unwrap();
        assert_eq!(value.as_str().chars().count(), 255);
        assert_eq!(value.as_str().len(), 510);
    }

    #[test]
    fn emoji_straddling_unit_255_is_dropped_whole() {
        // 254 units, then an emoji (2 units) would end at unit 256.
        let text = format!("{}😀tail", "a".repeat(254));
        let value = PropertyValue::parse(&text).unwrap();
        assert_eq!(value.as_str(), "a".repeat(254));
        assert!(value.was_cut());
    }

    #[test]
    fn emoji_ending_exactly_at_unit_255_is_kept() {
        let text = format!("{}😀tail", "a".repeat(253));
        let value = PropertyValue::parse(&text).unwrap();
        assert_eq!(value.as_str(), format!("{}😀", "a".repeat(253)));
    }

    #[test]
    fn empty_and_blank_answers_send_nothing() {
        assert_eq!(PropertyValue::parse(""), None);
        assert_eq!(PropertyValue::parse("   \n"), None);
    }

    #[test]
    fn keys_use_the_prefix_and_the_slug() {
        let keys = property_keys(
            &prefix("ankieta."),
            [("q1", "Jak oceniasz naszą obsługę?", None)],
        );
        assert_eq!(keys, ["ankieta.Jak-oceniasz-nasza-obsluge?"]);
    }

    #[test]
    fn colliding_keys_get_numbered_in_question_order() {
        let keys = property_keys(
            &prefix("dotaznik."),
            [
                ("a", "Věk", None),
                ("b", "Vek", None),
                ("c", "  Vek ", None),
                ("d", "Vek-2", None),
                ("e", "Jiné", None),
            ],
        );
        assert_eq!(
            keys,
            [
                "dotaznik.Vek",
                "dotaznik.Vek-2",
                "dotaznik.Vek-3",
                "dotaznik.Vek-2-2",
                "dotaznik.Jine"
            ]
        );
    }

    #[test]
    fn text_without_a_slug_falls_back_to_the_question_id() {
        let keys = property_keys(&prefix("ankieta."), [("q7", "   ", None)]);
        assert_eq!(keys, ["ankieta.q7"]);
    }

    #[test]
    fn a_pinned_key_stays_whatever_the_text_and_text_made_keys_step_aside() {
        let keys = property_keys(
            &prefix("ankieta."),
            [
                ("a", "nps", None),
                ("b", "Jak bardzo polecisz nas znajomym?", Some("nps")),
                ("c", "Wiek", None),
            ],
        );
        // The earlier question's text-made key would be the pinned one:
        // it is numbered, and the pinned key is exactly what was pinned.
        assert_eq!(keys, ["ankieta.nps-2", "ankieta.nps", "ankieta.Wiek"]);
    }

    #[test]
    fn prefixes_must_be_ascii_without_spaces() {
        assert!(PropertyPrefix::parse("ankieta.").is_ok());
        assert!(PropertyPrefix::parse("ankieta x.").is_err());
        assert!(PropertyPrefix::parse("ankietą.").is_err());
        assert!(PropertyPrefix::parse("").is_err());
    }

    proptest! {
        #[test]
        fn cut_is_a_valid_prefix_within_the_limit(text in any_text_long()) {
            let (kept, was_cut) = cut_utf16(&text, MAX_VALUE_UNITS);
            prop_assert!(text.starts_with(kept));
            prop_assert!(kept.encode_utf16().count() <= MAX_VALUE_UNITS);
            prop_assert_eq!(was_cut, kept.len() < text.len());
            if was_cut {
                // Nothing more would have fitted: the next character crosses the limit.
                let next = text[kept.len()..].chars().next().unwrap();
                prop_assert!(kept.encode_utf16().count() + next.len_utf16() > MAX_VALUE_UNITS);
            }
        }

        #[test]
        fn keys_are_ascii_and_unique(texts in proptest::collection::vec(any_text(), 1..12)) {
            let ids: Vec<String> = (0..texts.len()).map(|i| format!("q{i}")).collect();
            let keys = property_keys(
                &prefix("ankieta."),
                ids.iter()
                    .map(String::as_str)
                    .zip(texts.iter().map(String::as_str))
                    .map(|(id, text)| (id, text, None)),
            );
            let mut sorted = keys.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(sorted.len(), keys.len());
            prop_assert!(keys.iter().all(|k| k.is_ascii() && k.starts_with("ankieta.")));
            prop_assert!(keys.iter().all(|k| !k.chars().any(|c| c.is_whitespace() || c.is_control())));
        }
    }
}
