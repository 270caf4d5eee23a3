//! The audit log: what was changed in the account, by whom, when and from
//! where; a page (newest first, a page at a time) and a CSV of it all.

use super::export::{write_rows, BOM};
use super::session::{app_state, SignedIn};
use super::views::Layout;
use super::AdminResult;
use crate::db::AuditEntry;
use crate::web::page::render;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

const PAGE: i64 = 100;

/// One entry as the page shows it.
pub struct AuditRow {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub ip: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    pub layout: Layout,
    pub rows: Vec<AuditRow>,
    /// The cursor of the next (older) page, if there is one.
    pub older: Option<String>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    /// `<at>_<id>` of the last entry shown.
    before: Option<String>,
}

fn cursor(raw: Option<&str>) -> Option<(i64, Uuid)> {
    let (at, id) = raw?.split_once('_')?;
    Some((at.parse().ok()?, Uuid::try_parse(id).ok()?))
}

pub async fn show(
    request: HttpRequest,
    signed_in: SignedIn,
    query: web::Query<AuditQuery>,
) -> AdminResult {
    let state = app_state(&request);
    let before = cursor(query.before.as_deref());
    let entries = state
        .store
        .audit_log(signed_in.account_id(), before, PAGE)
        .await?;
    let older = (entries.len() as i64 == PAGE)
        .then(|| entries.last().map(|e| format!("{}_{}", e.at, e.id)))
        .flatten();
    let layout = signed_in.layout;
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            when: layout.time(e.at),
            actor: e.actor,
            action: e.action,
            detail: e.detail,
            ip: e.ip.unwrap_or_default(),
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &AuditPage {
            layout,
            rows,
            older,
        },
    ))
}

/// Every entry, newest first, as CSV (times in UTC, RFC 3339).
pub async fn csv(request: HttpRequest, signed_in: SignedIn) -> AdminResult {
    let state = app_state(&request);
    let mut entries: Vec<AuditEntry> = Vec::new();
    loop {
        let before = entries.last().map(|e| (e.at, e.id));
        let page = state
            .store
            .audit_log(signed_in.account_id(), before, 1000)
            .await?;
        let done = page.len() < 1000;
        entries.extend(page);
        if done {
            break;
        }
    }
    let header_row = ["time", "actor", "action", "detail", "ip"]
        .map(String::from)
        .to_vec();
    let rows = std::iter::once(header_row).chain(entries.into_iter().map(|e| {
        vec![
            crate::clock::rfc3339(e.at),
            e.actor,
            e.action,
            e.detail,
            e.ip.unwrap_or_default(),
        ]
    }));
    let mut body = BOM.as_bytes().to_vec();
    body.extend(write_rows(rows, b','));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Cache-Control", "private, no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"audit-log.csv\"",
        ))
        .body(body))
}
