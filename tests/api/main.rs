mod forwarding;
mod helpers;
mod import;
mod operations;
mod protection;
mod survey_form;
