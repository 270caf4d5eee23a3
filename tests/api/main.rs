mod forwarding;
mod helpers;
mod import;
mod protection;
mod survey_form;
