use super::*;

#[tokio::test]
async fn the_list_pages_by_fifty_and_filters_by_delivery_status_and_date() {
    let app = spawn_app().await;
    app.answer("/api/contact/upsert", sm_success("c"), ..).await;
    app.import(nps_survey()).await;
    for n in 0..54 {
        app.submit_by_email("nps", &format!("osoba{n}@example.com"))
            .await;
    }
    app.deliver_all_pending().await;
    // One more, not yet delivered.
    app.submit_by_email("nps", "ostatni@example.com").await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let id = survey_id(&app, app.account_id).await;

    let (status, page) = admin.page(&format!("/admin/surveys/{id}/responses")).await;
    assert_eq!(status, StatusCode::OK);
    let emails = texts(&page, "tbody tr td:nth-child(2)");
    assert_eq!(emails.len(), 50);
    assert_eq!(emails[0], "ostatni@example.com", "newest first");
    let document = html(&page);
    let next = select(&document, "a[rel=next]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let (_, second) = admin.page(&next).await;
    let older = texts(&second, "tbody tr td:nth-child(2)");
    assert_eq!(older.len(), 5);
    assert_eq!(older.last().unwrap(), "osoba0@example.com");
    assert!(texts(&second, "a[rel=next]").is_empty());

    let (_, pending) = admin
        .page(&format!("/admin/surveys/{id}/responses?status=pending"))
        .await;
    assert_eq!(
        texts(&pending, "tbody tr td:nth-child(2)"),
        ["ostatni@example.com"]
    );
    let (_, future) = admin
        .page(&format!("/admin/surveys/{id}/responses?from=2999-01-01"))
        .await;
    assert!(texts(&future, "tbody tr").is_empty());
    let (status, bad) = admin
        .page(&format!("/admin/surveys/{id}/responses?from=wczoraj"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(texts(&bad, ".field-error"), ["Enter a date as YYYY-MM-DD."]);
}

#[tokio::test]
async fn a_response_shows_its_answers_smclientid_and_delivery_attempts() {
    let app = spawn_app().await;
    app.answer(
        "/api/contact/update",
        wiremock::ResponseTemplate::new(503),
        ..,
    )
    .await;
    app.import(nps_survey()).await;
    app.submit(
        "nps",
        &[
            ("smclientid", CONTACT_ID),
            ("ocena", "7"),
            ("kanaly", "Znajomi"),
            ("kanaly", "Internet"),
        ],
    )
    .await;
    app.deliver_all_pending().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let id = survey_id(&app, app.account_id).await;
    let response = &app.store().responses(id).await.unwrap()[0];
    let (status, page) = admin
        .page(&format!("/admin/responses/{}", response.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(texts(&page, ".facts dd").contains(&CONTACT_ID.to_owned()));
    let answers = texts(&page, "#answers tbody tr td");
    assert_eq!(answers, ["7", "Znajomi, Internet"]);
    let attempts = texts(&page, "#attempts tbody tr");
    assert_eq!(attempts.len(), 1);
    assert!(
        attempts[0].contains("retry") && attempts[0].contains("HTTP 503"),
        "{attempts:?}"
    );
}

#[tokio::test]
async fn the_csv_export_streams_every_response_safely_quoted() {
    let app = spawn_app_with(|s| s.rate_limit.submissions_per_minute = 10_000).await;
    app.import(nps_survey()).await;
    app.submit(
        "nps",
        &[
            ("email", "jan@example.com"),
            ("ocena", "3"),
            (
                "uwagi",
                "=HYPERLINK(\"http://zło\"), \"cytat\"\ndruga linia",
            ),
        ],
    )
    .await;
    for n in 0..520 {
        app.submit_by_email("nps", &format!("osoba{n}@example.com"))
            .await;
    }
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let id = survey_id(&app, app.account_id).await;
    let response = admin
        .get(&format!("/admin/surveys/{id}/responses.csv"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("nps-responses.csv"));
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "response_id");
    assert_eq!(&headers[5], "Twój e-mail");
    assert_eq!(&headers[8], "Uwagi");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 521, "every response, across export batches");
    let jan = rows.iter().find(|r| &r[2] == "jan@example.com").unwrap();
    assert_eq!(
        &jan[8],
        "'=HYPERLINK(\"http://zło\"), \"cytat\"\ndruga linia"
    );
    assert_eq!(&jan[4], "pending");
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    assert!(text.contains("\"'=HYPERLINK(\"\"http://zło\"\"), \"\"cytat\"\"\ndruga linia\""));

    // For Excel in Polish and Czech: the same cells, separated by semicolons,
    // offered first to an admin reading Polish.
    let (_, page) = admin.page(&format!("/admin/surveys/{id}/responses")).await;
    let link = |css: &str| {
        let document = html(&page);
        select(&document, css)[0]
            .value()
            .attr("href")
            .unwrap()
            .to_owned()
    };
    assert!(link("#csv-semicolon").ends_with("separator=semicolon"));
    let excel = admin
        .get(&format!(
            "/admin/surveys/{id}/responses.csv?separator=semicolon"
        ))
        .await
        .bytes()
        .await
        .unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&excel[3..]);
    assert_eq!(reader.headers().unwrap(), &headers);
    let semicolon_rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(semicolon_rows, rows, "the same cells");

    // The XLSX: the same header and cells, read back by a spreadsheet
    // reader; text cells, so a formula-like answer needs no apostrophe.
    let response = admin
        .get(&format!("/admin/surveys/{id}/responses.xlsx"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("nps-responses.xlsx"));
    let bytes = response.bytes().await.unwrap();
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
    let csv_cells = |record: &csv::StringRecord| -> Vec<String> {
        record
            .iter()
            .map(|cell| match cell.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
                _ => cell.to_owned(),
            })
            .collect()
    };
    assert_eq!(cells[0], csv_cells(&headers));
    assert_eq!(cells.len(), rows.len() + 1, "every response");
    for (xlsx_row, csv_row) in cells[1..].iter().zip(&rows) {
        // The reader drops the trailing empty cells of a row.
        let mut expected = csv_cells(csv_row);
        while expected.last().is_some_and(String::is_empty) && expected.len() > xlsx_row.len() {
            expected.pop();
        }
        assert_eq!(xlsx_row, &expected);
    }
    let jan = cells.iter().find(|r| r[2] == "jan@example.com").unwrap();
    assert_eq!(jan[8], "=HYPERLINK(\"http://zło\"), \"cytat\"\ndruga linia");
}
