//! The survey form page: questions as the template shows them, with the
//! respondent's answers and errors kept after a failed submit.

use super::link::LinkParams;
use crate::domain::survey::QuestionKind;
use crate::domain::{FieldErrors, FormFields, Survey, Texts};
use askama::Template;

pub struct ChoiceView {
    pub value: String,
    pub checked: bool,
}

pub struct QuestionView<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub kind: &'static str,
    pub input_type: &'static str,
    pub required: bool,
    pub error: Option<&'static str>,
    /// The first submitted value, for text-like inputs.
    pub value: String,
    pub choices: Vec<ChoiceView>,
    pub min: i64,
    pub max: i64,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "survey.html")]
pub struct SurveyPage<'a> {
    pub lang: &'static str,
    pub t: &'static Texts,
    pub slug: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub link: &'a LinkParams,
    /// One-time token: the same form submitted twice stores one response.
    pub submission_token: String,
    pub has_errors: bool,
    pub questions: Vec<QuestionView<'a>>,
}

impl<'a> SurveyPage<'a> {
    pub fn new(
        survey: &'a Survey,
        form: &FormFields,
        errors: &FieldErrors,
        link: &'a LinkParams,
    ) -> Self {
        let questions = survey
            .questions
            .iter()
            .map(|q| {
                let submitted = form.values(&q.id);
                let choice = |value: String| ChoiceView {
                    checked: submitted.contains(&value.as_str()),
                    value,
                };
                let (choices, min, max) = match &q.kind {
                    QuestionKind::Scale { min, max } => (
                        (*min..=*max).map(|n| choice(n.to_string())).collect(),
                        *min,
                        *max,
                    ),
                    kind => (kind.options().iter().cloned().map(choice).collect(), 0, 0),
                };
                QuestionView {
                    id: &q.id,
                    text: &q.text,
                    kind: q.kind.name(),
                    input_type: match q.kind {
                        QuestionKind::Email => "email",
                        QuestionKind::Date => "date",
                        _ => "text",
                    },
                    required: q.required,
                    error: errors.get(&q.id).copied(),
                    value: submitted.first().map(|v| v.to_string()).unwrap_or_default(),
                    choices,
                    min,
                    max,
                    checked: !submitted.is_empty(),
                }
            })
            .collect();
        Self {
            lang: survey.language.code(),
            t: survey.language.texts(),
            slug: survey.slug.as_str(),
            title: &survey.title,
            description: survey.description.as_deref(),
            link,
            submission_token: super::body::submission_token(form)
                // Time-ordered (with 74 random bits): cheap to index, hard to guess.
                .unwrap_or_else(|| uuid::Uuid::now_v7().simple().to_string()),
            has_errors: !errors.is_empty(),
            questions,
        }
    }
}

#[derive(Template)]
#[template(path = "password.html")]
pub struct PasswordPage<'a> {
    pub lang: &'static str,
    pub t: &'static Texts,
    pub slug: &'a str,
    pub title: &'a str,
    pub link: &'a LinkParams,
    pub wrong: bool,
}

impl<'a> PasswordPage<'a> {
    pub fn new(survey: &'a Survey, link: &'a LinkParams, wrong: bool) -> Self {
        Self {
            lang: survey.language.code(),
            t: survey.language.texts(),
            slug: survey.slug.as_str(),
            title: &survey.title,
            link,
            wrong,
        }
    }
}

#[derive(Template)]
#[template(path = "thanks.html")]
pub struct ThanksPage<'a> {
    pub lang: &'static str,
    pub t: &'static Texts,
    pub body: &'a str,
    pub slug: &'a str,
    /// Inside an embedding iframe: tell the host page the response was sent.
    pub embed: bool,
}
