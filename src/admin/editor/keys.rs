//! The property key each question of the editor gets, with warnings.

use super::EditorState;
use crate::domain::{property_keys, slugify, PropertyPrefix, Survey, SurveyDocument};
use crate::i18n::Tr;
use std::collections::HashMap;

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
                .map(|q| (q.id.as_str(), q.text.as_str(), q.pinned_key())),
        );
        keys.into_iter()
            .zip(&self.questions)
            .map(|(key, question)| {
                let mut warnings = Vec::new();
                let slug = slugify(&question.text);
                let numbered = key != format!("{}{slug}", prefix.as_str());
                if question.pinned_key().is_none() && !slug.is_empty() && numbered {
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

/// A question that had answers sent under one property key and would now
/// be sent under another: SALESmanago segments and rules built on the old
/// key would stop matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyChange {
    pub index: usize,
    pub number: usize,
    pub old_key: String,
    pub new_key: String,
}

impl EditorState {
    /// Questions of the saved survey (same id) whose key this edit changes.
    pub fn key_changes(&self, saved: &SurveyDocument, prefix: &PropertyPrefix) -> Vec<KeyChange> {
        let Ok(saved) = Survey::from_document(saved.clone()) else {
            return Vec::new();
        };
        let old: HashMap<String, String> = saved
            .with_property_keys(prefix)
            .questions
            .into_iter()
            .map(|q| (q.id, q.property_key))
            .collect();
        self.key_previews(prefix)
            .into_iter()
            .zip(&self.questions)
            .enumerate()
            .filter_map(|(index, (new, question))| {
                let old_key = old.get(&question.id)?;
                (old_key != &new.key).then(|| KeyChange {
                    index,
                    number: index + 1,
                    old_key: old_key.clone(),
                    new_key: new.key,
                })
            })
            .collect()
    }

    /// Pins each changed question to the key it had.
    pub fn pin_old_keys(&mut self, changes: &[KeyChange], prefix: &PropertyPrefix) {
        for change in changes {
            if let Some(question) = self.questions.get_mut(change.index) {
                question.key = change
                    .old_key
                    .strip_prefix(prefix.as_str())
                    .unwrap_or(&change.old_key)
                    .to_owned();
            }
        }
    }
}
