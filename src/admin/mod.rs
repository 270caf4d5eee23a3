//! The web admin: account admins sign in and manage their account's
//! SALESmanago access, surveys, responses and deliveries. Every page and
//! action reads and writes only the signed-in admin's account: an id from
//! another account answers 404.

mod audit;
mod auth;
mod contact_center;
mod contacts;
mod dashboard;
mod delete_survey;
mod deliveries;
mod editor;
mod empikplace;
mod export;
mod export_xlsx;
mod language;
mod page_preview;
mod preview;
mod privacy;
mod responses;
mod results;
mod salesmanago;
mod session;
mod settings;
mod spoken;
mod survey_json;
mod surveys;
mod tokens;
mod views;
mod webhook;

use crate::web::AppState;
use actix_web::dev::Service;
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, HttpResponse, ResponseError};

/// What an admin page can fail with, and the page each shows.
#[derive(Debug)]
pub enum AdminError {
    /// No such thing in the signed-in admin's account (another account's
    /// ids land here too, with nothing of theirs on the page).
    NotFound,
    /// A request the admin can mend, with what to mend.
    Refused(String),
    /// The server failed: logged, shown as a plain 500 page.
    Unavailable(anyhow::Error),
}

impl std::fmt::Display for AdminError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound => f.write_str("not found"),
            Self::Refused(message) => f.write_str(message),
            Self::Unavailable(error) => write!(f, "{error}"),
        }
    }
}

impl From<anyhow::Error> for AdminError {
    fn from(error: anyhow::Error) -> Self {
        Self::Unavailable(error)
    }
}

impl From<crate::manage::ManageError> for AdminError {
    fn from(error: crate::manage::ManageError) -> Self {
        use crate::manage::ManageError;
        match error {
            ManageError::Unexpected(error) => Self::Unavailable(error),
            ManageError::UnknownAccount(_) => Self::NotFound,
            refused => Self::Refused(refused.to_string()),
        }
    }
}

impl ResponseError for AdminError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Refused(_) => StatusCode::BAD_REQUEST,
            Self::Unavailable(error) if crate::db::is_unavailable(error) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Unavailable(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::NotFound => views::not_found(),
            Self::Refused(message) => views::error_page(StatusCode::BAD_REQUEST, message),
            Self::Unavailable(error) if crate::db::is_unavailable(error) => {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "admin request refused: the database is unavailable"
                );
                crate::web::page::retry_after(
                    views::error_page(
                        StatusCode::SERVICE_UNAVAILABLE,
                        &crate::i18n::current().t("error-database-away"),
                    ),
                    crate::web::page::UNAVAILABLE_RETRY_AFTER_SECS,
                )
            }
            Self::Unavailable(error) => {
                tracing::error!(error = format!("{error:#}"), "admin request failed");
                views::error_page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &crate::i18n::current().t("error-our-side"),
                )
            }
        }
    }
}

pub type AdminResult = Result<HttpResponse, AdminError>;

/// Survey JSON may be pasted into the import form.
const ADMIN_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Every admin route, behind the session cookie.
pub fn configure(config: &mut web::ServiceConfig, state: &AppState) {
    config.service(
        web::scope("/admin")
            // Inside the session (the admin's choice lives there), outside
            // every handler: error pages built from an error value speak it.
            .wrap_fn(|request, service| {
                let language = spoken::of_request(request.request());
                crate::i18n::with_language(language, service.call(request))
            })
            .wrap(session::middleware(state))
            // Admin pages hold account data: never cached, never indexed.
            .wrap(
                DefaultHeaders::new()
                    .add((header::CACHE_CONTROL, "no-store"))
                    .add(("X-Robots-Tag", "noindex")),
            )
            .app_data(web::PayloadConfig::new(ADMIN_BODY_LIMIT))
            .route("", web::get().to(dashboard::dashboard))
            .route("/", web::get().to(dashboard::dashboard))
            .service(
                web::resource("/login")
                    // An e-mail and a password: a big body is no sign-in.
                    .app_data(web::PayloadConfig::new(auth::LOGIN_BODY_LIMIT))
                    .route(web::get().to(auth::login_page))
                    .route(web::post().to(auth::login)),
            )
            .route("/logout", web::post().to(auth::logout))
            .route("/language", web::post().to(language::switch))
            .route("/settings", web::get().to(settings::page))
            .route("/settings", web::post().to(settings::save))
            .route("/webhook", web::get().to(webhook::show))
            .route("/webhook", web::post().to(webhook::save))
            .route("/salesmanago", web::get().to(salesmanago::settings_page))
            .route("/salesmanago", web::post().to(salesmanago::save_settings))
            .route(
                "/salesmanago/test",
                web::post().to(salesmanago::test_connection),
            )
            .route("/salesmanago/resume", web::post().to(salesmanago::resume))
            .route("/surveys", web::get().to(surveys::list))
            .route("/surveys/new", web::get().to(surveys::new_survey))
            .route("/surveys/new", web::post().to(surveys::create))
            .route("/surveys/import", web::get().to(survey_json::import_page))
            .route("/surveys/import", web::post().to(survey_json::import))
            .route("/surveys/page-preview", web::post().to(page_preview::show))
            .route("/surveys/{id}", web::get().to(surveys::edit))
            .route("/surveys/{id}", web::post().to(surveys::update))
            .route("/surveys/{id}/export", web::get().to(survey_json::export))
            .route(
                "/surveys/{id}/delete",
                web::get().to(delete_survey::confirm),
            )
            .route(
                "/surveys/{id}/delete",
                web::post().to(delete_survey::delete),
            )
            .route("/surveys/{id}/responses", web::get().to(responses::list))
            .route("/surveys/{id}/results", web::get().to(results::page))
            .route("/surveys/{id}/responses.csv", web::get().to(export::csv))
            .route(
                "/surveys/{id}/responses.xlsx",
                web::get().to(export_xlsx::xlsx),
            )
            .route("/responses/{id}", web::get().to(responses::detail))
            .route("/contacts", web::get().to(contacts::page))
            .route("/empikplace", web::get().to(empikplace::list))
            .route("/empikplace", web::post().to(empikplace::create))
            .route("/empikplace/new", web::get().to(empikplace::new))
            .route("/empikplace/{id}", web::get().to(empikplace::show))
            .route("/empikplace/{id}", web::post().to(empikplace::save))
            .route(
                "/empikplace/{id}/delete",
                web::post().to(empikplace::delete),
            )
            .route("/contact-center", web::get().to(contact_center::list))
            .route("/contact-center", web::post().to(contact_center::create))
            .route("/contact-center/{id}", web::get().to(contact_center::show))
            .route("/contact-center/{id}", web::post().to(contact_center::save))
            .route(
                "/contact-center/{id}/webhook-password",
                web::post().to(contact_center::new_webhook_password),
            )
            .route(
                "/contact-center/{id}/thulium",
                web::post().to(contact_center::thulium),
            )
            .route(
                "/contact-center/{id}/test-event",
                web::post().to(contact_center::test_event),
            )
            .route(
                "/contact-center/{id}/delete",
                web::post().to(contact_center::delete),
            )
            .route("/tokens", web::get().to(tokens::list))
            .route("/privacy", web::get().to(privacy::show))
            .route("/privacy/find", web::post().to(privacy::find))
            .route("/privacy/export", web::post().to(privacy::export))
            .route("/privacy/erase", web::post().to(privacy::erase))
            .route("/privacy/retention", web::post().to(privacy::retention))
            .route("/audit", web::get().to(audit::show))
            .route("/audit.csv", web::get().to(audit::csv))
            .route("/tokens", web::post().to(tokens::create))
            .route("/tokens/{id}/revoke", web::post().to(tokens::revoke))
            .route("/deliveries", web::get().to(deliveries::list))
            .route(
                "/deliveries/retry-failed",
                web::post().to(deliveries::retry_failed),
            )
            .route("/deliveries/{id}", web::get().to(deliveries::detail))
            .route("/deliveries/{id}/retry", web::post().to(deliveries::retry))
            .default_service(web::to(|| async { views::not_found() })),
    );
}

/// Ids in admin URLs; a malformed one is as unknown as another account's.
fn parse_id(raw: &str) -> Option<uuid::Uuid> {
    uuid::Uuid::parse_str(raw).ok()
}

/// The account's survey named in a path, or `None` (404) for any other id.
async fn owned_survey(
    state: &AppState,
    account_id: uuid::Uuid,
    raw_id: &str,
) -> anyhow::Result<Option<crate::db::StoredSurvey>> {
    match parse_id(raw_id) {
        Some(id) => state.store.survey(account_id, id).await,
        None => Ok(None),
    }
}
