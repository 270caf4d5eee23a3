mod forwarding;
mod helpers;
mod import;
mod operations;
mod protection;
mod signed_links;
mod survey_form;
