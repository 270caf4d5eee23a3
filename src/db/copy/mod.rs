//! `ankieter db copy`: moves an installation from one database to another
//! (SQLite to PostgreSQL when one machine is no longer enough), table by
//! table in key order, in batches. Each batch commits together with a note
//! of how far it got, so an interrupted copy resumes where it stopped; the
//! copy ends by comparing row counts and a checksum per table.

mod side;
mod value;

use side::{Columns, Side};
use std::collections::BTreeSet;
use value::{Checksum, Kind, Value};

/// Every table, parents before children, with the key a batch resumes after
/// (none: the table is small and copied whole).
const TABLES: &[(&str, &[&str])] = &[
    ("meta", &["key"]),
    ("accounts", &["id"]),
    ("surveys", &["id"]),
    ("responses", &["id"]),
    ("admin_users", &["id"]),
    ("api_tokens", &["id"]),
    ("contact_centers", &["id"]),
    ("empik_integrations", &["id"]),
    ("empik_threads", &["empik_id", "thread_id"]),
    ("empik_sent", &[]),
    ("deliveries", &["id"]),
    ("delivery_attempts", &["delivery_id", "attempt"]),
    ("sign_in_failures", &[]),
    ("thulium_chats", &["contact_center_id", "conversation"]),
    ("audit_log", &["id"]),
];

/// Tables of running instances' coordination (PostgreSQL's shared pacing
/// of SALESmanago calls): rebuilt by the servers, never copied.
const COORDINATION: &[&str] = &["call_pacing"];

/// Marks a copy in progress in the target's `meta`: which source it is from.
const FROM_MARKER: &str = "copy:from";
const DONE: &str = "done";

pub struct CopyOptions {
    /// Empty a target that already holds data (everything in it is deleted).
    pub force: bool,
    /// Rows per batch (and per transaction in the target).
    pub batch: usize,
}

/// What a copy reports while it runs.
pub enum Progress<'a> {
    Starting { resuming: bool },
    Copied { table: &'a str, rows: u64, of: u64 },
    Verifying { table: &'a str },
}

pub struct TableReport {
    pub table: &'static str,
    pub rows: u64,
    pub checksum: String,
}

pub struct CopyReport {
    pub resumed: bool,
    pub tables: Vec<TableReport>,
}

pub async fn copy(
    from: &str,
    to: &str,
    options: &CopyOptions,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> anyhow::Result<CopyReport> {
    let source_name = super::redacted(from);
    anyhow::ensure!(
        from.trim() != to.trim(),
        "the source and the target are the same database ({source_name})"
    );
    let source = Side::open(from).await?;
    let target = Side::open(to).await?;
    let result = copy_between(&source, &target, &source_name, options, progress).await;
    source.close().await;
    target.close().await;
    result
}

async fn copy_between(
    source: &Side,
    target: &Side,
    source_name: &str,
    options: &CopyOptions,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> anyhow::Result<CopyReport> {
    let mut tables = Vec::new();
    for &(name, key) in TABLES {
        tables.push((name, key, columns(source, target, name).await?));
    }
    known_tables(source).await?;
    known_tables(target).await?;

    let resumed = prepare_target(target, source_name, options).await?;
    progress(Progress::Starting { resuming: resumed });
    for (name, key, columns) in &tables {
        copy_table(source, target, name, key, columns, options.batch, progress).await?;
    }

    let mut report = Vec::new();
    let mut differences = Vec::new();
    for (name, key, columns) in &tables {
        progress(Progress::Verifying { table: name });
        let theirs = checksum(source, name, key, columns, options.batch).await?;
        let ours = checksum(target, name, key, columns, options.batch).await?;
        if theirs != ours {
            differences.push(format!(
                "{name} ({} rows in the source, {} in the target{})",
                theirs.rows,
                ours.rows,
                if theirs.rows == ours.rows {
                    ", with different contents"
                } else {
                    ""
                }
            ));
        }
        report.push(TableReport {
            table: name,
            rows: ours.rows,
            checksum: ours.hex(),
        });
    }
    anyhow::ensure!(
        differences.is_empty(),
        "the copy differs from the source in {}. Was a server still running on the source? \
         Stop every server, then run the copy again with --force to copy afresh",
        differences.join(", ")
    );
    target
        .execute_all(&["DELETE FROM meta WHERE key LIKE 'copy:%'".to_owned()])
        .await?;
    Ok(CopyReport {
        resumed,
        tables: report,
    })
}

/// Decides between a fresh copy and resuming one, emptying the target when
/// asked. A target that holds data of its own is never written unasked.
async fn prepare_target(
    target: &Side,
    source_name: &str,
    options: &CopyOptions,
) -> anyhow::Result<bool> {
    let marker = target.meta(FROM_MARKER).await?;
    if !options.force {
        if marker.as_deref() == Some(source_name) {
            return Ok(true);
        }
        let mut held = Vec::new();
        for &(name, _) in TABLES {
            let rows = target.count(name).await?;
            if rows > 0 {
                held.push(format!("{rows} in {name}"));
            }
        }
        if let Some(other) = marker {
            anyhow::bail!(
                "the target holds an unfinished copy from {other}, not from {source_name}. \
                 Use --force to delete everything in the target and copy afresh"
            );
        }
        anyhow::ensure!(
            held.is_empty(),
            "the target is not empty (rows: {}). db copy fills an empty database; use --force \
             to delete everything in the target first",
            held.join(", ")
        );
    }
    let mut statements: Vec<String> = TABLES
        .iter()
        .rev()
        .map(|(name, _)| format!("DELETE FROM {name}"))
        .collect();
    statements.push(format!(
        "INSERT INTO meta (key, value) VALUES ('{FROM_MARKER}', '{}')",
        source_name.replace('\'', "''")
    ));
    target.execute_all(&statements).await?;
    Ok(false)
}

async fn copy_table(
    source: &Side,
    target: &Side,
    name: &str,
    key: &[&str],
    columns: &Columns,
    batch: usize,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> anyhow::Result<()> {
    let marker = format!("copy:{name}");
    let total = source.count(name).await?;
    let at = target.meta(&marker).await?;
    if at.as_deref() == Some(DONE) {
        progress(Progress::Copied {
            table: name,
            rows: total,
            of: total,
        });
        return Ok(());
    }
    let done_marker = || vec![(marker.clone(), DONE.to_owned())];
    if key.is_empty() {
        let rows = source.read(name, columns, key, None, batch).await?;
        target
            .write(name, columns, &rows, &done_marker(), true)
            .await?;
        progress(Progress::Copied {
            table: name,
            rows: total,
            of: total,
        });
        return Ok(());
    }
    let mut after: Option<Vec<Value>> = match at {
        Some(json) => Some(serde_json::from_str(&json)?),
        None => None,
    };
    let mut copied = target.count(name).await?;
    loop {
        let rows = source
            .read(name, columns, key, after.as_deref(), batch)
            .await?;
        let Some(last) = rows.last() else {
            target
                .write(name, columns, &[], &done_marker(), false)
                .await?;
            progress(Progress::Copied {
                table: name,
                rows: copied,
                of: total.max(copied),
            });
            return Ok(());
        };
        let last_key: Vec<Value> = key
            .iter()
            .map(|k| last[columns.position(k)].clone())
            .collect();
        let note = vec![(marker.clone(), serde_json::to_string(&last_key)?)];
        target.write(name, columns, &rows, &note, false).await?;
        copied += rows.len() as u64;
        after = Some(last_key);
        progress(Progress::Copied {
            table: name,
            rows: copied,
            of: total.max(copied),
        });
    }
}

async fn checksum(
    side: &Side,
    name: &str,
    key: &[&str],
    columns: &Columns,
    batch: usize,
) -> anyhow::Result<Checksum> {
    let mut sum = Checksum::default();
    let mut after: Option<Vec<Value>> = None;
    loop {
        let rows = side
            .read(name, columns, key, after.as_deref(), batch)
            .await?;
        for row in &rows {
            sum.add(row);
        }
        match rows.last() {
            Some(last) if !key.is_empty() => {
                after = Some(
                    key.iter()
                        .map(|k| last[columns.position(k)].clone())
                        .collect(),
                );
            }
            _ => return Ok(sum),
        }
    }
}

/// The columns both sides have, read as PostgreSQL types them; a column on
/// one side only means the schemas differ, and nothing is copied.
async fn columns(source: &Side, target: &Side, table: &str) -> anyhow::Result<Columns> {
    let theirs = source.columns(table).await?;
    let ours = target.columns(table).await?;
    let names =
        |side: &[(String, Kind)]| side.iter().map(|(n, _)| n.clone()).collect::<BTreeSet<_>>();
    anyhow::ensure!(
        names(&theirs) == names(&ours),
        "the table {table} has different columns in the source ({}) and the target ({})",
        names(&theirs).into_iter().collect::<Vec<_>>().join(", "),
        names(&ours).into_iter().collect::<Vec<_>>().join(", ")
    );
    let typed = if !target.is_postgres() && source.is_postgres() {
        &theirs
    } else {
        &ours
    };
    let kind_of = |name: &str| typed.iter().find(|(n, _)| n == name).map(|(_, k)| *k);
    Ok(Columns {
        kinds: ours
            .iter()
            .map(|(n, _)| kind_of(n).unwrap_or(Kind::Text))
            .collect(),
        names: ours.into_iter().map(|(n, _)| n).collect(),
    })
}

/// A table this binary's copy does not list would be left behind silently.
async fn known_tables(side: &Side) -> anyhow::Result<()> {
    let listed: BTreeSet<&str> = TABLES
        .iter()
        .map(|(name, _)| *name)
        .chain(COORDINATION.iter().copied())
        .collect();
    let held = side.tables().await?;
    let unknown: Vec<&str> = held
        .iter()
        .map(String::as_str)
        .filter(|t| !listed.contains(t))
        .collect();
    anyhow::ensure!(
        unknown.is_empty(),
        "db copy does not know the table(s) {}: this binary cannot copy this database",
        unknown.join(", ")
    );
    Ok(())
}
