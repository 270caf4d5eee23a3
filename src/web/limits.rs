//! Per-IP rate limits: a burst of survey submissions or password guesses from
//! one address gets 429 with `Retry-After`, everyone else is unaffected.

use crate::configuration::RateLimitSettings;
use actix_web::HttpRequest;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

pub struct RateLimits {
    submissions: DefaultKeyedRateLimiter<IpAddr>,
    passwords: DefaultKeyedRateLimiter<IpAddr>,
    logins: DefaultKeyedRateLimiter<IpAddr>,
    /// Per account: an integration sends from one address, so not per IP.
    api: DefaultKeyedRateLimiter<uuid::Uuid>,
    /// Contact-card look-ups per account: a script cannot make SALESmanago
    /// answer for every address it guesses.
    card_lookups: DefaultKeyedRateLimiter<uuid::Uuid>,
    /// Behind reverse proxies: which header they write, and how many.
    forwarded: Option<Forwarded>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    XForwardedFor,
    Forwarded,
}

#[derive(Debug, Clone, Copy)]
struct Forwarded {
    header: Header,
    proxies: usize,
}

fn per_minute(count: u32) -> Quota {
    let count = NonZeroU32::new(count.max(1)).expect("at least one");
    // The whole minute's allowance may come at once (an office behind one NAT).
    Quota::per_minute(count).allow_burst(count)
}

impl RateLimits {
    pub fn new(settings: &RateLimitSettings) -> Self {
        Self {
            submissions: RateLimiter::keyed(per_minute(settings.submissions_per_minute)),
            passwords: RateLimiter::keyed(per_minute(settings.password_attempts_per_minute)),
            logins: RateLimiter::keyed(per_minute(settings.login_attempts_per_minute)),
            api: RateLimiter::keyed(per_minute(settings.api_requests_per_minute)),
            card_lookups: RateLimiter::keyed(per_minute(settings.card_lookups_per_minute)),
            forwarded: settings.trust_forwarded_for.then(|| Forwarded {
                header: if settings.forwarded_header.eq_ignore_ascii_case("forwarded") {
                    Header::Forwarded
                } else {
                    Header::XForwardedFor
                },
                proxies: settings.trusted_proxies.max(1),
            }),
        }
    }

    /// The client's address: the peer's, or behind trusted proxies the one
    /// the outermost of them saw (see [`forwarded_client`]).
    pub fn client_ip(&self, request: &HttpRequest) -> Option<IpAddr> {
        let peer = request.peer_addr().map(|a| a.ip());
        let Some(forwarded) = self.forwarded else {
            return peer;
        };
        let name = match forwarded.header {
            Header::XForwardedFor => "x-forwarded-for",
            Header::Forwarded => "forwarded",
        };
        let values: Vec<&str> = request
            .headers()
            .get_all(name)
            .filter_map(|value| value.to_str().ok())
            .collect();
        forwarded_client(&values, forwarded.header, forwarded.proxies).or(peer)
    }

    /// `Err(wait)` when the client must slow down.
    pub fn check_submission(&self, request: &HttpRequest) -> Result<(), Duration> {
        check(&self.submissions, self.client_ip(request))
    }

    pub fn check_password(&self, request: &HttpRequest) -> Result<(), Duration> {
        check(&self.passwords, self.client_ip(request))
    }

    /// An admin sign-in attempt from this client (per address; the lock
    /// per e-mail is `web::sign_in_lock`, shared by every instance).
    pub fn check_login(&self, request: &HttpRequest) -> Result<(), Duration> {
        check(&self.logins, self.client_ip(request))
    }

    /// A JSON API call by `account_id`.
    pub fn check_api(&self, account_id: uuid::Uuid) -> Result<(), Duration> {
        check_account(&self.api, account_id)
    }

    /// A contact card of `account_id` asking SALESmanago.
    pub fn check_card_lookup(&self, account_id: uuid::Uuid) -> Result<(), Duration> {
        check_account(&self.card_lookups, account_id)
    }

    /// Forgets addresses that are back to a full allowance (bounded memory).
    pub fn forget_idle(&self) {
        self.submissions.retain_recent();
        self.passwords.retain_recent();
        self.logins.retain_recent();
        self.api.retain_recent();
        self.card_lookups.retain_recent();
    }
}

fn check_account(
    limiter: &DefaultKeyedRateLimiter<uuid::Uuid>,
    account_id: uuid::Uuid,
) -> Result<(), Duration> {
    limiter
        .check_key(&account_id)
        .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
}

fn check(limiter: &DefaultKeyedRateLimiter<IpAddr>, ip: Option<IpAddr>) -> Result<(), Duration> {
    let Some(ip) = ip else { return Ok(()) };
    limiter
        .check_key(&ip)
        .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
}

/// The client behind `proxies` trusted proxies that each append the address
/// they received from: the entry that many from the right. Entries further
/// left came from the client and are not believed; too few entries (the
/// header set by something else) give the leftmost.
fn forwarded_client(values: &[&str], header: Header, proxies: usize) -> Option<IpAddr> {
    let entries: Vec<IpAddr> = values
        .iter()
        .flat_map(|value| value.split(','))
        .filter_map(|entry| match header {
            Header::XForwardedFor => parse_address(entry),
            Header::Forwarded => entry
                .split(';')
                .find_map(|pair| {
                    let (name, value) = pair.split_once('=')?;
                    name.trim().eq_ignore_ascii_case("for").then_some(value)
                })
                .and_then(parse_address),
        })
        .collect();
    let index = entries.len().saturating_sub(proxies.max(1));
    entries.get(index).copied()
}

/// `192.0.2.1`, `2001:db8::1`, `[2001:db8::1]:4711`, `192.0.2.1:80`, quoted or not.
fn parse_address(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim().trim_matches('"');
    raw.parse::<IpAddr>()
        .ok()
        .or_else(|| raw.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            raw.trim_start_matches('[')
                .trim_end_matches(']')
                .parse()
                .ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_entry_the_outermost_trusted_proxy_appended() {
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        // The client sent a made-up first entry; the one proxy appended the real one.
        let spoofed = ["1.2.3.4, 203.0.113.7"];
        assert_eq!(
            forwarded_client(&spoofed, Header::XForwardedFor, 1),
            ip("203.0.113.7")
        );
        // Two proxies: the second from the right.
        let chain = ["1.2.3.4, 203.0.113.7, 10.0.0.2"];
        assert_eq!(
            forwarded_client(&chain, Header::XForwardedFor, 2),
            ip("203.0.113.7")
        );
        // Several header lines count as one list.
        let lines = ["1.2.3.4", "203.0.113.7"];
        assert_eq!(
            forwarded_client(&lines, Header::XForwardedFor, 1),
            ip("203.0.113.7")
        );
        assert_eq!(
            forwarded_client(&["garbage"], Header::XForwardedFor, 1),
            None
        );
        let forwarded = [r#"for=1.2.3.4;proto=https, for="[2001:db8:cafe::17]:4711";by=10.0.0.1"#];
        assert_eq!(
            forwarded_client(&forwarded, Header::Forwarded, 1),
            ip("2001:db8:cafe::17")
        );
        // X-Forwarded-For is not read when Forwarded is configured, and the reverse.
        assert_eq!(
            forwarded_client(&["for=1.2.3.4"], Header::XForwardedFor, 1),
            None
        );
    }
}
