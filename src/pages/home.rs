//! Addresses that belong to no survey: the server's own (`/`) and unknown ones.

use crate::web::page::{language_of, message, not_found};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};

/// `/`: the server's own address belongs to no survey; say what it is
/// without naming the company or pointing at the admin.
pub async fn home(request: HttpRequest) -> HttpResponse {
    message(StatusCode::OK, language_of(&request), |t| {
        (t.home_title, t.home_body)
    })
}

/// Fallback for every unknown path.
pub async fn unknown_path(request: HttpRequest) -> HttpResponse {
    not_found(language_of(&request))
}
