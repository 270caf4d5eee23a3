//! `ankieter demo`: a demo account whose SALESmanago is the built-in sandbox,
//! a Polish survey with every question type, and the server.

use crate::configuration::Settings;
use crate::domain::ContactCenterRules;
use crate::domain::{EndpointPolicy, Language};
use crate::manage::{
    create_account, create_admin, create_card_key, create_contact_center, create_token,
    import_survey, set_salesmanago, SalesmanagoInput,
};
use crate::sandbox::{
    EMPIK_PATH, SANDBOX_CLIENT_ID, SANDBOX_CUSTOMER_FIELD, SANDBOX_OWNER, SANDBOX_PATH,
    SANDBOX_QUEUE_ID, SANDBOX_SHOP_ID, SANDBOX_THULIUM_USER, SEED_CONTACT_EMAIL, SEED_CONTACT_ID,
    THULIUM_PATH,
};
use crate::startup::Application;
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

pub const DEMO_SURVEY: &str = include_str!("demo_survey.json");
const DEMO_ACCOUNT_KEY: &str = "demo_account_id";
const DEMO_ADMIN_EMAIL: &str = "admin@demo.example";
/// The demo admin's random password, encrypted under the server key so that
/// every `demo` run can print it again.
const DEMO_ADMIN_PASSWORD_KEY: &str = "demo_admin_password";
/// The demo's API token, kept the same way.
const DEMO_TOKEN_KEY: &str = "demo_api_token";
/// The demo's card key (the embeddable contact card), kept the same way.
const DEMO_CARD_KEY_KEY: &str = "demo_card_key";
/// The demo's contact-center integration.
pub const DEMO_INTEGRATION: &str = "thulium-demo";

pub async fn run(mut settings: Settings) -> anyhow::Result<()> {
    settings.sandbox = true;
    // The sandbox lives on this server, at a loopback address.
    settings.salesmanago.allow_any_endpoint = true;
    // The WAL write-out readies a server for bursts of thousands of submits a
    // second; a demo has none and would only get a 128 MB file for it.
    settings.wal_ready_mb = 0;
    // Bind first: the sandbox lives at this run's port, which may be 0 (any).
    let application = Application::build(settings.clone()).await?;
    let state = application.state();
    let (store, key) = (state.store.as_ref(), state.key.as_ref());
    let account_id = match store.meta(DEMO_ACCOUNT_KEY).await? {
        Some(id) => Uuid::parse_str(&id)?,
        None => {
            let account = create_account(store, "Demo (SALESmanago sandbox)", Language::Pl).await?;
            store
                .set_meta(DEMO_ACCOUNT_KEY, &account.id.to_string())
                .await?;
            account.id
        }
    };
    let sandbox_secret = key.sandbox_secret();
    let sandbox = SalesmanagoInput {
        endpoint: format!("http://127.0.0.1:{}{SANDBOX_PATH}", application.port()),
        client_id: SANDBOX_CLIENT_ID.into(),
        owner: SANDBOX_OWNER.into(),
        api_secret: Some(SecretString::from(sandbox_secret.clone())),
        property_prefix: None,
    };
    set_salesmanago(store, key, account_id, sandbox, EndpointPolicy::Any).await?;
    let slug = crate::domain::SurveyDocument::from_json(DEMO_SURVEY)
        .map_err(anyhow::Error::msg)?
        .slug;
    // Created once: an operator's later edits to the demo survey are kept.
    if store.survey_by_slug(&slug).await?.is_none() {
        import_survey(store, key, account_id, DEMO_SURVEY).await?;
    }
    let password = demo_admin_password(store, key, account_id).await?;
    if store
        .contact_center_by_name(account_id, DEMO_INTEGRATION)
        .await?
        .is_none()
    {
        create_contact_center(
            store,
            account_id,
            DEMO_INTEGRATION,
            ContactCenterRules::default(),
        )
        .await?;
    }
    demo_empikplace(store, key, account_id, application.port(), &sandbox_secret).await?;
    let token = demo_token(store, key, DEMO_TOKEN_KEY, || async {
        Ok(create_token(store, account_id, "demo").await?.1)
    })
    .await?;
    let card_key = demo_token(store, key, DEMO_CARD_KEY_KEY, || async {
        Ok(create_card_key(store, account_id, "demo helpdesk").await?.1)
    })
    .await?;
    let base = settings.public_base(application.port());
    println!();
    println!("ankieter demo is running (responses go to the built-in SALESmanago SANDBOX, not a real account).");
    println!("  Survey:                       {base}/s/{slug}");
    println!("  As from a SALESmanago e-mail: {base}/s/{slug}?smclientid={SEED_CONTACT_ID}");
    println!("  Sandbox contacts:             {base}{SANDBOX_PATH}");
    println!("  Admin:                        {base}/admin  (e-mail {DEMO_ADMIN_EMAIL}, password {password})");
    println!("  Demo account id:              {account_id}");
    println!(
        "The sandbox answers SALESmanago's API; point a SALESmanago client or curl at it with:"
    );
    println!("  Endpoint:                     {base}{SANDBOX_PATH}");
    println!("  Client ID:                    {SANDBOX_CLIENT_ID}");
    println!("  API secret:                   {sandbox_secret}");
    println!("  Owner:                        {SANDBOX_OWNER}");
    println!("A contact-center interaction becomes an event on the sandbox contact:");
    println!(
        "  curl -X POST {base}/api/v1/interactions -H 'Authorization: Bearer {token}' \\\n    \
         -H 'Content-Type: application/json' -d '{{\"integration\": \"{DEMO_INTEGRATION}\", \
         \"id\": \"demo-1\", \"type\": \"ticket_closed\", \"occurred_at\": \"2026-12-03T10:00:00+01:00\", \
         \"email\": \"{SEED_CONTACT_EMAIL}\", \"queue\": {{\"id\": \"32\", \"name\": \"Reklamacje\"}}}}'"
    );
    println!("The sandbox contact's card, as a helpdesk's sidebar shows it (a card key):");
    println!(
        "  {base}/card?key={card_key}&email={}",
        SEED_CONTACT_EMAIL.replace('@', "%40")
    );
    println!("EmpikPlace → Thulium: a customer writes in the sandbox inbox, a ticket opens in the sandbox helpdesk");
    println!("(within a minute), and an agent's reply there goes back to the customer:");
    println!("  {base}{EMPIK_PATH}");
    println!("Press Ctrl+C to stop.");
    println!();
    application.run_until_stopped().await
}

/// Creates the demo admin once with a random password; returns the password.
async fn demo_admin_password(
    store: &dyn crate::db::Store,
    key: &crate::crypto::ServerKey,
    account_id: Uuid,
) -> anyhow::Result<String> {
    let make = || async {
        let password = Uuid::new_v4().simple().to_string()[..16].to_owned();
        let secret = SecretString::from(password.clone());
        create_admin(store, account_id, DEMO_ADMIN_EMAIL, &secret).await?;
        Ok(password)
    };
    // The admin exists already: a password kept under another key is lost.
    Ok(made_once(
        store,
        key,
        DEMO_ADMIN_PASSWORD_KEY,
        Undecryptable::Keep,
        make,
    )
    .await?
    .unwrap_or_else(|| "(unknown after a server key change: use `ankieter admin create`)".into()))
}

/// Creates one of the demo's tokens (the API token, the card key) once;
/// returns it. A token kept under another server key is replaced.
async fn demo_token<F, Fut>(
    store: &dyn crate::db::Store,
    key: &crate::crypto::ServerKey,
    meta_key: &str,
    create: F,
) -> anyhow::Result<String>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<SecretString>>,
{
    let make = || async { Ok(create().await?.expose_secret().to_owned()) };
    Ok(
        made_once(store, key, meta_key, Undecryptable::MakeAgain, make)
            .await?
            .unwrap_or_default(),
    )
}

/// What to do with a kept secret the server key no longer decrypts.
#[derive(PartialEq)]
enum Undecryptable {
    Keep,
    MakeAgain,
}

/// A secret the demo makes once and keeps in `meta_key`, encrypted under the
/// server key, so that every run can print it again. `None`: it was kept,
/// cannot be decrypted, and is not to be made again.
async fn made_once<F, Fut>(
    store: &dyn crate::db::Store,
    key: &crate::crypto::ServerKey,
    meta_key: &str,
    undecryptable: Undecryptable,
    make: F,
) -> anyhow::Result<Option<String>>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<String>>,
{
    if let Some(sealed) = store.meta(meta_key).await? {
        match key.decrypt(&sealed, meta_key) {
            Ok(secret) => return Ok(Some(secret.expose_secret().to_owned())),
            Err(_) if undecryptable == Undecryptable::Keep => return Ok(None),
            Err(_) => {}
        }
    }
    let secret = make().await?;
    store
        .set_meta(meta_key, &key.encrypt(&secret, meta_key))
        .await?;
    Ok(Some(secret))
}

/// The demo's EmpikPlace shop, reading the sandbox inbox and writing into
/// the sandbox helpdesk (both on this server).
async fn demo_empikplace(
    store: &dyn crate::db::Store,
    key: &crate::crypto::ServerKey,
    account_id: Uuid,
    port: u16,
    secret: &str,
) -> anyhow::Result<()> {
    let existing = store
        .empik_integrations(account_id)
        .await?
        .into_iter()
        .find(|i| i.shop_id == SANDBOX_SHOP_ID);
    let secret = SecretString::from(secret.to_owned());
    let (api_url, thulium_url) = (
        format!("http://127.0.0.1:{port}{EMPIK_PATH}/api"),
        format!("http://127.0.0.1:{port}{THULIUM_PATH}/api"),
    );
    let input = crate::manage::EmpikInput {
        shop_id: SANDBOX_SHOP_ID,
        api_url: &api_url,
        api_key: Some(&secret),
        thulium_url: &thulium_url,
        thulium_user: SANDBOX_THULIUM_USER,
        thulium_password: Some(&secret),
        queue_id: SANDBOX_QUEUE_ID,
        category_id: "",
        customer_field: SANDBOX_CUSTOMER_FIELD,
        auto_reply: "Dziękujemy za wiadomość! Odpowiemy w ciągu 24 godzin.",
        poll_seconds: crate::manage::MIN_POLL_SECONDS,
        enabled: true,
    };
    crate::manage::save_empik(store, key, account_id, existing, &input).await?;
    Ok(())
}
