//! A submitted form checked against its survey: every answer normalised, or an
//! error per field in the survey's language.

use super::survey::{Identity, QuestionKind, Survey};
use super::FormFields;
use super::RespondentEmail;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One answered question. Several values only for `multi`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question_id: String,
    /// The question text when answered, so stored responses stay readable
    /// after the survey is edited.
    pub question_text: String,
    pub values: Vec<String>,
}

/// The answered questions, in question order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Answers(Vec<Answer>);

/// Field name → error message, for re-rendering the form.
pub type FieldErrors = HashMap<String, &'static str>;

impl IntoIterator for Answers {
    type Item = Answer;
    type IntoIter = std::vec::IntoIter<Answer>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Answers {
    /// Checks every answer of `form`; `identity` says whether the link
    /// already identifies the contact (see [`Survey::is_required`]).
    pub fn check(
        survey: &Survey,
        form: &FormFields,
        identity: Identity,
    ) -> Result<Self, FieldErrors> {
        let texts = survey.language.texts();
        let mut answers = Vec::new();
        let mut errors = FieldErrors::new();
        for question in &survey.questions {
            let raw: Vec<&str> = form
                .values(&question.id)
                .into_iter()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            if raw.is_empty() {
                if survey.is_required(question, identity) {
                    errors.insert(question.id.clone(), texts.err_required);
                }
                continue;
            }
            let max = question.kind.max_answer_chars();
            if raw.iter().any(|v| v.chars().count() > max) {
                errors.insert(question.id.clone(), texts.err_too_long);
                continue;
            }
            match normalise(&question.kind, &raw, texts) {
                Ok(values) => answers.push(Answer {
                    question_id: question.id.clone(),
                    question_text: question.text.clone(),
                    values,
                }),
                Err(message) => {
                    errors.insert(question.id.clone(), message);
                }
            }
        }
        if errors.is_empty() {
            Ok(Self(answers))
        } else {
            Err(errors)
        }
    }

    /// The answered questions, in question order.
    pub fn iter(&self) -> impl Iterator<Item = &Answer> {
        self.0.iter()
    }

    pub fn get(&self, question_id: &str) -> Option<&Answer> {
        self.0.iter().find(|a| a.question_id == question_id)
    }
}

fn normalise(
    kind: &QuestionKind,
    raw: &[&str],
    texts: &'static crate::domain::Texts,
) -> Result<Vec<String>, &'static str> {
    let single = raw[0];
    let one = |v: &str| Ok(vec![v.to_owned()]);
    match kind {
        QuestionKind::Email => match RespondentEmail::parse(single) {
            Some(email) => one(email.as_str()),
            None => Err(texts.err_email),
        },
        QuestionKind::Text => one(&single.split_whitespace().collect::<Vec<_>>().join(" ")),
        QuestionKind::Textarea => one(&single.replace("\r\n", "\n")),
        QuestionKind::Single { options } | QuestionKind::Dropdown { options } => {
            match options.iter().find(|o| o.trim() == single) {
                Some(option) if raw.len() == 1 => one(option),
                _ => Err(texts.err_option),
            }
        }
        QuestionKind::Multi { options } => {
            if raw.iter().any(|v| !options.iter().any(|o| o.trim() == *v)) {
                return Err(texts.err_option);
            }
            // Option order, not click order: the joined value stays stable.
            Ok(options
                .iter()
                .filter(|o| raw.contains(&o.trim()))
                .cloned()
                .collect())
        }
        QuestionKind::Scale { min, max } => match single.parse::<i64>() {
            Ok(n) if (*min..=*max).contains(&n) => one(&n.to_string()),
            Ok(_) => Err(texts.err_range),
            Err(_) => Err(texts.err_number),
        },
        QuestionKind::Number { min, max } => {
            // Polish and Czech write decimals with a comma.
            let value: f64 = single
                .replace(',', ".")
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or(texts.err_number)?;
            if min.is_some_and(|m| value < m as f64) || max.is_some_and(|m| value > m as f64) {
                return Err(texts.err_range);
            }
            one(&single.replace(',', "."))
        }
        QuestionKind::Date => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            match time::Date::parse(single, &format) {
                Ok(date) => one(&date.format(&format).map_err(|_| texts.err_date)?),
                Err(_) => Err(texts.err_date),
            }
        }
        QuestionKind::Consent { .. } => one(texts.consent_yes),
    }
}
