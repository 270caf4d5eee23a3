//! Who is signed in, CSRF tokens and flash messages, all kept in the signed
//! and encrypted session cookie (actix-session).

use super::views::Layout;
use crate::db::{Account, AdminUser};
use crate::domain::FormFields;
use crate::domain::MAX_FIELDS;
use crate::i18n::Tr;
use crate::web::AppState;
use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionExt, SessionMiddleware};
use actix_web::cookie::{time, SameSite};
use actix_web::dev::Payload;
use actix_web::error::InternalError;
use actix_web::http::{header, StatusCode};
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use rand::RngCore;
use subtle::ConstantTimeEq;
use uuid::Uuid;

const ADMIN_KEY: &str = "admin";
/// When the session began (ms) and its admin's session generation then.
const ISSUED_KEY: &str = "issued";
const GENERATION_KEY: &str = "generation";
/// A session is refused this long after it began, whatever its cookie says.
const SESSION_LIFETIME_MS: i64 = 8 * 60 * 60 * 1000;
const CSRF_KEY: &str = "csrf";
const FLASH_KEY: &str = "flash";
/// The hidden field every admin form carries.
pub const CSRF_FIELD: &str = "_csrf";

/// The session cookie: private (encrypted and signed), HttpOnly, SameSite=Lax,
/// Secure when the public URL is https, only sent to `/admin`.
pub fn middleware(state: &AppState) -> SessionMiddleware<CookieSessionStore> {
    SessionMiddleware::builder(CookieSessionStore::default(), state.key.session_key())
        .cookie_name("ankieter_admin".to_owned())
        .cookie_path("/admin".to_owned())
        .cookie_secure(state.secure_cookies())
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_content_security(CookieContentSecurity::Private)
        .session_lifecycle(PersistentSession::default().session_ttl(time::Duration::hours(8)))
        .build()
}

/// The session's CSRF token, created on first use.
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(token)) = session.get::<String>(CSRF_KEY) {
        return token;
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let _ = session.insert(CSRF_KEY, &token);
    token
}

/// Starts a fresh session for `admin` (a new cookie: no session fixation).
pub fn sign_in(session: &Session, admin: &AdminUser) {
    session.renew();
    session.remove(CSRF_KEY);
    let _ = session.insert(ADMIN_KEY, admin.id);
    let _ = session.insert(ISSUED_KEY, crate::clock::now_ms());
    let _ = session.insert(GENERATION_KEY, admin.session_generation);
}

/// Ends this session and every other copy of the admin's session cookies:
/// a copied cookie stops working at once, not when it would expire.
pub async fn sign_out(
    session: &Session,
    store: &dyn crate::db::Store,
    admin: &AdminUser,
) -> anyhow::Result<()> {
    session.purge();
    store.end_admin_sessions(admin.id).await
}

/// Whether a session of `admin` that began at `issued` in `generation` still holds.
fn session_holds(admin: &AdminUser, issued: Option<i64>, generation: Option<i64>) -> bool {
    let fresh = issued.is_some_and(|at| crate::clock::now_ms() - at < SESSION_LIFETIME_MS);
    fresh && generation == Some(admin.session_generation)
}

/// Shows `text` on the next page the admin sees.
pub fn flash(session: &Session, text: impl Into<String>) {
    let _ = session.insert(FLASH_KEY, text.into());
}

/// Keeps `value` for the next page (a result shown after a redirect).
pub fn stash<T: serde::Serialize>(session: &Session, key: &str, value: &T) {
    let _ = session.insert(key, value);
}

/// The value [`stash`] kept, once.
pub fn take<T: serde::de::DeserializeOwned>(session: &Session, key: &str) -> Option<T> {
    session.remove_as::<T>(key).and_then(Result::ok)
}

/// An admin page's visitor: the signed-in admin and their account. Pages
/// that need it redirect to the login page when nobody is signed in.
pub struct SignedIn {
    pub admin: AdminUser,
    pub account: Account,
    pub layout: Layout,
}

impl SignedIn {
    pub fn account_id(&self) -> Uuid {
        self.account.id
    }

    /// This admin, from the request's client address, for the audit log.
    pub fn actor(&self, request: &HttpRequest) -> crate::manage::audit::Actor {
        let ip = app_state(request)
            .limits
            .client_ip(request)
            .map(|ip| ip.to_string());
        crate::manage::audit::Actor::admin(&self.admin.email, ip)
    }

    /// Writes the audit log's entry of an action this admin just did.
    pub async fn audit(
        &self,
        request: &HttpRequest,
        action: &str,
        detail: impl Into<String>,
    ) -> anyhow::Result<()> {
        let store = app_state(request).store.clone();
        crate::manage::audit::record(
            store.as_ref(),
            self.account_id(),
            &self.actor(request),
            action,
            detail,
            crate::clock::now_ms(),
        )
        .await
    }
}

impl FromRequest for SignedIn {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            let state = app_state(&request);
            let session = request.get_session();
            let id = session.get::<Uuid>(ADMIN_KEY).ok().flatten();
            let admin = match id {
                Some(id) => state.store.admin(id).await.map_err(internal)?,
                None => None,
            };
            let issued = session.get::<i64>(ISSUED_KEY).ok().flatten();
            let generation = session.get::<i64>(GENERATION_KEY).ok().flatten();
            let Some(admin) = admin.filter(|admin| session_holds(admin, issued, generation)) else {
                if id.is_some() {
                    // Expired or ended elsewhere: this cookie is done with.
                    session.purge();
                }
                return Err(to_login(&request));
            };
            let Some(account) = state
                .store
                .account(admin.account_id)
                .await
                .map_err(internal)?
            else {
                return Err(to_login(&request));
            };
            let flash = session.get::<String>(FLASH_KEY).ok().flatten();
            if flash.is_some() {
                session.remove(FLASH_KEY);
            }
            let base = match state.settings.public_url_base() {
                Some(url) => url.to_owned(),
                None => {
                    let info = request.connection_info();
                    format!("{}://{}", info.scheme(), info.host())
                }
            };
            let language = admin.language.unwrap_or(account.language);
            super::spoken::remember(&session, language);
            let layout = Layout {
                base,
                account_name: account.name.clone(),
                admin_email: admin.email.clone(),
                csrf: csrf_token(&session),
                flash,
                paused_reason: account.paused_reason.clone(),
                tr: Tr::new(language),
                zone: account.time_zone.clone(),
                path: request
                    .uri()
                    .path_and_query()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_else(|| "/admin".to_owned()),
            };
            Ok(Self {
                admin,
                account,
                layout,
            })
        })
    }
}

/// A POSTed admin form whose CSRF token matched the session's.
pub struct CheckedForm(pub FormFields);

impl FromRequest for CheckedForm {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(request, payload);
        let session = request.get_session();
        Box::pin(async move {
            let body = body.await?;
            let form = FormFields::decode(&body, MAX_FIELDS)
                .map_err(|_| plain_error(StatusCode::BAD_REQUEST, "error-form-unreadable"))?;
            let expected = session.get::<String>(CSRF_KEY).ok().flatten();
            let sent = form.first(CSRF_FIELD).unwrap_or_default();
            let valid =
                expected.is_some_and(|token| bool::from(token.as_bytes().ct_eq(sent.as_bytes())));
            if !valid {
                return Err(plain_error(StatusCode::FORBIDDEN, "error-form-expired"));
            }
            Ok(Self(form))
        })
    }
}

pub fn app_state(request: &HttpRequest) -> web::Data<AppState> {
    request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .expect("AppState is registered on the app")
}

fn to_login(request: &HttpRequest) -> actix_web::Error {
    let next = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/admin");
    let location = format!(
        "/admin/login?{}",
        serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
    );
    InternalError::from_response(
        "not signed in",
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, location))
            .finish(),
    )
    .into()
}

fn internal(error: anyhow::Error) -> actix_web::Error {
    tracing::error!(error = ?error, "admin request failed");
    plain_error(StatusCode::INTERNAL_SERVER_ERROR, "error-our-side")
}

/// An error page with the catalogue's message `id`, in the request's language.
fn plain_error(status: StatusCode, id: &'static str) -> actix_web::Error {
    let text = crate::i18n::current().t(id);
    InternalError::from_response(id, super::views::error_page(status, &text)).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin(generation: i64) -> AdminUser {
        AdminUser {
            id: Uuid::new_v4(),
            account_id: Uuid::new_v4(),
            email: "anna@firma.pl".into(),
            password_hash: String::new(),
            created_at: 0,
            session_generation: generation,
            language: None,
        }
    }

    #[test]
    fn a_session_holds_for_eight_hours_of_its_generation() {
        let now = crate::clock::now_ms();
        let hour = 60 * 60 * 1000;
        assert!(session_holds(&admin(3), Some(now - 7 * hour), Some(3)));
        assert!(
            !session_holds(&admin(3), Some(now - 8 * hour - 1), Some(3)),
            "too old"
        );
        assert!(
            !session_holds(&admin(4), Some(now), Some(3)),
            "signed out since"
        );
        assert!(
            !session_holds(&admin(0), None, None),
            "a cookie from before sessions had these"
        );
    }
}
