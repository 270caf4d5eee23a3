use super::parse_id;
use crate::configuration::Settings;
use crate::db::SaveSurveyOutcome;
use anyhow::Context;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Import (or replace) a survey from its JSON document and print its URL.
    Import {
        #[arg(long)]
        account: String,
        file: PathBuf,
    },
    /// List an account's surveys with their URLs and response counts.
    List {
        #[arg(long)]
        account: String,
    },
}

impl SurveyCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let store = crate::db::connect(&settings.database_url).await?;
        let base = settings.public_base(settings.configured_port());
        match self {
            Self::Import { account, file } => {
                let account_id = parse_id(&account, "account")?;
                let json = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let (survey, outcome) =
                    crate::manage::import_survey(store.as_ref(), account_id, &json).await?;
                let verb = if matches!(outcome, SaveSurveyOutcome::Replaced(_)) {
                    "replaced"
                } else {
                    "created"
                };
                eprintln!("Survey {:?} {verb}.", survey.slug.as_str());
                println!("{base}/s/{}", survey.slug);
            }
            Self::List { account } => {
                let account_id = parse_id(&account, "account")?;
                let surveys = store.surveys(account_id).await?;
                if surveys.is_empty() {
                    eprintln!("No surveys for account {account_id}.");
                }
                for survey in surveys {
                    let sm = if survey.salesmanago_enabled {
                        "→ SALESmanago"
                    } else {
                        "SALESmanago off"
                    };
                    println!(
                        "{base}/s/{}  {:?}  {} responses  {sm}",
                        survey.slug, survey.title, survey.responses
                    );
                }
            }
        }
        Ok(())
    }
}
