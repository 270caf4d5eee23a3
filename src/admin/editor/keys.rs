//! The property key each question of the editor gets, with warnings.

use super::EditorState;
use crate::domain::{property_keys, slugify, PropertyPrefix};

/// Keys longer than this still work but are awkward in SALESmanago's
/// segment and property screens.
const LONG_KEY_CHARS: usize = 60;

/// A question's key as the editor shows it, with warnings.
#[derive(Debug, Clone)]
pub struct KeyPreview {
    pub key: String,
    pub warnings: Vec<String>,
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
                    warnings.push(
                        "another question above has the same key: this one is numbered. \
                         Reword the question to get a key of its own."
                            .to_owned(),
                    );
                }
                if key.chars().count() > LONG_KEY_CHARS {
                    warnings.push(format!(
                        "the key is {} characters long: a shorter question text gives a handier key",
                        key.chars().count()
                    ));
                }
                KeyPreview { key, warnings }
            })
            .collect()
    }
}
