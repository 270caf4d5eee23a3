mod forwarding;
mod helpers;
mod import;
mod survey_form;
