//! The admin's words in Polish, Czech and English: one Fluent catalogue per
//! language (`locales/{pl,cs,en}.ftl`, compiled into the binary), looked up
//! by message id. Fluent carries each language's plural rules, so
//! "1 odpowiedź / 2 odpowiedzi / 5 odpowiedzi" is the catalogue's business,
//! not the code's. Respondents' pages keep their own texts
//! ([`crate::domain::Texts`]); this is for the people who run ankieter.

mod negotiate;
mod scope;

pub use negotiate::from_accept_language;
pub use scope::{current, with_language};

use crate::domain::Language;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;

fluent_templates::static_loader! {
    static CATALOGUES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments would land in e-mails,
        // CSV cells and tests; ankieter's three languages are all left to right.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages the admin speaks, each named in its own language.
pub const ADMIN_LANGUAGES: [(Language, &str); 3] = [
    (Language::Pl, "Polski"),
    (Language::Cs, "Čeština"),
    (Language::En, "English"),
];

/// Looks words up in one language's catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    language: Language,
}

impl Tr {
    pub fn new(language: Language) -> Self {
        Self { language }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        self.lookup(id, None)
    }

    /// The message `id` with `$count`, in the plural form `count` takes.
    pub fn tn(&self, id: &str, count: impl Into<i64>) -> String {
        let mut args = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(count.into()));
        self.lookup(id, Some(&args))
    }

    /// The message `id` with one text argument `$name`.
    pub fn ta(&self, id: &str, name: &'static str, value: impl Display) -> String {
        self.tas(id, &[(name, value.to_string())])
    }

    /// The message `id` with text arguments.
    pub fn tas(&self, id: &str, values: &[(&'static str, String)]) -> String {
        let args = values
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
            .collect();
        self.lookup(id, Some(&args))
    }

    /// Whether the catalogue of this language has the message `id` (for
    /// tests of ids the code picks at run time).
    pub fn knows(&self, id: &str) -> bool {
        CATALOGUES
            .try_lookup_complete(&identifier(self.language), id, None)
            .is_some()
    }

    /// A message whose text holds inline markup (`<code>`, `<em>`,
    /// `<strong>`): only ids ending in `-html`, which take no arguments, so
    /// everything in it comes from ankieter's own catalogues (a test checks
    /// their tags). The templates print it unescaped.
    pub fn html(&self, id: &str) -> String {
        debug_assert!(id.ends_with("-html"), "{id} is not a markup message");
        self.lookup(id, None)
    }

    fn lookup(&self, id: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        let language = identifier(self.language);
        match CATALOGUES.try_lookup_complete(&language, id, args) {
            Some(text) => text,
            None => {
                // The catalogue tests make this unreachable for ids in code.
                tracing::warn!(message.id = id, "a message is missing from the catalogues");
                id.to_owned()
            }
        }
    }
}

fn identifier(language: Language) -> LanguageIdentifier {
    language
        .code()
        .parse()
        .expect("pl, cs and en are language identifiers")
}

#[cfg(test)]
mod tests;
