use super::parse_id;
use crate::configuration::Settings;
use crate::db::SaveSurveyOutcome;
use crate::domain::{sign_contact_id, ContactId};
use anyhow::{bail, Context};
use clap::{ArgGroup, Subcommand};
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
    /// Print signed smclientid links (for surveys with `require_signed_links`):
    /// one contact, or a CSV `contact_id,sig,url` for a file of contact ids.
    #[command(group(ArgGroup::new("who").required(true).args(["contact_id", "contacts"])))]
    Link {
        #[arg(long)]
        account: String,
        #[arg(long)]
        survey: String,
        #[arg(long)]
        contact_id: Option<String>,
        /// A file with one SALESmanago contact id per line (a CSV's first column).
        #[arg(long)]
        contacts: Option<PathBuf>,
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
                let key = crate::startup::load_key(settings)?;
                let (survey, outcome) =
                    crate::manage::import_survey(store.as_ref(), &key, account_id, &json).await?;
                super::audit(
                    store.as_ref(),
                    account_id,
                    "survey.import",
                    format!("/s/{}", survey.slug),
                )
                .await?;
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
                    println!(
                        "    embed: {}",
                        crate::web::embed_snippet(&base, &survey.slug, &survey.hidden_fields, None)
                    );
                }
            }
            Self::Link {
                account,
                survey,
                contact_id,
                contacts,
            } => {
                let account_id = parse_id(&account, "account")?;
                let stored = match store.survey_by_slug(&survey).await? {
                    Some(stored) if stored.account_id == account_id => stored,
                    _ => bail!("account {account_id} has no survey {survey:?}"),
                };
                if !stored.document.salesmanago.require_signed_links {
                    eprintln!("Note: survey {survey:?} does not require signed links; plain ?smclientid= links work too.");
                }
                let link_key =
                    crate::manage::link_key(&crate::startup::load_key(settings)?, &stored)?;
                let link = |id: &ContactId| {
                    let id = id.as_string();
                    let sig = sign_contact_id(&link_key, &id);
                    (
                        format!("{base}/s/{survey}?smclientid={id}&sig={sig}"),
                        id,
                        sig,
                    )
                };
                match (contact_id, contacts) {
                    (Some(raw), _) => {
                        let id = ContactId::parse(&raw)
                            .with_context(|| format!("{raw:?} is not a contact id (UUID)"))?;
                        println!("{}", link(&id).0);
                    }
                    (None, Some(file)) => {
                        let text = std::fs::read_to_string(&file)
                            .with_context(|| format!("cannot read {}", file.display()))?;
                        println!("contact_id,sig,url");
                        for (number, line) in text.lines().enumerate() {
                            let first = line
                                .split([',', ';', '\t'])
                                .next()
                                .unwrap_or_default()
                                .trim()
                                .trim_matches('"');
                            if first.is_empty()
                                || (number == 0 && ContactId::parse(first).is_none())
                            {
                                continue; // blank lines and a header row
                            }
                            let id = ContactId::parse(first).with_context(|| {
                                format!(
                                    "{}:{}: {first:?} is not a contact id",
                                    file.display(),
                                    number + 1
                                )
                            })?;
                            let (url, id, sig) = link(&id);
                            println!("{id},{sig},{url}");
                        }
                    }
                    (None, None) => bail!("give --contact-id or --contacts"),
                }
            }
        }
        Ok(())
    }
}
