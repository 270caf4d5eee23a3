use crate::domain::survey::DocumentError;

/// Errors people can act on; `Display` is what they read.
#[derive(thiserror::Error)]
pub enum ManageError {
    #[error("{0}")]
    Invalid(String),
    /// Invalid input in one named field (the admin shows it next to the field).
    #[error("{message}")]
    Field {
        field: &'static str,
        message: String,
    },
    #[error("no account with id {0}")]
    UnknownAccount(String),
    #[error("the survey document is invalid:\n{}", .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    InvalidSurvey(Vec<DocumentError>),
    #[error("the slug {0:?} is already used by a survey of another account")]
    SlugTaken(String),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl std::fmt::Debug for ManageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unexpected(error) => write!(f, "{error:?}"),
            other => write!(f, "{other}"),
        }
    }
}
