//! Question text → property-key slug, exactly as product.md defines it.

/// Transliterates every non-ASCII character to ASCII (`deunicode`), trims, and
/// replaces each run of whitespace with one `-`. Case and other ASCII
/// characters are kept: `Jak oceniasz naszą obsługę?` → `Jak-oceniasz-nasza-obsluge?`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split_whitespace() {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;
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
    fn case_and_ascii_punctuation_are_kept() {
        assert_eq!(slugify("NPS (0-10): Polecisz?"), "NPS-(0-10):-Polecisz?");
    }

    #[test]
    fn all_polish_diacritics() {
        assert_eq!(slugify("ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"), "acelnoszz-ACELNOSZZ");
    }

    proptest! {
        #[test]
        fn slug_is_ascii_without_whitespace(text in "\\PC{0,80}") {
            let slug = slugify(&text);
            prop_assert!(slug.is_ascii());
            prop_assert!(!slug.chars().any(char::is_whitespace));
            // A slug is its own slug: nothing left to transliterate or join.
            prop_assert_eq!(slugify(&slug), slug.clone());
        }
    }
}
