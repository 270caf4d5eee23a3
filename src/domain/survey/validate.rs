//! Checks a [`SurveyDocument`] and turns it into a [`Survey`]. Every error names
//! the field it is about, e.g. `questions[2].options: a choice question needs options`.

use super::problems::{check_text, DocumentError, Errors};
use super::question_checks::check_question;
use super::{
    Access, AccessMode, Availability, AvailabilityDocument, HiddenField, SalesmanagoTarget, Survey,
    SurveyDocument,
};
use crate::domain::person::MAX_RETENTION_DAYS;
use crate::domain::Tag;
use std::collections::HashSet;
use std::fmt;

pub const MAX_QUESTIONS: usize = 200;

/// A survey's address part: `/s/{slug}`. Lower-case letters, digits, hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SurveySlug(String);

impl SurveySlug {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let ok = (1..=64).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(format!(
                "{raw:?} is not a valid slug: use 1–64 lower-case letters, digits and inner hyphens"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SurveySlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Survey {
    /// Checks the whole document and reports every problem at once.
    pub fn from_document(doc: SurveyDocument) -> Result<Self, Vec<DocumentError>> {
        let mut errors = Errors(Vec::new());
        let slug = SurveySlug::parse(&doc.slug)
            .map_err(|e| {
                errors.add("slug", "slug-invalid", e);
            })
            .ok();
        check_text(&mut errors, "title", &doc.title, 300);
        if let Some(description) = &doc.description {
            if description.chars().count() > 5_000 {
                errors
                    .add("description", "too-long", "must be at most 5000 characters")
                    .arg("max", 5000);
            }
        }
        if let Some(thank_you) = &doc.thank_you {
            if thank_you.chars().count() > 5_000 {
                errors
                    .add("thank_you", "too-long", "must be at most 5000 characters")
                    .arg("max", 5000);
            }
        }
        let salesmanago_tag = match (&doc.salesmanago.enabled, &doc.salesmanago.tag) {
            (false, _) => None,
            (true, tag) => {
                let tag = tag.as_deref().and_then(Tag::parse);
                if tag.is_none() {
                    errors.add(
                        "salesmanago.tag",
                        "tag-needed",
                        "a survey that sends results to SALESmanago needs a tag",
                    );
                }
                Some(SalesmanagoTarget {
                    tag,
                    survey_event: doc.salesmanago.survey_event,
                    score_question: doc.salesmanago.score_question.clone(),
                })
            }
        };
        if doc.salesmanago.survey_event && !doc.salesmanago.enabled {
            errors.add(
                "salesmanago.survey_event",
                "event-needs-sending",
                "the SURVEY event follows the response's properties: turn sending to SALESmanago on",
            );
        }
        check_score_question(&mut errors, &doc);
        let access = match (doc.access.mode, doc.access.password.as_deref()) {
            (AccessMode::Open, _) => Access::Open,
            (AccessMode::OncePerBrowser, _) => Access::OncePerBrowser,
            (AccessMode::Password, Some(p)) if !p.trim().is_empty() => {
                Access::Password(p.to_owned())
            }
            (AccessMode::Password, _) => {
                errors.add(
                    "access.password",
                    "password-needed",
                    "the password mode needs a non-empty password",
                );
                Access::Open
            }
        };
        let embed_allowed_sites: Vec<String> = doc
            .embed
            .allowed_sites
            .iter()
            .enumerate()
            .filter_map(|(i, site)| {
                origin(site)
                    .map_err(|e| {
                        errors
                            .add(format!("embed.allowed_sites[{i}]"), "site-invalid", e)
                            .arg("site", site);
                    })
                    .ok()
            })
            .collect();
        if doc.questions.is_empty() {
            errors.add(
                "questions",
                "no-questions",
                "a survey needs at least one question",
            );
        }
        if doc.questions.len() > MAX_QUESTIONS {
            errors
                .add(
                    "questions",
                    "too-many-questions",
                    format!("a survey has at most {MAX_QUESTIONS} questions"),
                )
                .arg("max", MAX_QUESTIONS);
        }
        let hidden_fields = check_hidden_fields(&mut errors, &doc);
        let availability = check_availability(&mut errors, &doc.availability);
        if doc
            .retention_days
            .is_some_and(|days| !(1..=MAX_RETENTION_DAYS).contains(&days))
        {
            errors
                .add(
                    "retention_days",
                    "retention-out-of-range",
                    format!("responses are kept from 1 to {MAX_RETENTION_DAYS} days"),
                )
                .arg("max", MAX_RETENTION_DAYS);
        }
        let mut ids = HashSet::new();
        let mut questions = Vec::with_capacity(doc.questions.len());
        let mut pinned = HashSet::new();
        for (index, q) in doc.questions.iter().enumerate() {
            let at = format!("questions[{index}]");
            if !ids.insert(q.id.as_str()) {
                errors
                    .add(
                        format!("{at}.id"),
                        "duplicate-id",
                        format!("duplicate id {:?}", q.id),
                    )
                    .arg("id", &q.id);
            }
            if let Some(key) = q.key.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
                if !pinned.insert(key) {
                    errors
                        .add(
                            format!("{at}.key"),
                            "duplicate-pin",
                            format!("another question already pins the key {key:?}"),
                        )
                        .arg("key", key);
                }
            }
            if let Some(question) = check_question(&mut errors, &at, q) {
                questions.push(question);
            }
        }
        match (errors.0.is_empty(), slug) {
            (true, Some(slug)) => Ok(Survey {
                slug,
                title: doc.title.trim().to_owned(),
                description: doc.description.clone().filter(|d| !d.trim().is_empty()),
                language: doc.language,
                thank_you: doc.thank_you.clone().filter(|t| !t.trim().is_empty()),
                salesmanago_tag,
                access,
                require_signed_links: doc.salesmanago.require_signed_links,
                embed_allowed_sites,
                hidden_fields,
                questions,
                availability,
                document: doc,
            }),
            _ => Err(errors.0),
        }
    }
}

/// The score question is one of the survey's 0–10 scale questions.
fn check_score_question(errors: &mut Errors, doc: &SurveyDocument) {
    let Some(id) = &doc.salesmanago.score_question else {
        return;
    };
    let field = "salesmanago.score_question";
    match doc.questions.iter().find(|q| &q.id == id) {
        None => {
            errors
                .add(
                    field,
                    "score-unknown",
                    format!("no question has the id {id:?}"),
                )
                .arg("id", id);
        }
        Some(q) if q.kind != "scale" || q.min != Some(0) || q.max != Some(10) => {
            errors
                .add(
                    field,
                    "score-not-nps",
                    format!("the score must be a 0–10 scale question; {id:?} is not"),
                )
                .arg("id", id);
        }
        Some(_) if !doc.salesmanago.survey_event => {
            errors.add(
                field,
                "score-needs-event",
                "a score is sent only with the SURVEY event: turn the event on or leave the score out",
            );
        }
        Some(_) => {}
    }
}

/// Names reserved for the link and the page: never a hidden field.
const RESERVED_URL_NAMES: [&str; 3] = ["smclientid", "sig", "embed"];
const MAX_HIDDEN_FIELDS: usize = 20;

/// Hidden fields: `[a-z0-9_]` names, unique, not a question's id, and not a
/// question's key (prefix + slug of its text) so properties never collide.
fn check_hidden_fields(errors: &mut Errors, doc: &SurveyDocument) -> Vec<HiddenField> {
    if doc.hidden_fields.len() > MAX_HIDDEN_FIELDS {
        errors
            .add(
                "hidden_fields",
                "too-many-hidden",
                format!("a survey has at most {MAX_HIDDEN_FIELDS} hidden fields"),
            )
            .arg("max", MAX_HIDDEN_FIELDS);
    }
    let mut seen = HashSet::new();
    let mut fields = Vec::new();
    for (i, name) in doc.hidden_fields.iter().enumerate() {
        let at = format!("hidden_fields[{i}]");
        let well_formed = (1..=64).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !well_formed {
            errors.add(
                at,
                "hidden-invalid",
                "use 1–64 lowercase letters, digits or _ (e.g. utm_source)",
            );
        } else if RESERVED_URL_NAMES.contains(&name.as_str()) {
            errors
                .add(
                    at,
                    "hidden-reserved",
                    format!("{name:?} is reserved for ankieter's links"),
                )
                .arg("name", name);
        } else if !seen.insert(name.as_str()) {
            errors
                .add(
                    at,
                    "hidden-duplicate",
                    format!("duplicate hidden field {name:?}"),
                )
                .arg("name", name);
        } else if doc.questions.iter().any(|q| {
            q.id == *name
                || crate::domain::slugify(&q.text) == *name
                || q.key.as_deref().map(str::trim) == Some(name.as_str())
        }) {
            errors
                .add(
                    at,
                    "hidden-collides",
                    format!("{name:?} is also a question's id or property key: rename one"),
                )
                .arg("name", name);
        } else {
            fields.push(HiddenField {
                name: name.clone(),
                property_key: String::new(),
            });
        }
    }
    fields
}

/// The highest response limit: past it a limit means nothing.
pub const MAX_RESPONSE_LIMIT: u64 = 100_000_000;

/// The opening and closing times as instants; the closing one after the opening one.
fn check_availability(errors: &mut Errors, doc: &AvailabilityDocument) -> Availability {
    let mut instant = |field: &str, raw: &Option<String>| -> Option<i64> {
        let raw = raw.as_deref().map(str::trim).filter(|r| !r.is_empty())?;
        match raw.parse::<jiff::Timestamp>() {
            Ok(at) => Some(at.as_millisecond()),
            Err(_) => {
                errors.add(
                    format!("availability.{field}"),
                    "time-invalid",
                    format!("{raw:?} is not a time such as 2026-12-24T18:00:00+01:00"),
                );
                None
            }
        }
    };
    let opens_at = instant("opens_at", &doc.opens_at);
    let closes_at = instant("closes_at", &doc.closes_at);
    if let (Some(opens), Some(closes)) = (opens_at, closes_at) {
        if closes <= opens {
            errors.add(
                "availability.closes_at",
                "closes-before-opening",
                "the survey must close after it opens",
            );
        }
    }
    if doc.max_responses == Some(0) || doc.max_responses > Some(MAX_RESPONSE_LIMIT) {
        errors
            .add(
                "availability.max_responses",
                "limit-out-of-range",
                format!("the response limit must be between 1 and {MAX_RESPONSE_LIMIT}"),
            )
            .arg("max", MAX_RESPONSE_LIMIT);
    }
    Availability {
        closed: doc.closed,
        opens_at,
        closes_at,
        max_responses: doc.max_responses,
    }
}

/// `https://www.example.pl` from what people paste (a page URL works too).
fn origin(site: &str) -> Result<String, String> {
    let url = url::Url::parse(site.trim())
        .map_err(|_| format!("{site:?} is not a site address like https://www.example.pl"))?;
    match (url.scheme(), url.host_str()) {
        ("https" | "http", Some(_)) => Ok(url.origin().ascii_serialization()),
        _ => Err(format!(
            "{site:?} is not a site address like https://www.example.pl"
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{Survey, SurveyDocument};

    fn scale(min: i64, max: i64) -> Result<Survey, Vec<super::DocumentError>> {
        let json = serde_json::json!({
            "slug": "skala", "title": "Skala", "language": "pl",
            "questions": [{"id": "s", "type": "scale", "text": "Ocena", "min": min, "max": max}]
        });
        Survey::from_document(SurveyDocument::from_json(&json.to_string()).unwrap())
    }

    #[test]
    fn extreme_scale_ranges_are_refused_not_overflowed() {
        for (min, max) in [
            (-(1 << 62), 1 << 62),
            (i64::MIN, i64::MAX),
            (i64::MIN, 0),
            (-1, i64::MAX),
            (0, 101),
        ] {
            let errors = scale(min, max).unwrap_err();
            assert!(
                errors[0].to_string().contains("at most 101 points"),
                "{min}..{max}"
            );
        }
        assert!(scale(i64::MAX - 100, i64::MAX).is_ok());
        assert!(scale(i64::MIN, i64::MIN + 100).is_ok());
        assert!(scale(i64::MAX, i64::MIN).is_err());
    }

    #[test]
    fn two_questions_may_not_pin_one_key_and_a_pin_reaches_the_question() {
        let json = serde_json::json!({
            "slug": "klucze", "title": "Klucze", "language": "pl",
            "questions": [
                {"id": "a", "type": "text", "text": "A", "key": " nps "},
                {"id": "b", "type": "text", "text": "B", "key": "nps"}
            ]
        });
        let errors = Survey::from_document(SurveyDocument::from_json(&json.to_string()).unwrap())
            .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "questions[1].key");
        let json = serde_json::json!({
            "slug": "klucze", "title": "Klucze", "language": "pl",
            "questions": [{"id": "a", "type": "text", "text": "A", "key": " nps "}]
        });
        let survey = Survey::from_document(SurveyDocument::from_json(&json.to_string()).unwrap());
        assert_eq!(
            survey.unwrap().questions[0].pinned_key.as_deref(),
            Some("nps")
        );
    }
}
