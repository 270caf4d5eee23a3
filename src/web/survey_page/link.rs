//! What a survey link carries (`smclientid`, `sig` for signed links, and the
//! survey's declared hidden fields), kept through the password gate and the form.

use crate::domain::survey::MAX_HIDDEN_VALUE_CHARS;
use crate::domain::{FormFields, Survey};
use crate::submission::LinkContact;
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

    /// The contact part of the link, for the submission layer.
    pub fn contact(&self) -> LinkContact {
        LinkContact {
            smclientid: self.smclientid.clone(),
            sig: self.sig.clone(),
        }
    }
}
