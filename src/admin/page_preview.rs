//! The respondent's page of the survey being edited, before it is saved:
//! the editor posts its fields into the frame beside it (on every change
//! with JavaScript, with a button without), and gets the page a respondent
//! would see — or, while the survey has mistakes, the list of them.

use super::editor::{editor_field, error_links, EditorState, ErrorLink};
use super::session::{CheckedForm, SignedIn};
use super::views::{FieldErrors, Layout};
use super::AdminResult;
use crate::domain::{FormFields, Identity, Survey};
use crate::web::page::render;
use crate::web::security::same_origin_framing;
use crate::web::survey_page::{questions_html, LinkParams, SurveyPage};
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

/// The link a new survey without one is previewed under: the preview's
/// form sends nothing, so any valid link does.
const UNSAVED_SLUG: &str = "podglad";

#[derive(Template)]
#[template(path = "admin/page_preview_errors.html")]
struct MistakesPage {
    layout: Layout,
    mistakes: Vec<ErrorLink>,
}

pub async fn show(signed_in: SignedIn, form: CheckedForm) -> AdminResult {
    let mut editor = EditorState::from_form(&form.0, &signed_in.account.time_zone);
    if editor.slug.is_empty() {
        editor.slug = UNSAVED_SLUG.to_owned();
    }
    let tr = &signed_in.layout.tr;
    let survey = editor
        .to_document()
        .map_err(|errors| FieldErrors::from_document(&errors, str::to_owned, tr))
        .and_then(|document| {
            Survey::from_document(document)
                .map_err(|errors| FieldErrors::from_document(&errors, editor_field, tr))
        });
    let response = match survey {
        Ok(survey) => respondents_page(&survey, signed_in.layout.t("page-preview-note")),
        Err(errors) => render(
            StatusCode::OK,
            &MistakesPage {
                mistakes: error_links(&signed_in.layout, &errors),
                layout: signed_in.layout,
            },
        ),
    };
    Ok(same_origin_framing(response))
}

/// The blank form as `/s/{slug}` shows it to someone without a link's
/// contact id (so the e-mail question is as required as it will be).
fn respondents_page(survey: &Survey, note: String) -> HttpResponse {
    let questions = questions_html(
        survey,
        &FormFields::default(),
        &crate::domain::FieldErrors::new(),
        Identity::EmailAnswer,
    );
    let link = LinkParams::default();
    let mut page = SurveyPage::blank(survey, &questions, &link);
    page.preview_note = Some(note);
    render(StatusCode::OK, &page)
}
