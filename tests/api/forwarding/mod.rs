//! What reaches SALESmanago, and what each of its answers does to a delivery.

mod answers;
mod bodies;
mod survey_event;
mod worker;

use crate::helpers::*;
use serde_json::Value;
use sha1::{Digest, Sha1};

/// Checks the per-request auth fields and returns the body without them.
pub fn without_auth(mut body: Value) -> Value {
    let map = body.as_object_mut().unwrap();
    let api_key = map.remove("apiKey").unwrap();
    let api_key = api_key.as_str().unwrap();
    assert!(api_key.len() >= 16, "apiKey should be a random string");
    let sha = map.remove("sha").unwrap();
    let expected = hex::encode(Sha1::digest(format!("{api_key}{CLIENT_ID}{API_SECRET}")));
    assert_eq!(sha, expected.as_str());
    let request_time = map.remove("requestTime").unwrap().as_i64().unwrap();
    assert!((request_time - ankieter::clock::now_ms()).abs() < 60_000);
    assert!(
        !body.to_string().contains(API_SECRET),
        "the API secret must never be sent"
    );
    body
}
