mod forwarding;
mod helpers;
mod import;
mod operations;
mod outage;
mod protection;
mod signed_links;
mod survey_form;
