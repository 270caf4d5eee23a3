//! `ankieter demo`: a demo account whose SALESmanago is the built-in sandbox,
//! a Polish survey with every question type, and the server.

use crate::configuration::Settings;
use crate::domain::Language;
use crate::manage::{create_account, import_survey, set_salesmanago, SalesmanagoInput};
use crate::routes::sandbox::{SANDBOX_CLIENT_ID, SEED_CONTACT_ID};
use crate::startup::{load_key, Application};
use secrecy::SecretString;
use uuid::Uuid;

pub const DEMO_SURVEY: &str = include_str!("demo_survey.json");
const DEMO_ACCOUNT_KEY: &str = "demo_account_id";

pub async fn run(mut settings: Settings) -> anyhow::Result<()> {
    settings.sandbox = true;
    let store = crate::db::connect(&settings.database_url).await?;
    let key = load_key(&settings)?;
    let account_id = match store.meta(DEMO_ACCOUNT_KEY).await? {
        Some(id) => Uuid::parse_str(&id)?,
        None => {
            let account =
                create_account(store.as_ref(), "Demo (SALESmanago sandbox)", Language::Pl).await?;
            store
                .set_meta(DEMO_ACCOUNT_KEY, &account.id.to_string())
                .await?;
            account.id
        }
    };
    // Set on every start: the sandbox lives at this run's port.
    let sandbox = SalesmanagoInput {
        endpoint: format!(
            "http://127.0.0.1:{}/sandbox/salesmanago",
            settings.configured_port()
        ),
        client_id: SANDBOX_CLIENT_ID.into(),
        owner: "demo@example.pl".into(),
        api_secret: SecretString::from(key.sandbox_secret()),
        property_prefix: None,
    };
    set_salesmanago(store.as_ref(), &key, account_id, sandbox).await?;
    let slug = crate::domain::SurveyDocument::from_json(DEMO_SURVEY)
        .map_err(anyhow::Error::msg)?
        .slug;
    if store.survey_by_slug(&slug).await?.is_none() {
        import_survey(store.as_ref(), account_id, DEMO_SURVEY).await?;
    }
    drop(store);
    let application = Application::build(settings.clone()).await?;
    let base = settings.public_base(application.port());
    println!();
    println!("ankieter demo is running (responses go to the built-in SALESmanago SANDBOX, not a real account).");
    println!("  Survey:                       {base}/s/{slug}");
    println!("  As from a SALESmanago e-mail: {base}/s/{slug}?smclientid={SEED_CONTACT_ID}");
    println!("  Sandbox contacts:             {base}/sandbox/salesmanago");
    println!("  Demo account id:              {account_id}");
    println!("Press Ctrl+C to stop.");
    println!();
    application.run_until_stopped().await
}
