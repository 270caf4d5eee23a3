//! XLSX export of a survey's responses: the CSV's columns and cells, in a
//! workbook written in rust_xlsxwriter's constant-memory mode (each row goes
//! to a temporary file as it is written) and saved to a temporary file that
//! is then streamed out, so any number of responses exports in flat memory.
//! Cells are always text cells: a spreadsheet never runs one as a formula,
//! so they need no neutralising apostrophe.

use super::export::{header_cells, row_cells};
use super::responses::{each_response, ResponseQuery};
use super::session::{app_state, SignedIn};
use super::views::error_page;
use super::{owned_survey, AdminError, AdminResult};
use crate::domain::Survey;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use anyhow::Context;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

const BATCH: i64 = 500;
/// Excel's longest text cell, in characters.
const MAX_CELL_CHARS: usize = 32_767;

pub async fn xlsx(
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
    let Ok(filter) = query.filter(BATCH, &signed_in.layout.tr) else {
        return Ok(error_page(
            StatusCode::BAD_REQUEST,
            &signed_in.layout.t("export-filters-invalid"),
        ));
    };
    let survey = Survey::from_document(stored.document.clone()).ok();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory();
    let bold = Format::new().set_bold();
    write_row(sheet, 0, &header_cells(survey.as_ref()), Some(&bold))?;
    let mut next_row: u32 = 1;
    each_response(state.store.as_ref(), account_id, stored.id, filter, |row| {
        write_row(sheet, next_row, &row_cells(survey.as_ref(), row), None)?;
        next_row += 1;
        Ok(())
    })
    .await?;
    let file = tempfile::NamedTempFile::new().context("cannot make the export's file")?;
    workbook
        .save(file.path())
        .context("cannot write the workbook")?;
    // The open file stays readable after its name is removed.
    let reader = tokio::fs::File::open(file.path())
        .await
        .context("cannot read the workbook back")?;
    drop(file);
    let filename = format!("{}-responses.xlsx", stored.document.slug);
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .streaming(tokio_util::io::ReaderStream::new(reader)))
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[String],
    format: Option<&Format>,
) -> anyhow::Result<()> {
    for (column, cell) in cells.iter().enumerate() {
        let column = u16::try_from(column).context("too many columns for a worksheet")?;
        let text = excel_text(cell);
        match format {
            Some(format) => sheet.write_string_with_format(row, column, text, format),
            None => sheet.write_string(row, column, text),
        }
        .map(|_| ())
        .context("cannot write a cell")?;
    }
    Ok(())
}

/// Excel refuses longer text cells; an answer that long is cut (the CSV and
/// the admin keep it whole).
fn excel_text(cell: &str) -> &str {
    match cell.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => &cell[..at],
        None => cell,
    }
}
