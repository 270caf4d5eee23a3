//! Builds the application (storage, key, HTTP server, delivery worker) and
//! runs the server and the worker side by side.

use crate::configuration::Settings;
use crate::contact_center::{Interactions, TicketPoller};
use crate::contacts::ContactCards;
use crate::crypto::{KeySource, ServerKey};
use crate::delivery::{DeliveryWorker, WorkerParts};
use crate::metrics::Metrics;
use crate::salesmanago::SalesmanagoClient;
use crate::sandbox::Sandbox;
use crate::submission::Submissions;
use crate::thulium::ThuliumClient;
use crate::web::limits::RateLimits;
use crate::web::AppState;
use crate::{pages, router};
use actix_web::dev::Server;
use actix_web::middleware::Logger;
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use std::net::TcpListener;
use std::sync::atomic::AtomicI64;
use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    worker: DeliveryWorker,
    poller: Arc<TicketPoller>,
    empik_poller: Arc<crate::marketplace::EmpikPoller>,
}

/// Loads the server key, warning when it had to be generated.
pub fn load_key(settings: &Settings) -> anyhow::Result<ServerKey> {
    let (key, source) =
        ServerKey::load_or_generate(settings.secret_key.as_ref(), &settings.data_dir)?;
    if settings.data_dir.join(crate::crypto::NEW_KEY_FILE).exists() {
        tracing::warn!(
            "a server key rotation was interrupted: run `ankieter secret-key rotate` again"
        );
    }
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
        let started = std::time::Instant::now();
        let store =
            crate::db::connect_server(&settings.database_url, settings.wal_ready_mb << 20).await?;
        tracing::info!(
            "database ready ({}, {:.2} s)",
            crate::db::redacted(&settings.database_url),
            started.elapsed().as_secs_f64()
        );
        let key = Arc::new(load_key(&settings)?);
        let sandbox = settings.sandbox.then(|| {
            tracing::warn!("the SALESmanago sandbox is served at /sandbox/salesmanago (demo mode)");
            web::Data::new(Sandbox::new(key.sandbox_secret()))
        });
        let (wake, metrics) = (crate::db::Wake::default(), Arc::new(Metrics::new()));
        let client = SalesmanagoClient::new(
            Duration::from_millis(settings.salesmanago.timeout_ms),
            settings.endpoint_policy(),
        );
        let thulium = ThuliumClient::new(
            Duration::from_millis(settings.thulium.timeout_ms),
            settings.endpoint_policy(),
        );
        let state = AppState {
            store: store.clone(),
            key: key.clone(),
            wake: wake.clone(),
            settings: Arc::new(settings.clone()),
            limits: Arc::new(RateLimits::new(&settings.rate_limit)),
            metrics: metrics.clone(),
            worker_heartbeat: Arc::new(AtomicI64::new(crate::clock::now_ms())),
            submissions: Arc::new(Submissions::new(
                store.clone(),
                key.clone(),
                wake.clone(),
                metrics.clone(),
            )),
            interactions: Arc::new(Interactions::new(
                store.clone(),
                wake.clone(),
                metrics.clone(),
                thulium.clone(),
                key.clone(),
            )),
            contact_cards: Arc::new(ContactCards::new(
                store.clone(),
                key.clone(),
                client.clone(),
            )),
            write_probe: Arc::default(),
            poll_marketplaces: Arc::default(),
        };
        let worker = DeliveryWorker::new(
            WorkerParts {
                store: state.store.clone(),
                client,
                key: state.key.clone(),
                wake: state.wake.clone(),
                metrics: state.metrics.clone(),
                heartbeat: state.worker_heartbeat.clone(),
            },
            &settings.worker,
            &settings.salesmanago,
        );
        let listener = TcpListener::bind(&settings.listen).with_context(|| {
            format!(
                "cannot listen on {} (is another server running there?)",
                settings.listen
            )
        })?;
        let port = listener.local_addr()?.port();
        tracing::info!("listening on http://{}", listener.local_addr()?);
        let server = serve(listener, state.clone(), sandbox)?;
        let poller = Arc::new(TicketPoller::new(
            state.store.clone(),
            state.key.clone(),
            state.interactions.clone(),
            thulium.clone(),
        ));
        let empik_poller = Arc::new(crate::marketplace::EmpikPoller::new(
            state.store.clone(),
            state.key.clone(),
            state.wake.clone(),
            state.poll_marketplaces.clone(),
            crate::empik::EmpikClient::new(
                Duration::from_millis(settings.thulium.timeout_ms),
                settings.endpoint_policy(),
            ),
            thulium,
        ));
        Ok(Self {
            port,
            server,
            state,
            worker,
            poller,
            empik_poller,
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

    /// Thulium's ticket poller, for tests that poll with their own clock.
    pub fn poller(&self) -> Arc<TicketPoller> {
        self.poller.clone()
    }

    /// The EmpikPlace poller, for tests that poll with their own clock.
    pub fn empik_poller(&self) -> Arc<crate::marketplace::EmpikPoller> {
        self.empik_poller.clone()
    }

    /// Runs the HTTP server and (when enabled) the worker. On SIGTERM or
    /// Ctrl+C the server stops accepting and finishes its requests, then the
    /// worker finishes the attempts in flight; an attempt cut off by the
    /// deadline is retried after its claim expires. Last, the store is
    /// closed: the database file then holds everything.
    /// Stops the HTTP server from outside (tests that stop a server without
    /// a signal, as a power cut would, use it).
    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let store = self.state.store.clone();
        let outcome = self.serve_and_work().await;
        match store.close().await {
            Ok(()) => tracing::info!("stopped; the database file holds everything"),
            // Nothing is lost: the next start reads the WAL.
            Err(error) => tracing::warn!(
                error = format!("{error:#}"),
                "cannot close the database tidily"
            ),
        }
        outcome
    }

    async fn serve_and_work(self) -> anyhow::Result<()> {
        let handle = self.server.handle();
        let server = tokio::spawn(self.server);
        let limits = self.state.limits.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                limits.forget_idle();
            }
        });
        let shutdown = CancellationToken::new();
        // On PostgreSQL, what this instance stores wakes the others' workers.
        self.state
            .store
            .spread_wakes(self.state.wake.clone(), shutdown.clone());
        if !self.state.settings.worker.enabled {
            let outcome = server.await?.context("the HTTP server failed");
            shutdown.cancel();
            return outcome;
        }
        let mut worker = tokio::spawn(self.worker.run(shutdown.clone()));
        // Deletes what accounts keep for a limited time, once a day.
        tokio::spawn(crate::manage::run_retention(
            self.state.store.clone(),
            shutdown.clone(),
        ));
        let poll_every = self.state.settings.thulium.poll_seconds;
        if poll_every > 0 {
            // Polls run beside the worker; a stop cancels the wait between
            // polls, and a poll cut off stores nothing (its mark stays).
            let poller = self.poller.clone();
            let stop = shutdown.clone();
            tokio::spawn(poller.run(Duration::from_secs(poll_every), stop));
            // Each EmpikPlace integration at its own interval (a minute or more).
            tokio::spawn(self.empik_poller.clone().run(shutdown.clone()));
        }
        tokio::select! {
            outcome = server => {
                tracing::info!("the HTTP server stopped; finishing deliveries in flight");
                shutdown.cancel();
                match tokio::time::timeout(WORKER_SHUTDOWN, &mut worker).await {
                    Ok(joined) => joined?.context("the delivery worker failed")?,
                    Err(_) => tracing::warn!("deliveries still in flight at exit will be retried after their lease"),
                }
                outcome?.context("the HTTP server failed")
            }
            outcome = &mut worker => {
                tracing::error!("the delivery worker stopped; stopping the server");
                handle.stop(true).await;
                outcome?.context("the delivery worker failed")
            }
        }
    }
}

/// What is left of the 10 s a stop may take, after the HTTP server's own shutdown.
const WORKER_SHUTDOWN: Duration = Duration::from_secs(4);

fn serve(
    listener: TcpListener,
    state: AppState,
    sandbox: Option<web::Data<Sandbox>>,
) -> anyhow::Result<Server> {
    let shared = web::Data::new(state.clone());
    let server = HttpServer::new(move || {
        App::new()
            // The path without the query (smclientid, card keys and e-mails
            // stay out of the logs), and without a contact's e-mail in it.
            .wrap(
                Logger::new("%{method}xi %{path}xi %s %b %Dms")
                    .custom_request_replace("method", |r| r.method().to_string())
                    .custom_request_replace("path", |r| {
                        crate::telemetry::loggable_path(r.path()).into_owned()
                    }),
            )
            .wrap(crate::web::security::default_headers())
            .wrap(actix_web::middleware::from_fn(
                crate::web::security::deny_framing_where_forbidden,
            ))
            .app_data(shared.clone())
            .configure(|config| router::configure(config, &state, sandbox.clone()))
            .default_service(web::to(pages::unknown_path))
    })
    .listen(listener)?
    .shutdown_timeout(5)
    .run();
    Ok(server)
}
