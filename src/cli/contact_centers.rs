//! `ankieter contact-center …`: integrations that turn contact-center
//! interactions into SALESmanago external events.

use super::{parse_id, read_secret};
use crate::configuration::Settings;
use crate::db::{ContactCenter, Store};
use crate::domain::{
    parse_event_type, ContactCenterRules, EventPrefix, Forward, InteractionType, RespondentEmail,
};
use crate::manage::{
    create_contact_center, delete_contact_center, renew_webhook_credentials, save_contact_center,
    set_thulium, WebhookCredentials,
};
use clap::{Args, Subcommand};
use secrecy::ExposeSecret;
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum ContactCenterCommand {
    /// Create an integration; prints its webhook URL and credentials (once).
    Create {
        #[arg(long)]
        account: String,
        /// 3–36 letters, digits, '-' or '_'; the events' SALESmanago location.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// The account's integrations.
    List {
        #[arg(long)]
        account: String,
    },
    /// One integration's settings.
    Show {
        #[arg(long)]
        account: String,
        name: String,
    },
    /// Change an integration's settings (only the options given).
    Set {
        #[arg(long)]
        account: String,
        name: String,
        #[arg(long)]
        rename: Option<String>,
        #[command(flatten)]
        rules: RulesArgs,
        /// New webhook credentials (printed once); the old ones stop working.
        #[arg(long)]
        new_webhook_password: bool,
    },
    /// Queue a made-up interaction of TYPE for an e-mail, whatever the
    /// filters, to see the event arrive in SALESmanago (the running server sends it).
    TestEvent {
        #[arg(long)]
        account: String,
        name: String,
        #[arg(long)]
        email: String,
        /// e.g. ticket_closed, incoming_call_completed.
        #[arg(long = "type", default_value = "ticket_closed")]
        kind: String,
    },
    /// Delete an integration with its deliveries.
    Delete {
        #[arg(long)]
        account: String,
        name: String,
    },
    /// Thulium's REST API for polling tickets (password from
    /// ANKIETER_THULIUM_PASSWORD or standard input).
    Thulium {
        #[arg(long)]
        account: String,
        name: String,
        /// https://<system>.thulium.com/api (or just <system>).
        #[arg(long, required_unless_present = "remove")]
        thulium_url: Option<String>,
        #[arg(long, required_unless_present = "remove")]
        thulium_user: Option<String>,
        /// Stop polling and forget the API user.
        #[arg(long)]
        remove: bool,
    },
}

/// What an integration forwards and how. Unset options keep what is there
/// (the defaults, at creation).
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The start of every event name [default: THULIUM].
    #[arg(long)]
    prefix: Option<String>,
    /// Create contacts SALESmanago does not have (else their events are ignored).
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    add_missing_contacts: Option<bool>,
    /// The tag a contact created for an event gets ('' for none).
    #[arg(long)]
    new_contact_tag: Option<String>,
    /// Ticket queues forwarded: ids separated by commas, `all` or `none`.
    #[arg(long)]
    ticket_queues: Option<String>,
    /// Chat queues forwarded: ids separated by commas, `all` or `none`.
    #[arg(long)]
    chat_queues: Option<String>,
    /// Infoline (call) queues forwarded: ids separated by commas, `all` or `none`.
    #[arg(long)]
    call_queues: Option<String>,
    /// An event's SALESmanago type, e.g. `ticket_closed=CANCELLATION` (repeatable).
    #[arg(long = "event-type", value_name = "TYPE=EVENT_TYPE")]
    event_types: Vec<String>,
}

impl RulesArgs {
    fn apply(&self, mut rules: ContactCenterRules) -> anyhow::Result<ContactCenterRules> {
        if let Some(prefix) = &self.prefix {
            rules.prefix =
                EventPrefix::parse(prefix).map_err(|e| anyhow::anyhow!("--prefix {e}"))?;
        }
        if let Some(add) = self.add_missing_contacts {
            rules.add_missing_contacts = add;
        }
        if let Some(tag) = &self.new_contact_tag {
            rules.new_contact_tag = Some(tag.trim().to_owned()).filter(|t| !t.is_empty());
        }
        for (raw, forward) in [
            (&self.ticket_queues, &mut rules.tickets),
            (&self.chat_queues, &mut rules.chats),
            (&self.call_queues, &mut rules.calls),
        ] {
            if let Some(raw) = raw {
                *forward = Forward::parse(raw).map_err(anyhow::Error::msg)?;
            }
        }
        for pair in &self.event_types {
            let (kind, event_type) = pair.split_once('=').ok_or_else(|| {
                anyhow::anyhow!("--event-type takes TYPE=EVENT_TYPE, not {pair:?}")
            })?;
            let kind = InteractionType::parse(kind.trim())
                .ok_or_else(|| anyhow::anyhow!("{kind:?} is not an interaction type"))?;
            rules.event_types.insert(
                kind,
                parse_event_type(event_type).map_err(anyhow::Error::msg)?,
            );
        }
        Ok(rules)
    }
}

impl ContactCenterCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<()> {
        let store = crate::db::connect(&settings.database_url).await?;
        let store = store.as_ref();
        match self {
            Self::Create {
                account,
                name,
                rules,
            } => {
                let account_id = parse_id(&account, "account")?;
                let rules = rules.apply(ContactCenterRules::default())?;
                let (integration, credentials) =
                    create_contact_center(store, account_id, &name, rules).await?;
                println!(
                    "Integration {} created ({}).",
                    integration.name.as_str(),
                    integration.id
                );
                print_webhook(settings, &integration, &credentials);
                print_rules(&integration);
            }
            Self::List { account } => {
                let account_id = parse_id(&account, "account")?;
                let all = store.contact_centers(account_id).await?;
                if all.is_empty() {
                    eprintln!("No contact-center integrations.");
                }
                for integration in all {
                    println!(
                        "{}  {:<36}  prefix {}  {}",
                        integration.id,
                        integration.name.as_str(),
                        integration.rules.prefix.as_str(),
                        if integration.thulium.is_some() {
                            "polls Thulium"
                        } else {
                            ""
                        }
                    );
                }
            }
            Self::Show { account, name } => {
                let integration = find(store, &account, &name).await?;
                println!("{} ({})", integration.name.as_str(), integration.id);
                println!("Webhook URL: {}", webhook_url(settings, integration.id));
                println!("Webhook user: {}", integration.webhook_user);
                print_rules(&integration);
            }
            Self::Set {
                account,
                name,
                rename,
                rules,
                new_webhook_password,
            } => {
                let mut integration = find(store, &account, &name).await?;
                let new_rules = rules.apply(integration.rules.clone())?;
                let new_name = rename.unwrap_or_else(|| integration.name.as_str().to_owned());
                save_contact_center(store, &mut integration, &new_name, new_rules).await?;
                println!("Integration {} saved.", integration.name.as_str());
                if new_webhook_password {
                    let credentials = renew_webhook_credentials(store, &mut integration).await?;
                    print_webhook(settings, &integration, &credentials);
                }
                print_rules(&integration);
            }
            Self::TestEvent {
                account,
                name,
                email,
                kind,
            } => {
                let integration = find(store, &account, &name).await?;
                let kind = InteractionType::parse(kind.trim())
                    .ok_or_else(|| anyhow::anyhow!("{kind:?} is not an interaction type"))?;
                let email = RespondentEmail::parse(&email)
                    .ok_or_else(|| anyhow::anyhow!("{email:?} is not an e-mail address"))?;
                let delivery =
                    crate::contact_center::send_test(store, &integration, kind, email).await?;
                println!(
                    "Test event {} queued as delivery {delivery}; see `ankieter deliveries list`.",
                    integration.rules.prefix.event_name(kind)
                );
            }
            Self::Delete { account, name } => {
                let integration = find(store, &account, &name).await?;
                delete_contact_center(store, integration.account_id, integration.id).await?;
                println!(
                    "Integration {} deleted with its deliveries.",
                    integration.name.as_str()
                );
            }
            Self::Thulium {
                account,
                name,
                thulium_url,
                thulium_user,
                remove,
            } => {
                let mut integration = find(store, &account, &name).await?;
                let key = crate::startup::load_key(settings)?;
                if remove {
                    set_thulium(store, &key, &mut integration, None).await?;
                    println!(
                        "Thulium's API is no longer polled for {}.",
                        integration.name.as_str()
                    );
                } else {
                    let (url, user) = (
                        thulium_url.unwrap_or_default(),
                        thulium_user.unwrap_or_default(),
                    );
                    let password =
                        read_secret("ANKIETER_THULIUM_PASSWORD", "Thulium API password")?;
                    let access = Some((url.as_str(), user.as_str(), Some(&password)));
                    set_thulium(store, &key, &mut integration, access).await?;
                    println!(
                        "Thulium's API ({}) is polled for {} by the running server.",
                        integration
                            .thulium
                            .as_ref()
                            .map(|t| t.url.as_str())
                            .unwrap_or_default(),
                        integration.name.as_str()
                    );
                }
            }
        }
        Ok(())
    }
}

async fn find(store: &dyn Store, account: &str, name: &str) -> anyhow::Result<ContactCenter> {
    let account_id = parse_id(account, "account")?;
    store
        .contact_center_by_name(account_id, name)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the account has no contact-center integration {name:?}"))
}

fn webhook_url(settings: &Settings, id: Uuid) -> String {
    let base = settings
        .public_url_base()
        .map(str::to_owned)
        .unwrap_or_else(|| format!("http://{}", settings.listen));
    format!("{base}/hooks/thulium/{id}")
}

fn print_webhook(
    settings: &Settings,
    integration: &ContactCenter,
    credentials: &WebhookCredentials,
) {
    println!("Webhook URL (Thulium → Administration → Advanced → Webhooks):");
    println!("  {}", webhook_url(settings, integration.id));
    println!("HTTP Basic user:     {}", credentials.user);
    println!(
        "HTTP Basic password: {}",
        credentials.password.expose_secret()
    );
    eprintln!("The password is shown only now: ankieter keeps only its hash.");
}

fn print_rules(integration: &ContactCenter) {
    let rules = &integration.rules;
    println!(
        "Events: {}_… at location {}",
        rules.prefix.as_str(),
        integration.name.location()
    );
    println!(
        "Forwarded: tickets {}, chats {}, calls {}",
        rules.tickets.describe(),
        rules.chats.describe(),
        rules.calls.describe()
    );
    println!(
        "Contacts SALESmanago does not have: {}",
        match (rules.add_missing_contacts, &rules.new_contact_tag) {
            (false, _) => "event ignored".to_owned(),
            (true, None) => "added".to_owned(),
            (true, Some(tag)) => format!("added with the tag {tag}"),
        }
    );
    for kind in InteractionType::ALL {
        println!("  {:<24} {}", kind.as_str(), rules.event_type(kind));
    }
}
