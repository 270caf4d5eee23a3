//! CSV export of a survey's responses, streamed page by page: UTF-8 with a
//! BOM (Excel), RFC 4180 quoting, CRLF, and cells that a spreadsheet would
//! run as a formula neutralised. Separated by commas, or by semicolons for
//! Excel in Polish and Czech locales, where the comma is the decimal mark
//! and Excel splits a file's columns on `;`.

use super::responses::{email_of, status_of, ResponseQuery};
use super::session::{app_state, SignedIn};
use super::views::error_page;
use super::AdminError;
use super::{owned_survey, AdminResult};
use crate::db::{ResponseRow, Store};
use crate::domain::Survey;
use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use std::sync::Arc;

const BATCH: i64 = 500;
pub(super) const BOM: &str = "\u{feff}";

/// How the file is separated: `?separator=semicolon` for Excel in Polish
/// and Czech locales; commas otherwise.
#[derive(serde::Deserialize)]
pub struct CsvFormat {
    #[serde(default)]
    separator: String,
}

impl CsvFormat {
    fn delimiter(&self) -> u8 {
        if self.separator == "semicolon" {
            b';'
        } else {
            b','
        }
    }
}

pub async fn csv(
    request: HttpRequest,
    signed_in: SignedIn,
    id: web::Path<String>,
    query: web::Query<ResponseQuery>,
    format: web::Query<CsvFormat>,
) -> AdminResult {
    let delimiter = format.delimiter();
    let state = app_state(&request);
    let account_id = signed_in.account_id();
    let Some(stored) = owned_survey(&state, account_id, &id).await? else {
        return Err(AdminError::NotFound);
    };
    let Ok(mut filter) = query.filter(BATCH, &signed_in.layout.tr) else {
        return Ok(error_page(
            StatusCode::BAD_REQUEST,
            &signed_in.layout.t("export-filters-invalid"),
        ));
    };
    let survey = Arc::new(Survey::from_document(stored.document.clone()).ok());
    let header_row = header_row(survey.as_ref().as_ref(), delimiter);
    let store: Arc<dyn Store> = state.store.clone();
    let survey_id = stored.id;
    filter.before = None;
    // One page per chunk: memory stays flat however many responses there are.
    let pages = futures_util::stream::unfold(Some(filter), move |next| {
        let store = store.clone();
        let survey = survey.clone();
        async move {
            let mut filter = next?;
            match store.response_page(account_id, survey_id, &filter).await {
                Ok(rows) => {
                    let chunk =
                        Bytes::from(rows_to_csv(survey.as_ref().as_ref(), &rows, delimiter));
                    let more = rows.len() as i64 == BATCH;
                    filter.before = rows.last().map(|r| (r.response.created_at, r.response.id));
                    Some((Ok(chunk), more.then_some(filter)))
                }
                Err(error) => {
                    tracing::error!(error = ?error, "CSV export failed midway");
                    Some((
                        Err(actix_web::error::ErrorInternalServerError("export failed")),
                        None,
                    ))
                }
            }
        }
    });
    let first =
        futures_util::stream::once(
            async move { Ok::<_, actix_web::Error>(Bytes::from(header_row)) },
        );
    let filename = format!("{}-responses.csv", stored.document.slug);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .streaming(futures_util::StreamExt::chain(first, pages)))
}

fn header_row(survey: Option<&Survey>, delimiter: u8) -> Vec<u8> {
    let mut out = BOM.as_bytes().to_vec();
    out.extend(write_rows(std::iter::once(header_cells(survey)), delimiter));
    out
}

/// The export's column names (the XLSX export has the same).
pub(super) fn header_cells(survey: Option<&Survey>) -> Vec<String> {
    let mut cells = vec![
        "response_id".to_owned(),
        "received_at_utc".to_owned(),
        "email".to_owned(),
        "smclientid".to_owned(),
        "delivery_status".to_owned(),
    ];
    if let Some(survey) = survey {
        cells.extend(survey.questions.iter().map(|q| q.text.clone()));
        cells.extend(survey.hidden_fields.iter().map(|f| f.name.clone()));
    }
    cells
}

fn rows_to_csv(survey: Option<&Survey>, rows: &[ResponseRow], delimiter: u8) -> Vec<u8> {
    write_rows(rows.iter().map(|row| row_cells(survey, row)), delimiter)
}

/// One response's cells, as the header names them (unneutralised).
pub(super) fn row_cells(survey: Option<&Survey>, row: &ResponseRow) -> Vec<String> {
    let mut cells = vec![
        row.response.id.to_string(),
        crate::clock::format_ms(row.response.created_at),
        email_of(survey, row),
        row.response.smclientid.clone().unwrap_or_default(),
        status_of(row).to_owned(),
    ];
    if let Some(survey) = survey {
        cells.extend(survey.questions.iter().map(|q| {
            row.response
                .answers
                .get(&q.id)
                .map(|a| a.values.join(", "))
                .unwrap_or_default()
        }));
        cells.extend(survey.hidden_fields.iter().map(|f| {
            row.response
                .hidden
                .iter()
                .find(|(name, _)| *name == f.name)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        }));
    }
    cells
}

pub(super) fn write_rows(rows: impl Iterator<Item = Vec<String>>, delimiter: u8) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| neutralise(c)).collect();
        writer
            .write_record(&cells)
            .expect("writing CSV to memory cannot fail");
    }
    writer
        .into_inner()
        .expect("writing CSV to memory cannot fail")
}

/// A cell starting with `= + - @` (or a tab or CR) would run as a formula
/// in a spreadsheet: a leading apostrophe makes it text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quoting_follows_rfc_4180() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+48 600"), "'+48 600");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("plain"), "plain");
        let row = || {
            std::iter::once(vec![
                "a,b".to_owned(),
                "say \"hi\"".to_owned(),
                "two\nlines".to_owned(),
                "x;y".to_owned(),
            ])
        };
        assert_eq!(
            String::from_utf8(write_rows(row(), b',')).unwrap(),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",x;y\r\n"
        );
        // For Excel in Polish and Czech: semicolons, and a cell holding one quoted.
        assert_eq!(
            String::from_utf8(write_rows(row(), b';')).unwrap(),
            "a,b;\"say \"\"hi\"\"\";\"two\nlines\";\"x;y\"\r\n"
        );
    }
}
