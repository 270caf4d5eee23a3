use ankieter::cli::Cli;
use ankieter::configuration::Settings;
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    ankieter::telemetry::init();
    let outcome = match Settings::load() {
        Ok(settings) => cli.run(settings).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the context chain on one line: what failed and why.
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
