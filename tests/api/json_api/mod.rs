//! The JSON API (`/api/v1`) with account tokens.

mod auth;
mod deliveries;
mod inbound;
mod openapi;
mod responses;
mod surveys;

use crate::helpers::*;
use ankieter::manage::create_token;
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::Value;
use uuid::Uuid;

pub struct Api {
    pub address: String,
    pub client: reqwest::Client,
    pub token: String,
}

/// A client holding a new token of `account_id`.
pub async fn api_for(app: &TestApp, account_id: Uuid) -> Api {
    let (_, token) = create_token(app.store(), account_id, "tests")
        .await
        .unwrap();
    Api {
        address: app.address.clone(),
        client: reqwest::Client::new(),
        token: token.expose_secret().to_owned(),
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The error's code, for error answers.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }

    pub fn field(&self) -> &str {
        self.body["error"]["field"].as_str().unwrap_or_default()
    }
}

impl Api {
    pub async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        self.send(self.request(method, path, body)).await
    }

    pub fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> reqwest::RequestBuilder {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"))
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }
}
