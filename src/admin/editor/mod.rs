//! The survey editor: a survey document as editable state (here), as HTML
//! form fields and back (`form`), and the property keys its questions get
//! (`keys`); the editor's buttons (add, remove, move) are applied on the
//! server so the editor works without JavaScript.

mod form;
mod keys;
mod page;

pub use form::editor_field;
pub use keys::{KeyChange, KeyPreview};
pub use page::{error_links, question_views, EditorPage, ErrorLink};

use crate::domain::survey::AccessMode;
use crate::domain::{AccountTimeZone, Language, SurveyDocument};

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
    pub survey_event: bool,
    /// The id of the question whose answer is the SURVEY event's score.
    pub score_question: String,
    /// One origin per line.
    pub allowed_sites: String,
    /// One name per line.
    pub hidden_fields: String,
    /// Closed by hand: the respondent's page says so politely.
    pub closed: bool,
    /// `datetime-local` values in the account's time zone; empty: none.
    pub opens_at: String,
    pub closes_at: String,
    /// The response limit as typed; empty: none.
    pub max_responses: String,
    /// Days the survey's responses are kept, as typed; empty: as the account.
    pub retention_days: String,
    /// The zone those two are read and shown in.
    pub zone: AccountTimeZone,
    pub questions: Vec<QuestionDraft>,
    /// The element a button's result puts the keyboard on (a new question's
    /// text, a moved question's button), so it stays where the admin works.
    pub focus: Option<String>,
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
    /// The pinned key part after the prefix; empty: the key follows the text.
    pub key: String,
}

impl QuestionDraft {
    pub fn pinned_key(&self) -> Option<&str> {
        Some(self.key.trim()).filter(|k| !k.is_empty())
    }
}

/// What an editor button asks for besides saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorAction {
    Save,
    /// Save although questions with responses get new property keys.
    SaveNewKeys,
    /// Save, pinning the keys those questions had.
    PinOldKeys,
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
                "save-new-keys" => Self::SaveNewKeys,
                "pin-old-keys" => Self::PinOldKeys,
                "preview" => Self::Preview,
                _ => Self::Save,
            },
        }
    }
}

impl EditorState {
    /// A new survey: one e-mail question, as most surveys identify the contact by it.
    pub fn new_survey(language: Language, zone: &AccountTimeZone) -> Self {
        Self {
            zone: zone.clone(),
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

    pub fn from_document(doc: &SurveyDocument, zone: &AccountTimeZone) -> Self {
        let local = |raw: &Option<String>| {
            raw.as_deref()
                .and_then(|at| at.parse::<jiff::Timestamp>().ok())
                .map(|at| zone.to_local_input(at.as_millisecond()))
                .unwrap_or_default()
        };
        Self {
            closed: doc.availability.closed,
            opens_at: local(&doc.availability.opens_at),
            closes_at: local(&doc.availability.closes_at),
            max_responses: doc
                .availability
                .max_responses
                .map(|limit| limit.to_string())
                .unwrap_or_default(),
            retention_days: doc
                .retention_days
                .map(|days| days.to_string())
                .unwrap_or_default(),
            zone: zone.clone(),
            focus: None,
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
            survey_event: doc.salesmanago.survey_event,
            score_question: doc.salesmanago.score_question.clone().unwrap_or_default(),
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
                    key: q.key.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// Applies an add/remove/move button and says where the focus goes;
    /// saving and previewing change nothing here.
    pub fn apply(&mut self, action: EditorAction) {
        let len = self.questions.len();
        self.focus = match action {
            EditorAction::Add => {
                let id = self.unused_id();
                self.questions.push(QuestionDraft {
                    id,
                    kind: "text".to_owned(),
                    ..QuestionDraft::default()
                });
                Some(format!("q.{len}.text"))
            }
            EditorAction::Remove(i) if i < len => {
                self.questions.remove(i);
                // The question that took its place, else the one above it.
                Some(match len - 1 {
                    0 => "add-question".to_owned(),
                    left => format!("q.{}.text", i.min(left - 1)),
                })
            }
            EditorAction::Up(i) if i > 0 && i < len => {
                self.questions.swap(i - 1, i);
                Some(Self::move_button(i - 1, len, true))
            }
            EditorAction::Down(i) if i + 1 < len => {
                self.questions.swap(i, i + 1);
                Some(Self::move_button(i + 1, len, false))
            }
            EditorAction::Preview => Some("preview-title".to_owned()),
            _ => None,
        };
    }

    /// The moved question's button that can move it on the same way, or
    /// the other one when it reached an end.
    fn move_button(at: usize, len: usize, up: bool) -> String {
        let up = if up { at > 0 } else { at + 1 == len };
        format!("q.{at}.{}", if up { "up" } else { "down" })
    }

    fn unused_id(&self) -> String {
        (self.questions.len() + 1..)
            .map(|n| format!("q{n}"))
            .find(|id| self.questions.iter().all(|q| &q.id != id))
            .expect("an unused id exists")
    }

    pub fn hidden_field_names(&self) -> Vec<String> {
        lines(&self.hidden_fields)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FormFields, PropertyPrefix};

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
        let state = EditorState::from_form(
            &as_form(&EditorState::from_document(
                &doc,
                &AccountTimeZone::default(),
            )),
            &AccountTimeZone::default(),
        );
        assert_eq!(state.to_document().unwrap(), doc);
    }

    #[test]
    fn buttons_add_remove_and_move_questions() {
        let mut state = EditorState::from_document(&sample(), &AccountTimeZone::default());
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
        let mut state = EditorState::from_document(&sample(), &AccountTimeZone::default());
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
        let mut state = EditorState::from_document(&sample(), &AccountTimeZone::default());
        state.questions[2].text = "Jak oceniasz?".to_owned();
        state.questions[0].text = "a ".repeat(40);
        let prefix = PropertyPrefix::parse("ankieta.").unwrap();
        let previews = state.key_previews(&prefix);
        assert_eq!(previews[1].key, "ankieta.Jak-oceniasz?");
        assert_eq!(previews[2].key, "ankieta.Jak-oceniasz?-2");
        assert_eq!(previews[2].warnings, [super::keys::KeyWarning::Numbered]);
        assert!(previews[1].warnings.is_empty());
        assert!(matches!(
            previews[0].warnings[0],
            super::keys::KeyWarning::Long { .. }
        ));
    }
}
