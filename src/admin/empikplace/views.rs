use crate::admin::views::{FieldErrors, Layout};
use crate::db::EmpikIntegration;
use crate::empik::DEFAULT_API_URL;
use crate::manage::EmpikInput;
use crate::thulium::Named;
use askama::Template;

pub struct EmpikRow {
    pub id: String,
    pub shop_id: String,
    pub queue_id: String,
    pub enabled: bool,
    pub paused: bool,
}

#[derive(Template)]
#[template(path = "admin/empikplace_list.html")]
pub struct EmpikListPage {
    pub rows: Vec<EmpikRow>,
    pub layout: Layout,
}

#[derive(Template)]
#[template(path = "admin/empikplace.html")]
pub struct EmpikPage {
    /// Empty for a new integration.
    pub id: String,
    pub shop_id: String,
    pub api_url: String,
    pub key_saved: bool,
    pub thulium_url: String,
    pub thulium_user: String,
    pub password_saved: bool,
    /// The address and user came from the contact-center integration.
    pub thulium_shared: bool,
    pub queue_id: String,
    pub category_id: String,
    pub customer_field: String,
    pub auto_reply: String,
    pub poll_seconds: i64,
    pub enabled: bool,
    pub paused_reason: Option<String>,
    pub queues: Vec<Named>,
    pub categories: Vec<Named>,
    pub errors: FieldErrors,
    pub result: Option<(bool, String)>,
    pub layout: Layout,
}

impl EmpikPage {
    pub fn blank(layout: Layout) -> Self {
        Self {
            id: String::new(),
            shop_id: String::new(),
            api_url: DEFAULT_API_URL.to_owned(),
            key_saved: false,
            thulium_url: String::new(),
            thulium_user: String::new(),
            password_saved: false,
            thulium_shared: false,
            queue_id: String::new(),
            category_id: String::new(),
            customer_field: String::new(),
            auto_reply: String::new(),
            poll_seconds: 60,
            enabled: true,
            paused_reason: None,
            queues: Vec::new(),
            categories: Vec::new(),
            errors: FieldErrors::default(),
            result: None,
            layout,
        }
    }

    pub fn of(integration: &EmpikIntegration, layout: Layout) -> Self {
        Self {
            id: integration.id.to_string(),
            shop_id: integration.shop_id.clone(),
            api_url: integration.api_url.clone(),
            key_saved: true,
            thulium_url: integration.thulium.url.clone(),
            thulium_user: integration.thulium.user.clone(),
            password_saved: true,
            queue_id: integration.queue_id.clone(),
            category_id: integration.category_id.clone().unwrap_or_default(),
            customer_field: integration.customer_field.clone(),
            auto_reply: integration.auto_reply.clone().unwrap_or_default(),
            poll_seconds: integration.poll_seconds,
            enabled: integration.enabled,
            paused_reason: integration.paused_reason.clone(),
            ..Self::blank(layout)
        }
    }

    /// What the admin typed, shown again with the problem (never a secret).
    pub fn refill(&mut self, input: &EmpikInput<'_>) {
        self.shop_id = input.shop_id.to_owned();
        self.api_url = input.api_url.to_owned();
        self.thulium_url = input.thulium_url.to_owned();
        self.thulium_user = input.thulium_user.to_owned();
        self.queue_id = input.queue_id.to_owned();
        self.category_id = input.category_id.to_owned();
        self.customer_field = input.customer_field.to_owned();
        self.auto_reply = input.auto_reply.to_owned();
        self.poll_seconds = input.poll_seconds;
        self.enabled = input.enabled;
    }
}

/// An EmpikPlace step as the ledger names it: the thread and what it is,
/// never the message's text (the detail page shows what was sent).
pub fn ledger_title(plan: &crate::domain::empik::EmpikPlan, layout: &Layout) -> String {
    use crate::domain::empik::{EmpikPlan, Party};
    let what = match plan {
        EmpikPlan::Message(m) => match m.from {
            Party::Customer => layout.t("empik-step-customer"),
            Party::Shop => layout.t("empik-step-shop"),
            Party::Operator => layout.t("empik-step-operator"),
        },
        EmpikPlan::Reply(_) => layout.t("empik-step-reply"),
        EmpikPlan::AutoReply(_) => layout.t("empik-step-auto-reply"),
    };
    format!("EmpikPlace · {} · {what}", plan.thread_id())
}
