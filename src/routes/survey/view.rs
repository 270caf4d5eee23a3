//! The survey form page: questions as the template shows them, with the
//! respondent's answers and errors kept after a failed submit.

use super::link::LinkParams;
use crate::domain::survey::QuestionKind;
use crate::domain::{FieldErrors, FormFields, Survey, Texts};
use askama::Template;
use std::borrow::Cow;

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

/// The questions of a form; rendered apart from the page so that a blank
/// form's questions (the same for every respondent) are escaped and laid out
/// once per loaded survey instead of on every page view.
#[derive(Template)]
#[template(path = "survey_questions.html")]
struct QuestionsBlock<'a> {
    t: &'static Texts,
    questions: Vec<QuestionView<'a>>,
}

/// The questions of `survey` as HTML, with the submitted answers and errors.
pub fn questions_html(survey: &Survey, form: &FormFields, errors: &FieldErrors) -> String {
    let block = QuestionsBlock {
        t: survey.language.texts(),
        questions: question_views(survey, form, errors),
    };
    // Rendering into a String fails only if a value's Display fails; ours cannot.
    block.render().expect("the questions template renders")
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
    /// Rendered by [`questions_html`] (escaped there).
    pub questions_html: Cow<'a, str>,
}

impl<'a> SurveyPage<'a> {
    /// The form after a failed submit: the answers and errors of `form`.
    pub fn new(
        survey: &'a Survey,
        form: &FormFields,
        errors: &FieldErrors,
        link: &'a LinkParams,
    ) -> Self {
        let questions = Cow::Owned(questions_html(survey, form, errors));
        Self::with_questions(survey, form, !errors.is_empty(), link, questions)
    }

    /// A blank form, with the questions rendered when the survey was loaded.
    pub fn blank(survey: &'a Survey, blank_questions: &'a str, link: &'a LinkParams) -> Self {
        let questions = Cow::Borrowed(blank_questions);
        Self::with_questions(survey, &FormFields::default(), false, link, questions)
    }

    fn with_questions(
        survey: &'a Survey,
        form: &FormFields,
        has_errors: bool,
        link: &'a LinkParams,
        questions_html: Cow<'a, str>,
    ) -> Self {
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
            has_errors,
            questions_html,
        }
    }
}

fn question_views<'a>(
    survey: &'a Survey,
    form: &FormFields,
    errors: &FieldErrors,
) -> Vec<QuestionView<'a>> {
    survey
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
        .collect()
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
