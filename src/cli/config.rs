//! `ankieter config check`: the settings a server started now would run
//! with (secrets hidden), where each came from, and every problem found; the
//! exit code is 0 only when the server would start.

use crate::configuration::{file_problems, variable_of, Settings};
use std::path::Path;

/// Prints the report; true when nothing is wrong.
pub async fn check(file: Option<&Path>) -> bool {
    let mut problems = Vec::new();
    let text = match file {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => {
                problems.extend(
                    file_problems(&text)
                        .into_iter()
                        .map(|p| format!("{}: {p}", path.display())),
                );
                Some(text)
            }
            Err(error) => {
                problems.push(format!("cannot read {}: {error}", path.display()));
                None
            }
        },
    };
    // Parsed once: which keys the file sets.
    let table = text.as_deref().and_then(|t| t.parse::<toml::Table>().ok());
    let in_file = |key: &str| {
        let mut current = table.as_ref();
        let parts: Vec<&str> = key.split('.').collect();
        for (i, part) in parts.iter().enumerate() {
            match current.and_then(|t| t.get(*part)) {
                Some(toml::Value::Table(inner)) if i + 1 < parts.len() => current = Some(inner),
                Some(_) if i + 1 == parts.len() => return true,
                _ => return false,
            }
        }
        false
    };
    match Settings::from_sources(text.as_deref(), std::env::vars()) {
        Ok(settings) => {
            println!("Settings (the environment wins over the file):");
            for (key, value) in settings.effective() {
                let value = if key == "database_url" {
                    crate::db::redacted(&value)
                } else {
                    value
                };
                let variable = variable_of(key);
                let source = if std::env::var_os(&variable).is_some() {
                    variable
                } else if in_file(key) {
                    "file".to_owned()
                } else {
                    "default".to_owned()
                };
                println!("  {key} = {value}    [{source}]");
            }
            if settings.listen.parse::<std::net::SocketAddr>().is_err() {
                problems.push(format!(
                    "listen: {:?} is not an address and port such as 127.0.0.1:8080",
                    settings.listen
                ));
            }
            match crate::db::probe(&settings.database_url).await {
                Ok(state) => println!("Database: {state}"),
                Err(error) => problems.push(format!("database: {error:#}")),
            }
        }
        Err(error) => problems.push(format!("{error:#}")),
    }
    if problems.is_empty() {
        println!("No problems: the server would start with these settings.");
        true
    } else {
        eprintln!("Problems ({}):", problems.len());
        for problem in &problems {
            eprintln!("  - {problem}");
        }
        false
    }
}
