//! Prometheus metrics at `/metrics`. Counters are per process; queue figures
//! are read from the database at scrape time, so every instance reports the
//! shared queue.

use prometheus::{
    Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

pub struct Metrics {
    registry: Registry,
    pub responses_received: IntCounter,
    pub submissions_dropped: IntCounterVec,
    pub deliveries: IntCounterVec,
    pub delivery_latency: Histogram,
    pub queue_depth: IntGauge,
    pub oldest_pending_age: IntGauge,
    pub interactions: IntCounterVec,
    pub thulium_webhooks: IntCounterVec,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("ankieter".into()), None).expect("valid prefix");
        let responses_received =
            IntCounter::new("responses_received_total", "Survey responses stored").unwrap();
        let submissions_dropped = IntCounterVec::new(
            Opts::new(
                "submissions_dropped_total",
                "Submissions not stored, by reason",
            ),
            &["reason"],
        )
        .unwrap();
        let deliveries = IntCounterVec::new(
            Opts::new(
                "delivery_attempts_total",
                "Delivery attempts by outcome (retry = will be tried again)",
            ),
            &["outcome"],
        )
        .unwrap();
        let delivery_latency = Histogram::with_opts(
            HistogramOpts::new(
                "delivery_latency_seconds",
                "From the respondent's submit to SALESmanago's success",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0, 300.0, 3600.0,
            ]),
        )
        .unwrap();
        let queue_depth = IntGauge::new(
            "delivery_queue_depth",
            "Deliveries waiting to be sent (pending)",
        )
        .unwrap();
        let oldest_pending_age = IntGauge::new(
            "oldest_pending_delivery_age_seconds",
            "Age of the oldest pending delivery",
        )
        .unwrap();
        let interactions = IntCounterVec::new(
            Opts::new(
                "interactions_total",
                "Contact-center interactions received, by outcome (queued, replayed, filtered)",
            ),
            &["outcome"],
        )
        .unwrap();
        let thulium_webhooks = IntCounterVec::new(
            Opts::new(
                "thulium_webhooks_total",
                "Thulium webhook notifications received, by action (unknown: not used)",
            ),
            &["action"],
        )
        .unwrap();
        for collector in [
            Box::new(responses_received.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(submissions_dropped.clone()),
            Box::new(deliveries.clone()),
            Box::new(delivery_latency.clone()),
            Box::new(queue_depth.clone()),
            Box::new(oldest_pending_age.clone()),
            Box::new(interactions.clone()),
            Box::new(thulium_webhooks.clone()),
        ] {
            registry
                .register(collector)
                .expect("metric names are unique");
        }
        Self {
            registry,
            responses_received,
            submissions_dropped,
            deliveries,
            delivery_latency,
            queue_depth,
            oldest_pending_age,
            interactions,
            thulium_webhooks,
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .expect("encoding to memory cannot fail");
        String::from_utf8(buffer).expect("the text format is UTF-8")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
