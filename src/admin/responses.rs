//! A survey's responses: the filtered, paginated list and one response.

use super::session::{app_state, SignedIn};
use super::views::{
    AttemptRow, DeliverySummary, FieldErrors, Layout, ResponseListRow, ResponsePage, ResponsesPage,
};
use super::AdminError;
use super::{owned_survey, parse_id, AdminResult};
use crate::db::{DeliveryStatus, ResponseDeliveryStatus, ResponseFilter, ResponseRow, Store};
use crate::domain::Survey;
use crate::i18n::Tr;
use crate::web::page::render;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use uuid::Uuid;

const PAGE_SIZE: i64 = 50;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The list's filters as they come in the query string.
#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
pub struct ResponseQuery {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub status: String,
    #[serde(default, skip_serializing)]
    pub before: String,
}

/// The delivery filter's values and their labels' message ids.
pub const STATUS_CHOICES: [(&str, &str); 6] = [
    ("delivered", "status-delivered"),
    ("pending", "filter-pending"),
    ("failed", "status-failed"),
    ("paused", "status-paused"),
    ("skipped", "status-skipped"),
    ("not_sent", "filter-not-sent"),
];

impl ResponseQuery {
    /// The filter, or errors named by field.
    pub fn filter(&self, limit: i64, tr: &Tr) -> Result<ResponseFilter, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut day = |field: &str, raw: &str| -> Option<i64> {
            if raw.is_empty() {
                return None;
            }
            let format = time::macros::format_description!("[year]-[month]-[day]");
            match time::Date::parse(raw, &format) {
                Ok(date) => Some(date.midnight().assume_utc().unix_timestamp() * 1000),
                Err(_) => {
                    errors.add(field, tr.t("filter-date-invalid"));
                    None
                }
            }
        };
        let from = day("from", &self.from);
        let to = day("to", &self.to).map(|start| start + DAY_MS);
        let status = match self.status.as_str() {
            "" => None,
            "not_sent" => Some(ResponseDeliveryStatus::NotSent),
            raw => match DeliveryStatus::parse(raw) {
                Some(status) => Some(ResponseDeliveryStatus::Delivery(status)),
                None => {
                    errors.add("status", tr.t("filter-status-invalid"));
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ResponseFilter {
            from,
            to,
            status,
            before: parse_cursor(&self.before),
            limit,
        })
    }
}

/// `created_at.id` of the last row shown: the next page starts after it.
pub fn cursor_of(row: &ResponseRow) -> String {
    format!("{}.{}", row.response.created_at, row.response.id)
}

fn parse_cursor(raw: &str) -> Option<(i64, Uuid)> {
    let (at, id) = raw.split_once('.')?;
    Some((at.parse().ok()?, Uuid::parse_str(id).ok()?))
}

/// The respondent's e-mail answer, if the survey asks for one.
pub fn email_of(survey: Option<&Survey>, row: &ResponseRow) -> String {
    survey
        .and_then(Survey::identity_question)
        .and_then(|q| row.response.answers.get(&q.id))
        .and_then(|a| a.values.first().cloned())
        .unwrap_or_default()
}

/// The delivery filter's options in the admin's language, `current` selected.
pub fn status_choices(layout: &Layout, current: &str) -> Vec<(&'static str, String, bool)> {
    STATUS_CHOICES
        .iter()
        .map(|(value, id)| (*value, layout.t(id), *value == current))
        .collect()
}

/// Visits every response matching `filter`, newest first, a page of
/// `filter.limit` at a time: memory stays flat however many there are.
pub async fn each_response(
    store: &dyn Store,
    account_id: Uuid,
    survey_id: Uuid,
    mut filter: ResponseFilter,
    mut visit: impl FnMut(&ResponseRow) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    filter.before = None;
    loop {
        let rows = store.response_page(account_id, survey_id, &filter).await?;
        for row in &rows {
            visit(row)?;
        }
        if (rows.len() as i64) < filter.limit {
            return Ok(());
        }
        filter.before = rows.last().map(|r| (r.response.created_at, r.response.id));
    }
}

pub fn status_of(row: &ResponseRow) -> &'static str {
    row.delivery_status
        .map_or("not sent", DeliveryStatus::as_str)
}

pub async fn list(
    request: HttpRequest,
    signed_in: SignedIn,
    id: web::Path<String>,
    query: web::Query<ResponseQuery>,
) -> AdminResult {
    let state = app_state(&request);
    let Some(stored) = owned_survey(&state, signed_in.account_id(), &id).await? else {
        return Err(AdminError::NotFound);
    };
    let survey = Survey::from_document(stored.document.clone()).ok();
    let (rows, errors) = match query.filter(PAGE_SIZE, &signed_in.layout.tr) {
        Ok(filter) => (
            state
                .store
                .response_page(signed_in.account_id(), stored.id, &filter)
                .await?,
            FieldErrors::default(),
        ),
        Err(errors) => (Vec::new(), errors),
    };
    let next_cursor = (rows.len() as i64 == PAGE_SIZE)
        .then(|| rows.last().map(cursor_of))
        .flatten();
    let page = ResponsesPage {
        survey_id: stored.id.to_string(),
        survey_title: stored.document.title.clone(),
        from: query.from.clone(),
        to: query.to.clone(),
        statuses: status_choices(&signed_in.layout, &query.status),
        rows: rows
            .iter()
            .map(|row| ResponseListRow {
                id: row.response.id.to_string(),
                created: signed_in.layout.time(row.response.created_at),
                email: email_of(survey.as_ref(), row),
                smclientid: row.response.smclientid.clone().unwrap_or_default(),
                status: status_of(row).to_owned(),
            })
            .collect(),
        filter_query: serde_urlencoded::to_string(&*query).unwrap_or_default(),
        next_cursor,
        errors: errors.clone(),
        layout: signed_in.layout,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &page))
}

pub async fn detail(
    request: HttpRequest,
    signed_in: SignedIn,
    id: web::Path<String>,
) -> AdminResult {
    let state = app_state(&request);
    let account_id = signed_in.account_id();
    let Some(row) = (match parse_id(&id) {
        Some(id) => state.store.response(account_id, id).await?,
        None => None,
    }) else {
        return Err(AdminError::NotFound);
    };
    let survey_title = state
        .store
        .survey(account_id, row.response.survey_id)
        .await?
        .map(|s| s.document.title)
        .unwrap_or_default();
    let delivery = match row.delivery_id {
        Some(delivery_id) => Some(DeliverySummary {
            id: delivery_id.to_string(),
            status: status_of(&row).to_owned(),
            attempts: state
                .store
                .attempts(delivery_id)
                .await?
                .iter()
                .map(|a| AttemptRow::new(a, &signed_in.layout))
                .collect(),
        }),
        None => None,
    };
    let response = &row.response;
    Ok(render(
        StatusCode::OK,
        &ResponsePage {
            id: response.id.to_string(),
            survey_id: response.survey_id.to_string(),
            survey_title,
            created: signed_in.layout.time(response.created_at),
            smclientid: response.smclientid.clone().unwrap_or_default(),
            hidden: response.hidden.clone(),
            // The question as it read when answered: edits do not rewrite history.
            answers: response
                .answers
                .iter()
                .map(|a| (a.question_text.clone(), a.values.join(", ")))
                .collect(),
            delivery,
            layout: signed_in.layout,
        },
    ))
}
