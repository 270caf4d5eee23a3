//! Settings: the account's time zone (every admin of the account sees times
//! in it) and the signed-in admin's own language.

use super::auth::see_other;
use super::session::{app_state, flash, CheckedForm, SignedIn};
use super::spoken::remember;
use super::views::{FieldErrors, SettingsPage};
use super::AdminResult;
use crate::domain::{AccountTimeZone, Language};
use crate::i18n::ADMIN_LANGUAGES;
use crate::web::page::render;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::HttpRequest;

pub async fn page(signed_in: SignedIn) -> AdminResult {
    Ok(settings_page(
        signed_in,
        FieldErrors::default(),
        StatusCode::OK,
    ))
}

pub async fn save(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let form = form.0;
    let zone = match AccountTimeZone::parse(form.first("time_zone").unwrap_or_default()) {
        Ok(zone) => zone,
        Err(_) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "time_zone",
                signed_in.layout.t("settings-time-zone-unknown"),
            );
            return Ok(settings_page(
                signed_in,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    // An empty choice follows the account's language again.
    let own = form.first("language").and_then(Language::parse);
    let store = state.store.as_ref();
    store
        .set_account_time_zone(signed_in.account_id(), &zone)
        .await?;
    store.set_admin_language(signed_in.admin.id, own).await?;
    let language = own.unwrap_or(signed_in.account.language);
    remember(&session, language);
    tracing::info!(account.id = %signed_in.account_id(), admin.id = %signed_in.admin.id, "settings saved");
    signed_in
        .audit(
            &request,
            "settings.save",
            format!("time zone {}, language {}", zone.name(), language.code()),
        )
        .await?;
    flash(
        &session,
        crate::i18n::Tr::new(language).t("flash-settings-saved"),
    );
    Ok(see_other("/admin/settings"))
}

fn settings_page(
    signed_in: SignedIn,
    errors: FieldErrors,
    status: StatusCode,
) -> actix_web::HttpResponse {
    let account_language = ADMIN_LANGUAGES
        .iter()
        .find(|(language, _)| *language == signed_in.account.language)
        .map(|(_, name)| *name)
        .unwrap_or_default();
    render(
        status,
        &SettingsPage {
            zones: AccountTimeZone::known_names(),
            own_language: signed_in.admin.language.map(|l| l.code()),
            account_language,
            errors,
            layout: signed_in.layout,
        },
    )
}
