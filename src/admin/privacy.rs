//! Personal data: find what the account holds about a person, download it
//! as JSON, erase it; and how long the account keeps responses. The e-mail
//! travels only in POST bodies (never in a URL a proxy or history keeps).

use super::auth::see_other;
use super::session::{app_state, flash, CheckedForm, SignedIn};
use super::views::{FieldErrors, Layout};
use super::AdminResult;
use crate::db::Retention;
use crate::domain::person::{Person, PersonError};
use crate::manage::{erase_person, export_person, find_person, set_retention, ManageError};
use crate::web::page::render;
use actix_session::Session;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

/// A response found for the person, as listed.
pub struct FoundResponse {
    pub survey: String,
    pub when: String,
    pub status: String,
}

/// What a search found.
pub struct Found {
    pub responses: Vec<FoundResponse>,
    /// How many responses, events and chats, in words.
    pub summary: String,
}

#[derive(Template)]
#[template(path = "admin/privacy.html")]
pub struct PrivacyPage {
    pub layout: Layout,
    pub retention: Retention,
    /// What was typed in the search (kept for the buttons below it).
    pub email: String,
    pub contact_id: String,
    pub found: Option<Found>,
    pub errors: FieldErrors,
}

async fn page(
    request: &HttpRequest,
    signed_in: SignedIn,
    email: String,
    contact_id: String,
    found: Option<Found>,
    errors: FieldErrors,
) -> AdminResult {
    let state = app_state(request);
    let retention = state.store.retention(signed_in.account_id()).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(
        status,
        &PrivacyPage {
            layout: signed_in.layout,
            retention,
            email,
            contact_id,
            found,
            errors,
        },
    ))
}

pub async fn show(request: HttpRequest, signed_in: SignedIn) -> AdminResult {
    page(
        &request,
        signed_in,
        String::new(),
        String::new(),
        None,
        FieldErrors::default(),
    )
    .await
}

/// The person the form names, or the page again with the mistake shown.
fn person_of(form: &CheckedForm, layout: &Layout) -> (String, String, Result<Person, FieldErrors>) {
    let email = form.0.first("email").unwrap_or_default().trim().to_owned();
    let contact_id = form
        .0
        .first("contact_id")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let person = Person::parse(Some(&email), Some(&contact_id)).map_err(|error| {
        let (field, id) = match error {
            PersonError::Both => ("email", "privacy-both"),
            PersonError::Neither => ("email", "privacy-neither"),
            PersonError::BadEmail(_) => ("email", "privacy-bad-email"),
            PersonError::BadContactId(_) => ("contact_id", "privacy-bad-contact-id"),
        };
        let mut errors = FieldErrors::default();
        errors.add(field, layout.t(id));
        errors
    });
    (email, contact_id, person)
}

/// `POST /admin/privacy/find`: what the account holds about the person.
pub async fn find(request: HttpRequest, signed_in: SignedIn, form: CheckedForm) -> AdminResult {
    let (email, contact_id, person) = person_of(&form, &signed_in.layout);
    let person = match person {
        Ok(person) => person,
        Err(errors) => return page(&request, signed_in, email, contact_id, None, errors).await,
    };
    let state = app_state(&request);
    let data = find_person(state.store.as_ref(), signed_in.account_id(), &person).await?;
    let layout = &signed_in.layout;
    let found = Found {
        responses: data
            .responses
            .iter()
            .map(|(survey, row)| FoundResponse {
                survey: survey.clone(),
                when: layout.time(row.response.created_at),
                status: row
                    .delivery_status
                    .map_or_else(|| layout.status("not sent"), |s| layout.status(s.as_str())),
            })
            .collect(),
        summary: layout.tr.tas(
            "privacy-found",
            &[
                ("responses", data.responses.len().to_string()),
                ("events", data.deliveries.len().to_string()),
                ("chats", data.chats.len().to_string()),
            ],
        ),
    };
    page(
        &request,
        signed_in,
        email,
        contact_id,
        Some(found),
        FieldErrors::default(),
    )
    .await
}

/// `POST /admin/privacy/export`: the person's data as a JSON download.
pub async fn export(request: HttpRequest, signed_in: SignedIn, form: CheckedForm) -> AdminResult {
    let (email, contact_id, person) = person_of(&form, &signed_in.layout);
    let person = match person {
        Ok(person) => person,
        Err(errors) => return page(&request, signed_in, email, contact_id, None, errors).await,
    };
    let state = app_state(&request);
    let document = export_person(
        state.store.as_ref(),
        signed_in.account_id(),
        &person,
        &signed_in.actor(&request),
        crate::clock::now_ms(),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"person-export.json\"",
        ))
        .content_type("application/json")
        .body(serde_json::to_string_pretty(&document).map_err(anyhow::Error::from)?))
}

/// `POST /admin/privacy/erase`: erases the person once the admin ticked
/// that they mean it; the counts are shown after the redirect.
pub async fn erase(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    form: CheckedForm,
) -> AdminResult {
    let (email, contact_id, person) = person_of(&form, &signed_in.layout);
    let person = match person {
        Ok(person) => person,
        Err(errors) => return page(&request, signed_in, email, contact_id, None, errors).await,
    };
    if form.0.first("confirm") != Some("yes") {
        let mut errors = FieldErrors::default();
        errors.add("confirm", signed_in.layout.t("privacy-confirm-missing"));
        return page(&request, signed_in, email, contact_id, None, errors).await;
    }
    let state = app_state(&request);
    let erased = erase_person(
        state.store.as_ref(),
        signed_in.account_id(),
        &person,
        &signed_in.actor(&request),
        crate::clock::now_ms(),
    )
    .await?;
    let layout = &signed_in.layout;
    let mut message = layout.tr.tas(
        "flash-person-erased",
        &[
            ("responses", erased.responses.to_string()),
            ("deliveries", erased.deliveries.to_string()),
            ("chats", erased.chats.to_string()),
        ],
    );
    if erased.in_flight > 0 {
        message.push(' ');
        message.push_str(&layout.tn("flash-person-in-flight", erased.in_flight as i64));
    }
    flash(&session, message);
    Ok(see_other("/admin/privacy"))
}

/// Days typed in a retention field: empty is for ever.
fn days_of(form: &CheckedForm, field: &str) -> Result<Option<u32>, ()> {
    let typed = form.0.first(field).unwrap_or_default().trim();
    if typed.is_empty() {
        return Ok(None);
    }
    typed.parse::<u32>().map(Some).map_err(|_| ())
}

/// `POST /admin/privacy/retention`: days for responses and for what
/// delivered ones sent, each empty for ever.
pub async fn retention(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let mut errors = FieldErrors::default();
    let mut read = |field: &'static str| {
        days_of(&form, field).unwrap_or_else(|()| {
            errors.add(field, signed_in.layout.t("retention-out-of-range"));
            None
        })
    };
    let retention = Retention {
        responses_days: read("retention_days"),
        delivery_body_days: read("delivery_body_days"),
    };
    if errors.is_empty() {
        let saved = set_retention(
            state.store.as_ref(),
            signed_in.account_id(),
            retention,
            &signed_in.actor(&request),
            crate::clock::now_ms(),
        )
        .await;
        match saved {
            Ok(()) => {
                flash(&session, signed_in.layout.t("flash-retention-saved"));
                return Ok(see_other("/admin/privacy"));
            }
            Err(ManageError::Field { field, .. }) => {
                errors.add(field, signed_in.layout.t("retention-out-of-range"));
            }
            Err(other) => return Err(anyhow::Error::from(other).into()),
        }
    }
    page(
        &request,
        signed_in,
        String::new(),
        String::new(),
        None,
        errors,
    )
    .await
}
