//! Surveys: the list and the form editor (new, edit, duplicate, from a
//! template); JSON import and export are in `survey_json.rs`.

use super::auth::see_other;
use super::dashboard::survey_rows;
use super::editor::{
    editor_field, question_views, EditorAction, EditorPage, EditorState, KeyChange,
};
use super::preview::payload_preview;
use super::session::{app_state, flash, CheckedForm, SignedIn};
use super::views::{FieldErrors, SurveysPage};
use super::{owned_survey, AdminError, AdminResult};
use crate::db::SaveSurveyOutcome;
use crate::domain::survey::Starter;
use crate::domain::{Language, Survey};
use crate::manage::{save_survey_document, ManageError};
use crate::web::embed_snippet;
use crate::web::page::render;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use uuid::Uuid;

pub async fn list(request: HttpRequest, signed_in: SignedIn) -> AdminResult {
    let state = app_state(&request);
    let surveys = survey_rows(&state, signed_in.account_id()).await?;
    Ok(render(
        StatusCode::OK,
        &SurveysPage {
            layout: signed_in.layout,
            surveys,
        },
    ))
}

#[derive(serde::Deserialize)]
pub struct NewSurveyQuery {
    /// Duplicate: the new survey starts as a copy of this one of the account.
    from: Option<String>,
    /// A template to start from ([`Starter::name`]), in `language`
    /// (default: the account's).
    template: Option<String>,
    language: Option<String>,
}

pub async fn new_survey(
    request: HttpRequest,
    signed_in: SignedIn,
    query: web::Query<NewSurveyQuery>,
) -> AdminResult {
    let state = app_state(&request);
    let zone = &signed_in.account.time_zone;
    let editor = match query.from.as_deref() {
        Some(from) => {
            let Some(original) = owned_survey(&state, signed_in.account_id(), from).await? else {
                return Err(AdminError::NotFound);
            };
            duplicate(&state, &signed_in, &original.document).await?
        }
        None => match query.template.as_deref() {
            Some(name) => {
                let starter = Starter::parse(name).ok_or(AdminError::NotFound)?;
                let language = query
                    .language
                    .as_deref()
                    .and_then(Language::parse)
                    .unwrap_or(signed_in.account.language);
                let mut editor = EditorState::from_document(&starter.document(language), zone);
                editor.slug = free_slug(&state, &editor.slug).await?;
                editor
            }
            None => EditorState::new_survey(signed_in.account.language, zone),
        },
    };
    Ok(editor_page(
        &state,
        signed_in,
        None,
        editor,
        FieldErrors::default(),
        false,
        Vec::new(),
        StatusCode::OK,
    )
    .await?)
}

pub async fn edit(request: HttpRequest, signed_in: SignedIn, id: web::Path<String>) -> AdminResult {
    let state = app_state(&request);
    let Some(stored) = owned_survey(&state, signed_in.account_id(), &id).await? else {
        return Err(AdminError::NotFound);
    };
    let editor = EditorState::from_document(&stored.document, &signed_in.account.time_zone);
    Ok(editor_page(
        &state,
        signed_in,
        Some(stored.id),
        editor,
        FieldErrors::default(),
        false,
        Vec::new(),
        StatusCode::OK,
    )
    .await?)
}

pub async fn create(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    form: CheckedForm,
) -> AdminResult {
    let editor = EditorState::from_form(&form.0, &signed_in.account.time_zone);
    editor_post(&request, &session, signed_in, &form, editor, None).await
}

pub async fn update(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let Some(stored) = owned_survey(&state, signed_in.account_id(), &id).await? else {
        return Err(AdminError::NotFound);
    };
    let mut editor = EditorState::from_form(&form.0, &signed_in.account.time_zone);
    // The link is already out in e-mails: it never changes.
    editor.slug = stored.document.slug.clone();
    editor_post(
        &request,
        &session,
        signed_in,
        &form,
        editor,
        Some(stored.id),
    )
    .await
}

/// A copy of `original` for the new-survey editor, not saved yet: its own
/// link (the first free `slug-2`, `slug-3`, …, which the admin may change
/// before saving, as a link never changes after) and a title saying it is
/// a copy.
async fn duplicate(
    state: &AppState,
    signed_in: &SignedIn,
    original: &crate::domain::SurveyDocument,
) -> anyhow::Result<EditorState> {
    let mut editor = EditorState::from_document(original, &signed_in.account.time_zone);
    editor.title = signed_in
        .layout
        .ta("survey-copy-title", "title", original.title.trim());
    editor.slug = free_slug(state, &original.slug).await?;
    Ok(editor)
}

/// `base`, or the first of `base-2`, `base-3`, … that no survey uses yet;
/// empty when none is free, for the admin to choose.
async fn free_slug(state: &AppState, base: &str) -> anyhow::Result<String> {
    let candidates =
        std::iter::once(base.to_owned()).chain((2..100).map(|n| format!("{base}-{n}")));
    for slug in candidates {
        if slug.len() <= 64 && state.store.survey_by_slug(&slug).await?.is_none() {
            return Ok(slug);
        }
    }
    Ok(String::new())
}

/// What an editor button led to.
enum Step {
    Saved(Uuid),
    /// Show the editor again, with these errors, and the payload preview or not.
    Show {
        errors: FieldErrors,
        preview: bool,
    },
    /// Questions with responses would get new property keys: ask first.
    ConfirmKeys(Vec<KeyChange>),
}

fn show(errors: FieldErrors) -> Step {
    Step::Show {
        errors,
        preview: false,
    }
}

fn slug_taken() -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(
        "slug",
        "this link is already taken by another survey: choose another",
    );
    errors
}

/// Applies an editor button: add/remove/move re-render, preview checks and
/// shows the payload, save checks and stores.
async fn editor_post(
    request: &HttpRequest,
    session: &Session,
    signed_in: SignedIn,
    form: &CheckedForm,
    mut editor: EditorState,
    survey_id: Option<Uuid>,
) -> AdminResult {
    let state = &app_state(request);
    let action = EditorAction::parse(form.0.first("action").unwrap_or("save"));
    let step = apply(state, &signed_in, action, &mut editor, survey_id).await?;
    let (errors, preview, key_changes) = match step {
        Step::Saved(id) => {
            let action = if survey_id.is_some() {
                "survey.save"
            } else {
                "survey.create"
            };
            signed_in
                .audit(request, action, format!("/s/{}", editor.slug.trim()))
                .await?;
            flash(
                session,
                signed_in
                    .layout
                    .ta("flash-survey-saved", "title", editor.title.trim()),
            );
            return Ok(see_other(&format!("/admin/surveys/{id}")));
        }
        Step::Show { errors, preview } => (errors, preview, Vec::new()),
        Step::ConfirmKeys(changes) => (FieldErrors::default(), false, changes),
    };
    let status = if errors.is_empty() && key_changes.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(editor_page(
        state,
        signed_in,
        survey_id,
        editor,
        errors,
        preview,
        key_changes,
        status,
    )
    .await?)
}

async fn apply(
    state: &AppState,
    signed_in: &SignedIn,
    action: EditorAction,
    editor: &mut EditorState,
    survey_id: Option<Uuid>,
) -> Result<Step, AdminError> {
    let saving = matches!(
        action,
        EditorAction::Save | EditorAction::SaveNewKeys | EditorAction::PinOldKeys
    );
    if !saving && action != EditorAction::Preview {
        editor.apply(action);
        return Ok(show(FieldErrors::default()));
    }
    let mut document = match editor.to_document() {
        Ok(document) => document,
        Err(errors) => {
            return Ok(show(FieldErrors::from_document(
                &errors,
                str::to_owned,
                &signed_in.layout.tr,
            )))
        }
    };
    // Mistakes first; then, for a valid survey, whether keys would move.
    if let (true, Some(id)) = (saving, survey_id) {
        if let Err(errors) = Survey::from_document(document.clone()) {
            return Ok(show(FieldErrors::from_document(
                &errors,
                editor_field,
                &signed_in.layout.tr,
            )));
        }
        if let Some(step) = keys_first(state, signed_in, action, editor, id).await? {
            return Ok(step);
        }
        // Pinning changed the editor's questions.
        document = editor
            .to_document()
            .map_err(|_| anyhow::anyhow!("a checked survey stopped being valid"))?;
    }
    if action == EditorAction::Preview {
        editor.apply(action);
        return Ok(match Survey::from_document(document) {
            Ok(_) => Step::Show {
                errors: FieldErrors::default(),
                preview: true,
            },
            Err(errors) => show(FieldErrors::from_document(
                &errors,
                editor_field,
                &signed_in.layout.tr,
            )),
        });
    }
    // A new survey must not silently replace one of the account's own.
    if survey_id.is_none() && state.store.survey_by_slug(&document.slug).await?.is_some() {
        return Ok(show(slug_taken()));
    }
    let account_id = signed_in.account_id();
    match save_survey_document(state.store.as_ref(), &state.key, account_id, document).await {
        Ok((survey, SaveSurveyOutcome::Created(id) | SaveSurveyOutcome::Replaced(id))) => {
            state.submissions.forget(survey.slug.as_str());
            Ok(Step::Saved(id))
        }
        Ok((_, SaveSurveyOutcome::SlugTaken)) | Err(ManageError::SlugTaken(_)) => {
            Ok(show(slug_taken()))
        }
        Err(ManageError::InvalidSurvey(errors)) => Ok(show(FieldErrors::from_document(
            &errors,
            editor_field,
            &signed_in.layout.tr,
        ))),
        Err(error) => Err(error.into()),
    }
}

/// Before saving a survey that has responses: questions whose property key
/// would change are shown to the admin, who pins the old keys or takes the
/// new ones (`None`: go on saving).
async fn keys_first(
    state: &AppState,
    signed_in: &SignedIn,
    action: EditorAction,
    editor: &mut EditorState,
    survey_id: Uuid,
) -> anyhow::Result<Option<Step>> {
    let account_id = signed_in.account_id();
    let Some(saved) = state.store.survey(account_id, survey_id).await? else {
        return Ok(None);
    };
    let prefix = &signed_in.account.property_prefix;
    let changes = editor.key_changes(&saved.document, prefix);
    if changes.is_empty() || response_count(state, account_id, survey_id).await? == 0 {
        return Ok(None);
    }
    Ok(match action {
        EditorAction::PinOldKeys => {
            editor.pin_old_keys(&changes, prefix);
            None
        }
        EditorAction::SaveNewKeys => None,
        _ => Some(Step::ConfirmKeys(changes)),
    })
}

async fn response_count(
    state: &AppState,
    account_id: Uuid,
    survey_id: Uuid,
) -> anyhow::Result<i64> {
    Ok(state
        .store
        .surveys(account_id)
        .await?
        .iter()
        .find(|s| s.id == survey_id)
        .map_or(0, |s| s.responses))
}

#[allow(clippy::too_many_arguments)]
async fn editor_page(
    state: &AppState,
    signed_in: SignedIn,
    survey_id: Option<Uuid>,
    editor: EditorState,
    errors: FieldErrors,
    with_preview: bool,
    key_changes: Vec<KeyChange>,
    status: StatusCode,
) -> anyhow::Result<HttpResponse> {
    let prefix = &signed_in.account.property_prefix;
    let preview = if with_preview {
        editor
            .to_document()
            .ok()
            .and_then(|doc| Survey::from_document(doc).ok())
            .and_then(|survey| {
                payload_preview(&signed_in.account, &survey.with_property_keys(prefix))
            })
    } else {
        None
    };
    let responses = match survey_id {
        Some(id) => response_count(state, signed_in.account_id(), id).await?,
        None => 0,
    };
    let snippets = survey_id.map(|_| {
        let hidden = editor.hidden_field_names();
        let language = Language::parse(&editor.language).unwrap_or_default();
        let base = &signed_in.layout.base;
        (
            embed_snippet(base, &editor.slug, &hidden, None),
            embed_snippet(base, &editor.slug, &hidden, Some(language)),
        )
    });
    Ok(render(
        status,
        &EditorPage {
            snippets,
            survey_id: survey_id.map(|id| id.to_string()),
            public_url: state.survey_url(&editor.slug),
            questions: question_views(&editor, editor.key_previews(prefix)),
            state: editor,
            errors,
            preview,
            responses,
            key_changes,
            layout: signed_in.layout,
        },
    ))
}
