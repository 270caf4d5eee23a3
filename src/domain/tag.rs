use super::property::cut_utf16;

/// A SALESmanago tag as SALESmanago stores it: trimmed, upper-case, inner
/// whitespace runs replaced by `_`, at most 255 characters. Control
/// characters that are not whitespace are invisible in the editor and are
/// dropped, so a pasted `\u{1}` cannot make two tags look the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag(String);

impl Tag {
    /// `None` when nothing is left after trimming (no tag is sent then).
    pub fn parse(raw: &str) -> Option<Self> {
        let visible = raw
            .split_whitespace()
            .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
            .filter(|word| !word.is_empty());
        let joined = visible.collect::<Vec<_>>().join("_");
        if joined.is_empty() {
            return None;
        }
        let upper = joined.to_uppercase();
        let (kept, _) = cut_utf16(&upper, 255);
        Some(Self(kept.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Tag;
    use crate::domain::arbitrary::any_text;
    use proptest::prelude::*;

    #[test]
    fn tags_are_normalised_like_salesmanago_stores_them() {
        let cases = [
            ("ankieta nps", "ANKIETA_NPS"),
            ("  Ankieta   Zadowolenia\t2026 ", "ANKIETA_ZADOWOLENIA_2026"),
            ("żółć", "ŻÓŁĆ"),
            ("already_UPPER", "ALREADY_UPPER"),
            ("ankieta\tżółć\u{2028}2026", "ANKIETA_ŻÓŁĆ_2026"),
            ("ankieta\u{1}nps \u{7f} jesień", "ANKIETANPS_JESIEŃ"),
        ];
        for (raw, expected) in cases {
            assert_eq!(Tag::parse(raw).unwrap().as_str(), expected, "input {raw:?}");
        }
    }

    #[test]
    fn blank_tags_are_no_tags() {
        assert_eq!(Tag::parse(""), None);
        assert_eq!(Tag::parse(" \t "), None);
        assert_eq!(Tag::parse("\u{1} \u{85}\u{7f}"), None);
    }

    #[test]
    fn long_tags_are_cut_to_255() {
        assert_eq!(Tag::parse(&"x".repeat(300)).unwrap().as_str().len(), 255);
    }

    proptest! {
        #[test]
        fn tags_have_no_whitespace_or_controls_and_fit(raw in any_text()) {
            if let Some(tag) = Tag::parse(&raw) {
                prop_assert!(!tag.as_str().chars().any(|c| c.is_whitespace() || c.is_control()));
                // What SALESmanago stores is stable: normalising again changes nothing.
                prop_assert_eq!(Tag::parse(tag.as_str()), Some(tag.clone()));
                prop_assert!(tag.as_str().encode_utf16().count() <= 255);
                prop_assert!(!tag.as_str().is_empty());
            }
        }
    }
}
