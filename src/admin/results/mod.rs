//! A survey's results: responses per day and each question's breakdown
//! (bars for choices and scales, the NPS of a 0–10 scale, averages, the
//! latest texts), filtered like the responses list, drawn as SVG on the
//! server: nothing to load from elsewhere, and it prints.

mod tally;

use super::responses::{each_response, status_choices, ResponseQuery};
use super::session::{app_state, SignedIn};
use super::views::{kind_label, FieldErrors, Layout};
use super::{owned_survey, AdminError, AdminResult};
use crate::domain::survey::QuestionKind;
use crate::domain::Survey;
use crate::web::page::render;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use askama::Template;
use tally::{Nps, Results, Tally};

const BATCH: i64 = 500;

/// One bar: its label, its count and its share of the longest bar (0–100).
pub struct Bar {
    pub label: String,
    pub count: u64,
    pub width: f64,
}

pub struct QuestionResult {
    pub text: String,
    pub kind: String,
    pub bars: Vec<Bar>,
    /// "12 answers, average 7.4" and the like.
    pub summary: String,
    pub nps: Option<Nps>,
    pub latest: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/results.html")]
pub struct ResultsPage {
    pub layout: Layout,
    pub survey_id: String,
    pub survey_title: String,
    pub from: String,
    pub to: String,
    pub statuses: Vec<(&'static str, String, bool)>,
    pub filter_query: String,
    pub errors: FieldErrors,
    pub responses: u64,
    pub days: Vec<Bar>,
    pub questions: Vec<QuestionResult>,
}

pub async fn page(
    request: HttpRequest,
    signed_in: SignedIn,
    id: web::Path<String>,
    query: web::Query<ResponseQuery>,
) -> AdminResult {
    let state = app_state(&request);
    let account_id = signed_in.account_id();
    let Some(stored) = owned_survey(&state, account_id, &id).await? else {
        return Err(AdminError::NotFound);
    };
    let survey = Survey::from_document(stored.document.clone())
        .map_err(|_| anyhow::anyhow!("a stored survey no longer checks"))?;
    let mut results = Results::new(&survey);
    let (errors, status) = match query.filter(BATCH, &signed_in.layout.tr) {
        Ok(filter) => {
            let zone = &signed_in.account.time_zone;
            each_response(state.store.as_ref(), account_id, stored.id, filter, |row| {
                results.add(&row.response.answers, zone.day_of(row.response.created_at));
                Ok(())
            })
            .await?;
            (FieldErrors::default(), StatusCode::OK)
        }
        Err(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let layout = &signed_in.layout;
    let page = ResultsPage {
        survey_id: stored.id.to_string(),
        survey_title: stored.document.title.clone(),
        from: query.from.clone(),
        to: query.to.clone(),
        statuses: status_choices(layout, &query.status),
        filter_query: serde_urlencoded::to_string(&*query).unwrap_or_default(),
        errors,
        responses: results.responses,
        days: bars(results.per_day.iter().map(|(day, n)| (day.clone(), *n))),
        questions: survey
            .questions
            .iter()
            .zip(&results.questions)
            .map(|(question, (_, tally))| {
                question_result(layout, &question.text, &question.kind, tally)
            })
            .collect(),
        layout: signed_in.layout.clone(),
    };
    Ok(render(status, &page))
}

fn bars(counts: impl Iterator<Item = (String, u64)>) -> Vec<Bar> {
    let counts: Vec<(String, u64)> = counts.collect();
    let longest = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    counts
        .into_iter()
        .map(|(label, count)| Bar {
            label,
            count,
            width: count as f64 * 100.0 / longest as f64,
        })
        .collect()
}

fn question_result(
    layout: &Layout,
    text: &str,
    kind: &QuestionKind,
    tally: &Tally,
) -> QuestionResult {
    let mut result = QuestionResult {
        text: text.to_owned(),
        kind: kind_label(&layout.tr, kind.name()),
        bars: Vec::new(),
        summary: String::new(),
        nps: tally.nps(),
        latest: Vec::new(),
    };
    match tally {
        Tally::Choices { options, other } => {
            let mut counts = options.clone();
            if *other > 0 {
                counts.push((layout.t("results-other"), *other));
            }
            result.summary = layout.tn(
                "results-answers",
                counts.iter().map(|(_, n)| *n as i64).sum::<i64>(),
            );
            result.bars = bars(counts.into_iter());
        }
        Tally::Scale { min, counts, .. } => {
            result.bars = bars(
                counts
                    .iter()
                    .enumerate()
                    .map(|(at, n)| ((min + at as i64).to_string(), *n)),
            );
            result.summary = match tally.scale_average() {
                Some((answered, average)) => layout.tr.tas(
                    "results-average",
                    &[
                        ("count", answered.to_string()),
                        ("average", format!("{average:.1}")),
                    ],
                ),
                None => layout.tn("results-answers", 0),
            };
        }
        Tally::Number {
            count,
            sum,
            min,
            max,
        } => {
            result.summary = match (min, max) {
                (Some(min), Some(max)) => layout.tr.tas(
                    "results-number",
                    &[
                        ("count", count.to_string()),
                        ("average", format!("{:.1}", sum / *count as f64)),
                        ("min", min.to_string()),
                        ("max", max.to_string()),
                    ],
                ),
                _ => layout.tn("results-answers", 0),
            };
        }
        Tally::Texts { count, latest } => {
            result.summary = layout.tn("results-answers", *count as i64);
            result.latest = latest.clone();
        }
        Tally::Answered { count } => {
            result.summary = layout.tn("results-answers", *count as i64);
        }
        Tally::Consent { ticked } => {
            result.summary = layout.tn("results-ticked", *ticked as i64);
        }
    }
    result
}
