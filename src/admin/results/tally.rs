//! The arithmetic of the results page: each question's answers counted as
//! responses stream past, in memory that grows with the survey's options
//! and scale points, never with the number of responses.

use crate::domain::survey::{Question, QuestionKind};
use crate::domain::{Answers, Survey};
use std::collections::BTreeMap;

/// How many latest text answers the page shows per question.
pub const LATEST_TEXTS: usize = 10;

/// One question's results so far.
#[derive(Debug, Clone, PartialEq)]
pub enum Tally {
    /// Choices and lists: each option's count (a multi answer counts for
    /// every option ticked), and answers that are no option (since edited).
    Choices {
        options: Vec<(String, u64)>,
        other: u64,
    },
    /// A scale: each point's count, the sum for the average.
    Scale {
        min: i64,
        counts: Vec<u64>,
        sum: i64,
    },
    /// A number: how many, their sum, the smallest and the largest.
    Number {
        count: u64,
        sum: f64,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// Texts (and dates): how many, and the latest few.
    Texts { count: u64, latest: Vec<String> },
    /// E-mail addresses: only how many (the responses list shows who).
    Answered { count: u64 },
    /// A consent: how many ticked it.
    Consent { ticked: u64 },
}

/// The net promoter score of a 0–10 scale: promoters 9–10, passives 7–8,
/// detractors 0–6; the score is the promoters' share less the detractors'
/// (in whole points, −100 to 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nps {
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    pub score: i64,
}

impl Tally {
    pub fn new(question: &Question) -> Self {
        match &question.kind {
            QuestionKind::Single { options }
            | QuestionKind::Multi { options }
            | QuestionKind::Dropdown { options } => Self::Choices {
                options: options.iter().map(|o| (o.clone(), 0)).collect(),
                other: 0,
            },
            QuestionKind::Scale { min, max } => Self::Scale {
                min: *min,
                counts: vec![0; (max - min + 1) as usize],
                sum: 0,
            },
            QuestionKind::Number { .. } => Self::Number {
                count: 0,
                sum: 0.0,
                min: None,
                max: None,
            },
            QuestionKind::Consent { .. } => Self::Consent { ticked: 0 },
            QuestionKind::Email => Self::Answered { count: 0 },
            _ => Self::Texts {
                count: 0,
                latest: Vec::new(),
            },
        }
    }

    /// Counts one answer (`values` as stored); responses come newest first.
    pub fn add(&mut self, values: &[String]) {
        match self {
            Self::Choices { options, other } => {
                for value in values {
                    match options.iter_mut().find(|(option, _)| option == value) {
                        Some((_, count)) => *count += 1,
                        None => *other += 1,
                    }
                }
            }
            Self::Scale { min, counts, sum } => {
                let point = values.first().and_then(|v| v.trim().parse::<i64>().ok());
                if let Some(point) = point {
                    if let Some(count) = usize::try_from(point - *min)
                        .ok()
                        .and_then(|at| counts.get_mut(at))
                    {
                        *count += 1;
                        *sum += point;
                    }
                }
            }
            Self::Number {
                count,
                sum,
                min,
                max,
            } => {
                let number = values
                    .first()
                    .and_then(|v| v.trim().replace(',', ".").parse::<f64>().ok())
                    .filter(|n| n.is_finite());
                if let Some(n) = number {
                    *count += 1;
                    *sum += n;
                    *min = Some(min.map_or(n, |m| m.min(n)));
                    *max = Some(max.map_or(n, |m| m.max(n)));
                }
            }
            Self::Texts { count, latest } => {
                if let Some(text) = values.first().filter(|t| !t.trim().is_empty()) {
                    *count += 1;
                    if latest.len() < LATEST_TEXTS {
                        latest.push(text.clone());
                    }
                }
            }
            Self::Consent { ticked } => {
                if !values.is_empty() {
                    *ticked += 1;
                }
            }
            Self::Answered { count } => {
                if values.iter().any(|v| !v.trim().is_empty()) {
                    *count += 1;
                }
            }
        }
    }

    /// How many answered a scale, and their average.
    pub fn scale_average(&self) -> Option<(u64, f64)> {
        match self {
            Self::Scale { counts, sum, .. } => {
                let answered: u64 = counts.iter().sum();
                (answered > 0).then(|| (answered, *sum as f64 / answered as f64))
            }
            _ => None,
        }
    }

    /// The NPS of a 0–10 scale with answers.
    pub fn nps(&self) -> Option<Nps> {
        let Self::Scale { min: 0, counts, .. } = self else {
            return None;
        };
        if counts.len() != 11 {
            return None;
        }
        let detractors: u64 = counts[..7].iter().sum();
        let passives: u64 = counts[7..9].iter().sum();
        let promoters: u64 = counts[9..].iter().sum();
        let total = detractors + passives + promoters;
        if total == 0 {
            return None;
        }
        let share = |n: u64| n as f64 * 100.0 / total as f64;
        Some(Nps {
            promoters,
            passives,
            detractors,
            score: (share(promoters) - share(detractors)).round() as i64,
        })
    }
}

/// Every question's tally and the responses per day.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub responses: u64,
    pub questions: Vec<(String, Tally)>,
    /// Day (`YYYY-MM-DD` in the account's zone) → responses.
    pub per_day: BTreeMap<String, u64>,
}

impl Results {
    pub fn new(survey: &Survey) -> Self {
        Self {
            responses: 0,
            questions: survey
                .questions
                .iter()
                .map(|q| (q.id.clone(), Tally::new(q)))
                .collect(),
            per_day: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, answers: &Answers, day: String) {
        self.responses += 1;
        *self.per_day.entry(day).or_default() += 1;
        for (id, tally) in &mut self.questions {
            if let Some(answer) = answers.get(id) {
                tally.add(&answer.values);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(points: &[i64]) -> Tally {
        let mut tally = Tally::Scale {
            min: 0,
            counts: vec![0; 11],
            sum: 0,
        };
        for p in points {
            tally.add(&[p.to_string()]);
        }
        tally
    }

    #[test]
    fn nps_counts_promoters_passives_and_detractors() {
        // 4 promoters (9, 10, 10, 9), 3 passives (7, 8, 8), 3 detractors (0, 6, 5):
        // 40% − 30% = 10.
        let tally = scale(&[9, 10, 10, 9, 7, 8, 8, 0, 6, 5]);
        assert_eq!(
            tally.nps(),
            Some(Nps {
                promoters: 4,
                passives: 3,
                detractors: 3,
                score: 10
            })
        );
        assert_eq!(tally.scale_average(), Some((10, 7.2)));
        assert_eq!(scale(&[10, 10]).nps().unwrap().score, 100);
        assert_eq!(scale(&[0, 6]).nps().unwrap().score, -100);
        // 1 promoter of 3: 33.3 − 0 rounds to 33.
        assert_eq!(scale(&[9, 7, 8]).nps().unwrap().score, 33);
        assert_eq!(scale(&[]).nps(), None, "no answers, no score");
        let five_points = Tally::Scale {
            min: 1,
            counts: vec![0; 5],
            sum: 0,
        };
        assert_eq!(five_points.nps(), None, "only a 0–10 scale has an NPS");
    }

    #[test]
    fn answers_outside_the_scale_or_not_numbers_are_not_counted() {
        let tally = scale(&[11, -1]);
        assert_eq!(tally.scale_average(), None);
        let mut tally = scale(&[]);
        tally.add(&["dziesięć".into()]);
        assert_eq!(tally.scale_average(), None);
    }

    #[test]
    fn choices_count_every_ticked_option_and_answers_no_longer_offered() {
        let mut tally = Tally::Choices {
            options: vec![("Kawa".into(), 0), ("Herbata".into(), 0)],
            other: 0,
        };
        tally.add(&["Kawa".into(), "Herbata".into()]);
        tally.add(&["Kawa".into()]);
        tally.add(&["Sok".into()]);
        assert_eq!(
            tally,
            Tally::Choices {
                options: vec![("Kawa".into(), 2), ("Herbata".into(), 1)],
                other: 1
            }
        );
    }

    #[test]
    fn numbers_take_a_decimal_comma_and_texts_keep_the_latest_few() {
        let mut tally = Tally::Number {
            count: 0,
            sum: 0.0,
            min: None,
            max: None,
        };
        for v in ["2,5", "4", "x", "NaN"] {
            tally.add(&[v.into()]);
        }
        assert_eq!(
            tally,
            Tally::Number {
                count: 2,
                sum: 6.5,
                min: Some(2.5),
                max: Some(4.0)
            }
        );
        let mut texts = Tally::Texts {
            count: 0,
            latest: Vec::new(),
        };
        for n in 0..15 {
            texts.add(&[format!("uwaga {n}")]);
        }
        texts.add(&["  ".into()]);
        let Tally::Texts { count, latest } = texts else {
            unreachable!()
        };
        assert_eq!(count, 15);
        assert_eq!(latest.len(), LATEST_TEXTS);
        assert_eq!(latest[0], "uwaga 0", "the newest first, as responses come");
    }
}
