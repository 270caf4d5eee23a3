//! What a survey link carries (`smclientid`, `sig` for signed links, and the
//! survey's declared hidden fields), kept through the password gate and the form.

use crate::crypto::ServerKey;
use crate::db::StoredSurvey;
use crate::domain::survey::MAX_HIDDEN_VALUE_CHARS;
use crate::domain::{verify_contact_id, FormFields, Survey};
use actix_web::HttpRequest;

const ANSWER_AGAIN: &str = "answer-again";

#[derive(Debug, Clone, Default)]
pub struct LinkParams {
    pub smclientid: String,
    pub sig: String,
    /// The survey's hidden fields that the link filled, in declared order.
    pub hidden: Vec<(String, String)>,
    /// `embed=1`: shown inside another site's iframe (no page chrome, and
    /// the page reports its height and the submission to the host page).
    pub embed: bool,
    /// `answer-again=1`: the respondent chose to answer once more (see
    /// `access::has_answered`); only ever in a page's address, never in a
    /// form. The hyphen keeps it apart from every hidden field's name.
    pub again: bool,
}

/// Untrusted input: bounded before it goes anywhere.
fn bounded(value: Option<&str>) -> String {
    value.unwrap_or_default().chars().take(200).collect()
}

impl LinkParams {
    /// From the page's query string; a malformed query string carries nothing.
    pub fn from_query(request: &HttpRequest, survey: &Survey) -> Self {
        let pairs = FormFields::decode(request.query_string().as_bytes(), 100).unwrap_or_default();
        Self::from_form(&pairs, survey)
    }

    pub fn from_form(form: &FormFields, survey: &Survey) -> Self {
        Self {
            smclientid: bounded(form.first("smclientid")),
            sig: bounded(form.first("sig")),
            hidden: survey
                .hidden_fields
                .iter()
                .filter_map(|field| {
                    let value: String = form
                        .first(&field.name)?
                        .trim()
                        .chars()
                        .take(MAX_HIDDEN_VALUE_CHARS)
                        .collect();
                    (!value.is_empty()).then(|| (field.name.clone(), value))
                })
                .collect(),
            embed: form.first("embed") == Some("1"),
            again: form.first(ANSWER_AGAIN) == Some("1"),
        }
    }

    /// `?smclientid=…&sig=…&utm_source=…`, or nothing.
    pub fn query_string(&self) -> String {
        let mut pairs = Vec::new();
        if !self.smclientid.is_empty() {
            pairs.push(("smclientid", self.smclientid.as_str()));
        }
        if !self.sig.is_empty() {
            pairs.push(("sig", self.sig.as_str()));
        }
        for (name, value) in &self.hidden {
            pairs.push((name.as_str(), value.as_str()));
        }
        if self.embed {
            pairs.push(("embed", "1"));
        }
        if self.again {
            pairs.push((ANSWER_AGAIN, "1"));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!(
                "?{}",
                serde_urlencoded::to_string(pairs).unwrap_or_default()
            )
        }
    }

    /// Whether the link carries a contact id with its correct signature
    /// (ankieter made this link for this contact).
    pub fn is_signed(&self, key: &ServerKey, stored: &StoredSurvey) -> bool {
        if self.smclientid.trim().is_empty() || self.sig.is_empty() {
            return false;
        }
        crate::manage::link_key(key, stored)
            .map(|link_key| verify_contact_id(&link_key, &self.smclientid, &self.sig))
            .unwrap_or_else(|error| {
                tracing::error!(error = format!("{error:#}"), "cannot check a signed link");
                false
            })
    }

    /// The smclientid this fill may use, and a note when it was refused: a
    /// survey that requires signed links ignores a missing or wrong `sig`.
    pub fn accepted_smclientid(
        &self,
        key: &ServerKey,
        stored: &StoredSurvey,
        survey: &Survey,
    ) -> (String, Option<String>) {
        if !survey.require_signed_links || self.smclientid.trim().is_empty() {
            return (self.smclientid.clone(), None);
        }
        if self.is_signed(key, stored) {
            (self.smclientid.clone(), None)
        } else {
            let note = "the link's smclientid has no valid signature and was ignored (the survey requires signed links)";
            (String::new(), Some(note.to_owned()))
        }
    }
}
