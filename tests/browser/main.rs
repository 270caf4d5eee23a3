//! End to end in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`, which `.ci/run` installs): an admin signs in, sets the
//! SALESmanago access (a local mock), builds a survey in the editor, a
//! respondent answers it, and the admin sees the delivery delivered; a survey
//! embedded on another site; a respondent on a phone and in an embed.
//! Every page visited is saved as a PNG under `target/screenshots/`.
//!
//! Without chromedriver the test says so loudly and passes locally; with
//! `CI` set it fails instead, so CI can never skip it silently.

mod admin;
mod builder;
mod contacts;
mod embed;
mod language;
mod respondent;
mod support;
