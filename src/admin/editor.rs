//! The survey editor's form: a survey document as HTML form fields and back,
//! plus the editor's buttons (add, remove, move) applied on the server so the
//! editor works without JavaScript.

use crate::domain::survey::{
    AccessDocument, AccessMode, DocumentError, EmbedDocument, QuestionDocument, SalesmanagoSwitch,
};
use crate::domain::{property_keys, slugify, FormFields, Language, PropertyPrefix, SurveyDocument};

/// Keys longer than this still work but are awkward in SALESmanago's
/// segment and property screens.
const LONG_KEY_CHARS: usize = 60;

#[derive(Debug, Clone, Default)]
pub struct EditorState {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub language: String,
    pub thank_you: String,
    pub access_mode: String,
    pub access_password: String,
    pub sm_enabled: bool,
    pub sm_tag: String,
    pub require_signed_links: bool,
    /// One origin per line.
    pub allowed_sites: String,
    /// One name per line.
    pub hidden_fields: String,
    pub questions: Vec<QuestionDraft>,
}

#[derive(Debug, Clone, Default)]
pub struct QuestionDraft {
    pub id: String,
    pub kind: String,
    pub text: String,
    pub required: bool,
    /// One option per line.
    pub options: String,
    pub min: String,
    pub max: String,
    pub opt_in: bool,
}

/// What an editor button asks for besides saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorAction {
    Save,
    Preview,
    Add,
    Remove(usize),
    Up(usize),
    Down(usize),
}

impl EditorAction {
    pub fn parse(raw: &str) -> Self {
        let index = |rest: &str| rest.parse::<usize>().ok();
        match raw.split_once(':') {
            Some(("remove", n)) => index(n).map_or(Self::Save, Self::Remove),
            Some(("up", n)) => index(n).map_or(Self::Save, Self::Up),
            Some(("down", n)) => index(n).map_or(Self::Save, Self::Down),
            _ => match raw {
                "add" => Self::Add,
                "preview" => Self::Preview,
                _ => Self::Save,
            },
        }
    }
}

/// A question's key as the editor shows it, with warnings.
#[derive(Debug, Clone)]
pub struct KeyPreview {
    pub key: String,
    pub warnings: Vec<String>,
}

impl EditorState {
    /// A new survey: one e-mail question, as most surveys identify the contact by it.
    pub fn new_survey(language: Language) -> Self {
        Self {
            language: language.code().to_owned(),
            access_mode: "open".to_owned(),
            questions: vec![QuestionDraft {
                id: "email".to_owned(),
                kind: "email".to_owned(),
                text: "E-mail".to_owned(),
                required: true,
                ..QuestionDraft::default()
            }],
            ..Self::default()
        }
    }

    pub fn from_document(doc: &SurveyDocument) -> Self {
        Self {
            slug: doc.slug.clone(),
            title: doc.title.clone(),
            description: doc.description.clone().unwrap_or_default(),
            language: doc.language.code().to_owned(),
            thank_you: doc.thank_you.clone().unwrap_or_default(),
            access_mode: access_mode_name(doc.access.mode).to_owned(),
            access_password: doc.access.password.clone().unwrap_or_default(),
            sm_enabled: doc.salesmanago.enabled,
            sm_tag: doc.salesmanago.tag.clone().unwrap_or_default(),
            require_signed_links: doc.salesmanago.require_signed_links,
            allowed_sites: doc.embed.allowed_sites.join("\n"),
            hidden_fields: doc.hidden_fields.join("\n"),
            questions: doc
                .questions
                .iter()
                .map(|q| QuestionDraft {
                    id: q.id.clone(),
                    kind: q.kind.clone(),
                    text: q.text.clone(),
                    required: q.required,
                    options: q.options.join("\n"),
                    min: q.min.map(|n| n.to_string()).unwrap_or_default(),
                    max: q.max.map(|n| n.to_string()).unwrap_or_default(),
                    opt_in: q.opt_in,
                })
                .collect(),
        }
    }

    /// Reads the editor's fields (`q.N.text` and so on, `q_count` questions).
    pub fn from_form(form: &FormFields) -> Self {
        let text = |name: &str| form.first(name).unwrap_or_default().to_owned();
        let ticked = |name: &str| form.first(name).is_some();
        let count = form
            .first("q_count")
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
            .min(crate::domain::survey::MAX_QUESTIONS);
        Self {
            slug: text("slug").trim().to_owned(),
            title: text("title"),
            description: text("description"),
            language: text("language"),
            thank_you: text("thank_you"),
            access_mode: text("access_mode"),
            access_password: text("access_password"),
            sm_enabled: ticked("sm_enabled"),
            sm_tag: text("sm_tag"),
            require_signed_links: ticked("require_signed_links"),
            allowed_sites: text("allowed_sites"),
            hidden_fields: text("hidden_fields"),
            questions: (0..count)
                .map(|i| {
                    let field = |name: &str| format!("q.{i}.{name}");
                    QuestionDraft {
                        id: text(&field("id")).trim().to_owned(),
                        kind: text(&field("type")),
                        text: text(&field("text")),
                        required: ticked(&field("required")),
                        options: text(&field("options")),
                        min: text(&field("min")).trim().to_owned(),
                        max: text(&field("max")).trim().to_owned(),
                        opt_in: ticked(&field("opt_in")),
                    }
                })
                .collect(),
        }
    }

    /// Applies an add/remove/move button; saving and previewing change nothing here.
    pub fn apply(&mut self, action: EditorAction) {
        let len = self.questions.len();
        match action {
            EditorAction::Add => {
                let id = self.unused_id();
                self.questions.push(QuestionDraft {
                    id,
                    kind: "text".to_owned(),
                    ..QuestionDraft::default()
                });
            }
            EditorAction::Remove(i) if i < len => {
                self.questions.remove(i);
            }
            EditorAction::Up(i) if i > 0 && i < len => self.questions.swap(i - 1, i),
            EditorAction::Down(i) if i + 1 < len => self.questions.swap(i, i + 1),
            _ => {}
        }
    }

    fn unused_id(&self) -> String {
        (self.questions.len() + 1..)
            .map(|n| format!("q{n}"))
            .find(|id| self.questions.iter().all(|q| &q.id != id))
            .expect("an unused id exists")
    }

    /// The survey document, or errors named by editor field (`q.2.min`).
    pub fn to_document(&self) -> Result<SurveyDocument, Vec<DocumentError>> {
        let mut errors = Vec::new();
        let language = Language::parse(&self.language);
        if language.is_none() {
            errors.push(error("language", "choose a language"));
        }
        let mode = match self.access_mode.as_str() {
            "open" | "" => AccessMode::Open,
            "password" => AccessMode::Password,
            "once_per_browser" => AccessMode::OncePerBrowser,
            _ => {
                errors.push(error("access_mode", "choose an access mode"));
                AccessMode::Open
            }
        };
        let mut number = |field: String, raw: &str| -> Option<i64> {
            if raw.is_empty() {
                return None;
            }
            raw.parse().map_or_else(
                |_| {
                    errors.push(error(&field, "must be a whole number"));
                    None
                },
                Some,
            )
        };
        let questions: Vec<QuestionDocument> = self
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| QuestionDocument {
                id: q.id.clone(),
                kind: q.kind.clone(),
                text: q.text.trim().to_owned(),
                required: q.required,
                options: lines(&q.options),
                min: number(format!("q.{i}.min"), &q.min),
                max: number(format!("q.{i}.max"), &q.max),
                opt_in: q.opt_in,
            })
            .collect();
        let (Some(language), true) = (language, errors.is_empty()) else {
            return Err(errors);
        };
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        Ok(SurveyDocument {
            slug: self.slug.clone(),
            title: self.title.trim().to_owned(),
            description: optional(&self.description),
            language,
            thank_you: optional(&self.thank_you),
            salesmanago: SalesmanagoSwitch {
                enabled: self.sm_enabled,
                tag: optional(&self.sm_tag),
                require_signed_links: self.require_signed_links,
            },
            access: AccessDocument {
                mode,
                password: (mode == AccessMode::Password)
                    .then(|| optional(&self.access_password))
                    .flatten(),
            },
            embed: EmbedDocument {
                allowed_sites: lines(&self.allowed_sites),
            },
            hidden_fields: lines(&self.hidden_fields),
            questions,
        })
    }

    pub fn hidden_field_names(&self) -> Vec<String> {
        lines(&self.hidden_fields)
    }

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

/// Moves document errors (`questions[2].min`) to editor fields (`q.2.min`).
pub fn editor_field(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("questions[") {
        if let Some((index, tail)) = rest.split_once(']') {
            let name = tail.trim_start_matches('.');
            let name = if name == "type" || name.is_empty() {
                name.to_owned()
            } else {
                name.split(['[', '.']).next().unwrap_or(name).to_owned()
            };
            return if name.is_empty() {
                format!("q.{index}")
            } else {
                format!("q.{index}.{name}")
            };
        }
    }
    match field {
        "salesmanago.tag" => "sm_tag".to_owned(),
        "access.password" => "access_password".to_owned(),
        "access.mode" => "access_mode".to_owned(),
        f if f.starts_with("embed.") => "allowed_sites".to_owned(),
        f if f.starts_with("hidden_fields") => "hidden_fields".to_owned(),
        f => f.to_owned(),
    }
}

fn access_mode_name(mode: AccessMode) -> &'static str {
    match mode {
        AccessMode::Open => "open",
        AccessMode::Password => "password",
        AccessMode::OncePerBrowser => "once_per_browser",
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn error(field: &str, message: &str) -> DocumentError {
    DocumentError {
        field: field.to_owned(),
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SurveyDocument {
        SurveyDocument::from_json(
            r#"{"slug":"nps","title":"NPS","language":"pl",
                "salesmanago":{"enabled":true,"tag":"NPS_2026"},
                "questions":[
                  {"id":"email","type":"email","text":"Twój e-mail","required":true},
                  {"id":"score","type":"scale","text":"Jak oceniasz?","min":0,"max":10},
                  {"id":"color","type":"single","text":"Kolor","options":["Zielony","Czerwony"]}
                ]}"#,
        )
        .unwrap()
    }

    fn as_form(state: &EditorState) -> FormFields {
        let mut pairs = vec![
            ("slug".to_owned(), state.slug.clone()),
            ("title".to_owned(), state.title.clone()),
            ("language".to_owned(), state.language.clone()),
            ("access_mode".to_owned(), state.access_mode.clone()),
            ("sm_tag".to_owned(), state.sm_tag.clone()),
            ("q_count".to_owned(), state.questions.len().to_string()),
        ];
        if state.sm_enabled {
            pairs.push(("sm_enabled".to_owned(), "on".to_owned()));
        }
        for (i, q) in state.questions.iter().enumerate() {
            pairs.push((format!("q.{i}.id"), q.id.clone()));
            pairs.push((format!("q.{i}.type"), q.kind.clone()));
            pairs.push((format!("q.{i}.text"), q.text.clone()));
            pairs.push((format!("q.{i}.options"), q.options.clone()));
            pairs.push((format!("q.{i}.min"), q.min.clone()));
            pairs.push((format!("q.{i}.max"), q.max.clone()));
            if q.required {
                pairs.push((format!("q.{i}.required"), "on".to_owned()));
            }
        }
        FormFields::from_pairs(pairs)
    }

    #[test]
    fn a_document_survives_the_editor_form_unchanged() {
        let doc = sample();
        let state = EditorState::from_form(&as_form(&EditorState::from_document(&doc)));
        assert_eq!(state.to_document().unwrap(), doc);
    }

    #[test]
    fn buttons_add_remove_and_move_questions() {
        let mut state = EditorState::from_document(&sample());
        state.apply(EditorAction::parse("down:0"));
        assert_eq!(state.questions[1].id, "email");
        state.apply(EditorAction::parse("up:1"));
        assert_eq!(state.questions[0].id, "email");
        state.apply(EditorAction::parse("add"));
        assert_eq!(state.questions.len(), 4);
        assert_eq!(state.questions[3].id, "q4");
        state.apply(EditorAction::parse("remove:0"));
        assert_eq!(state.questions[0].id, "score");
        state.apply(EditorAction::parse("remove:99"));
        assert_eq!(state.questions.len(), 3);
    }

    #[test]
    fn bad_numbers_and_document_errors_land_on_editor_fields() {
        let mut state = EditorState::from_document(&sample());
        state.questions[1].min = "zero".to_owned();
        let errors = state.to_document().unwrap_err();
        assert_eq!(errors[0].field, "q.1.min");
        assert_eq!(editor_field("questions[2].options"), "q.2.options");
        assert_eq!(editor_field("questions[2].options[1]"), "q.2.options");
        assert_eq!(editor_field("questions[0]"), "q.0");
        assert_eq!(editor_field("salesmanago.tag"), "sm_tag");
    }

    #[test]
    fn key_previews_warn_about_collisions_and_long_keys() {
        let mut state = EditorState::from_document(&sample());
        state.questions[2].text = "Jak oceniasz?".to_owned();
        state.questions[0].text = "a ".repeat(40);
        let prefix = PropertyPrefix::parse("ankieta.").unwrap();
        let previews = state.key_previews(&prefix);
        assert_eq!(previews[1].key, "ankieta.Jak-oceniasz?");
        assert_eq!(previews[2].key, "ankieta.Jak-oceniasz?-2");
        assert!(previews[2].warnings[0].contains("same key"));
        assert!(previews[1].warnings.is_empty());
        assert!(previews[0].warnings[0].contains("characters long"));
    }
}
