//! `POST /api/v1/interactions`: any contact center or script reports a
//! customer interaction; it becomes a SALESmanago external event.

use super::auth::ApiAccount;
use super::body::read_json_up_to;
use super::error::{ApiError, ApiResult};
use crate::contact_center::Accepted;
use crate::domain::{
    HandledBy, Interaction, InteractionDetail, InteractionId, InteractionType, Queue,
    RespondentEmail,
};
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// An interaction is a few hundred bytes.
const MAX_INTERACTION_BYTES: usize = 16 * 1024;

/// One customer interaction. Fields a type does not use are ignored.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InteractionInput {
    /// The name of one of the account's contact-center integrations.
    #[schema(value_type = String, example = "thulium-main")]
    integration: Option<Value>,
    /// The interaction's own stable id (1–200 characters): the same id again is a replay.
    #[schema(value_type = String, example = "ticket-1234-msg-433")]
    id: Option<Value>,
    /// `ticket_message_received`, `ticket_rating_received`, `ticket_closed`,
    /// `chat_conversation_closed`, `incoming_call_abandoned` or `incoming_call_completed`.
    #[schema(value_type = String, example = "ticket_message_received")]
    r#type: Option<Value>,
    /// When it happened, RFC 3339 with its offset.
    #[schema(value_type = String, example = "2026-11-21T10:15:00+01:00")]
    occurred_at: Option<Value>,
    /// The customer's e-mail: the SALESmanago contact.
    #[schema(value_type = String, example = "jan@example.com")]
    email: Option<Value>,
    /// The queue: `{"id": "32", "name": "Reklamacje"}` (`name` optional).
    #[schema(value_type = Object)]
    queue: Option<Value>,
    /// Ratings: the rating value (an integer).
    #[schema(value_type = Option<i64>)]
    rating: Option<Value>,
    /// Chats: `chatbot` or `agent`.
    #[schema(value_type = Option<String>)]
    handled_by: Option<Value>,
    /// Abandoned calls: whole seconds waited.
    #[schema(value_type = Option<u32>)]
    wait_seconds: Option<Value>,
    /// Completed calls: whole seconds talked with an agent.
    #[schema(value_type = Option<u32>)]
    talk_seconds: Option<Value>,
}

#[derive(Serialize, ToSchema)]
pub struct InteractionAccepted {
    /// `queued`, or `filtered` when the integration does not forward its channel or queue.
    pub status: &'static str,
    /// The delivery that sends the event (not for filtered ones).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_id: Option<Uuid>,
    /// True when the integration had this id already (nothing new was stored).
    pub replayed: bool,
}

/// Report an interaction: stored durably before the answer, sent to
/// SALESmanago as an external event by the delivery worker.
#[utoipa::path(post, path = "/api/v1/interactions", tag = "interactions",
    request_body = InteractionInput,
    responses((status = 202, description = "Stored (or filtered: nothing stored)", body = InteractionAccepted),
              (status = 200, description = "The same integration and id again", body = InteractionAccepted),
              (status = 400, body = super::error::ErrorBody), (status = 404, body = super::error::ErrorBody),
              (status = 413, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn report(
    state: web::Data<AppState>,
    api: ApiAccount,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let input: InteractionInput = read_json_up_to(payload, MAX_INTERACTION_BYTES).await?;
    let name = text(&input.integration, "integration")?;
    let integration = state
        .interactions
        .integration_by_name(api.account.id, &name)
        .await?
        .ok_or_else(|| ApiError::not_found("contact-center integration").field("integration"))?;
    let interaction = parse(&input)?;
    let (status, delivery_id, replayed) = match state
        .interactions
        .accept(&integration, &interaction)
        .await?
    {
        Accepted::Queued(id) => ("queued", Some(id), false),
        Accepted::Replayed(id) => ("queued", Some(id), true),
        Accepted::Filtered => ("filtered", None, false),
    };
    let body = InteractionAccepted {
        status,
        delivery_id,
        replayed,
    };
    Ok(if replayed {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::Accepted().json(body)
    })
}

fn parse(input: &InteractionInput) -> Result<Interaction, ApiError> {
    let id = InteractionId::parse(&text(&input.id, "id")?)
        .map_err(|why| ApiError::invalid("id", format!("id {why}")))?;
    let kind_text = text(&input.r#type, "type")?;
    let kind = InteractionType::parse(&kind_text).ok_or_else(|| {
        let all: Vec<&str> = InteractionType::ALL.iter().map(|t| t.as_str()).collect();
        ApiError::invalid("type", format!("type must be one of {}", all.join(", ")))
    })?;
    let occurred_at = time::OffsetDateTime::parse(
        &text(&input.occurred_at, "occurred_at")?,
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|_| {
        ApiError::invalid(
            "occurred_at",
            "occurred_at must be an RFC 3339 time with its offset, e.g. 2026-11-21T10:15:00+01:00",
        )
    })?;
    let email = RespondentEmail::parse(&text(&input.email, "email")?)
        .ok_or_else(|| ApiError::invalid("email", "email is not a valid e-mail address"))?;
    let queue = queue(&input.queue)?;
    let detail = match kind {
        InteractionType::TicketRatingReceived => InteractionDetail::Rating {
            rating: integer(
                &input.rating,
                "rating",
                i64::from(i32::MIN),
                i64::from(i32::MAX),
            )?,
        },
        InteractionType::ChatConversationClosed => InteractionDetail::Chat {
            handled_by: match text(&input.handled_by, "handled_by")?.as_str() {
                "chatbot" => HandledBy::Chatbot,
                "agent" => HandledBy::Agent,
                _ => {
                    return Err(ApiError::invalid(
                        "handled_by",
                        "handled_by must be chatbot or agent",
                    ))
                }
            },
        },
        InteractionType::IncomingCallAbandoned => InteractionDetail::Wait {
            seconds: seconds(&input.wait_seconds, "wait_seconds")?,
        },
        InteractionType::IncomingCallCompleted => InteractionDetail::Talk {
            seconds: seconds(&input.talk_seconds, "talk_seconds")?,
        },
        _ => InteractionDetail::None,
    };
    Ok(Interaction {
        id,
        kind,
        occurred_at: (occurred_at.unix_timestamp_nanos() / 1_000_000) as i64,
        email,
        queue,
        detail,
    })
}

fn missing(field: &str) -> ApiError {
    ApiError::invalid(field, format!("{field} is required"))
}

fn text(value: &Option<Value>, field: &str) -> Result<String, ApiError> {
    match value {
        None | Some(Value::Null) => Err(missing(field)),
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
        Some(Value::String(_)) => Err(missing(field)),
        Some(_) => Err(ApiError::invalid(
            field,
            format!("{field} must be a string"),
        )),
    }
}

fn integer(value: &Option<Value>, field: &str, min: i64, max: i64) -> Result<i64, ApiError> {
    match value {
        None | Some(Value::Null) => Err(missing(field)),
        Some(Value::Number(n)) => n
            .as_i64()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                ApiError::invalid(
                    field,
                    format!("{field} must be a whole number from {min} to {max}"),
                )
            }),
        Some(_) => Err(ApiError::invalid(
            field,
            format!("{field} must be a whole number"),
        )),
    }
}

fn seconds(value: &Option<Value>, field: &str) -> Result<u32, ApiError> {
    integer(value, field, 0, i64::from(u32::MAX)).map(|n| n as u32)
}

fn queue(value: &Option<Value>) -> Result<Queue, ApiError> {
    let object = match value {
        None | Some(Value::Null) => return Err(missing("queue")),
        Some(Value::Object(object)) => object,
        Some(_) => {
            return Err(ApiError::invalid(
                "queue",
                "queue must be an object: {\"id\": \"32\", \"name\": \"Reklamacje\"}",
            ))
        }
    };
    if let Some(unknown) = object.keys().find(|k| *k != "id" && *k != "name") {
        return Err(ApiError::invalid(
            format!("queue.{unknown}"),
            format!("unknown field queue.{unknown}: a queue has id and name"),
        ));
    }
    let id = match object.get("id") {
        Some(Value::Number(n)) => n.to_string(),
        other => text(&other.cloned(), "queue.id")?,
    };
    if id.chars().count() > 64 || id.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "queue.id",
            "queue.id must be at most 64 visible characters",
        ));
    }
    let name = match object.get("name") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name.clone()).filter(|n| !n.trim().is_empty()),
        Some(_) => {
            return Err(ApiError::invalid(
                "queue.name",
                "queue.name must be a string",
            ))
        }
    };
    Ok(Queue { id, name })
}
