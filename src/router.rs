//! Every route of the server, from the adapters that handle them side by
//! side: respondent `pages`, the `admin`, the JSON `api`, the embeddable
//! contact `card`, contact centers'
//! webhooks (`hooks`), the built-in SALESmanago `sandbox` and operations
//! (`ops`). The adapters only translate HTTP; what a route does lives below
//! them (`submission`, `contact_center`, `manage`, `db`).

use crate::sandbox::Sandbox;
use crate::{admin, api, card, hooks, ops, pages, sandbox, web};
use actix_web::web as actix;

/// Every route of the public server; the sandbox only when it is switched on.
pub fn configure(
    config: &mut actix::ServiceConfig,
    state: &web::AppState,
    sandbox: Option<actix::Data<Sandbox>>,
) {
    admin::configure(config, state);
    api::configure(config);
    hooks::configure(config);
    // Paths with parameters are matched by regular expression, one per
    // resource tried: the survey page and its submit share one resource and
    // come before the other patterns, so a respondent costs one match.
    config
        .service(
            actix::resource("/s/{slug}")
                .route(actix::get().to(pages::show_survey))
                .route(actix::post().to(pages::submit_response))
                .route(actix::head().to(pages::show_survey)),
        )
        .route("/", actix::get().to(pages::home))
        .route("/healthz", actix::get().to(ops::healthz))
        .route("/readyz", actix::get().to(ops::readyz))
        .route("/metrics", actix::get().to(ops::metrics))
        .route("/embed.js", actix::get().to(web::embed_script))
        .route("/card", actix::get().to(card::card))
        .route("/s/{slug}/password", actix::post().to(pages::unlock_survey))
        .route("/s/{slug}/thanks", actix::get().to(pages::show_thanks))
        .route("/static/{name}", actix::get().to(web::asset));
    if let Some(sandbox) = sandbox {
        config.app_data(sandbox).configure(sandbox::configure);
    }
}
