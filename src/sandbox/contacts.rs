//! What the sandbox keeps of a contact: its properties, tags, consent and
//! external events, in memory.

#[derive(Clone)]
pub struct SandboxContact {
    pub id: String,
    pub email: Option<String>,
    pub properties: Vec<(String, String)>,
    pub tags: Vec<String>,
    pub opted_in: bool,
    pub writes: u32,
    /// External events, oldest first.
    pub events: Vec<SandboxEvent>,
}

impl SandboxContact {
    pub(super) fn new(id: String, email: &str) -> Self {
        Self {
            id,
            email: Some(email.to_owned()),
            properties: Vec::new(),
            tags: Vec::new(),
            opted_in: false,
            writes: 0,
            events: Vec::new(),
        }
    }

    /// SALESmanago treats addresses case-insensitively: `Jan.Kowalski@Example.pl`
    /// is the same contact as `jan.kowalski@example.pl`.
    pub(super) fn has_email(&self, email: &str) -> bool {
        self.email
            .as_deref()
            .is_some_and(|own| own.to_lowercase() == email.to_lowercase())
    }
}

/// One event on a sandbox contact.
#[derive(Clone, Debug)]
pub struct SandboxEvent {
    pub id: String,
    pub description: String,
    pub event_type: String,
    pub date: i64,
    pub external_id: Option<String>,
    pub location: Option<String>,
    /// `detail1`…`detail20` that were given, in order.
    pub details: Vec<(String, String)>,
}
