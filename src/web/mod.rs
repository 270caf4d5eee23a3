//! What every HTTP adapter (respondent pages, admin, API, sandbox,
//! operations) shares and none of them owns: the application state, page
//! rendering, bounded request bodies, security headers, static files and
//! rate limits.

mod assets;
pub mod body;
pub mod limits;
pub mod page;
mod probe;
pub mod security;
pub mod sign_in_lock;
mod state;
pub mod survey_page;

pub use assets::{asset, embed_script, embed_snippet, ASSET_VERSION};
pub use probe::WriteProbe;
pub use state::AppState;
