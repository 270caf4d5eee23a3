//! Static files, compiled into the binary so one file is the whole deployment.

use crate::domain::Language;
use actix_web::http::header;
use actix_web::{web, HttpResponse};

const STYLE_CSS: &str = include_str!("../../static/style.css");
const ADMIN_CSS: &str = include_str!("../../static/admin.css");
const CARD_CSS: &str = include_str!("../../static/card.css");
const FRAME_JS: &str = include_str!("../../static/frame.js");
const EMBED_JS: &str = include_str!("../../static/embed.js");
const EDITOR_JS: &str = include_str!("../../static/editor.js");
/// htmx 2 (BSD0, `static/htmx.LICENSE`), served from here: no CDN.
const HTMX_JS: &str = include_str!("../../static/htmx.min.js");

/// Added to asset URLs as `?v=` so that a changed file is fetched at once
/// while assets can be cached for a year: a hash of the files (`build.rs`).
pub const ASSET_VERSION: &str = env!("ANKIETER_ASSET_VERSION");

pub async fn asset(name: web::Path<String>) -> HttpResponse {
    let (body, content_type) = match name.as_str() {
        "style.css" => (STYLE_CSS, "text/css; charset=utf-8"),
        "admin.css" => (ADMIN_CSS, "text/css; charset=utf-8"),
        "card.css" => (CARD_CSS, "text/css; charset=utf-8"),
        "frame.js" => (FRAME_JS, "text/javascript; charset=utf-8"),
        "editor.js" => (EDITOR_JS, "text/javascript; charset=utf-8"),
        "htmx.min.js" => (HTMX_JS, "text/javascript; charset=utf-8"),
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

/// `/embed.js`: its URL is in other sites' pages and has no version, so it is
/// cached for an hour (a release reaches them within the hour).
pub async fn embed_script() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/javascript; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(EMBED_JS)
}

/// The copy-paste snippet that embeds a survey: `base` is ankieter's public
/// address, `hidden` the survey's hidden fields (passed on from the host page's
/// URL). `popup`: a popup instead of an inline form, its buttons in the
/// survey's language.
pub fn embed_snippet(base: &str, slug: &str, hidden: &[String], popup: Option<Language>) -> String {
    let hidden = if hidden.is_empty() {
        String::new()
    } else {
        format!(" data-hidden=\"{}\"", hidden.join(","))
    };
    let mode = if let Some(language) = popup {
        let texts = language.texts();
        format!(
            " data-mode=\"popup\" data-button=\"{}\" data-close=\"{}\"",
            texts.popup_open, texts.popup_close
        )
    } else {
        String::new()
    };
    format!(
        "<script src=\"{}/embed.js\" data-survey=\"{slug}\"{hidden}{mode} async></script>",
        base.trim_end_matches('/')
    )
}
