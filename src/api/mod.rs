//! The JSON API (`/api/v1`): surveys, responses (read and inbound),
//! deliveries and SALESmanago settings, for account API tokens. Every call
//! is scoped to the token's account; another account's ids answer 404.

mod auth;
mod body;
mod contacts;
mod deliveries;
mod error;
mod interactions;
mod models;
mod people;
mod responses;
mod salesmanago;
mod surveys;

pub use error::{ApiError, ErrorBody};

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "ankieter API", description = "Surveys, responses, contact-center interactions and their delivery to SALESmanago, for one account per token."),
    paths(
        surveys::list, surveys::get, surveys::create, surveys::replace, surveys::delete,
        responses::list, responses::get, responses::inbound,
        deliveries::list, deliveries::get, deliveries::retry,
        salesmanago::get, salesmanago::set,
        interactions::report,
        contacts::card, contacts::card_link,
        people::export, people::erase,
    ),
    modifiers(&BearerToken),
    tags((name = "surveys"), (name = "responses"), (name = "deliveries"), (name = "salesmanago"), (name = "interactions"), (name = "contacts"), (name = "people"))
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

async fn no_route() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(
        StatusCode::NOT_FOUND,
        "no_route",
        "no such API endpoint; see /api/v1/openapi.json",
    ))
}

pub fn configure(config: &mut web::ServiceConfig) {
    config.service(
        web::scope("/api/v1")
            .route("/openapi.json", web::get().to(openapi))
            .route("/surveys", web::get().to(surveys::list))
            .route("/surveys", web::post().to(surveys::create))
            .route("/surveys/{slug}", web::get().to(surveys::get))
            .route("/surveys/{slug}", web::put().to(surveys::replace))
            .route("/surveys/{slug}", web::delete().to(surveys::delete))
            .route("/surveys/{slug}/responses", web::get().to(responses::list))
            .route(
                "/surveys/{slug}/responses",
                web::post().to(responses::inbound),
            )
            .route("/responses/{id}", web::get().to(responses::get))
            .route("/deliveries", web::get().to(deliveries::list))
            .route("/deliveries/{id}", web::get().to(deliveries::get))
            .route("/deliveries/{id}/retry", web::post().to(deliveries::retry))
            .route("/salesmanago", web::get().to(salesmanago::get))
            .route("/salesmanago", web::put().to(salesmanago::set))
            .route("/interactions", web::post().to(interactions::report))
            .route("/contacts/{email}", web::get().to(contacts::card))
            .route("/people", web::get().to(people::export))
            .route("/people", web::delete().to(people::erase))
            .route(
                "/contacts/{email}/card-link",
                web::post().to(contacts::card_link),
            )
            .default_service(web::to(no_route)),
    );
}
