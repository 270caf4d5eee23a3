//! Question text → property-key slug, exactly as product.md defines it.

/// Transliterates every non-ASCII character to ASCII (`deunicode`), trims, and
/// replaces each run of whitespace with one `-`. Case and other printable
/// ASCII characters are kept: `Jak oceniasz naszą obsługę?` →
/// `Jak-oceniasz-nasza-obsluge?`.
///
/// The text is split on whitespace *before* transliterating: once `deunicode`
/// has met a non-ASCII character it drops ASCII control characters, tab and
/// newline included, which would glue two words together. Control characters
/// that are not whitespace are invisible in a question and are dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let visible: String = word.chars().filter(|c| !c.is_control()).collect();
        // Transliteration can itself produce spaces (`北京` → `Bei Jing`).
        for part in deunicode::deunicode(&visible).split_whitespace() {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;
    use crate::domain::arbitrary::any_text;
    use proptest::prelude::*;

    #[test]
    fn polish_question_from_the_product_rules() {
        assert_eq!(
            slugify("Jak oceniasz naszą obsługę?"),
            "Jak-oceniasz-nasza-obsluge?"
        );
    }

    #[test]
    fn czech_letters_are_transliterated() {
        assert_eq!(
            slugify("Jak hodnotíte naše služby? Řekněte nám"),
            "Jak-hodnotite-nase-sluzby?-Reknete-nam"
        );
    }

    #[test]
    fn whitespace_runs_become_one_hyphen_and_ends_are_trimmed() {
        assert_eq!(slugify("  Ile \t masz\n\nlat?  "), "Ile-masz-lat?");
    }

    #[test]
    fn control_whitespace_after_a_non_ascii_letter_still_separates_words() {
        let cases = [
            ("Które  produkty\tznasz?", "Ktore-produkty-znasz?"),
            ("Które\nprodukty\r\nznasz?", "Ktore-produkty-znasz?"),
            ("Które\x0bprodukty\x0cznasz?", "Ktore-produkty-znasz?"),
            ("Které\u{85}produkty\u{2028}znáte?", "Ktere-produkty-znate?"),
            ("Které\u{a0}produkty\u{3000}znáte?", "Ktere-produkty-znate?"),
        ];
        for (text, slug) in cases {
            assert_eq!(slugify(text), slug, "input {text:?}");
        }
    }

    #[test]
    fn other_control_characters_are_dropped_with_or_without_non_ascii_letters() {
        assert_eq!(slugify("Ile\x01 masz\x7f lat?"), "Ile-masz-lat?");
        assert_eq!(
            slugify("Ile\x01 masz\x7f lat, Łukasz?"),
            "Ile-masz-lat,-Lukasz?"
        );
    }

    #[test]
    fn case_and_ascii_punctuation_are_kept() {
        assert_eq!(slugify("NPS (0-10): Polecisz?"), "NPS-(0-10):-Polecisz?");
    }

    #[test]
    fn all_polish_diacritics() {
        assert_eq!(slugify("ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"), "acelnoszz-ACELNOSZZ");
    }

    const LETTERS: &str = "abcXYZąćęłńóśźżčďěňřšťůýžÁČŘŽ";

    /// A word of Latin letters, with now and then an invisible control
    /// character inside it; and the word as its slug must show it.
    fn word() -> impl Strategy<Value = (String, String)> {
        let letter = prop::sample::select(LETTERS.chars().collect::<Vec<_>>());
        let control = prop::sample::select(vec!['\u{1}', '\u{1f}', '\u{7f}', '\u{9f}']);
        prop::collection::vec((letter, prop::option::weighted(0.2, control)), 1..8).prop_map(
            |letters| {
                let written = letters
                    .iter()
                    .flat_map(|(l, c)| std::iter::once(*l).chain(*c))
                    .collect();
                let plain: String = letters.iter().map(|(l, _)| *l).collect();
                (written, deunicode::deunicode(&plain))
            },
        )
    }

    /// A run of Unicode's whitespace characters (all of `White_Space`).
    fn gap() -> impl Strategy<Value = String> {
        let all: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let space = prop::sample::select(all);
        prop::collection::vec(space, 1..4).prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn slug_is_printable_ascii_without_whitespace(text in any_text()) {
            let slug = slugify(&text);
            prop_assert!(slug.is_ascii());
            prop_assert!(!slug.chars().any(|c| c.is_whitespace() || c.is_control()));
            // A slug is its own slug: nothing left to transliterate or join.
            prop_assert_eq!(slugify(&slug), slug.clone());
        }

        #[test]
        fn every_whitespace_run_between_words_becomes_one_hyphen(
            words in prop::collection::vec(word(), 1..8),
            gaps in prop::collection::vec(gap(), 9),
        ) {
            let mut text = gaps[8].clone();
            for (i, (written, _)) in words.iter().enumerate() {
                text.push_str(written);
                text.push_str(&gaps[i]);
            }
            let expected: Vec<&str> = words.iter().map(|(_, slug)| slug.as_str()).collect();
            prop_assert_eq!(slugify(&text), expected.join("-"));
        }
    }
}
