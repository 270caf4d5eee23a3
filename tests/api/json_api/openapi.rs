//! The OpenAPI document is generated from the handlers; this checks it
//! against the routes that really exist, both ways.

use super::*;

/// Every route of `/api/v1` (besides the document itself).
const ROUTES: [(&str, &str); 18] = [
    ("get", "/api/v1/surveys"),
    ("post", "/api/v1/surveys"),
    ("get", "/api/v1/surveys/{slug}"),
    ("put", "/api/v1/surveys/{slug}"),
    ("delete", "/api/v1/surveys/{slug}"),
    ("get", "/api/v1/surveys/{slug}/responses"),
    ("post", "/api/v1/surveys/{slug}/responses"),
    ("get", "/api/v1/responses/{id}"),
    ("get", "/api/v1/deliveries"),
    ("get", "/api/v1/deliveries/{id}"),
    ("post", "/api/v1/deliveries/{id}/retry"),
    ("get", "/api/v1/salesmanago"),
    ("put", "/api/v1/salesmanago"),
    ("post", "/api/v1/interactions"),
    ("get", "/api/v1/contacts/{email}"),
    ("post", "/api/v1/contacts/{email}/card-link"),
    ("get", "/api/v1/people"),
    ("delete", "/api/v1/people"),
];

#[tokio::test]
async fn the_openapi_document_matches_the_routes() {
    let app = spawn_app().await;
    let document: Value = reqwest::get(format!("{}/api/v1/openapi.json", app.address))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(
        document["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    let mut documented = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let mut expected: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    expected.sort();
    assert_eq!(documented, expected, "every route documented, nothing else");

    // Each documented operation is served: with dummy ids it answers anything
    // but the API's "no such endpoint" (or a 405).
    let api = api_for(&app, app.account_id).await;
    for (method, path) in &documented {
        let concrete = path
            .replace("{slug}", "nie-ma")
            .replace("{id}", "00000000-0000-4000-8000-000000000000");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let answer = api
            .call(method.clone(), &concrete, Some(&serde_json::json!({})))
            .await;
        assert_ne!(answer.code(), "no_route", "{method} {path}");
        assert_ne!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
    }
    let unknown = api.get("/api/v1/nothing-here").await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::NOT_FOUND, "no_route")
    );
}
