//! The survey form page: questions as the template shows them, with the
//! respondent's answers and errors kept after a failed submit.

use super::link::LinkParams;
use crate::domain::survey::QuestionKind;
use crate::domain::{FieldErrors, FormFields, Identity, Survey, Texts};
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
pub fn questions_html(
    survey: &Survey,
    form: &FormFields,
    errors: &FieldErrors,
    identity: Identity,
) -> String {
    let block = QuestionsBlock {
        t: survey.language.texts(),
        questions: question_views(survey, form, errors, identity),
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
    /// The fields in error, in question order, for the summary at the top
    /// whose entries link to them.
    pub errors: Vec<ErrorLink<'a>>,
    /// Rendered by [`questions_html`] (escaped there).
    pub questions_html: Cow<'a, str>,
    /// Shown in the admin's editor as a preview: this note on top, and a
    /// form that sends nothing.
    pub preview_note: Option<String>,
}

/// One entry of the error summary: the question's text and its message.
pub struct ErrorLink<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub message: &'static str,
}

impl<'a> SurveyPage<'a> {
    /// The form after a failed submit: the answers and errors of `form`.
    pub fn new(
        survey: &'a Survey,
        form: &FormFields,
        errors: &FieldErrors,
        link: &'a LinkParams,
        identity: Identity,
    ) -> Self {
        let questions = Cow::Owned(questions_html(survey, form, errors, identity));
        let errors = survey
            .questions
            .iter()
            .filter_map(|q| {
                errors.get(&q.id).map(|message| ErrorLink {
                    id: &q.id,
                    text: &q.text,
                    message,
                })
            })
            .collect();
        Self::with_questions(survey, form, errors, link, questions)
    }

    /// A blank form, with the questions rendered when the survey was loaded.
    pub fn blank(survey: &'a Survey, blank_questions: &'a str, link: &'a LinkParams) -> Self {
        let questions = Cow::Borrowed(blank_questions);
        Self::with_questions(survey, &FormFields::default(), Vec::new(), link, questions)
    }

    fn with_questions(
        survey: &'a Survey,
        form: &FormFields,
        errors: Vec<ErrorLink<'a>>,
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
            submission_token: super::submission_token(form)
                // Time-ordered (with 74 random bits): cheap to index, hard to guess.
                .unwrap_or_else(|| uuid::Uuid::now_v7().simple().to_string()),
            errors,
            questions_html,
            preview_note: None,
        }
    }
}

fn question_views<'a>(
    survey: &'a Survey,
    form: &FormFields,
    errors: &FieldErrors,
    identity: Identity,
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
                required: survey.is_required(q, identity),
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
    /// The survey's own thank-you text: shown alone, since it usually
    /// begins with its own "thank you".
    pub custom: Option<&'a str>,
    pub slug: &'a str,
    /// Inside an embedding iframe: tell the host page the response was sent.
    pub embed: bool,
}

/// Shown instead of the form to a browser that has answered an open or
/// password survey, with a link that shows the form again.
#[derive(Template)]
#[template(path = "answered.html")]
pub struct AnsweredPage<'a> {
    pub lang: &'static str,
    pub t: &'static Texts,
    pub slug: &'a str,
    pub title: &'a str,
    pub embed: bool,
    /// The page's own address with `answer-again=1` and the link's parameters.
    pub again_href: String,
}

impl<'a> AnsweredPage<'a> {
    pub fn new(survey: &'a Survey, link: &LinkParams) -> Self {
        let again = LinkParams {
            again: true,
            ..link.clone()
        };
        Self {
            lang: survey.language.code(),
            t: survey.language.texts(),
            slug: survey.slug.as_str(),
            title: &survey.title,
            embed: link.embed,
            again_href: format!("/s/{}{}", survey.slug, again.query_string()),
        }
    }
}
