//! Respondent pages: `/s/{slug}` (form), its password gate and thank-you
//! page, and the addresses that belong to no survey. They translate HTTP
//! (cookies, forms, redirects, pages) around the `submission` layer.

mod access;
mod body;
mod error;
mod get;
mod home;
mod password;
mod post;

pub use get::{show_survey, show_thanks};
pub use home::{home, unknown_path};
pub use password::unlock_survey;
pub use post::submit_response;
