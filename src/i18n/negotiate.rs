//! The browser's languages (`Accept-Language`) against the admin's three,
//! for the pages seen before anyone signs in.

use crate::domain::Language;
use fluent_langneg::{negotiate_languages, NegotiationStrategy};
use unic_langid::LanguageIdentifier;

/// The first of the browser's languages the admin speaks, if any.
pub fn from_accept_language(header: &str) -> Option<Language> {
    let requested = fluent_langneg::accepted_languages::parse(header);
    let available: Vec<LanguageIdentifier> = super::ADMIN_LANGUAGES
        .iter()
        .map(|(language, _)| super::identifier(*language))
        .collect();
    let chosen = negotiate_languages(&requested, &available, None, NegotiationStrategy::Filtering);
    chosen
        .first()
        .and_then(|id| Language::parse(id.language.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_first_language_the_admin_speaks_wins() {
        let cases = [
            ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", Some(Language::Pl)),
            ("cs-CZ,cs;q=0.9", Some(Language::Cs)),
            ("de-DE,de;q=0.9,cs;q=0.5,en;q=0.4", Some(Language::Cs)),
            ("en-GB", Some(Language::En)),
            ("de-DE,fr", None),
            ("", None),
            ("garbage;;;q=x,,", None),
        ];
        for (header, expected) in cases {
            assert_eq!(from_accept_language(header), expected, "{header:?}");
        }
    }
}
