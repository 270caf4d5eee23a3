//! HTTP routes by audience: respondents (`survey`), the built-in SALESmanago
//! `sandbox`, operations (`health`), and account admins (`crate::admin`).

mod assets;
pub mod health;
pub mod limits;
pub mod page;
pub mod sandbox;
pub mod security;
pub mod survey;

pub use assets::{embed_snippet, ASSET_VERSION};

use actix_web::web;

/// Every route of the public server; the sandbox only when it is switched on.
pub fn configure(
    config: &mut web::ServiceConfig,
    state: &crate::state::AppState,
    sandbox: Option<web::Data<sandbox::Sandbox>>,
) {
    crate::admin::configure(config, state);
    crate::api::configure(config);
    // Paths with parameters are matched by regular expression, one per
    // resource tried: the survey page and its submit share one resource and
    // come before the other patterns, so a respondent costs one match.
    config
        .service(
            web::resource("/s/{slug}")
                .route(web::get().to(survey::show_survey))
                .route(web::post().to(survey::submit_response))
                .route(web::head().to(survey::show_survey)),
        )
        .route("/", web::get().to(page::home))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(health::metrics))
        .route("/embed.js", web::get().to(assets::embed_script))
        .route("/s/{slug}/password", web::post().to(survey::unlock_survey))
        .route("/s/{slug}/thanks", web::get().to(survey::show_thanks))
        .route("/static/{name}", web::get().to(assets::asset));
    if let Some(sandbox) = sandbox {
        config.app_data(sandbox).configure(sandbox::configure);
    }
}
