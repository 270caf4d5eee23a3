//! The time zone an account's admin pages show times in. Times are stored
//! as UTC milliseconds; only their display moves.

use std::fmt;

/// What a new account shows: most of ankieter's users work in Poland.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Warsaw";

/// An IANA time zone name that the bundled zone database knows.
#[derive(Clone)]
pub struct AccountTimeZone {
    name: String,
    zone: jiff::tz::TimeZone,
}

impl AccountTimeZone {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim();
        if name.is_empty() || name.len() > 64 {
            return Err(format!("{raw:?} is not a time zone name"));
        }
        let zone = jiff::tz::TimeZone::get(name)
            .map_err(|_| format!("{name:?} is not a time zone name such as Europe/Warsaw"))?;
        Ok(Self {
            name: name.to_owned(),
            zone,
        })
    }

    /// A new account's zone: Prague for a Czech account, else Warsaw (the
    /// same offsets; the name is what the admin recognises).
    pub fn for_language(language: crate::domain::Language) -> Self {
        let name = match language {
            crate::domain::Language::Cs => "Europe/Prague",
            _ => DEFAULT_TIME_ZONE,
        };
        Self::parse(name).unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// `2026-12-04 19:33:50 CET`: the local time with its zone's abbreviation,
    /// so that a time read off a page is never mistaken for UTC.
    pub fn format_ms(&self, ms: i64) -> String {
        jiff::Timestamp::from_millisecond(ms)
            .map(|at| {
                at.to_zoned_datetime(self.zone.clone())
                    .strftime("%Y-%m-%d %H:%M:%S %Z")
                    .to_string()
            })
            .unwrap_or_else(|_| ms.to_string())
    }

    /// `2026-12-24`: the day a moment falls on in this zone.
    pub fn day_of(&self, ms: i64) -> String {
        jiff::Timestamp::from_millisecond(ms)
            .map(|at| {
                at.to_zoned_datetime(self.zone.clone())
                    .strftime("%Y-%m-%d")
                    .to_string()
            })
            .unwrap_or_default()
    }

    /// `2026-12-24T18:00`: a time as a `datetime-local` field shows it here.
    pub fn to_local_input(&self, ms: i64) -> String {
        jiff::Timestamp::from_millisecond(ms)
            .map(|at| {
                at.to_zoned_datetime(self.zone.clone())
                    .strftime("%Y-%m-%dT%H:%M")
                    .to_string()
            })
            .unwrap_or_default()
    }

    /// A `datetime-local` value read as this zone's wall-clock time, as an
    /// RFC 3339 instant (UTC); `None` when it is no such time.
    pub fn from_local_input(&self, raw: &str) -> Option<String> {
        let civil: jiff::civil::DateTime = raw.trim().parse().ok()?;
        let zoned = civil.to_zoned_datetime(self.zone.clone()).ok()?;
        Some(zoned.timestamp().to_string())
    }

    /// Every zone name the bundled database has, for the settings' list.
    pub fn known_names() -> Vec<String> {
        let mut names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
        names.sort();
        names
    }
}

impl Default for AccountTimeZone {
    fn default() -> Self {
        Self::parse(DEFAULT_TIME_ZONE).expect("the bundled database knows Europe/Warsaw")
    }
}

impl fmt::Debug for AccountTimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl PartialEq for AccountTimeZone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warsaw_shows_winter_and_summer_time_by_name() {
        let zone = AccountTimeZone::default();
        // 2026-12-04 18:33:50 UTC and 2026-07-01 12:00:00 UTC.
        assert_eq!(zone.format_ms(1_796_409_230_000), "2026-12-04 19:33:50 CET");
        assert_eq!(
            zone.format_ms(1_782_907_200_000),
            "2026-07-01 14:00:00 CEST"
        );
    }

    #[test]
    fn a_datetime_field_is_read_and_written_in_the_zone() {
        let zone = AccountTimeZone::default();
        let utc = zone.from_local_input("2026-12-24T18:00").unwrap();
        assert_eq!(utc, "2026-12-24T17:00:00Z");
        let ms = utc.parse::<jiff::Timestamp>().unwrap().as_millisecond();
        assert_eq!(zone.to_local_input(ms), "2026-12-24T18:00");
        assert_eq!(zone.from_local_input("wczoraj"), None);
    }

    #[test]
    fn prague_and_utc_are_known_and_nonsense_is_refused() {
        assert_eq!(
            AccountTimeZone::parse(" Europe/Prague ").unwrap().name(),
            "Europe/Prague"
        );
        assert_eq!(
            AccountTimeZone::parse("UTC").unwrap().format_ms(0),
            "1970-01-01 00:00:00 UTC"
        );
        for bad in [
            "",
            "Mars/Olympus",
            "Europe/Warsaw; DROP",
            "../../etc/passwd",
        ] {
            assert!(AccountTimeZone::parse(bad).is_err(), "{bad:?}");
        }
        assert!(AccountTimeZone::known_names()
            .iter()
            .any(|n| n == "Europe/Warsaw"));
    }
}
