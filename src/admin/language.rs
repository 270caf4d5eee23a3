//! The header's language switch (the choice itself is kept by
//! [`super::spoken`]).

use super::auth::{safe_next, see_other};
use super::session::{app_state, CheckedForm, SignedIn};
use super::spoken::remember;
use super::{AdminError, AdminResult};
use crate::domain::Language;
use actix_session::Session;
use actix_web::HttpRequest;

/// The header's language switch: saved for this admin, then back to the page.
pub async fn switch(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let Some(language) = form.0.first("language").and_then(Language::parse) else {
        return Err(AdminError::Refused(signed_in.layout.t("language-unknown")));
    };
    state
        .store
        .set_admin_language(signed_in.admin.id, Some(language))
        .await?;
    remember(&session, language);
    Ok(see_other(safe_next(form.0.first("next"))))
}
