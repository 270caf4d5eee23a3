//! The checks of one question of a survey document: its id, text, type and
//! the fields its type uses (options, range, opt-in), and a pinned key.

use super::problems::{check_text, Errors};
use super::{Question, QuestionDocument, QuestionKind, KIND_NAMES};
use std::collections::HashSet;

pub(super) fn check_question(
    errors: &mut Errors,
    at: &str,
    q: &QuestionDocument,
) -> Option<Question> {
    let id_ok = (1..=64).contains(&q.id.len())
        && q.id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !id_ok {
        errors.add(
            format!("{at}.id"),
            "id-invalid",
            "use 1–64 letters, digits, _ or -",
        );
    } else if q.id.starts_with('_') || q.id == "smclientid" || q.id == "sig" {
        errors
            .add(
                format!("{at}.id"),
                "id-reserved",
                format!("{:?} is reserved for ankieter's own form fields", q.id),
            )
            .arg("id", &q.id);
    }
    check_text(errors, &format!("{at}.text"), &q.text, 2_000);
    let choice = matches!(q.kind.as_str(), "single" | "multi" | "dropdown");
    let ranged = matches!(q.kind.as_str(), "scale" | "number");
    if !choice && !q.options.is_empty() {
        errors.add(
            format!("{at}.options"),
            "options-unused",
            format!("a {} question has no options", q.kind),
        );
    }
    if !ranged && (q.min.is_some() || q.max.is_some()) {
        errors.add(
            format!("{at}.min"),
            "range-unused",
            format!("a {} question has no range", q.kind),
        );
    }
    if q.opt_in && q.kind != "consent" {
        errors.add(
            format!("{at}.opt_in"),
            "opt-in-unused",
            "only a consent question can be an opt-in",
        );
    }
    if choice {
        check_options(errors, at, &q.options);
    }
    if let (Some(min), Some(max)) = (q.min, q.max) {
        if min >= max {
            errors.add(
                format!("{at}.max"),
                "max-not-above-min",
                "max must be greater than min",
            );
        }
    }
    let kind = match q.kind.as_str() {
        "email" => QuestionKind::Email,
        "text" => QuestionKind::Text,
        "textarea" => QuestionKind::Textarea,
        "single" => QuestionKind::Single {
            options: q.options.clone(),
        },
        "multi" => QuestionKind::Multi {
            options: q.options.clone(),
        },
        "dropdown" => QuestionKind::Dropdown {
            options: q.options.clone(),
        },
        "date" => QuestionKind::Date,
        "consent" => QuestionKind::Consent { opt_in: q.opt_in },
        "number" => QuestionKind::Number {
            min: q.min,
            max: q.max,
        },
        "scale" => match (q.min, q.max) {
            // Checked: `max - min` of extreme values overflows, and an
            // overflow that wrapped would let a survey of 2^63 points through
            // to every page view.
            (Some(min), Some(max))
                if max > min && max.checked_sub(min).is_some_and(|span| span <= 100) =>
            {
                QuestionKind::Scale { min, max }
            }
            (Some(min), Some(max)) if max > min => {
                errors.add(
                    format!("{at}.max"),
                    "scale-too-long",
                    "a scale has at most 101 points",
                );
                return None;
            }
            _ => {
                errors.add(
                    format!("{at}.min"),
                    "scale-needs-range",
                    "a scale question needs min and max (e.g. 0 and 10)",
                );
                return None;
            }
        },
        other => {
            errors.add(
                format!("{at}.type"),
                "type-unknown",
                format!(
                    "unknown type {other:?} (expected one of {})",
                    KIND_NAMES.join(", ")
                ),
            );
            return None;
        }
    };
    Some(Question {
        id: q.id.clone(),
        text: q.text.trim().to_owned(),
        required: q.required,
        kind,
        property_key: String::new(),
        pinned_key: pinned_key(errors, at, q.key.as_deref()),
    })
}

/// The longest pinned key part, in characters.
pub const MAX_PINNED_KEY_CHARS: usize = 100;

/// A pinned key part: printable ASCII without spaces, as the slug rule
/// makes keys, so that a pinned key reads like any other.
fn pinned_key(errors: &mut Errors, at: &str, raw: Option<&str>) -> Option<String> {
    let key = raw.map(str::trim).filter(|k| !k.is_empty())?;
    if key.chars().count() > MAX_PINNED_KEY_CHARS || !key.chars().all(|c| c.is_ascii_graphic()) {
        errors
            .add(
                format!("{at}.key"),
                "pin-invalid",
                format!(
                "a pinned key uses 1–{MAX_PINNED_KEY_CHARS} letters without diacritics, digits \
                 or signs such as - _ . ?, and no spaces"
            ),
            )
            .arg("max", MAX_PINNED_KEY_CHARS);
        return None;
    }
    Some(key.to_owned())
}

fn check_options(errors: &mut Errors, at: &str, options: &[String]) {
    if options.is_empty() {
        errors.add(
            format!("{at}.options"),
            "options-needed",
            "a choice question needs at least one option",
        );
    }
    let mut seen = HashSet::new();
    for (i, option) in options.iter().enumerate() {
        check_text(errors, &format!("{at}.options[{i}]"), option, 500);
        if !seen.insert(option.trim()) {
            errors
                .add(
                    format!("{at}.options[{i}]"),
                    "option-duplicate",
                    format!("duplicate option {option:?}"),
                )
                .arg("option", option);
        }
    }
}
