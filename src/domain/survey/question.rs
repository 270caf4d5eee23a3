/// A checked question: its kind carries exactly what that kind needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub required: bool,
    pub kind: QuestionKind,
    /// The SALESmanago property key (prefix + slug, collisions numbered, or
    /// prefix + the pinned key); filled in for the account's prefix by
    /// [`super::Survey::with_property_keys`].
    pub property_key: String,
    /// The key's part after the prefix, pinned by the admin.
    pub pinned_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    Email,
    Text,
    Textarea,
    Single { options: Vec<String> },
    Multi { options: Vec<String> },
    Dropdown { options: Vec<String> },
    Scale { min: i64, max: i64 },
    Number { min: Option<i64>, max: Option<i64> },
    Date,
    Consent { opt_in: bool },
}

pub const KIND_NAMES: [&str; 10] = [
    "email", "text", "textarea", "single", "multi", "dropdown", "scale", "number", "date",
    "consent",
];

impl QuestionKind {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Text => "text",
            Self::Textarea => "textarea",
            Self::Single { .. } => "single",
            Self::Multi { .. } => "multi",
            Self::Dropdown { .. } => "dropdown",
            Self::Scale { .. } => "scale",
            Self::Number { .. } => "number",
            Self::Date => "date",
            Self::Consent { .. } => "consent",
        }
    }

    pub fn options(&self) -> &[String] {
        match self {
            Self::Single { options } | Self::Multi { options } | Self::Dropdown { options } => {
                options
            }
            _ => &[],
        }
    }

    /// The longest answer accepted, in characters.
    pub fn max_answer_chars(&self) -> usize {
        match self {
            Self::Textarea => 10_000,
            _ => 1_000,
        }
    }
}
