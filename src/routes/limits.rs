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
    /// Per admin e-mail: a password spray from many addresses still stops.
    login_emails: DefaultKeyedRateLimiter<String>,
    /// Per account: an integration sends from one address, so not per IP.
    api: DefaultKeyedRateLimiter<uuid::Uuid>,
    trust_forwarded_for: bool,
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
            login_emails: RateLimiter::keyed(
                Quota::with_period(Duration::from_secs(180))
                    .expect("non-zero period")
                    .allow_burst(NonZeroU32::new(5).expect("non-zero")),
            ),
            api: RateLimiter::keyed(per_minute(settings.api_requests_per_minute)),
            trust_forwarded_for: settings.trust_forwarded_for,
        }
    }

    /// The client's address: the peer, or the first `X-Forwarded-For` hop
    /// when ankieter runs behind a trusted reverse proxy.
    fn client_ip(&self, request: &HttpRequest) -> Option<IpAddr> {
        if self.trust_forwarded_for {
            let info = request.connection_info();
            if let Some(ip) = info.realip_remote_addr().and_then(|a| a.parse().ok()) {
                return Some(ip);
            }
        }
        request.peer_addr().map(|a| a.ip())
    }

    /// `Err(wait)` when the client must slow down.
    pub fn check_submission(&self, request: &HttpRequest) -> Result<(), Duration> {
        check(&self.submissions, self.client_ip(request))
    }

    pub fn check_password(&self, request: &HttpRequest) -> Result<(), Duration> {
        check(&self.passwords, self.client_ip(request))
    }

    /// An admin sign-in attempt for `email` (lowercased) from this client.
    pub fn check_login(&self, request: &HttpRequest, email: &str) -> Result<(), Duration> {
        check(&self.logins, self.client_ip(request))?;
        self.login_emails
            .check_key(&email.to_owned())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// A JSON API call by `account_id`.
    pub fn check_api(&self, account_id: uuid::Uuid) -> Result<(), Duration> {
        self.api
            .check_key(&account_id)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets addresses that are back to a full allowance (bounded memory).
    pub fn forget_idle(&self) {
        self.submissions.retain_recent();
        self.passwords.retain_recent();
        self.logins.retain_recent();
        self.login_emails.retain_recent();
        self.api.retain_recent();
    }
}

fn check(limiter: &DefaultKeyedRateLimiter<IpAddr>, ip: Option<IpAddr>) -> Result<(), Duration> {
    let Some(ip) = ip else { return Ok(()) };
    limiter
        .check_key(&ip)
        .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
}
