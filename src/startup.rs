//! Builds the application (storage, key, HTTP server, delivery worker) and
//! runs the server and the worker side by side.

use crate::configuration::Settings;
use crate::crypto::{KeySource, ServerKey};
use crate::delivery::DeliveryWorker;
use crate::routes::limits::RateLimits;
use crate::routes::sandbox::Sandbox;
use crate::routes::{self, page};
use crate::salesmanago::SalesmanagoClient;
use crate::state::AppState;
use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, Logger};
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    worker: DeliveryWorker,
    sandbox: Option<web::Data<Sandbox>>,
}

/// Loads the server key, warning when it had to be generated.
pub fn load_key(settings: &Settings) -> anyhow::Result<ServerKey> {
    let (key, source) =
        ServerKey::load_or_generate(settings.secret_key.as_ref(), &settings.data_dir)?;
    if source == KeySource::GeneratedFile {
        tracing::warn!(
            path = %settings.data_dir.join("secret.key").display(),
            "ANKIETER_SECRET_KEY is not set: generated a server key file. Back it up: \
             without it the stored SALESmanago secrets cannot be decrypted"
        );
    }
    Ok(key)
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let store = crate::db::connect(&settings.database_url).await?;
        let key = Arc::new(load_key(&settings)?);
        let sandbox = settings.sandbox.then(|| {
            tracing::warn!("the SALESmanago sandbox is served at /sandbox/salesmanago (demo mode)");
            web::Data::new(Sandbox::new(key.sandbox_secret()))
        });
        let state = AppState {
            store: store.clone(),
            key: key.clone(),
            wake: Arc::new(Notify::new()),
            settings: Arc::new(settings.clone()),
            limits: Arc::new(RateLimits::new(&settings.rate_limit)),
        };
        let client = SalesmanagoClient::new(Duration::from_millis(settings.salesmanago.timeout_ms));
        let worker = DeliveryWorker::new(
            store,
            client,
            key,
            state.wake.clone(),
            settings.worker.clone(),
        );
        let listener = TcpListener::bind(&settings.listen).with_context(|| {
            format!(
                "cannot listen on {} (is another server running there?)",
                settings.listen
            )
        })?;
        let port = listener.local_addr()?.port();
        let server = serve(listener, state.clone(), sandbox.clone())?;
        Ok(Self {
            port,
            server,
            state,
            worker,
            sandbox,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The worker, for tests that step it with their own clock.
    pub fn worker(&self) -> DeliveryWorker {
        self.worker.clone()
    }

    pub fn sandbox(&self) -> Option<web::Data<Sandbox>> {
        self.sandbox.clone()
    }

    /// Runs the HTTP server and (when enabled) the worker; returns when either stops.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let server = tokio::spawn(self.server);
        let limits = self.state.limits.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                limits.forget_idle();
            }
        });
        if !self.state.settings.worker.enabled {
            return server.await?.context("the HTTP server failed");
        }
        let worker = tokio::spawn(self.worker.run());
        tokio::select! {
            outcome = server => {
                tracing::info!("the HTTP server stopped");
                outcome?.context("the HTTP server failed")
            }
            outcome = worker => {
                tracing::error!("the delivery worker stopped");
                outcome?.context("the delivery worker failed")
            }
        }
    }
}

fn serve(
    listener: TcpListener,
    state: AppState,
    sandbox: Option<web::Data<Sandbox>>,
) -> anyhow::Result<Server> {
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            // %U is the path without the query: smclientid stays out of the logs.
            .wrap(Logger::new("%{method}xi %U %s %b %Dms").custom_request_replace("method", |r| r.method().to_string()))
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "no-referrer"))
                    .add((
                        "Content-Security-Policy",
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                         form-action 'self'; base-uri 'none'",
                    )),
            )
            .app_data(state.clone())
            .configure(|config| routes::configure(config, sandbox.clone()))
            .default_service(web::to(page::unknown_path))
    })
    .listen(listener)?
    .shutdown_timeout(10)
    .run();
    Ok(server)
}
