//! Static files, compiled into the binary so one file is the whole deployment.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

const STYLE_CSS: &str = include_str!("../../static/style.css");
const ADMIN_CSS: &str = include_str!("../../static/admin.css");

/// Added to asset URLs as `?v=` so that a new release is fetched at once
/// while assets can be cached for a year.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

pub async fn asset(name: web::Path<String>) -> HttpResponse {
    let (body, content_type) = match name.as_str() {
        "style.css" => (STYLE_CSS, "text/css; charset=utf-8"),
        "admin.css" => (ADMIN_CSS, "text/css; charset=utf-8"),
        _ => {
            return HttpResponse::NotFound()
                .content_type("text/plain")
                .body("not found")
        }
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(body)
}
