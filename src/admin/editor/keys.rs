//! The property key each question of the editor gets, with warnings.

use super::EditorState;
use crate::domain::{property_keys, slugify, PropertyPrefix};
use crate::i18n::Tr;

/// Keys longer than this still work but are awkward in SALESmanago's
/// segment and property screens.
const LONG_KEY_CHARS: usize = 60;

/// A question's key as the editor shows it, with warnings.
#[derive(Debug, Clone)]
pub struct KeyPreview {
    pub key: String,
    pub warnings: Vec<KeyWarning>,
}

/// Why a key deserves a second look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyWarning {
    /// Another question above has the same key, so this one is numbered.
    Numbered,
    /// A key this long is awkward in SALESmanago's screens.
    Long { chars: usize },
}

impl KeyWarning {
    pub fn text(&self, tr: &Tr) -> String {
        match self {
            Self::Numbered => tr.t("key-warning-numbered"),
            Self::Long { chars } => tr.tn("key-warning-long", *chars as i64),
        }
    }
}

impl EditorState {
    /// Each question's property key under `prefix`, with warnings about
    /// collisions (a numbered key) and very long keys.
    pub fn key_previews(&self, prefix: &PropertyPrefix) -> Vec<KeyPreview> {
        let keys = property_keys(
            prefix,
            self.questions
                .iter()
                .map(|q| (q.id.as_str(), q.text.as_str())),
        );
        keys.into_iter()
            .zip(&self.questions)
            .map(|(key, question)| {
                let mut warnings = Vec::new();
                let slug = slugify(&question.text);
                if !slug.is_empty() && key != format!("{}{slug}", prefix.as_str()) {
                    warnings.push(KeyWarning::Numbered);
                }
                if key.chars().count() > LONG_KEY_CHARS {
                    warnings.push(KeyWarning::Long {
                        chars: key.chars().count(),
                    });
                }
                KeyPreview { key, warnings }
            })
            .collect()
    }
}
