//! Survey responses, whichever adapter they come through (the respondent's
//! form, the JSON API): [`Submissions::submit`] checks the link's contact
//! and the answers, stores the response with its delivery in one
//! transaction, and wakes the delivery worker. The adapters only translate
//! HTTP around it.

mod contact;
mod load;
mod record;
mod submit;

pub use contact::{check_contact, CheckedContact, LinkContact, Trust};
pub use load::{LoadedSurvey, SurveyCache};
pub use submit::{once_per_browser_applies, Accepted, Submission, Submissions, SubmitError};
