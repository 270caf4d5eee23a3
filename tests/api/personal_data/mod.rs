//! A person's data over its life: erasure and export (API, CLI and admin
//! call the same actions), retention, the audit log.

mod audit;
mod erasure;
mod retention;

use crate::helpers::*;
use ankieter::db::ResponseFilter;
use uuid::Uuid;

/// Every response the survey with `slug` holds, as (id, answers as text).
pub async fn stored(app: &TestApp, account_id: Uuid, slug: &str) -> Vec<(Uuid, String)> {
    let survey = app
        .store()
        .survey_by_slug(slug)
        .await
        .unwrap()
        .expect("the survey");
    app.store()
        .response_page(
            account_id,
            survey.id,
            &ResponseFilter {
                limit: 10_000,
                ..ResponseFilter::default()
            },
        )
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            (
                row.response.id,
                serde_json::to_string(&row.response.answers).unwrap(),
            )
        })
        .collect()
}
