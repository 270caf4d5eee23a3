//! Request bodies read with a size limit and a time limit, for every
//! adapter that reads one (forms, JSON, webhooks): a client may neither
//! send more than its endpoint takes nor hold a connection open forever
//! while it "uploads".

use actix_web::web;
use futures_util::StreamExt;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    TooLarge,
    Unreadable,
    TimedOut,
}

/// How long a body may take to arrive.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// The whole body, if it is at most `limit` bytes and arrives in time.
pub async fn read_bounded(payload: web::Payload, limit: usize) -> Result<web::BytesMut, BodyError> {
    tokio::time::timeout(BODY_TIMEOUT, read_limited(payload, limit))
        .await
        .map_err(|_| BodyError::TimedOut)?
}

async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<web::BytesMut, BodyError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| BodyError::Unreadable)?;
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
