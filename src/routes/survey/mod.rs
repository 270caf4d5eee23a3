//! Respondent pages: `/s/{slug}` (form), its password gate and thank-you page.

mod access;
mod body;
mod cache;
mod get;
mod link;
mod load;
mod password;
mod post;
mod view;

pub use body::MAX_FIELDS;
pub use get::{show_survey, show_thanks};
pub use link::LinkParams;
pub use load::{load_survey, LoadedSurvey, SurveyCache};
pub use password::unlock_survey;
pub use post::submit_response;
pub use view::SurveyPage;
