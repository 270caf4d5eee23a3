use std::hash::{Hash, Hasher};

fn main() {
    // `sqlx::migrate!` embeds the migration files at compile time; without
    // this a new migration would not reach the binary until something else changed.
    println!("cargo:rerun-if-changed=src/db/migrations");
    asset_version();
    schema_version();
}

/// The newest migration's number, for `ankieter --version`: an operator sees
/// which schema a binary writes before pointing it at a database.
fn schema_version() {
    let newest = std::fs::read_dir("src/db/migrations/sqlite")
        .expect("the migrations folder")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.split('_').next()?.parse::<u32>().ok()
        })
        .max()
        .expect("at least one migration");
    println!("cargo:rustc-env=ANKIETER_SCHEMA_VERSION={newest}");
}

/// Asset URLs carry `?v=` and are cached for a year, so the version must
/// change whenever a file does (the package version does not).
fn asset_version() {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut names: Vec<_> = std::fs::read_dir("static")
        .expect("the static folder")
        .map(|entry| entry.expect("a static file").path())
        .collect();
    names.sort();
    for path in names {
        println!("cargo:rerun-if-changed={}", path.display());
        path.file_name().hash(&mut hasher);
        std::fs::read(&path)
            .expect("a static file")
            .hash(&mut hasher);
    }
    println!("cargo:rerun-if-changed=static");
    println!(
        "cargo:rustc-env=ANKIETER_ASSET_VERSION={:012x}",
        hasher.finish() & 0xffff_ffff_ffff
    );
}
