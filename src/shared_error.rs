//! One error handed to every request that waited on the same work (a
//! survey load, a batch of writes): an `anyhow::Error` cannot be cloned, so
//! each gets this handle on the shared original, which prints the same and
//! keeps every cause, so callers can still tell what went wrong.

use std::sync::Arc;

#[derive(Debug)]
pub struct SharedError(Arc<anyhow::Error>);

impl SharedError {
    /// A new handle on `error`, as an error of its own.
    pub fn handle(error: &Arc<anyhow::Error>) -> anyhow::Error {
        anyhow::Error::new(Self(error.clone()))
    }

    /// The shared original, whose first cause this handle's chain skips
    /// (it prints as that cause).
    pub fn original(&self) -> &anyhow::Error {
        &self.0
    }
}

impl std::fmt::Display for SharedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&**self.0, f)
    }
}

impl std::error::Error for SharedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handle_prints_as_the_original_with_its_causes() {
        let original = Arc::new(anyhow::anyhow!("disk full").context("cannot store"));
        let handle = SharedError::handle(&original);
        assert_eq!(format!("{handle:#}"), "cannot store: disk full");
        assert_eq!(
            format!("{:#}", SharedError::handle(&original)),
            format!("{original:#}")
        );
    }
}
