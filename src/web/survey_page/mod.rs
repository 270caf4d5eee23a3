//! The respondent's survey page as HTML: the form with its questions, the
//! password gate, the thank-you and "already answered" pages. The respondent
//! pages (`pages/`) serve them; the admin's editor shows the same form as a
//! live preview of a survey not saved yet.

mod link;
mod view;

pub use link::LinkParams;
pub use view::{
    questions_html, AnsweredPage, ChoiceView, ErrorLink, PasswordPage, QuestionView, SurveyPage,
    ThanksPage,
};

use crate::domain::FormFields;

/// The form's one-time submission token, if it has a well-formed one.
pub fn submission_token(form: &FormFields) -> Option<String> {
    form.first("_submission")
        .filter(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
}
