//! Helpers for tests that run the real `ankieter` binary.
#![allow(dead_code)] // each test binary uses a different part

use std::io::Write;
use std::process::{Command, Output, Stdio};

pub struct Cli {
    pub dir: tempfile::TempDir,
    /// `ANKIETER_DATABASE_URL` for every command; `None`: the default SQLite file.
    pub database: Option<String>,
}

impl Cli {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            database: None,
        }
    }

    /// Commands and servers that share the database at `url`.
    pub fn on_database(url: &str) -> Self {
        Self {
            database: Some(url.to_owned()),
            ..Self::new()
        }
    }

    /// The binary under test: `ANKIETER_BIN` runs the tests against another
    /// build, e.g. target/release/ankieter.
    pub fn binary() -> String {
        std::env::var("ANKIETER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ankieter").to_owned())
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(Self::binary());
        command.args(args);
        self.environment(&mut command);
        command
    }

    /// The folder and environment every command of this test runs with.
    pub fn environment(&self, command: &mut Command) {
        command
            .current_dir(self.dir.path())
            .env_remove("ANKIETER_SECRET_KEY")
            .env_remove("ANKIETER_DATABASE_URL")
            .env_remove("ANKIETER_SM_API_SECRET")
            .env_remove("ANKIETER_ADMIN_PASSWORD")
            .env_remove("ANKIETER_PUBLIC_URL")
            .env("ANKIETER_PUBLIC_URL", "https://ankiety.example.pl/")
            // SALESmanago is a local fake in these tests.
            .env("ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT", "true")
            .env("NO_COLOR", "1");
        if let Some(url) = &self.database {
            command.env("ANKIETER_DATABASE_URL", url);
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
}

pub fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Kills the demo server when the test ends, however it ends.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `ankieter serve` on port 0 and returns it with its base URL, read
/// from the "listening" log line.
pub fn serve(cli: &Cli) -> (Running, String, std::thread::JoinHandle<String>) {
    serve_with(cli, &[])
}

pub fn serve_with(
    cli: &Cli,
    env: &[(&str, &str)],
) -> (Running, String, std::thread::JoinHandle<String>) {
    let mut command = cli.command(&["serve"]);
    // Debug level: the leak checks then cover every log line ankieter and its libraries write.
    command
        .env("ANKIETER_LISTEN", "127.0.0.1:0")
        .env("RUST_LOG", "debug");
    command.envs(env.iter().copied());
    start_serving(command)
}

/// Starts `command` (a server on port 0) and returns it with its base URL,
/// read from the "listening" log line, and its log so far and to come.
pub fn start_serving(mut command: Command) -> (Running, String, std::thread::JoinHandle<String>) {
    use std::io::BufRead;
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut address = None;
    let mut log = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        log.push_str(&line);
        log.push('\n');
        if let Some(at) = line.find("listening on ") {
            address = Some(
                line[at + 13..]
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .to_owned(),
            );
            break;
        }
    }
    // Keep reading so the server never blocks on a full pipe; hand the log back at the end.
    let rest = std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            log.push_str(&line);
            log.push('\n');
        }
        log
    });
    (
        Running(child),
        address.expect("the server logs its address"),
        rest,
    )
}

impl Cli {
    /// Creates an account whose SALESmanago is `endpoint`; returns its id.
    pub fn account_with_salesmanago(&self, endpoint: &str, secret: &str) -> String {
        let account = stdout(&self.run(&["account", "create", "--name", "Firma"]))
            .trim()
            .to_owned();
        let set = self
            .command(&[
                "salesmanago",
                "set",
                "--account",
                &account,
                "--endpoint",
                endpoint,
                "--client-id",
                "c",
                "--owner",
                "o@firma.pl",
            ])
            .env("ANKIETER_SM_API_SECRET", secret)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        stdout(&set);
        account
    }

    /// Imports the demo survey (every question type, `demo-ankieta`) for the account.
    pub fn import_demo(&self, account: &str) {
        let survey = self.dir.path().join("survey.json");
        std::fs::write(&survey, ankieter::cli::DEMO_SURVEY).unwrap();
        stdout(&self.run(&[
            "survey",
            "import",
            "--account",
            account,
            survey.to_str().unwrap(),
        ]));
    }

    pub async fn store(&self) -> std::sync::Arc<dyn ankieter::db::Store> {
        match &self.database {
            Some(url) => ankieter::db::connect(url).await.unwrap(),
            None => store_at(&self.dir.path().join("ankieter-data/ankieter.db")).await,
        }
    }
}

/// Opens the database file at `path` as the CLI would.
pub async fn store_at(path: &std::path::Path) -> std::sync::Arc<dyn ankieter::db::Store> {
    ankieter::db::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}
